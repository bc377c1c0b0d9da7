// Rewrites the findings table in README.md (between the catalog markers)
// from src/engine/catalog.ts, so the documentation cannot drift from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { catalogTable } from '../src/report/catalog-md.js';

const path = 'README.md';
const text = readFileSync(path, 'utf8');
const start = '<!-- catalog:start -->';
const end = '<!-- catalog:end -->';
const a = text.indexOf(start);
const b = text.indexOf(end);
if (a < 0 || b < a) throw new Error('README.md has no catalog markers');
writeFileSync(path, `${text.slice(0, a + start.length)}\n${catalogTable()}${text.slice(b)}`);
console.log('README catalogue updated');
