// replay --no-tui: the story against golden text, filters, --start, and pacing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/golden.js';
import { replayGoldens } from '../helpers/golden.js';

test('replay --no-tui stories match their goldens', async () => {
  for (const g of await replayGoldens('fixtures')) assert.equal(g.text, readFileSync(join('fixtures', 'golden', g.name), 'utf8'), g.name);
});

test('replay --filter and --start', async () => {
  const f = await runCli(['replay', 'fixtures/demo-lvs-dr.pcap', '--max', '--no-tui', '--filter', '10.0.0.1', '--fail-on', 'none']);
  const lines = f.out.split('\n').filter((l) => l.startsWith('#'));
  assert.deepEqual(lines.map((l) => l.split(' ')[0]), ['#1', '#2', '#15', '#16'], 'frames about 10.0.0.1, not 10.0.0.10');
  assert.ok(lines.every((l) => /\b10\.0\.0\.1\b/.test(l)));
  const mac = await runCli(['replay', 'fixtures/demo-lvs-dr.pcap', '--max', '--no-tui', '--filter', '02:00:00:00:01:02', '--fail-on', 'none']);
  assert.equal(mac.out.split('\n').filter((l) => l.startsWith('#')).length, 4);
  const st = await runCli(['replay', 'fixtures/demo-lvs-dr.pcap', '--max', '--no-tui', '--start', '+5', '--fail-on', 'none']);
  const first = st.out.split('\n').find((l) => l.startsWith('#'))!;
  assert.match(first, /^#21 2024-03-01T02:00:05/);
  assert.match(st.out, /arp\.race\.multi-responder/, 'frames before --start are still analysed');
  assert.equal((await runCli(['replay', 'fixtures/demo-lvs-dr.pcap', '--no-tui', '--start', 'yesterday-ish'])).code, 2);
});

test('replay paces frames at their recorded times, scaled by --speed (a fake clock: no timing asserted)', async () => {
  const { replay } = await import('../../src/cli/replay.js');
  for (const speed of [1, 4]) {
    let now = 0;
    const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
    let out = '';
    const code = await replay({ files: ['fixtures/demo-lvs-dr.pcap'], speed, tui: false, failOn: 'none', addresses: 'none', engine: {}, clock }, { out: (x) => (out += x), err: () => undefined });
    assert.equal(code, 0);
    // the demo capture spans 6.0 s from its first frame to its last
    assert.ok(Math.abs(now - 6000 / speed) < 2, `speed ${speed}: waited ${now} ms of fake time`);
    assert.match(out, /arp\.race\.multi-responder/);
  }
});

test('replay --max does not wait, and the Pacer restarts its schedule after a pause', async () => {
  const { Pacer } = await import('../../src/tui/playback.js');
  let now = 0;
  const slept: number[] = [];
  const p = new Pacer({ now: () => now, sleep: async (ms: number) => void (slept.push(ms), (now += ms)) });
  await p.wait(0, 0);
  await p.wait(5_000_000, 0);
  assert.deepEqual(slept, [], 'speed 0 (max) never sleeps');
  await p.wait(10_000_000, 2);
  await p.wait(12_000_000, 2);
  assert.deepEqual(slept, [1000], '2 s of capture at 2x is 1 s');
  now += 60_000; // paused for a minute
  p.restart();
  await p.wait(13_000_000, 2);
  await p.wait(14_000_000, 2);
  assert.deepEqual(slept, [1000, 500], 'after the pause the schedule restarts: no rush, no minute-long wait');
});
