// `npm run bench`: generates the benchmark captures once (bench/out/), then
// measures, side by side in one run, medians of whole processes:
//   - arpaudit check --format json on each file, beside tcpdump's filter-only
//     pass and arpwatch (run in `unshare --net`: it resolves names);
//   - the analysis alone, in process (reading + engine, no startup, no report);
//   - check of a small fixture beside `node -e 0`;
// and prints the targets with what they measured (bench/out/results.md).
// BENCH_RUNS (default 5) and BENCH_QUICK=1 (files a tenth the size) tune it;
// the live capture rate is measured by bench/live-rate.ts (root, namespaces).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensure, writeArpMix, writeMixed, writeNdMix } from './generate.js';
import { benchShapes, shapeTable } from './shapes-bench.js';
import { runOne } from '../src/run/inputs.js';
import { Engine } from '../src/engine/engine.js';

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

const timeBin = has('/usr/bin/time');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs a command n times; median wall seconds and the largest peak RSS (GNU time). */
function measure(cmd: string[], n = runs): { seconds: number; rssMiB: number | null } {
  const times: number[] = [];
  let rss: number | null = null;
  for (let i = 0; i < n; i++) {
    const argv = timeBin ? ['/usr/bin/time', '-f', '%M', ...cmd] : cmd;
    const t = process.hrtime.bigint();
    const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
    if (timeBin) {
      const kb = Number(r.stderr.trim().split('\n').pop());
      if (Number.isFinite(kb)) rss = Math.max(rss ?? 0, kb / 1024);
    }
  }
  return { seconds: median(times), rssMiB: rss };
}

async function analysisOnly(path: string): Promise<{ seconds: number; frames: number }> {
  const times: number[] = [];
  let frames = 0;
  for (let i = 0; i < runs; i++) {
    const engine = new Engine();
    const t = process.hrtime.bigint();
    await runOne(path, engine);
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
    frames = engine.stats.frames;
  }
  return { seconds: median(times), frames };
}

const check = (path: string) => [process.execPath, 'bin/arpaudit.js', 'check', path, '--format', 'json', '--fail-on', 'none'];
const files = [
  { name: 'arp-10m.pcap', make: (p: string) => writeArpMix(p, 10_000_000 / scale, 2000) },
  { name: 'arp-1m-hosts.pcap', make: (p: string) => writeArpMix(p, 10_000_000 / scale, 1_000_000 / scale) },
  { name: 'mixed-1g.pcap', make: (p: string) => writeMixed(p, 1e9 / scale) },
  { name: 'nd-2m.pcap', make: (p: string) => writeNdMix(p, 2_000_000 / scale, 2000) },
];

const rows: Row[] = [];
const whole = new Map<string, { seconds: number; rssMiB: number | null }>();
const tcpdump = new Map<string, number>();
let arpwatch: number | null = null;
for (const f of files) {
  const path = join(out, f.name);
  const bytes = ensure(path, () => {
    process.stderr.write(`generating ${path}...\n`);
    f.make(path);
  });
  const mb = bytes / 1e6;
  const a = await analysisOnly(path);
  rows.push({ tool: 'analysis only: read + engine (in process)', file: f.name, frames: a.frames, seconds: a.seconds, mb, rssMiB: null });
  const c = measure(check(path));
  whole.set(f.name, c);
  rows.push({ tool: 'arpaudit check --format json', file: f.name, frames: a.frames, ...c, mb });
  if (has('tcpdump')) {
    const filter = f.name.startsWith('nd-') ? 'icmp6 and ip6[40] >= 133 and ip6[40] <= 137' : 'arp or (vlan and arp)';
    const t = measure(['tcpdump', '-r', path, '-w', '/dev/null', filter]);
    tcpdump.set(f.name, t.seconds);
    rows.push({ tool: `tcpdump -r F -w /dev/null '${filter}'`, file: f.name, frames: a.frames, ...t, mb });
  }
  // arpwatch takes minutes per million frames once it tracks a million hosts: the 2,000-host file only
  if (f.name === 'arp-10m.pcap' && has('arpwatch') && has('unshare')) {
    const dat = join(out, 'arpwatch.dat');
    writeFileSync(dat, '');
    const w = measure(['unshare', '--net', 'arpwatch', '-d', '-N', '-r', path, '-f', dat, '-s', '/bin/true'], 1);
    arpwatch = w.seconds;
    rows.push({ tool: 'arpwatch -r F (unshare --net, one run)', file: f.name, frames: a.frames, ...w, mb });
  }
  process.stderr.write(`${f.name}: done\n`);
}
const small = measure(check('fixtures/demo-lvs-dr.pcap'), runs * 2);
const nodeStart = measure([process.execPath, '-e', '0'], runs * 2);
rows.push({ tool: 'arpaudit check --format json', file: 'fixtures/demo-lvs-dr.pcap', frames: 20, ...small, mb: 0 });
rows.push({ tool: 'node -e 0', file: '-', frames: 0, ...nodeStart, mb: 0 });

