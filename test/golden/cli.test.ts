// The CLI contract: exit codes, --expect, and the JSON report schema that CI
// users parse. Runs the real bin/ entry point as a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tmp = mkdtempSync(join(tmpdir(), 'arpaudit-cli-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/arpaudit.js', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('exit codes: 0 clean, 1 findings, 2 usage, 3 unreadable input', () => {
  assert.equal(cli('check', 'fixtures/lvs-dr-fixed.pcap').code, 0);
  assert.equal(cli('check', 'fixtures/demo-lvs-dr.pcap').code, 1);
  assert.equal(cli('check', 'fixtures/demo-lvs-dr.pcap', '--fail-on', 'none').code, 0);
  assert.equal(cli('check', 'fixtures/takeover-garp.pcap', '--fail-on', 'info').code, 1);
  assert.equal(cli('check', 'fixtures/takeover-garp.pcap').code, 0, 'info findings do not fail by default');
  const bad = cli('check', 'fixtures/demo-lvs-dr.pcap', '--window', 'soon');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /^arpaudit: option '--window <ms>' argument 'soon' is invalid\. --window takes a number of ms from 1 to 60,000 \(see --help\)\n$/);
  assert.equal(cli('check').code, 2);
  assert.equal(cli('frobnicate').code, 2);
  const missing = cli('check', 'no/such.pcap');
  assert.equal(missing.code, 3);
  assert.match(missing.err, /no\/such\.pcap: no such file/);
  assert.doesNotMatch(missing.err, /at .*\.js:\d+/, 'no stack trace');
  const trunc = cli('check', 'fixtures/broken-truncated.pcap');
  assert.equal(trunc.code, 3);
  assert.match(trunc.out, /arp\.race\.multi-responder/, 'what was read before the break is still reported');
  assert.match(trunc.err, /truncated record \(20 of 60 bytes\) at byte offset 860 \(frame 12\)/);
  assert.equal(cli('--help').code, 0);
  assert.match(cli('check', '--help').out, /Exit codes:/);
});

test('an empty capture is read, judged as nothing to analyse, and its finding carries no invented time', () => {
  const empty = join(tmp, 'empty.pcap');
  const hdr = Buffer.alloc(24);
  hdr.writeUInt32LE(0xa1b2c3d4, 0);
  hdr.writeUInt16LE(2, 4);
  hdr.writeUInt16LE(4, 6);
  hdr.writeUInt32LE(262144, 16);
  hdr.writeUInt32LE(1, 20);
  writeFileSync(empty, hdr);
  const r = cli('check', empty, '--format', 'json');
  assert.equal(r.code, 1, 'a warning fails the default gate');
  const rep = JSON.parse(r.out);
  assert.deepEqual(rep.findings.map((f: { code: string; first: string | null; last: string | null }) => [f.code, f.first, f.last]), [['capture.nothing-to-analyse', null, null]]);
  assert.deepEqual([rep.stats.first, rep.stats.last], [null, null]);
  assert.doesNotMatch(cli('check', empty).out, /1970|seen:/);
});

test('--expect: violations are findings; an invalid file names the field', () => {
  const ok = cli('check', 'fixtures/lvs-dr-fixed.pcap', '--expect', 'fixtures/demo-lvs-dr.expect.json', '--format', 'json');
  assert.equal(ok.code, 0, ok.out);
  const r = cli('check', 'fixtures/demo-lvs-dr.pcap', '--expect', 'fixtures/demo-lvs-dr.expect.json', '--format', 'json');
  assert.equal(r.code, 1);
  const rep = JSON.parse(r.out);
  const v = rep.findings.find((f: { code: string }) => f.code === 'expect.unexpected-mac');
  assert.deepEqual(v.macs, ['02:00:00:00:01:01', '02:00:00:00:01:02']);
  assert.equal(v.ip, '10.0.0.10');
  const silent = join(tmp, 'silent.json');
  writeFileSync(silent, JSON.stringify({ addresses: [{ ip: '10.0.0.10', vlan: 7, vrrp: 10 }] }));
  const s = JSON.parse(cli('check', 'fixtures/demo-lvs-dr.pcap', '--expect', silent, '--format', 'json').out);
  const sf = s.findings.find((f: { code: string }) => f.code === 'expect.owner-silent');
  assert.deepEqual([sf.ip, sf.vlan, sf.macs], ['10.0.0.10', 7, ['00:00:5e:00:01:0a']]);
  const bad = join(tmp, 'bad.json');
  writeFileSync(bad, JSON.stringify({ addresses: [{ ip: '10.0.0.10', macs: ['02:00:00:00:00:d0', 'zz:zz'] }] }));
  const b = cli('check', 'fixtures/demo-lvs-dr.pcap', '--expect', bad);
  assert.equal(b.code, 2);
  assert.match(b.err, /addresses\[0\]\.macs\[1\]: "zz:zz" is not a MAC address/);
  writeFileSync(bad, '{"addresses": [{"ip": "10.0.0.300", "macs": []}]}');
  assert.match(cli('check', 'fixtures/demo-lvs-dr.pcap', '--expect', bad).err, /addresses\[0\]\.ip: expected an IPv4 or IPv6 address/);
});

