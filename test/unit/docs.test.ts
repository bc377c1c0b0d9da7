// The documentation the code generates must match the code: the README's
// findings table and docs/findings.md come from the catalogue; the README
// stays a user's page (size, exit codes, the test command CI runs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogTable, findingsDoc } from '../../src/report/catalog-md.js';
import { allCatalogEntries, INCIDENT_CODES, REPORT_CODES } from '../../src/engine/findings.js';
import { EXIT_CAPTURE_UNAVAILABLE, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_NO_ANSWER, EXIT_OK, EXIT_USAGE } from '../../src/cli/exit-codes.js';

test('README findings table and docs/findings.md match the catalogue (npm run docs regenerates them)', () => {
  const readme = readFileSync('README.md', 'utf8');
  assert.ok(readme.includes(catalogTable()), 'README catalogue is stale: run npm run docs');
  assert.equal(readFileSync('docs/findings.md', 'utf8'), findingsDoc(), 'docs/findings.md is stale: run npm run docs');
});

test('every finding code has exactly one catalogue entry', () => {
  const codes = allCatalogEntries().map((e) => e.code);
  assert.deepEqual([...codes].sort(), [...INCIDENT_CODES, ...REPORT_CODES].sort());
  assert.equal(new Set(codes).size, codes.length);
});

test('README: the test command .ci/run runs, every exit code, a Limitations section, and under 15 KB', () => {
  const readme = readFileSync('README.md', 'utf8');
  const ci = readFileSync('.ci/run', 'utf8');
  assert.match(ci, /^npm test$/m);
  assert.match(readme, /npm test/);
  for (const code of [EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INPUT, EXIT_CAPTURE_UNAVAILABLE, EXIT_NO_ANSWER, EXIT_INTERNAL]) assert.match(readme, new RegExp(`\\| ${code} \\|`), `exit code ${code}`);
  assert.match(readme, /^## Limitations$/m);
  assert.ok(Buffer.byteLength(readme) <= 15 * 1024, `README is ${Buffer.byteLength(readme)} bytes`);
  // every relative link of the README and the docs lands on a file
  for (const [file, dir] of [['README.md', '.'], ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => [join('docs', f), 'docs'])] as [string, string][]) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\]\(([^)#:\s]+)(#[^)]*)?\)/g)) assert.ok(existsSync(join(dir, m[1]!)), `${file} links ${m[1]}, which exists`);
  }
  for (const doc of ['docs/architecture.md', 'docs/html-report.md', 'docs/performance.md', 'docs/testing.md', 'docs/report-schema.md', 'docs/report.schema.json', 'docs/findings.md']) {
    assert.ok(readme.includes(doc), `README links ${doc}`);
    const text = readFileSync(doc, 'utf8');
    // a document, not a stub: headed (or a JSON Schema with an id) and of some length
    assert.ok(text.length > 2000 && (doc.endsWith('.json') ? /"\$id"/.test(text) : /^# \S/m.test(text)), `${doc} is a real document`);
  }
});
