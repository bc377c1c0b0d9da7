// postinstall: gives the optional `cap` package (0.2.1) what live capture
// needs and cap lacks, then rebuilds it: pcap_stats() (kernel drops), and a
// snaplen that follows the caller's buffer so the kernel's ring holds more
// frames. The edits are applied here, by exact anchors, with no tool beyond
// Node (a packaged install has no dev dependencies): each anchor must be
// found once, or nothing is changed. cap is optional: when it is not
// installed or does not build (no libpcap-dev), this says so and leaves the
// install successful; live capture then runs without kernel drop counts,
// and says so in its report.
//
// Usage: node scripts/patch-cap.mjs [CAP_DIR]   (default: the cap that resolves from here)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const say = (s) => process.stderr.write(`arpaudit postinstall: ${s}\n`);

/** The edits to cap 0.2.1's src/binding.cc: [what, anchor, replacement]. */
export const EDITS = [
  [
    'snaplen from the buffer',
    `      // 64KB is the max IPv4 packet size
      if (pcap_set_snaplen(obj->pcap_handle, 65535) != 0)`,
    `      // the snaplen is the caller's buffer (at most 64KB): with immediate mode
      // (TPACKET_V2) each slot of the kernel's ring is that large, so a smaller
      // buffer lets the ring hold more frames
      if (pcap_set_snaplen(obj->pcap_handle, obj->buffer_length < 65535 ? (int)obj->buffer_length : 65535) != 0)`,
  ],
  [
    'pcap_stats()',
    `    static NAN_METHOD(Close) {`,
    `    // pcap_stats(): packets received, dropped for lack of room in the kernel's
    // buffer, and dropped by the interface
    static NAN_METHOD(Stats) {
      Pcap *obj = Nan::ObjectWrap::Unwrap<Pcap>(info.This());
      struct pcap_stat ps;

      if (obj->pcap_handle == nullptr)
        return Nan::ThrowError("Not open");
      if (pcap_stats(obj->pcap_handle, &ps) != 0)
        return Nan::ThrowError(pcap_geterr(obj->pcap_handle));

      Local<Object> res = Nan::New<Object>();
      Nan::Set(res, Nan::New<String>("received").ToLocalChecked(), Nan::New<Number>(ps.ps_recv));
      Nan::Set(res, Nan::New<String>("dropped").ToLocalChecked(), Nan::New<Number>(ps.ps_drop));
      Nan::Set(res, Nan::New<String>("ifDropped").ToLocalChecked(), Nan::New<Number>(ps.ps_ifdrop));
      info.GetReturnValue().Set(res);
    }

    static NAN_METHOD(Close) {`,
  ],
  [
    'stats() on the prototype',
    `      Nan::SetPrototypeMethod(tpl, "close", Close);`,
    `      Nan::SetPrototypeMethod(tpl, "close", Close);
      Nan::SetPrototypeMethod(tpl, "stats", Stats);`,
  ],
];

/** cap's binding.cc with the edits made; null (with the reason) when an anchor is not found exactly once. */
export function patched(src) {
  let out = src;
  for (const [what, anchor, replacement] of EDITS) {
    const at = out.indexOf(anchor);
    if (at < 0 || out.indexOf(anchor, at + 1) >= 0) return { text: null, why: `${what}: its anchor is ${at < 0 ? 'missing' : 'not unique'} (not cap 0.2.1?)` };
    out = out.slice(0, at) + replacement + out.slice(at + anchor.length);
  }
  return { text: out, why: null };
}

function main() {
  let capDir = process.argv[2];
  if (!capDir) {
    try {
      capDir = dirname(createRequire(import.meta.url).resolve('cap/package.json'));
    } catch {
      say('the optional cap package is not installed: live capture is unavailable until it is');
      return;
    }
  }
  const file = `${capDir}/src/binding.cc`;
  const src = readFileSync(file, 'utf8');
  if (!src.includes('NAN_METHOD(Stats)')) {
    const p = patched(src);
    if (p.text === null) {
      say(`could not patch cap (${p.why}); live capture will run without kernel drop counts`);
      return;
    }
    writeFileSync(file, p.text);
  } else if (!existsSync(`${capDir}/build/Release/cap.node`) || capHasStats(capDir)) {
    // patched and built with the patch already
    return;
  }
  if (!existsSync('/usr/include/pcap/pcap.h') && !existsSync('/usr/include/pcap.h')) {
    say('libpcap headers are missing (apt-get install libpcap-dev, then npm rebuild cap): live capture is unavailable');
    return;
  }
  // rebuilt where it is installed: npm rebuild from the node_modules that holds it
  const b = spawnSync('npm', ['rebuild', 'cap', '--foreground-scripts=false'], { cwd: dirname(dirname(capDir)), stdio: ['ignore', 'ignore', 'inherit'] });
  if (b.status !== 0 || !capHasStats(capDir)) say('cap did not rebuild with the patch; live capture will run without kernel drop counts');
}

/** True when cap's built binding has stats() (a fresh process: the module cache holds the old one). */
function capHasStats(capDir) {
  const r = spawnSync(process.execPath, ['-e', `process.exit(typeof require(${JSON.stringify(capDir)}).Cap.prototype.stats === 'function' ? 0 : 1)`], { stdio: 'ignore' });
  return r.status === 0;
}

if (import.meta.url === `file://${process.argv[1]}`) main();
