// The README's findings table is generated from the catalogue and must match it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { catalogTable } from '../../src/report/catalog-md.js';

test('README findings table matches the catalogue (npm run docs regenerates it)', () => {
  const readme = readFileSync('README.md', 'utf8');
  assert.ok(readme.includes(catalogTable()), 'README catalogue is stale: run npm run docs');
});

test('README shows the test command .ci/run runs, and documents every exit code', () => {
  const readme = readFileSync('README.md', 'utf8');
  const ci = readFileSync('.ci/run', 'utf8');
  assert.match(ci, /^npm test$/m);
  assert.match(readme, /npm test/);
  for (const code of [0, 1, 2, 3, 4]) assert.match(readme, new RegExp(`\\| ${code} \\|`));
});
