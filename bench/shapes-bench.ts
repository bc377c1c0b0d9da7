// The traffic-shape part of `npm run bench` (alone: `npm run bench:shapes`):
// each shape of bench/shapes.ts at N frames and at N/10, whole-process
// `check --format json` medians, tcpdump's filter-only pass beside it, and
// the growth figure t(N) / t(N/10) (10 means linear). The station shapes
// also run with --state (writing a new state, then loading it); the lan
// shape is also streamed from a pipe at 50 M frames. BENCH_SHAPES=a,b picks
// shapes; BENCH_RUNS sets the runs per figure (default 3).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHAPES, writeShapeFile } from './shapes.js';

const out = join(process.cwd(), 'bench', 'out');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const pick = process.env.BENCH_SHAPES?.split(',');
const SCRIPT = join(out, 'cmd.sh');
const RSS = join(out, 'rss.txt');

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}
const timeBin = has('/usr/bin/time');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median wall seconds of `runs` runs (shell command line), and the largest peak RSS (MiB). */
function measure(cmd: string, n = runs): { s: number; rss: number | null } {
  const times: number[] = [];
  let rss: number | null = null;
  for (let i = 0; i < n; i++) {
    // the command line runs as a script, so pipes and quotes are measured whole
    writeFileSync(SCRIPT, `set -o pipefail\n${cmd}\n`);
    const t = process.hrtime.bigint();
    const r = spawnSync(timeBin ? '/usr/bin/time' : 'bash', timeBin ? ['-f', '%M', '-o', RSS, 'bash', SCRIPT] : [SCRIPT], { stdio: ['ignore', 'ignore', 'inherit'] });
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
    if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd}: exit ${r.status}`);
    if (r.status === 1 && cmd.startsWith('tcpdump')) throw new Error(`${cmd}: failed`);
    if (timeBin) {
      const kb = Number(readFileSync(RSS, 'utf8').trim().split('\n').pop());
      if (Number.isFinite(kb)) rss = Math.max(rss ?? 0, kb / 1024);
    }
  }
  return { s: median(times), rss };
}

const node = process.execPath;
const check = (f: string, extra = '') => `${node} bin/arpaudit.js check ${f} --format json --fail-on none ${extra} > /dev/null`;
const file = (name: string, frames: number) => join(out, `shape-${name}-${frames}.pcap`);

export interface ShapeRow { shape: string; what: string; frames: number; s: number; tenth: number; growth: number; tcpdump: number | null; rss: number | null; fps: number }

export function benchShapes(): { rows: ShapeRow[]; extra: string[] } {
  mkdirSync(out, { recursive: true });
  const rows: ShapeRow[] = [];
  const extra: string[] = [];
  for (const sh of SHAPES) {
    if (pick && !pick.includes(sh.name)) continue;
    const n = sh.frames;
    for (const k of [n, n / 10]) {
      const f = file(sh.name, k);
      if (!existsSync(f)) {
        process.stderr.write(`generating ${f}...\n`);
        writeShapeFile(f, sh.opts, k);
      }
    }
    const full = measure(check(file(sh.name, n)));
    const tenth = measure(check(file(sh.name, n / 10)));
    const filter = sh.opts.ndFlood ? 'icmp6' : 'arp or (vlan and arp)';
    const td = has('tcpdump') ? measure(`tcpdump -r ${file(sh.name, n)} -w /dev/null '${filter}' 2>/dev/null`).s : null;
    if (sh.name === 'lan' && has('arpwatch') && has('unshare')) {
      // arpwatch resolves names: no lookup may leave the machine
      const dat = join(out, 'arpwatch-shape.dat');
      writeFileSync(dat, '');
      const aw = measure(`unshare --net arpwatch -d -N -r ${file(sh.name, n)} -f ${dat} -s /bin/true > /dev/null 2>&1`, 1);
      extra.push(`| lan | arpwatch -r F (unshare --net, one run) | ${aw.s.toFixed(3)} | check is ${(aw.s / full.s).toFixed(1)}x faster | ${aw.rss?.toFixed(0) ?? '–'} |`);
    }
    rows.push({ shape: sh.name, what: sh.what, frames: n, s: full.s, tenth: tenth.s, growth: full.s / tenth.s, tcpdump: td, rss: full.rss, fps: n / full.s });
    if (sh.name.startsWith('stations-')) {
      const state = join(out, `state-${sh.name}.db`);
      rmSync(state, { force: true });
      rmSync(`${state}.json`, { force: true });
      // a new state written (every station new), then the same capture held against it
      const write = measure(`rm -f ${state}; ${check(file(sh.name, n), `--state ${state} --write-state`)}`);
      const load = measure(check(file(sh.name, n), `--state ${state}`));
      extra.push(`| ${sh.name} | --state, writing a new state | ${write.s.toFixed(3)} | ${(write.s / full.s).toFixed(2)}x | ${write.rss?.toFixed(0) ?? '–'} |`);
      extra.push(`| ${sh.name} | --state, loading it | ${load.s.toFixed(3)} | ${(load.s / full.s).toFixed(2)}x | ${load.rss?.toFixed(0) ?? '–'} |`);
    }
    process.stderr.write(`shape ${sh.name}: ${full.s.toFixed(3)} s, growth ${(full.s / tenth.s).toFixed(2)}\n`);
  }
  if (!pick || pick.includes('pipe-50m')) {
    // 50 M frames of the lan shape streamed from the generator: never on disk
    const gen = `${node} dist/bench/shapes.js lan 50000000 -`;
    const alone = measure(`${gen} > /dev/null`, 1);
    const piped = measure(`${gen} | ${node} bin/arpaudit.js check - --format json --fail-on none > /dev/null`, 1);
    extra.push(`| lan, 50 M frames from a pipe | generator alone ${alone.s.toFixed(1)} s | ${piped.s.toFixed(3)} | – | ${piped.rss?.toFixed(0) ?? '–'} |`);
  }
  return { rows, extra };
}

export function shapeTable(r: { rows: ShapeRow[]; extra: string[] }): string {
  const lines = [
    `| shape | frames | check s (median of ${runs}) | frames/s | N/10 s | growth N vs N/10 | tcpdump s | vs tcpdump | peak RSS MiB |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.rows.map((x) => `| ${x.shape} | ${x.frames.toLocaleString('en-US')} | ${x.s.toFixed(3)} | ${Math.round(x.fps).toLocaleString('en-US')} | ${x.tenth.toFixed(3)} | ${x.growth.toFixed(2)} | ${x.tcpdump?.toFixed(3) ?? '–'} | ${x.tcpdump ? (x.s / x.tcpdump).toFixed(2) + 'x' : '–'} | ${x.rss?.toFixed(0) ?? '–'} |`),
    '',
    '| run | what | seconds | vs the same run without state | peak RSS MiB |',
    '|---|---|---:|---:|---:|',
    ...r.extra,
  ];
  return lines.join('\n') + '\n';
}

if (process.argv[1]?.endsWith('shapes-bench.js')) {
  const text = shapeTable(benchShapes());
  writeFileSync(join(out, 'shapes.md'), text);
  process.stdout.write(text);
}
