// The engine on frames built in memory: bounded tables under a flood,
// evidence survival, merge of several files, and determinism.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine.js';
import { ethArp } from '../lab/frames.js';
import { lvsRace } from '../lab/scenarios.js';
import { pcapBytes } from '../lab/fixtures.js';
import { runCli } from '../helpers/golden.js';

const tmp = mkdtempSync(join(tmpdir(), 'arpaudit-engine-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function feed(e: Engine, frames: { us: number; frame: Buffer }[], start = 1): void {
  frames.forEach((f, i) => e.process(f.frame, 0, f.frame.length, f.frame.length, f.us, 1, start + i));
}

test('an ARP flood with random addresses keeps tables bounded, counts evictions, and keeps the race evidence', () => {
  const e = new Engine({ maxAddresses: 4096 });
  const race = lvsRace();
  feed(e, race);
  let seed = 99;
  const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
  const t0 = race[race.length - 1]!.us;
  const frame = ethArp({ op: 'request', sha: 0x020000000000, spa: 0, tpa: 0 });
  for (let i = 0; i < 200_000; i++) {
    // rewrite sender MAC/IP and target in place: a random-address flood
    frame.writeUInt32BE(rnd(), 24); // sha low
    frame.writeUInt32BE((rnd() | 0x0a000000) >>> 0, 28); // spa
    frame.writeUInt32BE(rnd(), 38); // tpa
    e.process(frame, 0, frame.length, frame.length, t0 + i, 1, race.length + 1 + i);
  }
  e.finish();
  assert.ok(e.tables.aCount <= 4096, `addresses ${e.tables.aCount}`);
  assert.ok(e.tables.bCount <= 8192, `bindings ${e.tables.bCount}`);
  assert.ok(e.tables.evicted > 190_000, `evicted ${e.tables.evicted}`);
  const race2 = e.findings().find((f) => f.code === 'arp.race.multi-responder');
  assert.ok(race2, 'the race found before the flood is kept');
  assert.equal(race2.macs.length, 3);
  assert.ok(e.tables.findAddr(0, race2.ip) >= 0, 'its address was pinned, not evicted');
});

test('one IP claimed by thousands of MACs is capped at 64 MACs, the rest counted', () => {
  const e = new Engine();
  const f = ethArp({ op: 'request', sha: 0x020000000000, spa: 0x0a000001, tpa: 0x0a000002 });
  for (let i = 0; i < 5000; i++) {
    f.writeUInt32BE(i + 1, 24);
    e.process(f, 0, f.length, f.length, 1e15 + i, 1, i + 1);
  }
  assert.equal(e.tables.bCount, 64);
  assert.equal(e.tables.macsDropped, 5000 - 64);
});

test('--merge reads several files as one timeline (same findings as one file); by default each is judged alone', async () => {
  const race = lvsRace();
  writeFileSync(join(tmp, 'all.pcap'), pcapBytes(race));
  // split by alternating frames: each file alone is out of context, together they are the capture
  writeFileSync(join(tmp, 'a.pcap'), pcapBytes(race.filter((_, i) => i % 2 === 0)));
  writeFileSync(join(tmp, 'b.pcap'), pcapBytes(race.filter((_, i) => i % 2 === 1)));
  const one = JSON.parse((await runCli(['check', join(tmp, 'all.pcap'), '--format', 'json'])).out);
  const two = JSON.parse((await runCli(['check', join(tmp, 'a.pcap'), join(tmp, 'b.pcap'), '--merge', '--format', 'json'])).out);
  const strip = (fs: { code: string; ip: string; macs: string[]; count: number; first: string }[]) => fs.map((f) => [f.code, f.ip, f.macs, f.count, f.first]);
  assert.deepEqual(strip(two.findings), strip(one.findings));
  const race2 = two.findings.find((f: { code: string }) => f.code === 'arp.race.multi-responder');
  assert.equal(race2.frameInputs.length, race2.frames.length, 'merged evidence names the input of each frame');
  assert.deepEqual(new Set(race2.frameInputs), new Set([0, 1]));
  const sep = JSON.parse((await runCli(['check', join(tmp, 'a.pcap'), join(tmp, 'b.pcap'), '--format', 'json', '--fail-on', 'none'])).out);
  assert.equal(sep.reports.length, 2);
  assert.ok(!sep.reports[0].findings.some((f: { code: string }) => f.code === 'arp.race.multi-responder'), 'half a race alone is not a race');
  assert.equal(sep.summary.inputs, 2);
  assert.equal(sep.summary.exitCode, 0);
  assert.equal(sep.summary.findings, sep.reports[0].summary.findings + sep.reports[1].summary.findings);
  // the overall exit code is the worst of the inputs: a race in one file fails the run
  const mixed = await runCli(['check', join(tmp, 'a.pcap'), join(tmp, 'all.pcap')]);
  assert.equal(mixed.code, 1);
  assert.match(mixed.out, /^overall: 2 inputs analysed separately; \d+ errors?, .*; exit 1$/m);
});

test('the same input gives the same report, byte for byte, run after run', async () => {
  writeFileSync(join(tmp, 'd.pcap'), pcapBytes(lvsRace()));
  const a = await runCli(['check', join(tmp, 'd.pcap'), '--format', 'json']);
  const b = await runCli(['check', join(tmp, 'd.pcap'), '--format', 'json']);
  assert.equal(a.out, b.out);
});

test('the VRRP tracker tells live sinks of a master change when it happens', async () => {
  const e = new Engine();
  const seen: string[] = [];
  e.vrrp.onChange = (c) => seen.push(`${c.from?.ip}->${c.to.ip} ${c.cause} ${Math.round((c.gapUs ?? 0) / 1000)}`);
  const { runOne } = await import('../../src/run/inputs.js');
  await runOne('fixtures/vrrp-failover.pcap', e);
  assert.deepEqual(seen, ['10.0.0.2->10.0.0.3 failure 3609']);
});

test('tables grown by doubling (a cap too large to reserve) give the report that reserved tables give', async () => {
  const { writeMix } = await import('../helpers/mix.js');
  const { runOne } = await import('../../src/run/inputs.js');
  const { buildReport } = await import('../../src/report/build.js');
  const { reportObject } = await import('../../src/report/json.js');
  const p = join(tmp, 'grow.pcap');
  // more hosts than the tables hold before they reserve storage for the cap
  writeMix(p, 60_000, 20_000, true);
  const reportOf = async (maxAddresses: number): Promise<{ text: string; aCap: number }> => {
    const e = new Engine({ maxAddresses });
    const info = await runOne(p, e, 0);
    const { options: _o, ...rest } = reportObject(buildReport(e, [info], { version: 'test' }));
    void _o;
    return { text: JSON.stringify(rest), aCap: e.tables.addressCapacity };
  };
  const reserved = await reportOf(1 << 20);
  const grown = await reportOf(1 << 26); // 2 GiB of address records: past the reservation limit
  assert.equal(reserved.aCap, (1 << 20) + 2, 'the default cap is reserved whole once past the start');
  assert.ok(grown.aCap < 1 << 16, `grown by doubling to ${grown.aCap}`);
  assert.ok(reserved.text.includes('"addresses":[{'), 'the report has an address table');
  assert.equal(grown.text, reserved.text);
});

test('a GARP hijack is raised by the engine at the frame that proves the owner alive, and the owner is never accused of leaking', async () => {
  const { scenarios } = await import('../lab/scenarios.js');
  const s = scenarios().find((x) => x.name === 'garp-hijack')!;
  const frames = s.frames.slice().sort((a, b) => a.us - b.us);
  const e = new Engine();
  const raised: { code: string; frame: number }[] = [];
  let frame = 0;
  e.incidents.listener = (inc) => raised.push({ code: inc.code, frame });
  frames.forEach((f, i) => {
    frame = i + 1;
    e.process(f.frame, 0, f.frame.length, f.frame.length, f.us, 1, frame);
  });
  const hijack = raised.find((r) => r.code === 'arp.garp.hijack');
  assert.ok(hijack, `raised before the end: ${JSON.stringify(raised)}`);
  assert.equal(hijack.frame, 6, "at the owner's reply to a request asked after the GARP");
  e.finish();
  const codes = e.findings().map((f) => f.code);
  assert.ok(!codes.includes('arp.leak.vip-sender'), `the owner asking with its own address is no leak: ${codes.join(', ')}`);
  assert.ok(!codes.includes('arp.binding.takeover') && !codes.includes('arp.binding.flip-flop') && !codes.includes('arp.binding.changed'), codes.join(', '));
  assert.equal(e.findings().find((f) => f.code === 'arp.garp.hijack')!.count, 2, 'both announcements of the hijacker');
});

test('a silent address is raised when its dark window opens (the second unanswered request), not when answering resumes or the capture ends', () => {
  const e = new Engine();
  const raised: { code: string; frame: number }[] = [];
  let frame = 0;
  e.incidents.listener = (inc) => raised.push({ code: inc.code, frame });
  const T = Date.UTC(2024, 2, 1, 2) * 1000;
  const send = (us: number, f: Buffer) => e.process(f, 0, f.length, f.length, us, 1, ++frame);
  const client = { mac: 0x0200000000c1, ip: 0x0a000032 };
  const host = { mac: 0x020000000020, ip: 0x0a000014 };
  // the host answers once, then goes dark: the client asks every second; other traffic goes on
  send(T, ethArp({ op: 'request', sha: client.mac, spa: client.ip, tpa: host.ip }));
  send(T + 200, ethArp({ op: 'reply', sha: host.mac, spa: host.ip, tha: client.mac, tpa: client.ip }));
  for (let i = 1; i <= 6; i++) send(T + i * 1e6, ethArp({ op: 'request', sha: client.mac, spa: client.ip, tpa: host.ip }));
  const darkAt = raised.find((r) => r.code === 'arp.silent.address');
  assert.ok(darkAt, `raised while still dark, before the end: ${JSON.stringify(raised)}`);
  assert.ok(darkAt.frame <= 5, `as soon as the second unanswered request is judged (frame ${darkAt.frame})`);
  // the host comes back: the same finding, its window closed with the answer as evidence
  send(T + 7e6, ethArp({ op: 'request', sha: client.mac, spa: client.ip, tpa: host.ip }));
  send(T + 7e6 + 200, ethArp({ op: 'reply', sha: host.mac, spa: host.ip, tha: client.mac, tpa: client.ip }));
  e.finish();
  const inc = e.findings().find((f) => f.code === 'arp.silent.address')!;
  assert.equal(raised.filter((r) => r.code === 'arp.silent.address').length, 1, 'one finding, updated');
  assert.equal(inc.count, 6, 'every unanswered request counted on it');
  assert.ok(inc.evidenceRefs().includes(frame), 'the answer that ended the outage is evidence');
});
