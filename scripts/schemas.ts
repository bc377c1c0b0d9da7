// Writes docs/*.schema.json from the TypeBox definitions in src/contract/
// (npm run docs); test/unit/contract.test.ts fails when they are stale.
import { writeFileSync } from 'node:fs';
import { renderSchemas } from '../src/contract/render.js';

for (const f of renderSchemas()) writeFileSync(f.path, f.text);
console.log('docs/*.schema.json written from src/contract/');
