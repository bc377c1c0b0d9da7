// Bundles the compiled CLI (dist/src) into dist/bundle/ for the entry point:
// Node 20 has no compile cache, and loading ~70 ES modules one by one was
// half of a small check's run (45 ms). One file per lazily loaded part
// (esbuild's splitting keeps the dynamic imports lazy); native and large
// packages stay outside. The tests import dist/src; bin/arpaudit.js runs this.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: ['dist/src/cli/main.js'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist/bundle',
  // dist/bundle sits as deep as dist/src/<dir>: paths relative to a module (package.json) hold
  chunkNames: 'chunk-[hash]',
  external: ['cap', 'blessed', 'better-sqlite3', 'prom-client', 'chalk', 'oui-data'],
  // commander is CommonJS: its require() of node: modules needs a real require
  banner: { js: "import { createRequire as __arpauditRequire } from 'node:module'; const require = __arpauditRequire(import.meta.url);" },
  logLevel: 'warning',
});
