// The --state station baseline: captures written with our own writer, held
// against a state across "days"; the history findings with their MACs and
// times; learning; bad state files refused and left alone; kill -9 during
// writes never leaves a torn file; arpwatch's arp.dat in and out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ethArp } from '../lab/frames.js';
import { pcapBytes } from '../lab/fixtures.js';
import { ip, mac, type TimedFrame } from '../lab/scenarios.js';
import { runCli } from '../helpers/golden.js';
import { assertValid } from '../helpers/schemas.js';
import { readState, SCHEMA_VERSION } from '../../src/state/store.js';

const tmp = mkdtempSync(join(tmpdir(), 'arpaudit-state-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const DAY = 86_400e6;
const T = Date.UTC(2025, 0, 6, 9, 0, 0) * 1000;
const GW = { mac: mac('02:00:00:00:00:01'), ip: ip('10.1.0.1') };
const A = ip('10.1.0.5');
const B = ip('10.1.0.6');
const A_OLD = mac('52:54:00:00:00:05');
const A_NEW = mac('52:54:00:00:00:99');
const B_MAC = mac('52:54:00:00:00:06');

/** The gateway asks for `who` and `m` answers, at `us`. */
function answer(us: number, who: number, m: number): TimedFrame[] {
  return [
    { us, frame: ethArp({ op: 'request', sha: GW.mac, spa: GW.ip, tpa: who }) },
    { us: us + 150, frame: ethArp({ op: 'reply', sha: m, spa: who, tha: GW.mac, tpa: GW.ip }) },
  ];
}

function capture(name: string, frames: TimedFrame[]): string {
  const f = join(tmp, name);
  writeFileSync(f, pcapBytes(frames.sort((a, b) => a.us - b.us)));
  return f;
}

type Finding = { code: string; ip: string | null; macs: string[]; severity: string; frames: number[]; first: string; details: Record<string, unknown> };
type Rep = { findings: Finding[]; state?: Record<string, unknown> };

async function check(file: string, args: string[]): Promise<{ code: number; rep: Rep; err: string }> {
  const r = await runCli(['check', file, '--format', 'json', '--fail-on', 'warning', ...args]);
  const rep = JSON.parse(r.out) as Rep;
  assertValid('report', rep, `check ${args.join(' ')}`);
  return { code: r.code, rep, err: r.err };
}

const stationFindings = (rep: Rep) => rep.findings.filter((f) => f.code.startsWith('station.'));

test('a state across days: new stations, then quiet, a changed MAC, the old MAC back, a station back after months', async () => {
  const state = join(tmp, 'days.json');
  const day1 = capture('day1.pcap', [...answer(T, A, A_OLD), ...answer(T + 1e6, B, B_MAC), ...answer(T + 60e6, A, A_OLD)]);
  // first run: everything is new (info: the run passes), and the state is written
  let r = await check(day1, ['--state', state, '--write-state']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(stationFindings(r.rep).map((f) => [f.code, f.ip, f.macs, f.severity]), [
    ['station.new', '10.1.0.1', ['02:00:00:00:00:01'], 'info'],
    ['station.new', '10.1.0.5', ['52:54:00:00:00:05'], 'info'],
    ['station.new', '10.1.0.6', ['52:54:00:00:00:06'], 'info'],
  ]);
  const nA = stationFindings(r.rep)[1]!;
  assert.deepEqual(nA.frames, [2], 'evidence: the reply that first claimed the address');
  assert.deepEqual(nA.details, { macs: ['52:54:00:00:00:05'], learnedBy: ['reply'] });
  assert.deepEqual(stationFindings(r.rep)[0]!.details.learnedBy, ['request'], 'the gateway was learned from its request');
  assert.deepEqual(r.rep.state, { file: state, sensor: 'capture', stationsBefore: 0, stationsNew: 3, learnUntil: null, evicted: 0, written: true });
  const doc = readState(state);
  assert.equal(doc.schemaVersion, SCHEMA_VERSION);
  const st = doc.sensors.capture!.stations.find((s) => s.ip === '10.1.0.5')!;
  assert.deepEqual(st.macs.map((m) => [m.mac, m.firstSeen, m.lastSeen, m.learnedBy]), [['52:54:00:00:00:05', '2025-01-06T09:00:00.000150Z', '2025-01-06T09:01:00.000150Z', ['reply']]]);
  assert.equal(doc.sensors.capture!.created, '2025-01-06T09:00:00.000000Z');

  // the same capture again: nothing is new
  r = await check(day1, ['--state', state]);
  assert.deepEqual(stationFindings(r.rep), []);
  assert.equal(r.rep.state!.stationsBefore, 3);

  // day 2: A answers from a MAC never seen for it (a warning: exit 1)
  const day2 = capture('day2.pcap', [...answer(T + DAY, A, A_NEW), ...answer(T + DAY + 1e6, B, B_MAC)]);
  r = await check(day2, ['--state', state, '--write-state']);
  assert.equal(r.code, 1);
  const changed = stationFindings(r.rep);
  assert.deepEqual(changed.map((f) => [f.code, f.ip, f.macs]), [['station.changed', '10.1.0.5', ['52:54:00:00:00:99']]]);
  assert.deepEqual(changed[0]!.details.known, [{ mac: '52:54:00:00:00:05', firstSeen: '2025-01-06T09:00:00.000150Z', lastSeen: '2025-01-06T09:01:00.000150Z' }]);

  // day 3: the old MAC is back (the new one replaced it on day 2)
  const day3 = capture('day3.pcap', answer(T + 2 * DAY, A, A_OLD));
  r = await check(day3, ['--state', state, '--write-state']);
  const reused = stationFindings(r.rep);
  assert.deepEqual(reused.map((f) => [f.code, f.ip, f.macs, f.severity]), [['station.reused', '10.1.0.5', ['52:54:00:00:00:05'], 'warning']]);
  assert.equal((reused[0]!.details.latest as { mac: string }).mac, '52:54:00:00:00:99');

  // 200 days later B speaks again: back after an absence (default --absent-after 180d); A, seen 198 days ago, too
  const later = capture('later.pcap', answer(T + 200 * DAY, B, B_MAC));
  r = await check(later, ['--state', state]);
  assert.deepEqual(stationFindings(r.rep).map((f) => [f.code, f.ip, f.details.absentSeconds]), [
    ['station.returned', '10.1.0.1', 198 * 86400],
    ['station.returned', '10.1.0.6', 199 * 86400 - 1],
  ]);
  r = await check(later, ['--state', state, '--absent-after', '365d']);
  assert.deepEqual(stationFindings(r.rep), [], 'a longer --absent-after: not an absence');
});

test('--learn: new stations are recorded, not reported, until the learning period from the state\'s start ends', async () => {
  const state = join(tmp, 'learn.json');
  const f = capture('learn.pcap', [...answer(T, A, A_OLD), ...answer(T + 30 * 60e6, B, B_MAC), ...answer(T + 2 * 3600e6, ip('10.1.0.7'), mac('52:54:00:00:00:07'))]);
  const r = await check(f, ['--state', state, '--write-state', '--learn', '1h']);
  assert.deepEqual(stationFindings(r.rep).map((x) => x.ip), ['10.1.0.7'], 'only the station after the first hour');
  assert.equal(readState(state).sensors.capture!.learnUntil, '2025-01-06T10:00:00.000000Z', 'an hour from the first station (the gateway\'s request)');
  assert.equal(readState(state).sensors.capture!.stations.length, 4, 'learned stations are in the state');
  // the period is the state's: a later --learn does not restart it
  const g = capture('learn2.pcap', answer(T + 3 * 3600e6, ip('10.1.0.8'), mac('52:54:00:00:00:08')));
  const r2 = await check(g, ['--state', state, '--learn', '30d']);
  assert.deepEqual(stationFindings(r2.rep).map((x) => x.ip), ['10.1.0.8']);
});

test('a VIP moving between the routers of its VRRP group is a failover, not a changed station', async () => {
  const { scenarios } = await import('../lab/scenarios.js');
  const s = scenarios().find((x) => x.name === 'vrrp-failover')!;
  const frames = s.frames.slice().sort((a, b) => a.us - b.us);
  const cut = frames.findIndex((fr) => fr.us > frames[0]!.us + (frames[frames.length - 1]!.us - frames[0]!.us) / 2);
  const state = join(tmp, 'vrrp.json');
  await check(capture('vrrp-a.pcap', frames.slice(0, cut)), ['--state', state, '--write-state']);
  const r = await check(capture('vrrp-b.pcap', frames.slice(cut)), ['--state', state]);
  assert.deepEqual(stationFindings(r.rep).filter((f) => f.code !== 'station.new'), []);
  const groups = readState(state).sensors.capture!.groups;
  assert.ok(groups.length >= 1 && groups.every((g) => g.routers.length >= 1), 'groups and their routers are kept');
});

test('a bad state file is refused with one line and exit 2, and left as it was', async () => {
  const f = capture('bad.pcap', answer(T, A, A_OLD));
  const cases: [string, string, RegExp][] = [
    ['corrupt.json', '{"format":"arpaudit-state","schemaVersion":1,"sensors":{', /corrupt JSON/],
    ['newer.json', JSON.stringify({ format: 'arpaudit-state', schemaVersion: 99, sensors: {} }), /newer arpaudit \(state schemaVersion 99/],
    ['other.json', JSON.stringify({ hello: 1 }), /not an arpaudit state file/],
    ['badmac.json', JSON.stringify({ format: 'arpaudit-state', schemaVersion: 1, sensors: { x: { created: '2025-01-01T00:00:00Z', learnUntil: null, updated: '2025-01-01T00:00:00Z', evicted: 0, stations: [{ vlanPath: [], ip: '10.0.0.1', macs: [{ mac: 'zz', firstSeen: '2025-01-01T00:00:00Z', lastSeen: '2025-01-01T00:00:00Z', learnedBy: [] }] }], groups: [], routers: [] } } }), /"zz" is not a MAC/],
  ];
  for (const [name, text, why] of cases) {
    const p = join(tmp, name);
    writeFileSync(p, text);
    const r = await runCli(['check', f, '--state', p, '--write-state']);
    assert.equal(r.code, 2, name);
    assert.match(r.err, why);
    assert.equal(r.err.trim().split('\n').length, 1, `${name}: one line`);
    assert.equal(r.out, '', `${name}: no report`);
    assert.equal(readFileSync(p, 'utf8'), text, `${name} is not replaced`);
  }
  const two = join(tmp, 'two.json');
  await check(f, ['--state', two, '--write-state', '--sensor', 'eth0']);
  await check(f, ['--state', two, '--write-state', '--sensor', 'eth1']);
  const r = await runCli(['check', f, '--state', two]);
  assert.equal(r.code, 2);
  assert.match(r.err, /several sensors \(eth0, eth1\): name one with --sensor/);
  assert.equal((await runCli(['check', f, '--write-state'])).code, 2, '--write-state without --state');
  assert.equal((await runCli(['check', f, '--state', two, '--learn', 'soon'])).code, 2, 'a bad duration');
});

test('the state is an SQLite database: a foreign or newer database, or garbage, is refused and left as it was; a read-only check never writes', async () => {
  const { default: Database } = await import('better-sqlite3');
  const f = capture('sqlite.pcap', answer(T, A, A_OLD));
  const foreign = join(tmp, 'foreign.db');
  const other = new Database(foreign);
  other.exec('CREATE TABLE t(x); INSERT INTO t VALUES(1)');
  other.close();
  const newer = join(tmp, 'newer.db');
  await check(f, ['--state', newer, '--write-state']);
  const n = new Database(newer);
  n.pragma('user_version = 99');
  n.close();
  const garbage = join(tmp, 'garbage.db');
  writeFileSync(garbage, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0xa5)]));
  const binary = join(tmp, 'binary.db');
  writeFileSync(binary, Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]));
  const cases: [string, RegExp][] = [
    [foreign, /not an arpaudit state file \(an SQLite database of another program\)/],
    [newer, /written by a newer arpaudit \(state schema 99/],
    [garbage, /not an arpaudit state file|damaged/],
    [binary, /not an arpaudit state file \(neither/],
  ];
  for (const [p, why] of cases) {
    const before = readFileSync(p);
    const r = await runCli(['check', f, '--state', p, '--write-state']);
    assert.equal(r.code, 2, p);
    assert.match(r.err, why);
    assert.equal(r.err.trim().split('\n').length, 1, `${p}: one line`);
    assert.deepEqual(readFileSync(p), before, `${p} is left as it was`);
  }
  // a check without --write-state learns in memory and writes nothing
  const db = join(tmp, 'ro.db');
  await check(f, ['--state', db, '--write-state']);
  const before = readFileSync(db);
  const later = capture('sqlite-later.pcap', answer(T + DAY, ip('10.1.0.9'), mac('52:54:00:00:00:09')));
  const r = await check(later, ['--state', db]);
  assert.deepEqual(stationFindings(r.rep).map((x) => x.ip), ['10.1.0.9']);
  assert.deepEqual(readFileSync(db), before, 'a read-only check leaves the state as it was');
});

test('a JSON state of the first format is read, and converted to SQLite when a run writes (the JSON kept beside it)', async () => {
  const f = capture('v1.pcap', answer(T + DAY, A, A_NEW));
  const v1 = join(tmp, 'v1.json');
  const doc = { format: 'arpaudit-state', schemaVersion: 1, written: '', writtenBy: 'arpaudit 0.1.0', sensors: { capture: { created: '2025-01-06T09:00:00.000000Z', learnUntil: null, updated: '2025-01-06T09:01:00.000000Z', evicted: 0, groups: [], routers: [],
    stations: [{ vlanPath: [], ip: '10.1.0.5', macs: [{ mac: '52:54:00:00:00:05', vendor: '', firstSeen: '2025-01-06T09:00:00.000000Z', lastSeen: '2025-01-06T09:01:00.000000Z', learnedBy: ['reply'] }] }] } } };
  const text = JSON.stringify(doc);
  writeFileSync(v1, text);
  let r = await check(f, ['--state', v1]);
  assert.deepEqual(stationFindings(r.rep).filter((x) => x.ip === '10.1.0.5').map((x) => x.code), ['station.changed']);
  assert.equal(readFileSync(v1, 'utf8'), text, 'read-only: not converted');
  r = await check(f, ['--state', v1, '--write-state']);
  assert.match(r.err, /v1\.json: a JSON state of arpaudit 0\.1, converted to SQLite/);
  assert.equal(readFileSync(v1).subarray(0, 15).toString(), 'SQLite format 3');
  assert.equal(readFileSync(`${v1}.v1.json`, 'utf8'), text, 'the JSON is kept beside it');
  const s = readState(v1).sensors.capture!;
  assert.deepEqual(s.stations.find((x) => x.ip === '10.1.0.5')!.macs.map((m) => m.mac), ['52:54:00:00:00:05', '52:54:00:00:00:99']);
});

test('the station book is bounded: past --max-addresses stations the least recently seen are evicted, and counted', async () => {
  const frames: TimedFrame[] = [];
  for (let i = 0; i < 40; i++) frames.push(...answer(T + i * 1e6, ip(`10.2.0.${i + 1}`), mac(`52:54:00:00:01:${(i + 1).toString(16).padStart(2, '0')}`)));
  const state = join(tmp, 'bounded.json');
  const r = await check(capture('many.pcap', frames), ['--state', state, '--write-state', '--max-addresses', '16']);
  const s = readState(state).sensors.capture!;
  assert.ok(s.stations.length <= 16, `${s.stations.length} stations kept`);
  assert.equal(s.evicted + s.stations.length, 41, 'every station is kept or counted as evicted (40 hosts and the gateway)');
  assert.equal(r.rep.state!.evicted, s.evicted);
  assert.ok(s.stations.some((x) => x.ip === '10.2.0.40'), 'the most recent are kept');
});

test('arpwatch arp.dat: imported with its MAC forms and interfaces, exported back line for line', async () => {
  const dat = join(tmp, 'arp.dat');
  const lines = ['0:c:29:a:b:c\t10.3.0.10\t1700000000\thost-a\teth0', '52:54:00:12:34:56\t10.3.0.11\t1700000100\t\teth0', '52:54:00:12:34:57\t10.3.0.11\t1700000200\t\teth0', '52:54:00:aa:bb:cc\t192.168.9.1\t1700000300\t\teth1'];
  writeFileSync(dat, lines.join('\n') + '\n');
  const state = join(tmp, 'imported.json');
  const imp = await runCli(['state', 'import', dat, '--state', state]);
  assert.equal(imp.code, 0, imp.err);
  assert.match(imp.err, /imported 3 MAC\/IP pairs to sensor eth0, 1 MAC\/IP pair to sensor eth1/);
  const doc = readState(state);
  assert.deepEqual(Object.keys(doc.sensors).sort(), ['eth0', 'eth1']);
  assert.deepEqual(doc.sensors.eth0!.stations.find((s) => s.ip === '10.3.0.10')!.macs.map((m) => [m.mac, m.lastSeen, m.learnedBy]), [['00:0c:29:0a:0b:0c', '2023-11-14T22:13:20.000000Z', ['arpwatch']]]);
  const exp = await runCli(['state', 'export', '--state', state]);
  assert.equal(exp.code, 0);
  assert.deepEqual(exp.out.trim().split('\n'), ['00:0c:29:0a:0b:0c\t10.3.0.10\t1700000000\thost-a\teth0', ...lines.slice(1)], 'host names kept');
  // the older four-field lines (no interface) come back as they were: no interface is invented
  const old = join(tmp, 'old-arp.dat');
  writeFileSync(old, '52:54:00:00:00:31\t10.4.0.1\t1733300000\tprinter\n52:54:00:00:00:32\t10.4.0.2\t1733300001\t\n');
  const oldState = join(tmp, 'old.db');
  assert.equal((await runCli(['state', 'import', old, '--state', oldState])).code, 0);
  assert.deepEqual((await runCli(['state', 'export', '--state', oldState])).out, '52:54:00:00:00:31\t10.4.0.1\t1733300000\tprinter\n52:54:00:00:00:32\t10.4.0.2\t1733300001\t\n');
  // show and export of a state that does not exist: one line, exit 2 (no empty state)
  for (const cmd of [['show'], ['export']]) {
    const r = await runCli(['state', ...cmd, '--state', join(tmp, 'nonexist.db')]);
    assert.equal(r.code, 2, cmd[0]);
    assert.match(r.err, /nonexist\.db: no such state file/);
    assert.equal(r.out, '');
  }
  // a capture checked against the imported history: the known MAC is quiet, a new one is a change
  const f = capture('after-arpwatch.pcap', [...answer(Date.UTC(2023, 10, 20) * 1000, ip('10.3.0.10'), mac('00:0c:29:0a:0b:0c')), ...answer(Date.UTC(2023, 10, 20) * 1000 + 1e6, ip('10.3.0.11'), mac('52:54:00:00:00:01'))]);
  const r = await check(f, ['--state', state, '--sensor', 'eth0']);
  // (the gateway, 10.1.0.1, is new to this sensor)
  assert.deepEqual(stationFindings(r.rep).filter((x) => x.ip !== '10.1.0.1').map((x) => [x.code, x.ip]), [['station.changed', '10.3.0.11']]);
  // a bad line: its number, exit 2, the state untouched
  writeFileSync(dat, lines[0] + '\nnot a line\n');
  const before = readFileSync(state);
  const bad = await runCli(['state', 'import', dat, '--state', state]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /arp\.dat:2: not an arp\.dat line/);
  assert.deepEqual(readFileSync(state), before);
});
