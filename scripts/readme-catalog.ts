// Rewrites the findings table in README.md (between the catalog markers) and
// docs/findings.md from the catalogue in src/engine/findings.ts, so the
// documentation cannot drift from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { catalogTable, findingsDoc } from '../src/report/catalog-md.js';

const path = 'README.md';
const text = readFileSync(path, 'utf8');
const start = '<!-- catalog:start -->';
const end = '<!-- catalog:end -->';
const a = text.indexOf(start);
const b = text.indexOf(end);
if (a < 0 || b < a) throw new Error('README.md has no catalog markers');
writeFileSync(path, `${text.slice(0, a + start.length)}\n${catalogTable()}${text.slice(b)}`);
writeFileSync('docs/findings.md', findingsDoc());
console.log('README catalogue and docs/findings.md updated');
