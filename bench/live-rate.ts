// `npm run bench:live` (root): the highest ARP rate `arpaudit live` sustains
// with the default ring and no frame lost. Two network namespaces made here
// and removed after (a veth pair; nothing in the host namespace), a paced
// raw-socket sender in one (bench/paced-sender.py: request/reply pairs among
// 2,000 hosts), `arpaudit live --duration` in the other. A rate passes when
// the report counts every frame sent and no ring drop; kernel drops (from
// pcap_stats() through the patched cap) are shown beside them. Rates are
// probed for LIVE_PROBE_SECONDS (10), and the best is confirmed for
// LIVE_SECONDS (30).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const tag = `ab${process.pid % 100000}`;
const nsSend = `${tag}-send`;
const nsCap = `${tag}-cap`;
const probeSeconds = Number(process.env.LIVE_PROBE_SECONDS ?? 10);
const confirmSeconds = Number(process.env.LIVE_SECONDS ?? 30);

function sh(args: string[]): string {
  return execFileSync(args[0]!, args.slice(1), { encoding: 'utf8', timeout: 20_000 });
}

function setup(): void {
  sh(['ip', 'netns', 'add', nsSend]);
  sh(['ip', 'netns', 'add', nsCap]);
  sh(['ip', '-n', nsSend, 'link', 'add', 'vs', 'type', 'veth', 'peer', 'name', 'vc', 'netns', nsCap]);
  for (const [ns, dev] of [[nsSend, 'vs'], [nsCap, 'vc']] as const) {
    sh(['ip', '-n', ns, 'link', 'set', dev, 'up']);
    sh(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
  }
  // no ARP answers from the capturing side: it only listens
  sh(['ip', '-n', nsCap, 'link', 'set', 'vc', 'arp', 'off']);
}

function teardown(): void {
  for (const ns of [nsSend, nsCap]) spawnSync('ip', ['netns', 'del', ns]);
}

interface Trial { rate: number; sent: number; frames: number; ringDrops: number; kernelDrops: number | null; highWater: number; ok: boolean }

async function trial(rate: number, seconds: number): Promise<Trial> {
  const live = spawn('ip', ['netns', 'exec', nsCap, process.execPath, 'bin/arpaudit.js', 'live', '-i', 'vc', '--no-tui', '--format', 'json', '--fail-on', 'none', '--duration', String(seconds + 3)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  live.stdout.on('data', (b: Buffer) => (out += b.toString()));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('arpaudit live did not start')), 15_000);
    live.stdout.on('data', () => {
      if (out.includes('"type":"start"')) {
        clearTimeout(t);
        resolve();
      }
    });
  });
  const sender = spawnSync('ip', ['netns', 'exec', nsSend, 'python3', join('bench', 'paced-sender.py'), 'vs', String(rate), String(seconds)], { encoding: 'utf8', timeout: (seconds + 20) * 1000 });
  const sent = Number(sender.stdout.trim());
  await new Promise((r) => live.on('exit', r));
  const report = JSON.parse(out.trim().split('\n').pop()!) as { capture: { frames: number; ringDrops: number; kernelDrops: number | null; ringHighWater: number } };
  const c = report.capture;
  return { rate, sent, frames: c.frames, ringDrops: c.ringDrops, kernelDrops: c.kernelDrops, highWater: c.ringHighWater, ok: c.frames >= sent && c.ringDrops === 0 };
}

if (process.getuid?.() !== 0) {
  console.error('bench/live-rate needs root (network namespaces)');
  process.exit(2);
}
setup();
try {
  const results: Trial[] = [];
  let good = 0;
  let bad = 0;
  for (let rate = 20_000; bad === 0 && rate <= 640_000; rate *= 2) {
    const t = await trial(rate, probeSeconds);
    results.push(t);
    process.stderr.write(`${JSON.stringify(t)}\n`);
    if (t.ok && t.sent >= rate * probeSeconds * 0.9) good = rate;
    else bad = rate;
  }
  // bisect between the last good and the first bad rate
  for (let i = 0; i < 3 && bad > 0 && bad - good > good / 8; i++) {
    const mid = Math.round((good + bad) / 2 / 1000) * 1000;
    const t = await trial(mid, probeSeconds);
    results.push(t);
    process.stderr.write(`${JSON.stringify(t)}\n`);
    if (t.ok && t.sent >= mid * probeSeconds * 0.9) good = mid;
    else bad = mid;
  }
  const confirm = await trial(good, confirmSeconds);
  process.stdout.write(`| rate (frames/s) | seconds | sent | analysed | ring drops | kernel drops | ring high water | no loss |\n|---:|---:|---:|---:|---:|---:|---:|---|\n`);
  for (const t of [...results, confirm]) {
    process.stdout.write(`| ${t.rate.toLocaleString('en-US')} | ${t === confirm ? confirmSeconds : probeSeconds} | ${t.sent.toLocaleString('en-US')} | ${t.frames.toLocaleString('en-US')} | ${t.ringDrops} | ${t.kernelDrops ?? 'n/a'} | ${t.highWater} | ${t.ok ? 'yes' : 'NO'} |\n`);
  }
  process.stdout.write(`\nhighest rate sustained for ${confirmSeconds} s with no loss: ${confirm.ok ? `${good.toLocaleString('en-US')} ARP frames/s` : `not confirmed (${good} passed ${probeSeconds} s probes)`}${bad ? `; ${bad.toLocaleString('en-US')}/s lost frames or could not be sent` : ''}\n`);
} finally {
  teardown();
}
