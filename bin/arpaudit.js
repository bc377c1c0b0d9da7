#!/usr/bin/env node
// arpaudit entry point: the only place that ends the process.
import { main } from '../dist/src/cli/main.js';
import { sanitize } from '../dist/src/util/text.js';

const io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

let code;
try {
  code = await main(process.argv.slice(2), io);
} catch (e) {
  // a bug, not bad input: say so in one line, keep the stack for --debug
  process.stderr.write(`arpaudit: internal error: ${sanitize(String(e?.message ?? e))}\n`);
  if (process.env.ARPAUDIT_DEBUG) process.stderr.write(`${e?.stack}\n`);
  code = 70;
}
// let stdout drain (pipes are asynchronous) before leaving
process.stdout.write('', () => process.exit(code));
