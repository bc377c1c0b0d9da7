// The WebAssembly scan ships as bytes in src/engine/scan-wasm.ts; they must be
// exactly what assembling src/engine/scan.wat gives (`npm run wasm`), so the
// readable source is the one that runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assembleScan, inlineCalls } from '../scripts/build-wasm.js';
import { SCAN_WASM_BASE64 } from '../src/engine/scan-wasm.js';
import { readFileSync } from 'node:fs';

test('scan-wasm.ts holds exactly the assembled scan.wat', async () => {
  const bytes = await assembleScan();
  assert.ok(bytes.length > 1000);
  assert.equal(Buffer.from(bytes).toString('base64'), SCAN_WASM_BASE64, 'src/engine/scan-wasm.ts is stale: run npm run wasm');
});

test('the build writes the byte swaps and the hash inline in the scan loop', () => {
  const wat = readFileSync('src/engine/scan.wat', 'utf8');
  assert.match(wat, /call \$bs32/);
  const out = inlineCalls(wat);
  const scan = out.slice(out.indexOf('(func (export "scan")'));
  assert.doesNotMatch(scan, /call \$(bs16|bs32|h3)\b/);
  assert.ok(new WebAssembly.Module(Buffer.from(SCAN_WASM_BASE64, 'base64')));
});