test('JSON report schema (public contract)', () => {
  const r = cli('check', 'fixtures/demo-lvs-dr.pcap', '--format', 'json');
  const rep = JSON.parse(r.out);
  assert.equal(rep.schemaVersion, 1);
  assert.deepEqual(Object.keys(rep), ['schemaVersion', 'tool', 'inputs', 'options', 'stats', 'summary', 'findings', 'failovers', 'vrrp', 'ipv6Routers', 'unanswered', 'evidenceFrames', 'addresses']);
  assert.deepEqual(rep.inputs[0], { file: 'fixtures/demo-lvs-dr.pcap', format: 'pcap', compressed: false, linktypes: ['EN10MB'], frames: 26, error: null });
  for (const k of ['frames', 'arpFrames', 'nonArpFrames', 'bytes']) assert.equal(typeof rep.stats[k], 'number', k);
  assert.deepEqual(Object.keys(rep.stats.kinds), ['request', 'reply', 'unsolicitedReply', 'garpRequest', 'garpReply', 'probe', 'announcement']);
  assert.ok(rep.findings.length >= 2);
  for (const f of rep.findings) {
    assert.match(f.code, /^[a-z]+(\.[a-z-]+)+$/);
    assert.ok(['info', 'notice', 'warning', 'error'].includes(f.severity));
    assert.ok(f.ip === null || /^\d+\.\d+\.\d+\.\d+$/.test(f.ip));
    assert.ok(f.vlan === null || Number.isInteger(f.vlan));
    for (const m of f.macs) assert.match(m, /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    assert.ok(f.frames.every((n: number) => Number.isInteger(n) && n >= 1));
    assert.match(f.first, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.match(f.last, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.ok(f.summary.length > 20 && f.summary.endsWith('.'));
    assert.equal(typeof f.details, 'object');
    assert.ok(f.fix.length > 10);
  }
  const race = rep.findings[0];
  assert.equal(race.code, 'arp.race.multi-responder', 'most severe first');
  assert.equal(race.details.raceWinner, '02:00:00:00:00:d0');
  assert.deepEqual(race.details.responders.map((x: { answered: number }) => x.answered), [6, 6, 4]);
  const vip = rep.addresses.find((a: { ip: string }) => a.ip === '10.0.0.10');
  assert.equal(vip.macs.length, 3);
  assert.deepEqual(Object.keys(vip.macs[0]), ['mac', 'virtual', 'first', 'last', 'firstFrame', 'lastFrame', 'counts', 'answeredRequests', 'firstAnswers']);
  assert.equal(vip.macs[0].counts.reply, 6);
});

test('npm start job: the demo prints the race with the fix', () => {
  const r = cli('check', 'fixtures/demo-lvs-dr.pcap', '--fail-on', 'none');
  assert.equal(r.code, 0);
  assert.match(r.out, /ERROR arp\.race\.multi-responder 10\.0\.0\.10/);
  assert.match(r.out, /arp_ignore=1/);
  assert.doesNotMatch(r.out, /\x1b\[/, 'no colour codes when stdout is not a terminal');
});

test('messages on stderr never carry raw control characters: a file name or an --expect key with ESC is shown escaped', () => {
  const bad = join(tmp, 'bad-key.json');
  writeFileSync(bad, '{"addresses":[{"ip":"10.0.0.1","\\u001b[31mred":1}]}');
  const r = cli('check', 'fixtures/demo-lvs-dr.pcap', '--expect', bad);
  assert.equal(r.code, 2);
  assert.match(r.err, /addresses\[0\]\.\\x1b\[31mred: unknown field/);
  const name = join(tmp, 'x\u001b[2Jy.pcap');
  const m = cli('check', name);
  assert.equal(m.code, 3);
  assert.ok(!m.err.includes('\u001b'), 'no raw ESC on stderr');
  assert.match(m.err, /x\\x1b\[2Jy\.pcap: no such file/);
});

test('colour: on a terminal unless NO_COLOR or --color never; --color always even into a pipe', { skip: spawnSync('sh', ['-c', 'command -v script']).status === 0 ? false : 'script (util-linux) is not installed' }, () => {
  const ESC = '\u001b[';
  // script gives the command a terminal as its standard output
  const onTty = (args: string, env: Record<string, string> = {}) => {
    const e: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!('NO_COLOR' in env)) delete e.NO_COLOR;
    delete e.FORCE_COLOR;
    // chalk leaves colour off under CI=true (a CI log is no terminal): the test is about a person's terminal
    for (const k of ['CI', 'GITHUB_ACTIONS', 'GITLAB_CI', 'BUILDKITE', 'TRAVIS', 'CIRCLECI', 'APPVEYOR', 'DRONE']) delete e[k];
    return spawnSync('script', ['-qec', `${process.execPath} bin/arpaudit.js check fixtures/demo-lvs-dr.pcap ${args}`, '/dev/null'], { encoding: 'utf8', env: e, timeout: 30_000 }).stdout;
  };
  assert.ok(onTty('').includes(ESC), 'colour on a terminal');
  assert.ok(!onTty('', { NO_COLOR: '1' }).includes(ESC), 'NO_COLOR on a terminal');
  assert.ok(!onTty('--color never').includes(ESC));
  assert.ok(onTty('--color always', { NO_COLOR: '1' }).includes(ESC), '--color always wins over NO_COLOR');
  assert.ok(!cli('check', 'fixtures/demo-lvs-dr.pcap').out.includes(ESC), 'no colour into a pipe');
  assert.ok(cli('check', 'fixtures/demo-lvs-dr.pcap', '--color', 'always').out.includes(ESC));
});

test('values out of range are refused with the range, never changed silently', () => {
  for (const [args, re] of [
    [['--max-addresses', '1'], /--max-addresses takes a whole number of addresses from 16 to 16,777,216/],
    [['--window', '1e20'], /--window takes a number of ms from 1 to 60,000/],
    [['--storm-rate', '2.5'], /--storm-rate takes a whole number of GARPs per second/],
    [['--scan-targets', '1'], /--scan-targets takes a whole number of addresses from 2 to 65,536/],
  ] as const) {
    const r = cli('check', 'fixtures/demo-lvs-dr.pcap', ...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, re);
    assert.equal(r.err.split('\n').length, 2, 'one line');
    assert.equal(r.out, '');
  }
  assert.match(cli('live', '--ring-bits', '99').err, /--ring-bits takes a whole number of bits \(2\^n slots\) from 4 to 20/);
  assert.match(cli('replay', 'fixtures/demo-lvs-dr.pcap', '--max', '--speed', '2').err, /option '--max' cannot be used with option '--speed <n>'/);
  assert.match(cli('probe', '-i', 'lo', '--vlan', '4095', '10.0.0.1').err, /--vlan takes a VLAN ID from 1 to 4,094/);
});

test('help: a bare arpaudit prints the help and is a usage error (exit 2); each command lists its own exit codes and examples', () => {
  const bare = cli();
  assert.equal(bare.code, 2);
  assert.equal(bare.err, '');
  assert.match(bare.out, /^Usage: arpaudit/);
  assert.match(bare.out, /Exit codes/);
  const top = cli('--help');
  assert.equal(top.code, 0);
  assert.match(top.out, /^Usage: arpaudit/);
  const check = cli('check', '--help').out;
  assert.match(check, /Examples:\n {2}arpaudit check incident\.pcap/);
  assert.match(check, / 3 {2}an input unreadable/);
  assert.doesNotMatch(check, /probe|host:/, 'no other command\'s codes');
  const probe = cli('probe', '--help').out;
  assert.match(probe, / 5 {2}some IP not answered/);
  assert.doesNotMatch(probe, / 3 {2}/, 'probe reads no file');
  assert.match(cli('live', '--help').out, / 4 {2}capture unavailable/);
});

test('tcpdump habits: -r FILE (repeatable), -n accepted; no input at all is a usage error', () => {
  const r = cli('check', '-n', '-r', 'fixtures/demo-lvs-dr.pcap', '-r', 'fixtures/lvs-dr-fixed.pcap', '--format', 'json');
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.out).reports.map((x: { inputs: { file: string }[] }) => x.inputs[0]!.file), ['fixtures/demo-lvs-dr.pcap', 'fixtures/lvs-dr-fixed.pcap']);
  const none = cli('check');
  assert.equal(none.code, 2);
  assert.match(none.err, /no capture given: arpaudit check FILE\.\.\., -r FILE, or - for standard input/);
});

test('text: the address table fits 100 columns with QinQ and VXLAN segments aligned, and vendors are named under it', () => {
  for (const f of ['fixtures/race-qinq.pcap', 'fixtures/vlans.pcap', 'fixtures/tunnels.pcap', 'fixtures/glbp-balancing.pcap']) {
    const out = cli('check', f, '--addresses', 'all').out;
    const table = out.slice(out.indexOf('\naddresses')).split('\n\n')[0]!.split('\n').slice(2);
    const head = table[0]!;
    const macAt = head.indexOf('MAC');
    for (const l of table.filter((x) => /([0-9a-f]{2}:){5}[0-9a-f]{2}  /.test(x))) {
      assert.ok(l.length <= 100, `${f}: ${l.length} columns: ${l}`);
      assert.match(l.slice(macAt, macAt + 17), /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/, `${f}: MAC column aligned: ${l}`);
    }
  }
  assert.match(cli('check', 'fixtures/glbp-balancing.pcap', '--addresses', 'all').out, /^ {4}GLBP group 1 forwarder 1 \(virtual\): 00:07:b4:00:01:01$/m);
});

test('--expect with IPv6 addresses: checked against neighbour discovery; a bad IPv6 address is refused', () => {
  const exp = join(tmp, 'expect6.json');
  writeFileSync(exp, JSON.stringify({ addresses: [
    { ip: '2001:db8::10', macs: ['02:00:00:00:00:d0'], note: 'only the director answers for the VIP' },
    { ip: '2001:db8::99', macs: ['02:00:00:00:00:99'] },
  ] }));
  const r = cli('check', 'fixtures/nd-race.pcap', '--expect', exp, '--format', 'json');
  assert.equal(r.code, 1);
  const f = (JSON.parse(r.out) as { findings: { code: string; ip: string; macs: string[]; details: { seen?: boolean } }[] }).findings;
  const un = f.find((x) => x.code === 'expect.unexpected-mac');
  assert.deepEqual([un?.ip, un?.macs], ['2001:db8::10', ['02:00:00:00:01:01']]);
  const silent = f.find((x) => x.code === 'expect.owner-silent');
  assert.deepEqual([silent?.ip, silent?.details.seen], ['2001:db8::99', false]);
  writeFileSync(exp, JSON.stringify({ addresses: [{ ip: '2001:db8:::1', macs: ['02:00:00:00:00:d0'] }] }));
  const bad = cli('check', 'fixtures/nd-race.pcap', '--expect', exp);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /addresses\[0\]\.ip: expected an IPv4 or IPv6 address, got "2001:db8:::1"/);
});

test('JSON files that are not JSON: one line naming the file and the place, never their bytes; a failed write leaves nothing behind', async () => {
  const { mkdirSync, readdirSync } = await import('node:fs');
  const cases: [string, Buffer | string, RegExp][] = [
    ['capture.json', Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0]), /is a pcap capture, not expectations \(a JSON document\)/],
    ['broken.json', '{\n  "addresses": [\n    { "ip": "10.0.0.1" ,, }\n  ]\n}\n', /expectations is not valid JSON at line 3, column \d+/],
    ['empty.json', '', /expectations is not valid JSON: the file is empty/],
    ['cut.json', '{ "addresses": [', /expectations is not valid JSON: it ends too early/],
  ];
  for (const [name, content, why] of cases) {
    const p = join(tmp, name);
    writeFileSync(p, content);
    const r = cli('check', 'fixtures/demo-lvs-dr.pcap', '--expect', p);
    assert.equal(r.code, 2, name);
    assert.match(r.err, why, name);
    assert.equal(r.err.trim().split('\n').length, 1, `${name}: one line`);
    assert.ok(!/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufffd]/.test(r.err), `${name}: no raw bytes`);
  }
  // a byte-order mark before the document is fine
  const bom = join(tmp, 'bom.json');
  writeFileSync(bom, '\uFEFF{ "addresses": [ { "ip": "10.0.0.10", "macs": ["02:00:00:00:00:d0"] } ] }');
  assert.notEqual(cli('check', 'fixtures/demo-lvs-dr.pcap', '--expect', bom).code, 2);
  // --write-baseline onto a directory: exit 2, no temporary file left beside it
  const dir = join(tmp, 'a-dir');
  mkdirSync(dir);
  const w = cli('check', 'fixtures/demo-lvs-dr.pcap', '--write-baseline', dir);
  assert.equal(w.code, 2, w.err);
  assert.deepEqual(readdirSync(tmp).filter((n) => n.startsWith('a-dir.tmp-')), []);
});
