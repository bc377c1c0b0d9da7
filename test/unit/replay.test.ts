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

test('replay --speed 1 takes about as long as the capture spans (6.0 s)', { timeout: 30_000 }, async () => {
  const t = Date.now();
  const r = await runCli(['replay', 'fixtures/demo-lvs-dr.pcap', '--no-tui', '--speed', '1', '--fail-on', 'none']);
  const s = (Date.now() - t) / 1000;
  assert.equal(r.code, 0);
  assert.ok(s > 5.5 && s < 9, `took ${s} s`);
  const t4 = Date.now();
  await runCli(['replay', 'fixtures/demo-lvs-dr.pcap', '--no-tui', '--speed', '4', '--fail-on', 'none']);
  const s4 = (Date.now() - t4) / 1000;
  assert.ok(s4 > 1.2 && s4 < 3.5, `--speed 4 took ${s4} s`);
});
