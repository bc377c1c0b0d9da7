// The CI gate: stable finding ids, baselines that accept known findings (a
// known race passes, a new one fails, an expired entry fails again, a fixed
// one is listed), the one-line verdict on stderr, and a baseline file with a
// wrong field refused with its name. Runs the real bin/ entry point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';

const tmp = mkdtempSync(join(tmpdir(), 'arpaudit-baseline-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/arpaudit.js', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Finding { id: string; code: string; ip: string | null; macs: string[]; baseline?: string }
const json = (r: { out: string }) => JSON.parse(r.out) as { findings: Finding[]; baseline?: { new: number; known: number; expired: number; fixed: { id: string; note?: string }[] }; summary: { baseline?: { fixed: unknown[] } } };

test('finding ids are stable: the same problem in another capture has the same id; another MAC set does not', () => {
  const a = json(cli('check', 'fixtures/demo-lvs-dr.pcap', '--format', 'json'));
  const b = json(cli('check', 'fixtures/demo-lvs-dr.pcap.gz', '--format', 'json'));
  const race = (r: typeof a) => r.findings.find((f) => f.code === 'arp.race.multi-responder')!;
  assert.match(race(a).id, /^[0-9a-f]{16}$/);
  assert.equal(race(a).id, race(b).id, 'the same race, gzipped');
  // the race fixture in every container has the same MACs: the same id, so one baseline serves them all
  const sll = json(cli('check', 'fixtures/race-sll.pcap', '--format', 'json'));
  const qinq = json(cli('check', 'fixtures/race-qinq.pcap', '--format', 'json'));
  assert.notEqual(race(sll).id, race(qinq).id, 'the same race in QinQ 100.10 is in another segment: another id');
  assert.equal(new Set(a.findings.map((f) => f.id)).size, a.findings.length, 'ids are distinct within a report');
  assert.match(cli('check', 'fixtures/demo-lvs-dr.pcap').out, new RegExp(`id: ${race(a).id}`), 'the text report shows the id');
});

test('a baseline makes a known race pass and a new finding fail; expired entries fail again; fixed ones are listed', () => {
  const base = join(tmp, 'base.json');
  const w = cli('check', 'fixtures/demo-lvs-dr.pcap', '--write-baseline', base);
  assert.equal(w.code, 0, 'writing a baseline accepts what it wrote');
  assert.match(w.err, /wrote baseline .*base\.json: 2 accepted findings/);
  // the findings the write accepted are not "known": no baseline knew them before this run
  assert.match(w.out, /\[accepted now\]/);
  assert.doesNotMatch(w.out, /\[known\]/);
  assert.match(w.out, /baseline .*base\.json: 0 new, 0 known, 2 accepted now, 0 expired/);
  assert.match(w.err, /2 accepted \(written to the baseline\) -> exit 0/);
  const wj = json(cli('check', 'fixtures/demo-lvs-dr.pcap', '--write-baseline', join(tmp, 'base2.json'), '--format', 'json'));
  assert.deepEqual(wj.findings.map((f) => f.baseline), ['accepted', 'accepted']);
  const doc = JSON.parse(readFileSync(base, 'utf8')) as { findings: { id: string; code: string; note?: string; expires?: string }[] };
  assert.ok(new Ajv2020({ strict: true, allowUnionTypes: true }).validate(JSON.parse(readFileSync('docs/baseline.schema.json', 'utf8')), doc), 'the written file validates against docs/baseline.schema.json');

  const known = cli('check', 'fixtures/demo-lvs-dr.pcap', '--baseline', base, '--format', 'json');
  assert.equal(known.code, 0, 'the known race passes');
  const k = json(known);
  assert.deepEqual(k.findings.map((f) => f.baseline), ['known', 'known']);
  assert.deepEqual([k.baseline!.new, k.baseline!.known, k.baseline!.expired, k.baseline!.fixed.length], [0, 2, 0, 0]);
  assert.equal(known.err.trim(), 'arpaudit: 1 input, 2 known (baseline) -> exit 0');

  // another capture: its race (other MACs) is new, the demo's entries are fixed
  const other = cli('check', 'fixtures/race-qinq.pcap', '--baseline', base, '--format', 'json');
  assert.equal(other.code, 1, 'a new race fails');
  const o = json(other);
  assert.ok(o.findings.some((f) => f.code === 'arp.race.multi-responder' && f.baseline === 'new'));
  assert.equal(o.baseline!.fixed.length, 2, 'the demo race and leak are not in this capture: fixed');
  assert.match(other.err, /^arpaudit: 1 input, 1 error.* -> exit 1$/m);

  // the same findings with an expiry date in the past fail again; one in the future does not
  assert.equal(doc.findings[0]!.code, 'arp.leak.vip-sender', 'entries are sorted by code');
  doc.findings[0]!.expires = '2001-01-01';
  doc.findings[0]!.note = 'INC-1234: waiting for the sysctl change';
  doc.findings[1]!.expires = '2999-12-31';
  writeFileSync(base, JSON.stringify(doc));
  const exp = cli('check', 'fixtures/demo-lvs-dr.pcap', '--baseline', base, '--format', 'json');
  const e = json(exp);
  assert.equal(e.baseline!.expired, 1);
  assert.equal(exp.code, 1, 'an expired entry fails the run again');
  assert.match(cli('check', 'fixtures/demo-lvs-dr.pcap', '--baseline', base).out, /\[baseline entry expired\]/);

  // rewriting keeps the note and the date
  const again = join(tmp, 'again.json');
  cli('check', 'fixtures/demo-lvs-dr.pcap', '--baseline', base, '--write-baseline', again);
  const kept = JSON.parse(readFileSync(again, 'utf8')).findings.find((x: { id: string }) => x.id === doc.findings[0]!.id);
  assert.deepEqual([kept.note, kept.expires], ['INC-1234: waiting for the sysctl change', '2001-01-01']);

  // several inputs: the baseline verdict is over all of them
  const sep = cli('check', 'fixtures/demo-lvs-dr.pcap', 'fixtures/lvs-dr-fixed.pcap', '--baseline', again, '--format', 'json');
  assert.equal(json(sep).summary.baseline!.fixed.length, 0);
  assert.match(sep.err, /^arpaudit: 2 inputs, 1 warning, 1 info, 1 known \(baseline\) -> exit 1$/m);
});

test('a baseline file with a wrong field is refused with its name (exit 2), never half used', () => {
  const bad = join(tmp, 'bad.json');
  writeFileSync(bad, JSON.stringify({ schemaVersion: 1, findings: [{ id: 'zz', code: 'arp.race.multi-responder', ip: null, vlanPath: [], macs: [] }] }));
  const r = cli('check', 'fixtures/demo-lvs-dr.pcap', '--baseline', bad);
  assert.equal(r.code, 2);
  assert.equal(r.out, '', 'no report');
  assert.match(r.err, /^arpaudit: invalid baseline: .*bad\.json: findings\[0\]\.id: must be 16 hex digits/);
  writeFileSync(bad, '{"schemaVersion": 1, "findings": [{"id": "0123456789abcdef", "code": "x", "ip": null, "vlanPath": [], "macs": [], "expires": "next week"}]}');
  assert.match(cli('check', 'fixtures/demo-lvs-dr.pcap', '--baseline', bad).err, /findings\[0\]\.expires: must be a YYYY-MM-DD date/);
  assert.match(cli('check', 'fixtures/demo-lvs-dr.pcap', '--baseline', join(tmp, 'none.json')).err, /cannot read the baseline \(ENOENT\)/);
});

test('the one-line verdict is on stderr in every format, and stdout stays the report', () => {
  const text = cli('check', 'fixtures/demo-lvs-dr.pcap');
  const js = cli('check', 'fixtures/demo-lvs-dr.pcap', '--format', 'json');
  for (const r of [text, js]) assert.equal(r.err, 'arpaudit: 1 input, 1 error, 1 warning -> exit 1\n');
  JSON.parse(js.out);
  assert.equal(cli('check', 'fixtures/lvs-dr-fixed.pcap').err, 'arpaudit: 1 input, 1 info -> exit 0\n');
  assert.equal(cli('check', 'fixtures/glbp-balancing.pcap').err, 'arpaudit: 1 input, no findings -> exit 0\n');
  const broken = cli('check', 'fixtures/broken-truncated.pcap');
  assert.match(broken.err, /arpaudit: 1 input, 1 unreadable, .* -> exit 3\n$/);
});

test('finding ids are 64-bit FNV-1a: the published test vectors', async () => {
  const { fnv1a64 } = await import('../../src/report/fingerprint.js');
  assert.equal(fnv1a64(''), 'cbf29ce484222325');
  assert.equal(fnv1a64('a'), 'af63dc4c8601ec8c');
  assert.equal(fnv1a64('foobar'), '85944171f73967e8');
});

test('CI outputs agree on a truncated input under a baseline: the text summary and the verdict line count alike; JUnit has an error, not also a failure; frames lists end in …', () => {
  const base = join(tmp, 'trunc-base.json');
  // accept one of the findings: the other stays new
  cli('check', 'fixtures/broken-truncated.pcap', '--write-baseline', base);
  const doc = JSON.parse(readFileSync(base, 'utf8')) as { findings: unknown[] };
  assert.ok(doc.findings.length >= 2, 'two findings read before the break');
  doc.findings = doc.findings.slice(0, 1);
  writeFileSync(base, JSON.stringify(doc));
  const junitFile = join(tmp, 'trunc.xml');
  const r = cli('check', 'fixtures/broken-truncated.pcap', '--baseline', base, '--junit', junitFile);
  assert.equal(r.code, 3);
  const summary = /^summary: (.*) \(fail on warning\)$/m.exec(r.out)![1]!;
  const verdict = /^arpaudit: 1 input, 1 unreadable, (.*) -> exit 3$/m.exec(r.err)![1]!;
  assert.equal(summary, verdict, 'stdout and stderr count the same findings');
  assert.match(summary, /1 known \(baseline\)/);
  const xml = readFileSync(junitFile, 'utf8');
  const input = /<testcase classname="arpaudit.check"[^]*?<\/testcase>/.exec(xml)![0];
  assert.match(input, /<error message="[^"]*truncated/);
  assert.doesNotMatch(input, /<failure/, 'an unreadable input is an error, not also a failure');
  // a long evidence list in the job summary says there is more
  const s = spawnSync(process.execPath, ['bin/arpaudit.js', 'check', 'fixtures/arp-scan.pcap', '--github'], { encoding: 'utf8', env: { ...process.env, GITHUB_STEP_SUMMARY: join(tmp, 'summary.md') } });
  assert.ok(s.status === 1, s.stderr);
  assert.match(readFileSync(join(tmp, 'summary.md'), 'utf8'), /\| \d+, \d+, \d+, \d+, \d+, \d+, … \|/);
});
