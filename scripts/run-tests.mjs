// Runs every compiled test file with node's test runner, prints the spec
// report, and fails when a test failed, when no test ran, or (under CI=true)
// when a test skipped: CI machines have root and namespaces, so a skip there
// means an environment problem that would hide a regression.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// test/unit (fast, no privileges), test/golden (fixtures, corpus, oracles),
// test/system (root, namespaces, real tools); `run-tests.mjs unit` runs one kind
const kinds = process.argv.length > 2 ? process.argv.slice(2) : ['unit', 'golden', 'system'];
const files = kinds.flatMap((k) => {
  const dir = join('dist', 'test', k);
  return readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort().map((f) => join(dir, f));
});
const tap = join('dist', 'test-results.tap');
rmSync(tap, { force: true });
const r = spawnSync(process.execPath, [
  '--test',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${tap}`,
  ...files,
], { stdio: 'inherit' });
let text = '';
try {
  text = readFileSync(tap, 'utf8');
} catch {
  /* no results */
}
const num = (k) => Number((new RegExp(`^# ${k} (\\d+)$`, 'm').exec(text) ?? [])[1] ?? 0);
const pass = num('pass');
const fail = num('fail');
const skip = num('skipped') || num('skip');
const skips = [...text.matchAll(/^\s*(?:ok|not ok) \d+ - (.*) # SKIP ?(.*)$/gm)].map((m) => `${m[1]}: ${m[2]}`);
console.log(`\n${pass} passed, ${fail} failed, ${skip} skipped`);
if (skips.length) console.log(`skipped:\n  ${skips.join('\n  ')}`);
if (r.status !== 0 || fail > 0) process.exit(1);
if (pass === 0) {
  console.error('no test ran');
  process.exit(1);
}
// Under CI=true a skip means the machine lacks root, namespaces or a tool, which
// would hide a regression: it fails. The one exception is optional data: the
// public corpus beside the repository (tests say "corpus absent").
const envSkips = skips.filter((s) => !/: corpus absent: /.test(s));
if (process.env.CI === 'true' && envSkips.length > 0) {
  console.error('CI=true: skipped tests count as failures (the CI machine must provide root, namespaces and the tools)');
  process.exit(1);
}
