#!/usr/bin/env node
// arpaudit entry point: the only place that ends the process.
import { writeSync } from 'node:fs';
// the compiled CLI bundled into one file per lazily loaded part (scripts/bundle.mjs)
import { main, sanitize, EXIT_INTERNAL } from '../dist/bundle/main.js';

// Synchronous writes keep memory bounded however large the report (a pipe
// would otherwise buffer all of it) and make sure nothing is lost on exit.
const pause = new Int32Array(new SharedArrayBuffer(4));
function writeAll(fd, s) {
  const b = typeof s === 'string' ? Buffer.from(s) : s;
  let o = 0;
  while (o < b.length) {
    try {
      o += writeSync(fd, b, o, b.length - o);
    } catch (e) {
      if (e.code === 'EAGAIN') Atomics.wait(pause, 0, 0, 2); // non-blocking pipe full: wait for the reader
      else if (e.code === 'EPIPE') return; // reader went away (| head): stop quietly
      else throw e;
    }
  }
}

const io = { out: (s) => writeAll(1, s), err: (s) => writeAll(2, s), outBytes: (b) => writeAll(1, b) };

let code;
try {
  code = await main(process.argv.slice(2), io);
} catch (e) {
  // a bug, not bad input: say so in one line; the stack only with ARPAUDIT_DEBUG=1
  io.err(`arpaudit: internal error: ${sanitize(String(e?.message ?? e))}\n`);
  if (process.env.ARPAUDIT_DEBUG) io.err(`${e?.stack}\n`);
  code = EXIT_INTERNAL;
}
process.exit(code);
