// postinstall: applies patches/cap+0.2.1.patch to the optional `cap` package
// (pcap_stats() for kernel drops, and a snaplen that follows the caller's
// buffer so the kernel's ring holds more frames), then rebuilds it. cap is
// optional: when it is not installed or does not build (no libpcap-dev),
// this says so and leaves the install successful; live capture then runs
// without kernel drop counts, and says so in its report.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const say = (s) => process.stderr.write(`arpaudit postinstall: ${s}\n`);
const require = createRequire(import.meta.url);
let capDir;
try {
  capDir = require.resolve('cap/package.json').replace(/\/package\.json$/, '');
} catch {
  say('the optional cap package is not installed: live capture is unavailable until it is');
  process.exit(0);
}
const src = readFileSync(`${capDir}/src/binding.cc`, 'utf8');
if (!src.includes('NAN_METHOD(Stats)')) {
  let tool = null;
  try {
    tool = require.resolve('patch-package/index.js');
  } catch {
    /* a production install without dev dependencies */
  }
  // with no argument patch-package applies every patch in ./patches (with a package name it would make one)
  const r = tool ? spawnSync(process.execPath, [tool, '--error-on-fail'], { stdio: 'inherit' }) : { status: 1 };
  if (r.status !== 0) {
    say('could not patch cap; live capture will run without kernel drop counts');
    process.exit(0);
  }
}
if (!existsSync('/usr/include/pcap/pcap.h') && !existsSync('/usr/include/pcap.h')) {
  say('libpcap headers are missing (apt-get install libpcap-dev, then npm rebuild cap): live capture is unavailable');
  process.exit(0);
}
const b = spawnSync('npm', ['rebuild', 'cap', '--foreground-scripts=false'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (b.status !== 0) say('cap did not rebuild with the patch; live capture will run without kernel drop counts');
