// `npm run bench`: generates the benchmark captures (once, in bench/out/) and
// reports medians of several runs: frames/s, MB/s and peak RSS for the whole
// `arpaudit check --format json` process, for the analysis alone (reading and
// the engine, in process) and for the decoder alone, beside
// tcpdump's filter-only pass and arpwatch when they are installed.
// BENCH_RUNS (default 5) and BENCH_QUICK=1 (smaller files) tune it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensure, writeArpMix, writeMixed } from './generate.js';
import { decodeLink, LinkInfo, LINK_OK } from '../src/decode/link.js';
import { ArpFields, decodeArp, ETHERTYPE_ARP } from '../src/decode/arp.js';
import { runOne } from '../src/run/inputs.js';
import { Engine } from '../src/engine/engine.js';
import { CaptureReader, FRAME, NEED_DATA } from '../src/pcap/reader.js';

const out = join(process.cwd(), 'bench', 'out');
mkdirSync(out, { recursive: true });
const quick = process.env.BENCH_QUICK === '1';
const runs = Number(process.env.BENCH_RUNS ?? (quick ? 3 : 5));
const scale = quick ? 10 : 1;

interface Row { tool: string; file: string; frames: number; seconds: number; mb: number; rssMiB: number | null }

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs a command `runs` times under GNU time; median wall seconds and max RSS. */
function measure(cmd: string[], n = runs): { seconds: number; rssMiB: number | null } {
  const times: number[] = [];
  let rss: number | null = null;
  for (let i = 0; i < n; i++) {
    const useTime = has('/usr/bin/time');
    const argv = useTime ? ['/usr/bin/time', '-f', '%M', ...cmd] : cmd;
    const t = process.hrtime.bigint();
    const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
    if (useTime) {
      const kb = Number(r.stderr.trim().split('\n').pop());
      if (Number.isFinite(kb)) rss = Math.max(rss ?? 0, kb / 1024);
    }
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)]!, rssMiB: rss };
}

async function decoderOnly(path: string): Promise<{ frames: number; arp: number }> {
  const r = CaptureReader.open(path);
  const li = new LinkInfo();
  const f = new ArpFields();
  let frames = 0;
  let arp = 0;
  for (;;) {
    const s = r.next();
    if (s === FRAME) {
      frames++;
      const end = r.off + r.caplen;
      if (decodeLink(r.dv, r.off, end, r.linktype, li) === LINK_OK && li.ethertype === ETHERTYPE_ARP) {
        decodeArp(r.dv, li.payload, end, f);
        arp++;
      }
    } else if (s === NEED_DATA) await r.fill();
    else break;
  }
  return { frames, arp };
}

const files = [
  { name: 'arp-10m.pcap', frames: 10_000_000 / scale, make: (p: string) => writeArpMix(p, 10_000_000 / scale, 2000) },
  { name: 'arp-1m-hosts.pcap', frames: 10_000_000 / scale, make: (p: string) => writeArpMix(p, 10_000_000 / scale, 1_000_000 / scale) },
  { name: 'mixed-1g.pcap', frames: 0, make: (p: string) => writeMixed(p, 1e9 / scale) },
];

const rows: Row[] = [];
for (const f of files) {
  const path = join(out, f.name);
  const bytes = ensure(path, () => {
    process.stderr.write(`generating ${path}...\n`);
    f.make(path);
  });
  const mb = bytes / 1e6;
  // decoder alone, in this process (median of runs)
  const dt: number[] = [];
  let counted = { frames: 0, arp: 0 };
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    counted = await decoderOnly(path);
    dt.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  dt.sort((a, b) => a - b);
  const frames = counted.frames;
  rows.push({ tool: 'decoder only (in process)', file: f.name, frames, seconds: dt[Math.floor(dt.length / 2)]!, mb, rssMiB: null });
  // the analysis alone, in this process: reading and the engine, no startup and no report
  const at: number[] = [];
  for (let i = 0; i < runs; i++) {
    const engine = new Engine();
    const t = process.hrtime.bigint();
    await runOne(path, engine);
    at.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  at.sort((a, b) => a - b);
  rows.push({ tool: 'analysis only: read + engine (in process)', file: f.name, frames, seconds: at[Math.floor(at.length / 2)]!, mb, rssMiB: null });
  const c = measure([process.execPath, 'bin/arpaudit.js', 'check', path, '--format', 'json', '--fail-on', 'none']);
  rows.push({ tool: 'arpaudit check --format json', file: f.name, frames, ...c, mb });
  if (has('tcpdump')) rows.push({ tool: "tcpdump -r F -w /dev/null 'arp or (vlan and arp)'", file: f.name, frames, ...measure(['tcpdump', '-r', path, '-w', '/dev/null', 'arp or (vlan and arp)'], Math.min(runs, 3)), mb });
  // arpwatch needs minutes per million frames once it tracks a million hosts (measured at 1/10 scale: 55 s for 1 M frames, 100 k hosts)
  if (has('arpwatch') && has('unshare') && !f.name.includes('1m-hosts')) {
    const dat = join(out, 'arpwatch.dat');
    writeFileSync(dat, '');
    rows.push({ tool: 'arpwatch -r F (unshare --net)', file: f.name, frames, ...measure(['unshare', '--net', 'arpwatch', '-d', '-N', '-r', path, '-f', dat, '-s', '/bin/true'], 1), mb });
  }
  process.stderr.write(`${f.name}: done\n`);
}

const lines = [
  `| file | tool | frames | seconds (median of ${runs}) | frames/s | MB/s | peak RSS MiB |`,
  '|---|---|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.file} | ${r.tool} | ${r.frames.toLocaleString('en-US')} | ${r.seconds.toFixed(3)} | ${Math.round(r.frames / r.seconds).toLocaleString('en-US')} | ${Math.round(r.mb / r.seconds).toLocaleString('en-US')} | ${r.rssMiB === null ? '–' : r.rssMiB.toFixed(0)} |`),
];
const text = lines.join('\n') + '\n';
writeFileSync(join(out, 'results.md'), text);
process.stdout.write(text);
