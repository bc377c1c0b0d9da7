// The failover verdict step: reached in the engine as packet time passes the
// change's GARP wait (not when the capture ends), at once for a coup that its
// first frame proves hostile, and again when later evidence changes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import type { Change } from '../../src/engine/vrrp-state.js';
import { runOne } from '../../src/run/inputs.js';
import { scenarios } from '../lab/scenarios.js';
import { ethArp } from '../lab/frames.js';
import { parseIp, parseMac } from '../../src/util/addr.js';

interface Told {
  verdict: string | null;
  was: string | null;
  atUs: number;
  judgedUs: number;
  finished: boolean;
}

async function verdicts(path: string): Promise<{ told: Told[]; e: Engine }> {
  const e = new Engine();
  const told: Told[] = [];
  let finished = false;
  e.failovers.listener = (c: Change, was) => told.push({ verdict: c.verdict, was, atUs: c.atUs, judgedUs: c.judgedUs, finished });
  await runOne(path, e);
  finished = true;
  e.finish();
  return { told, e };
}

test('a healthy VRRP failover is judged once its GARP wait is over, before the capture ends', async () => {
  const { told, e } = await verdicts('fixtures/vrrp-failover.pcap');
  assert.equal(told.length, 1);
  const t = told[0]!;
  assert.equal(t.verdict, 'healthy');
  assert.equal(t.finished, false, 'judged while frames were read');
  const waitUs = e.opts.garpWaitMs * 1000;
  assert.ok(t.judgedUs > t.atUs + waitUs, 'not before the wait is over');
  // the first frame after the wait judges it: the fixture has an advert every second
  assert.ok(t.judgedUs <= t.atUs + waitUs + 1.5e6, `judged at +${(t.judgedUs - t.atUs) / 1000} ms`);
});

test('a missing GARP burst is an unhealthy verdict at the end of the wait', async () => {
  const { told } = await verdicts('fixtures/vrrp-missing-garp.pcap');
  assert.deepEqual(told.map((t) => [t.verdict, t.finished]), [['unhealthy', false]]);
});

test('an HSRP coup by a router never heard in the group is a hijack at the coup frame', async () => {
  const { told, e } = await verdicts('fixtures/hsrp-coup-attack.pcap');
  assert.equal(told[0]!.verdict, 'hijack');
  assert.equal(told[0]!.judgedUs, told[0]!.atUs, 'decided by the coup itself');
  assert.ok(told.every((t) => t.verdict === 'hijack'), 'never healthy afterwards');
  const c = e.vrrp.states[0]!.changes[0]!;
  assert.deepEqual(c.problems.map((p) => p.code), ['unknown-router', 'physical-garp']);
});

test('a legitimate HSRP preemption (the router said hello first) stays a healthy failover', async () => {
  const { told } = await verdicts('fixtures/hsrp-coup.pcap');
  assert.deepEqual(told.map((t) => t.verdict), ['healthy']);
});

test('a healthy verdict moves to unhealthy in place when the old master answers for the VIP later', () => {
  const sc = scenarios().find((s) => s.name === 'vrrp-failover')!;
  const first = new Engine();
  sc.frames.forEach((f, i) => first.process(f.frame, 0, f.frame.length, f.frame.length, f.us, 1, i + 1));
  const c0 = first.vrrp.states[0]!.changes[0]!;
  // the old master answers a client's request for the VIP 5 s after the change (its GARP wait is over)
  const late = { us: c0.atUs + 5e6, frame: ethArp({ op: 'reply', sha: c0.from!.mac, spa: parseIp('10.0.0.254'), tha: parseMac('02:00:00:00:00:c1'), tpa: parseIp('10.0.0.50') }) };
  const frames = [...sc.frames, late].sort((a, b) => a.us - b.us);
  const e = new Engine();
  const told: [string | null, string | null, number][] = [];
  e.failovers.listener = (c, was) => told.push([was, c.verdict, c.judgedUs - c.atUs]);
  frames.forEach((f, i) => e.process(f.frame, 0, f.frame.length, f.frame.length, f.us, 1, i + 1));
  assert.deepEqual(told.map(([was, now]) => [was, now]), [[null, 'healthy'], ['healthy', 'unhealthy']]);
  assert.equal(told[1]![2], 5e6, 'moved by the answer itself');
  assert.deepEqual(e.vrrp.states[0]!.changes[0]!.problems.map((p) => p.code), ['old-master-answers']);
});

test('a capture cut inside the GARP wait, before every VIP was announced, leaves the failover unjudged and says why', () => {
  const sc = scenarios().find((s) => s.name === 'vrrp-missing-garp')!;
  const e = new Engine();
  let changeUs = -1;
  e.vrrp.onChange = (c) => (changeUs = c.atUs);
  for (const [i, f] of sc.frames.entries()) {
    if (changeUs >= 0 && f.us > changeUs + 500_000) break;
    e.process(f.frame, 0, f.frame.length, f.frame.length, f.us, 1, i + 1);
  }
  e.finish();
  const c = e.vrrp.states[0]!.changes[0]!;
  assert.equal(c.verdict, 'unjudged');
  assert.match(c.unjudged ?? '', /capture ended \d+ ms after the change, inside the 3000 ms/);
});