const fmt = (x: number) => x.toFixed(3);
const ratio = (a: number | undefined | null, b: number | undefined | null) => (a && b ? a / b : NaN);
const a10 = whole.get('arp-10m.pcap')!;
const targets: [string, string, boolean][] = [
  ['10 M frames, 2,000 hosts: check <= 2x tcpdump', `${ratio(a10.seconds, tcpdump.get('arp-10m.pcap')).toFixed(2)}x (${fmt(a10.seconds)} s vs ${fmt(tcpdump.get('arp-10m.pcap') ?? NaN)} s)`, ratio(a10.seconds, tcpdump.get('arp-10m.pcap')) <= 2],
  ['10 M frames: >= 10x faster than arpwatch', arpwatch === null ? 'arpwatch not installed' : `${ratio(arpwatch, a10.seconds).toFixed(1)}x (arpwatch ${fmt(arpwatch)} s)`, ratio(arpwatch, a10.seconds) >= 10],
  ['1 GB mixed: check <= 1.3x tcpdump', `${ratio(whole.get('mixed-1g.pcap')!.seconds, tcpdump.get('mixed-1g.pcap')).toFixed(2)}x (${fmt(whole.get('mixed-1g.pcap')!.seconds)} s vs ${fmt(tcpdump.get('mixed-1g.pcap') ?? NaN)} s)`, ratio(whole.get('mixed-1g.pcap')!.seconds, tcpdump.get('mixed-1g.pcap')) <= 1.3],
  ['1 M hosts: <= 4x the 2,000-host time', `${ratio(whole.get('arp-1m-hosts.pcap')!.seconds, a10.seconds).toFixed(2)}x (${fmt(whole.get('arp-1m-hosts.pcap')!.seconds)} s, peak RSS ${whole.get('arp-1m-hosts.pcap')!.rssMiB?.toFixed(0)} MiB)`, ratio(whole.get('arp-1m-hosts.pcap')!.seconds, a10.seconds) <= 4],
  ['peak RSS <= 80 MiB at 2,000 hosts', `${a10.rssMiB?.toFixed(0) ?? '?'} MiB`, (a10.rssMiB ?? Infinity) <= 80],
  ['IPv6 ND, 2 M frames, 2,000 hosts (no target): check vs tcpdump', `${ratio(whole.get('nd-2m.pcap')!.seconds, tcpdump.get('nd-2m.pcap')).toFixed(2)}x (${fmt(whole.get('nd-2m.pcap')!.seconds)} s vs ${fmt(tcpdump.get('nd-2m.pcap') ?? NaN)} s)`, true],
  ['check of a small fixture <= 2x node -e 0', `${ratio(small.seconds, nodeStart.seconds).toFixed(2)}x (${fmt(small.seconds)} s vs ${fmt(nodeStart.seconds)} s)`, ratio(small.seconds, nodeStart.seconds) <= 2],
];

const lines = [
  `| file | tool | frames | seconds (median of ${runs}) | frames/s | MB/s | peak RSS MiB |`,
  '|---|---|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.file} | ${r.tool} | ${r.frames.toLocaleString('en-US')} | ${fmt(r.seconds)} | ${r.frames ? Math.round(r.frames / r.seconds).toLocaleString('en-US') : '–'} | ${r.mb ? Math.round(r.mb / r.seconds).toLocaleString('en-US') : '–'} | ${r.rssMiB === null ? '–' : r.rssMiB.toFixed(0)} |`),
  '',
  '| target | measured | met |',
  '|---|---|---|',
  ...targets.map(([t, m, ok]) => `| ${t} | ${m} | ${ok ? 'yes' : 'NO'} |`),
];
// the traffic shapes nobody tuned for (bench/shapes.ts), with growth figures; BENCH_SHAPES=none skips them
const shapes = process.env.BENCH_SHAPES === 'none' ? '' : `\n${shapeTable(benchShapes())}`;
const text = lines.join('\n') + '\n' + shapes;
writeFileSync(join(out, 'results.md'), text);
process.stdout.write(text);
