// Every fixture against its golden report (text and JSON, byte for byte),
// every scenario against what it must and must not find, and the fixtures on
// disk against what the generator makes today.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldenOutputs, htmlGoldens, runCli, runGoldens } from '../helpers/golden.js';
import { allCatalogEntries } from '../../src/engine/findings.js';
import { fixtureFiles } from '../lab/fixtures.js';
import { scenarios } from '../lab/scenarios.js';

const dir = 'fixtures';

test('fixture files on disk are exactly what the generator writes', () => {
  for (const f of fixtureFiles()) {
    const onDisk = readFileSync(join(dir, f.name));
    assert.ok(onDisk.equals(f.bytes), `${f.name} differs from the generator: run npm run fixtures`);
  }
});

test('golden reports: the same capture gives the same report, byte for byte', async () => {
  for (const g of await goldenOutputs(dir)) {
    const want = readFileSync(join(dir, 'golden', g.name), 'utf8');
    assert.equal(g.text, want, `golden ${g.name} differs`);
  }
});

test('golden runs (--expect, a small --max-addresses, a --state across four days): each step\'s report byte for byte', async () => {
  for (const g of await runGoldens()) {
    const want = readFileSync(join(dir, 'golden', g.name), 'utf8');
    assert.equal(g.text, want, `golden ${g.name} differs`);
  }
});

/** Codes only live capture raises (the capturing interface's own address; frames the ring or kernel dropped): tested in test/system/live.test.ts. */
const LIVE_ONLY = ['arp.claim.own-address', 'capture.frames-lost'];

test('every finding code of the catalogue is in some golden report (but the live-only ones, tested live)', () => {
  const seen = new Set<string>();
  for (const f of readdirSync(join(dir, 'golden')).filter((x) => x.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(join(dir, 'golden', f), 'utf8')) as { findings?: { code: string }[]; reports?: { findings: { code: string }[] }[] };
    for (const x of [...(r.findings ?? []), ...(r.reports ?? []).flatMap((y) => y.findings)]) seen.add(x.code);
  }
  const missing = allCatalogEntries().map((e) => e.code).filter((c) => !seen.has(c));
  assert.deepEqual(missing, LIVE_ONLY);
});

test('golden HTML reports (--html): the same capture gives the same page, byte for byte', async () => {
  for (const g of await htmlGoldens(dir)) {
    const want = readFileSync(join(dir, 'golden', g.name), 'utf8');
    assert.equal(g.text, want, `golden ${g.name} differs`);
  }
});

test('the text report\'s tables and lists fit an 80-column terminal (addresses, vendors, failovers, groups, unanswered, bursts)', () => {
  const goldens = readdirSync(join(dir, 'golden')).filter((f) => f.endsWith('.txt'));
  let checked = 0;
  for (const g of goldens) {
    let section = '';
    for (const line of readFileSync(join(dir, 'golden', g), 'utf8').split('\n')) {
      if (/^\S/.test(line)) section = line.split(':')[0]!;
      // a finding's own lines (summary, fix) are prose a terminal wraps; its listed rows are not
      const listed = /^(addresses|failovers|unanswered|VRRP, HSRP, GLBP|VRRP)/.test(section) || /^ {5}\S/.test(line);
      if (!listed) continue;
      checked++;
      assert.ok(line.length <= 79, `${g}: ${line.length} columns: ${line}`);
    }
  }
  assert.ok(checked > 500, `lines checked: ${checked}`);
});

for (const s of scenarios()) {
  test(`scenario ${s.name}: ${s.description}`, async () => {
    const r = await runCli(['check', join(dir, `${s.name}.pcap`), '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.code, 0);
    const rep = JSON.parse(r.out) as { findings: { code: string; ip: string | null; macs: string[]; frames: number[] }[] };
    for (const e of s.expect) {
      const f = rep.findings.find((x) => x.code === e.code && (e.ip === undefined || x.ip === e.ip));
      assert.ok(f, `${s.name}: expected ${e.code} ${e.ip ?? ''}; got ${rep.findings.map((x) => `${x.code} ${x.ip}`).join(', ')}`);
      if (e.macs) assert.deepEqual([...f.macs].sort(), [...e.macs].sort(), `${s.name}: MACs of ${e.code}`);
      assert.ok(f.frames.length > 0 || e.code.startsWith('expect.') || e.code === 'capture.nothing-to-analyse', `${s.name}: ${e.code} carries evidence frames`);
    }
    for (const code of s.forbid) {
      assert.ok(!rep.findings.some((x) => x.code === code), `${s.name}: must not report ${code}`);
    }
  });
}

test('every container variant of the race gives the race verdict with the same MACs and counts', async () => {
  const variants = fixtureFiles().filter((f) => f.scenario === 'demo-lvs-dr').map((f) => f.name);
  assert.ok(variants.length >= 9, 'variants: be/le, us/ns, sll, sll2, qinq, pcapng, gzip');
  for (const v of variants) {
    const r = await runCli(['check', join(dir, v), '--format', 'json']);
    assert.equal(r.code, 1, `${v}: exit 1 on an error finding`);
    const rep = JSON.parse(r.out);
    const race = rep.findings.find((f: { code: string }) => f.code === 'arp.race.multi-responder');
    assert.ok(race, `${v}: race found`);
    assert.equal(race.ip, '10.0.0.10');
    assert.deepEqual(race.macs, ['02:00:00:00:00:d0', '02:00:00:00:01:01', '02:00:00:00:01:02'], v);
    assert.equal(race.details.requests, 6, v);
    assert.equal(race.details.multiResponderRequests, 6, v);
    assert.equal(race.first, '2024-03-01T02:00:01.000240Z', `${v}: timestamps decoded exactly`);
    if (v.includes('qinq')) {
      assert.equal(race.vlan, 100);
      assert.deepEqual(race.vlanPath, [100, 20]);
    }
  }
});