test('live and offline agree: every incident told as it happened stands in the final report, or a finding about the same address superseded it, or the engine retracted it when later evidence disproved it', async () => {
  const { readdirSync } = await import('node:fs');
  const { buildReport } = await import('../../src/report/build.js');
  let checked = 0;
  let retracted = 0;
  for (const f of readdirSync('fixtures').filter((x) => /\.pcap(ng)?$/.test(x) && !x.startsWith('broken'))) {
    const e = new Engine();
    const told: { code: string; vlan: number; ip: number; dropped: () => boolean; retractedAt: number }[] = [];
    e.incidents.listener = (inc) => told.push({ code: inc.code, vlan: inc.vlan, ip: inc.ip, dropped: () => inc.dropped, retractedAt: -1 });
    e.incidents.onRetract = (inc) => {
      const t = told.find((x) => x.code === inc.code && x.vlan === inc.vlan && x.ip === inc.ip);
      assert.ok(t, `${f}: ${inc.code} retracted without being told`);
      t.retractedAt = e.ctx.ref;
    };
    const info = await runOne(`fixtures/${f}`, e);
    const report = buildReport(e, [info], { version: 'test' });
    for (const t of told) {
      checked++;
      if (!t.dropped()) continue;
      const ip = e.ipText(t.vlan, t.ip);
      if (t.retractedAt > 0) {
        retracted++;
        assert.ok(!report.findings.some((x) => x.ip === ip && x.code === t.code), `${f}: ${t.code} ${ip} retracted, and not in the report`);
        continue;
      }
      const successor = report.findings.find((x) => x.ip === ip && x.code !== t.code);
      assert.ok(successor, `${f}: ${t.code} ${ip} was told live, then dropped with nothing in its place and never retracted`);
    }
  }
  assert.ok(checked > 80, `incidents checked: ${checked}`);
  assert.ok(retracted >= 1, 'the IPv6 fixtures retract a router told rogue once it proves a VRRP router');
});

test("an IPv6 router told rogue is retracted at the frame that proves it its VRRP group's backup, not at the end", async () => {
  const e = new Engine();
  const events: { what: string; ref: number; proved: boolean }[] = [];
  e.incidents.listener = (inc) => inc.code === 'nd.router.rogue' && events.push({ what: 'told', ref: e.ctx.ref, proved: e.vrrp.isRouterMac(inc.macs[0]!) });
  e.incidents.onRetract = (inc) => inc.code === 'nd.router.rogue' && events.push({ what: 'retracted', ref: e.ctx.ref, proved: e.vrrp.isRouterMac(inc.macs[0]!) });
  const info = await runOne('fixtures/vrrp6-no-router.pcap', e);
  assert.deepEqual(events.map((x) => [x.what, x.proved]), [['told', false], ['retracted', true]], JSON.stringify(events));
  assert.ok(events[1]!.ref > events[0]!.ref && events[1]!.ref < info.frames, `retracted at frame ${events[1]!.ref} of ${info.frames}, while reading`);
  assert.ok(!e.findings().some((x) => x.code === 'nd.router.rogue'), 'and not in the findings');
});

test('a dark VIP waits for its failover: the outage joins the failover, never a silent-address alarm; with no failover it is raised', async () => {
  const { buildReport } = await import('../../src/report/build.js');
  const sc = scenarios().find((s) => s.name === 'vrrp-outage')!;
  const run = (frames: typeof sc.frames) => {
    const e = new Engine();
    const told: string[] = [];
    e.incidents.listener = (inc) => told.push(inc.code);
    frames.forEach((f, i) => e.process(f.frame, 0, f.frame.length, f.frame.length, f.us, 1, i + 1));
    const report = buildReport(e, [], { version: 'test' });
    return { told, report };
  };
  const healthy = run(sc.frames);
  assert.ok(!healthy.told.includes('arp.silent.address'), `no alarm while the VIP fails over: ${healthy.told.join(', ')}`);
  assert.ok(!healthy.report.findings.some((f) => f.code === 'arp.silent.address'));
  assert.equal(healthy.report.failovers[0]!.clientsUnanswered.length, 1, 'the outage is in the failover');
  // the backup never takes over: the VIP is dark, and that is raised
  const backup = parseMac('02:00:00:00:0a:02');
  const noTakeover = run(sc.frames.filter((f) => f.frame.readUIntBE(6, 6) !== backup));
  assert.ok(noTakeover.report.findings.some((f) => f.code === 'arp.silent.address' && f.ip === '10.0.0.254'), noTakeover.report.findings.map((f) => f.code).join(', '));
});

test('live on a quiet wire: packet time moved on by the clock reaches the verdict without another frame', () => {
  const sc = scenarios().find((s) => s.name === 'vrrp-failover')!;
  const e = new Engine();
  let atUs = -1;
  e.vrrp.onChange = (c) => (atUs = c.atUs);
  const told: string[] = [];
  e.failovers.listener = (c) => told.push(`${c.verdict} ${c.judgedUs - c.atUs}`);
  for (const [i, f] of sc.frames.entries()) {
    // the wire goes quiet one second after the takeover (its GARPs sent)
    if (atUs >= 0 && f.us > atUs + 1e6) break;
    e.process(f.frame, 0, f.frame.length, f.frame.length, f.us, 1, i + 1);
  }
  const last = e.stats.lastUs;
  e.advance(atUs + 2e6);
  assert.deepEqual(told, [], 'not before its GARP wait is over');
  e.advance(atUs + e.opts.garpWaitMs * 1000 + 250_000);
  assert.deepEqual(told, [`healthy ${e.opts.garpWaitMs * 1000 + 250_000}`], 'judged by the clock, 250 ms after its wait');
  assert.equal(e.stats.lastUs, last, 'the capture\'s span does not move');
});
