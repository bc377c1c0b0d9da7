// `arpaudit live` against the real kernel: LVS-DR real servers in network
// namespaces, captured by arpaudit inside the bridge namespace through
// libpcap (cap). Also: the --write file read back by `check`, tcpdump beside
// it counting the same frames, a raw-socket ARP flood, privilege drop, and
// the error exits.
import { assertValid } from '../helpers/schemas.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { Lan, LVS_VIP as VIP, lvsCluster, netnsUnavailable, sh } from '../helpers/netns.js';
import { runCli } from '../helpers/golden.js';
import { CaptureReader, FRAME, NEED_DATA } from '../../src/pcap/reader.js';

function capUnavailable(): string | null {
  try {
    createRequire(import.meta.url)('cap');
    return null;
  } catch (e) {
    return `the optional cap package is not built (${(e as Error).message.split('\n')[0]}): apt-get install libpcap-dev && npm rebuild cap`;
  }
}

const why = netnsUnavailable() ?? capUnavailable();
const tmp = mkdtempSync(join(tmpdir(), 'arpaudit-live-'));
chmodSync(tmp, 0o777);
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const BIN = resolve('bin/arpaudit.js');

interface Run {
  code: number | null;
  lines: Record<string, unknown>[];
  err: string;
  proc: ChildProcess;
}

/** Starts `arpaudit live` in the bridge namespace; resolves once it is capturing. `output()` is its stdout so far. */
async function startLive(lan: Lan, args: string[]): Promise<{ proc: ChildProcess; done: Promise<Run>; output: () => string }> {
  const proc = spawn('ip', ['netns', 'exec', lan.br, process.execPath, BIN, 'live', '-i', 'br0', '--no-tui', '--format', 'json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  let started: () => void;
  const ready = new Promise<void>((r) => (started = r));
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('"type":"start"')) started();
  });
  const done = new Promise<Run>((res) => {
    proc.on('exit', (code) => {
      started();
      const lines = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      // every NDJSON event validates against the published schema
      lines.forEach((l, i) => assertValid('events', l, `live event ${i + 1} (${String(l.type)})`));
      res({ code, lines, err, proc });
    });
  });
  const t = setTimeout(() => proc.kill('SIGKILL'), 60_000);
  done.finally(() => clearTimeout(t));
  await Promise.race([ready, new Promise((r) => setTimeout(r, 15_000))]);
  return { proc, done, output: () => out };
}

/** Waits until `seen()` holds or `ms` pass; says whether it held. */
async function until(seen: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!seen() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return seen();
}

function askForVip(lan: Lan, ns: string, rounds: number): void {
  for (let i = 0; i < rounds; i++) {
    lan.exec(ns, ['ip', 'neigh', 'flush', 'all']);
    lan.exec(ns, ['sh', '-c', `arping -b -c 2 -I eth0 ${VIP} >/dev/null || true; ping -c 1 -W 1 ${VIP} >/dev/null || true`], 10_000);
  }
}

/** The ARP frames of a capture: time (µs) and bytes. */
async function arpFrames(file: string): Promise<{ us: number; hex: string }[]> {
  const r = CaptureReader.open(file);
  const out: { us: number; hex: string }[] = [];
  for (;;) {
    const s = r.next();
    if (s === FRAME) {
      const et = r.buf.readUInt16BE(r.off + 12);
      if (et === 0x0806 || (et === 0x8100 && r.buf.readUInt16BE(r.off + 16) === 0x0806)) out.push({ us: r.tsUs, hex: r.buf.subarray(r.off, r.off + r.caplen).toString('hex') });
    } else if (s === NEED_DATA) await r.fill();
    else break;
  }
  assert.equal(r.error, null, `${file} reads cleanly`);
  return out;
}

type Finding = { code: string; ip: string | null; macs: string[]; count: number };

test('live, LVS-DR with default sysctls: findings as they happen, the race with exactly the answering MACs, and the --write file replays to the same report', { skip: why ?? false, timeout: 120_000 }, async () => {
  const { lan, client, dir, rs } = lvsCluster('lr', false);
  try {
    const file = join(tmp, 'live-race.pcap');
    const tfile = join(tmp, 'live-race-tcpdump.pcap');
    const tcpdump = await lan.capture(tfile);
    const { done } = await startLive(lan, ['--duration', '7', '--write', file]);
    const startedUs = Date.now() * 1000;
    askForVip(lan, client.ns, 3);
    const run = await done;
    const stoppedUs = Date.now() * 1000;
    await lan.stop(tcpdump);
    assert.equal(run.code, 1, run.err);
    assert.equal(run.lines[0]!.type, 'start');
    const raised = run.lines.filter((l) => l.type === 'finding') as unknown as Finding[];
    assert.ok(raised.some((f) => f.code === 'arp.race.multi-responder' && f.ip === VIP), 'the race is printed when it is raised');
    const report = run.lines[run.lines.length - 1] as unknown as { type: string; findings: Finding[]; capture: Record<string, number>; stats: { arpFrames: number } };
    assert.equal(report.type, 'report');
    const race = report.findings.find((f) => f.code === 'arp.race.multi-responder')!;
    assert.deepEqual([...race.macs].sort(), [dir.mac, ...rs.map((r) => r.mac)].sort());
    assert.equal(report.capture.ringDrops, 0);
    // the evidence file gives the same findings
    const replay = JSON.parse((await runCli(['check', file, '--format', 'json'])).out) as { findings: Finding[] };
    const key = (fs: Finding[]) => fs.map((f) => [f.code, f.ip, f.macs, f.count]);
    assert.deepEqual(key(replay.findings), key(report.findings));
    // tcpdump beside it saw the same ARP frames while both were capturing
    // (tcpdump starts before and stops after arpaudit: compare the common window)
    // (the default filter keeps the namespaces' own IPv6 neighbour discovery too: compare the ARP)
    const ours = await arpFrames(file);
    assert.equal(ours.length, report.stats.arpFrames);
    assert.ok(ours.length >= 9, `${ours.length} ARP frames`);
    const theirs = await arpFrames(tfile);
    // the window ends a second before the last frame arpaudit stamped (its stamps come after the
    // kernel's), not at the process exit: on a loaded machine the report can take a while after the capture stops
    const lastOurs = ours.length ? ours[ours.length - 1]!.us : 0;
    const inWindow = theirs.filter((f) => f.us > startedUs + 200_000 && f.us < Math.min(stoppedUs - 500_000, lastOurs - 1_000_000)).map((f) => f.hex);
    const mine = ours.map((f) => f.hex);
    for (const h of mine) assert.ok(theirs.some((f) => f.hex === h), 'every frame arpaudit wrote is in tcpdump\'s capture');
    const count = (l: string[], h: string) => l.filter((x) => x === h).length;
    for (const h of new Set(inWindow)) assert.ok(count(mine, h) >= count(inWindow, h), 'every frame tcpdump saw while arpaudit ran is in arpaudit\'s capture');
    assert.ok(inWindow.length >= 9, `${inWindow.length} frames in the common window`);
  } finally {
    lan.close();
  }
});

test('live, arp_ignore=1 and arp_announce=2: only the director answers, exit 0', { skip: why ?? false, timeout: 120_000 }, async () => {
  const { lan, client, dir } = lvsCluster('lf', true);
  try {
    const { done } = await startLive(lan, ['--duration', '5']);
    askForVip(lan, client.ns, 2);
    const run = await done;
    assert.equal(run.code, 0, run.err);
    const report = run.lines[run.lines.length - 1] as unknown as { findings: Finding[]; addresses: { ip: string; macs: { mac: string }[] }[] };
    assert.ok(!report.findings.some((f) => /^arp\.(race|binding|leak)/.test(f.code)));
    assert.deepEqual(report.addresses.find((a) => a.ip === VIP)!.macs.map((m) => m.mac), [dir.mac]);
  } finally {
    lan.close();
  }
});

test('live under an ARP flood: every frame sent is analysed or counted as a ring or kernel drop; bounded memory; SIGINT ends it', { skip: why ?? false, timeout: 120_000 }, async (t) => {
  const lan = new Lan('fl');
  try {
    const f = lan.host('f', '10.77.0.66');
    // random addresses collide now and then (real flip-flops), so the verdict is not the point here
    // ARP only: the hosts' own IPv6 neighbour discovery would add frames nobody sent on purpose
    const { proc, done } = await startLive(lan, ['--ring-bits', '4', '--fail-on', 'none', '--filter', 'arp']);
    let peakKb = 0;
    const sample = setInterval(() => {
      try {
        // `ip netns exec` execs in place: the child's pid is node's
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        /* exited */
      }
    }, 200);
    // frames the veth pair itself drops on a loaded machine (its backlog) never reach the capture: counted apart
    const dropped = () => linkDrops(f.ns, 'eth0', 'tx') + linkDrops(lan.br, 'p-f', 'rx');
    const before = dropped();
    // arpaudit is frozen for the first 1.5 s of the 3 s flood, so the kernel's capture buffer
    // overflows: those drops must be counted too (pcap_stats), not vanish
    const flooder = spawn('ip', ['netns', 'exec', f.ns, 'python3', resolve('test/helpers/arpflood.py'), 'eth0', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let floodOut = '';
    let floodErr = '';
    flooder.stdout.on('data', (b: Buffer) => (floodOut += b.toString()));
    flooder.stderr.on('data', (b: Buffer) => (floodErr += b.toString()));
    proc.kill('SIGSTOP');
    const resume = setTimeout(() => proc.kill('SIGCONT'), 1500);
    const floodTimer = setTimeout(() => flooder.kill('SIGKILL'), 30_000);
    await new Promise((r) => flooder.on('exit', r));
    clearTimeout(floodTimer);
    clearTimeout(resume);
    proc.kill('SIGCONT');
    const flood = { stdout: floodOut, stderr: floodErr };
    const sent = Number(flood.stdout.trim());
    assert.ok(sent > 20_000, `flood sent ${sent} frames (${flood.stderr})`);
    const t0 = Date.now();
    proc.kill('SIGINT');
    const run = await done;
    clearInterval(sample);
    assert.ok(Date.now() - t0 < 10_000, 'exits promptly on SIGINT after a flood');
    assert.equal(run.code, 0, run.err);
    const report = run.lines[run.lines.length - 1] as unknown as { type: string; capture: { frames: number; ringDrops: number; kernelDrops: number }; stats: Record<string, number> };
    assert.equal(report.type, 'report');
    const c = report.capture;
    assert.ok(c.ringDrops > 0, `ring drops are counted (${JSON.stringify(c)})`);
    assert.equal(typeof c.kernelDrops, 'number', `kernel drops are known with the patched cap (${JSON.stringify(c)})`);
    assert.ok(c.kernelDrops > 0, `the frozen seconds overflowed the kernel's buffer: ${c.kernelDrops} kernel drops`);
    // every frame sent is accounted for: analysed, dropped at the ring, dropped by the kernel's capture buffer
    // (pcap_stats), or dropped by the veth pair before any capture could see it
    const linkLost = dropped() - before;
    assert.equal(c.frames + c.ringDrops + c.kernelDrops + linkLost, sent, `frames ${c.frames} + ring drops ${c.ringDrops} + kernel drops ${c.kernelDrops} + link drops ${linkLost} vs sent ${sent}`);
    const lost = (report as unknown as { findings: { code: string; details: { ringDrops: number } }[] }).findings.find((x) => x.code === 'capture.frames-lost');
    assert.ok(lost && lost.details.ringDrops === c.ringDrops, 'the loss is reported beside the findings');
    assert.equal(report.stats.arpFrames, c.frames);
    assert.ok(peakKb > 0 && peakKb < 300 * 1024, `peak RSS ${peakKb} kB`);
    t.diagnostic(`flood: sent ${sent} frames in 3 s; analysed ${c.frames}, ring drops ${c.ringDrops} (16-slot ring), kernel drops ${c.kernelDrops}, link drops ${linkLost}, peak RSS ${Math.round(peakKb / 1024)} MiB`);
  } finally {
    lan.close();
  }
});

test('live: another MAC claiming the capturing interface\'s own address is an error, with that MAC', { skip: why ?? false, timeout: 120_000 }, async () => {
  const lan = new Lan('ow');
  try {
    const x = lan.host('x', '10.77.0.70');
    // the capturing interface holds 10.77.0.1; x claims it with gratuitous ARP (arping -U needs ip_nonlocal_bind to send it)
    sh('ip', ['-n', lan.br, 'addr', 'add', '10.77.0.1/24', 'dev', 'br0']);
    sh('ip', ['netns', 'exec', x.ns, 'sysctl', '-qw', 'net.ipv4.ip_nonlocal_bind=1']);
    const { done } = await startLive(lan, ['--duration', '6', '--fail-on', 'none']);
    sh('ip', ['netns', 'exec', x.ns, 'arping', '-q', '-U', '-c', '2', '-w', '3', '-I', 'eth0', '-s', '10.77.0.1', '10.77.0.1'], 10_000);
    const run = await done;
    const report = run.lines[run.lines.length - 1] as unknown as { findings: Finding[] };
    const f = report.findings.find((y) => y.code === 'arp.claim.own-address');
    assert.ok(f, `own-address claim reported (${report.findings.map((y) => y.code).join(', ')})`);
    assert.equal(f.ip, '10.77.0.1');
    assert.deepEqual(f.macs, [x.mac]);
    assert.ok(run.lines.some((l) => l.type === 'finding' && (l as { code?: string }).code === 'arp.claim.own-address'), 'raised as it happened');
  } finally {
    lan.close();
  }
});

test('live: an HSRP coup by a host never heard in the group is a vrrp.hijack finding event while the capture runs, naming the host', { skip: why ?? false, timeout: 120_000 }, async () => {
  const { ethArp, ethHsrp } = await import('../lab/frames.js');
  const { parseIp, parseMac } = await import('../../src/util/addr.js');
  const lan = new Lan('hc');
  try {
    const gw = lan.host('g', '10.77.0.2');
    const evil = lan.host('e', '10.77.0.66');
    const vip = parseIp('10.77.0.254');
    const vmac = parseMac('00:00:0c:07:ac:01');
    const { proc, done, output } = await startLive(lan, ['--duration', '60', '--fail-on', 'none']);
    // the real active gateway says hello from the group's virtual MAC
    lan.sendRaw(gw.ns, [0, 1, 2].map(() => ethHsrp({ src: vmac, srcIp: parseIp(gw.ip), group: 1, state: 16, priority: 150, vip })));
    // the attacker's first word in the group is a coup at priority 255, then GARPs for the VIP from its own MAC
    const em = parseMac(evil.mac);
    lan.sendRaw(evil.ns, [ethHsrp({ src: em, srcIp: parseIp(evil.ip), group: 1, state: 4, priority: 255, vip, opcode: 1 }), ...[0, 1, 2].map(() => ethArp({ op: 'request', sha: em, spa: vip, tpa: vip, dst: 0xffffffffffff }))]);
    // the finding arrives while the capture still runs: nothing ends it but this wait
    assert.ok(await until(() => output().includes('"code":"vrrp.hijack"'), 30_000), `vrrp.hijack raised live before the capture ended; events: ${output().slice(0, 2000)}`);
    assert.ok(!output().includes('"type":"report"'), 'before the report');
    proc.kill('SIGINT');
    const run = await done;
    const event = run.lines.find((l) => l.type === 'finding' && (l as { code?: string }).code === 'vrrp.hijack') as unknown as Finding;
    assert.equal(event.ip, '10.77.0.254');
    assert.ok(event.macs.includes(evil.mac), `names the attacker ${evil.mac}: ${event.macs.join(', ')}`);
    const report = run.lines[run.lines.length - 1] as unknown as { findings: Finding[] };
    const codes = report.findings.map((f) => f.code);
    assert.ok(codes.includes('vrrp.hijack'), `the same code in the final report: ${codes.join(', ')}`);
    assert.ok(!codes.includes('vrrp.failover'), 'never a healthy failover');
  } finally {
    lan.close();
  }
});

test('live on a quiet wire: a VRRP failover\'s verdict arrives when its GARP wait is over, with no frame after the takeover', { skip: why ?? false, timeout: 120_000 }, async () => {
  const { ethArp, ethVrrp } = await import('../lab/frames.js');
  const { parseIp, parseMac } = await import('../../src/util/addr.js');
  const lan = new Lan('qw');
  try {
    const r1 = lan.host('a', '10.77.0.2');
    const r2 = lan.host('b', '10.77.0.3');
    const vip = parseIp('10.77.0.254');
    const advert = (h: { mac: string; ip: string }, priority: number) => ethVrrp({ version: 2, src: parseMac(h.mac), srcIp: parseIp(h.ip), vrid: 51, priority, intervalMs: 1000, vips: [vip] });
    const { proc, done, output } = await startLive(lan, ['--duration', '60', '--fail-on', 'none', '--filter', 'arp or vrrp']);
    // the master advertises, then stops; the backup takes over after Master_Down_Interval and announces the VIP
    lan.sendRaw(r1.ns, [0, 1, 2].map(() => advert(r1, 150)), '1', 30_000);
    await new Promise((r) => setTimeout(r, 3700));
    const m2 = parseMac(r2.mac);
    lan.sendRaw(r2.ns, [advert(r2, 100), ...[0, 1, 2, 3, 4].map(() => ethArp({ op: 'request', sha: m2, spa: vip, tpa: vip, dst: 0xffffffffffff }))], '0.01', 30_000);
    // then the wire is quiet: nothing but the clock can bring the verdict (due 3 s after the takeover)
    await until(() => /"code":"vrrp\.failover[.a-z]*"/.test(output()), 15_000);
    assert.match(output(), /"code":"vrrp\.failover[.a-z]*"/, `the failover verdict arrived while the wire was quiet: ${output().slice(-1500)}`);
    assert.ok(!output().includes('"type":"report"'), 'before the capture ended');
    proc.kill('SIGINT');
    const run = await done;
    const report = run.lines[run.lines.length - 1] as unknown as { failovers: { verdict: string; to: { mac: string } }[] };
    assert.equal(report.failovers.length, 1);
    assert.equal(report.failovers[0]!.to.mac, r2.mac);
  } finally {
    lan.close();
  }
});

test('live: a takeover told as it happened, then proved a hijack when the owner answers, is retracted before the report, naming the hijack', { skip: why ?? false, timeout: 120_000 }, async (t) => {
  const { ethArp } = await import('../lab/frames.js');
  const { parseIp, parseMac } = await import('../../src/util/addr.js');
  const lan = new Lan('rt');
  try {
    lan.host('o', '10.77.0.31');
    const c = lan.host('c', '10.77.0.50');
    const evil = lan.host('e', '10.77.0.66');
    const { proc, done } = await startLive(lan, ['--duration', '60', '--fail-on', 'none', '--filter', 'arp']);
    const ask = () => {
      lan.exec(c.ns, ['ip', 'neigh', 'flush', 'all']);
      lan.exec(c.ns, ['sh', '-c', 'arping -c 1 -w 2 -I eth0 10.77.0.31 >/dev/null || true'], 10_000);
    };
    ask();
    // the attacker announces the owner's address with gratuitous ARP from its own MAC
    const em = parseMac(evil.mac);
    const ip = parseIp('10.77.0.31');
    lan.sendRaw(evil.ns, [0, 1].map(() => ethArp({ op: 'request', sha: em, spa: ip, tpa: ip, dst: 0xffffffffffff })));
    // the owner is alive: it answers a request asked after the claim
    await new Promise((r) => setTimeout(r, 1500));
    ask();
    ask();
    await new Promise((r) => setTimeout(r, 1500));
    proc.kill('SIGINT');
    const run = await done;
    const types = run.lines.map((l) => `${String(l.type)} ${String((l as { code?: string }).code ?? '')}`.trim());
    t.diagnostic(`events: ${types.join(', ')}`);
    const hijack = types.indexOf('finding arp.garp.hijack');
    assert.ok(hijack >= 0, `the hijack was told live: ${types.join(', ')}`);
    // told as a takeover first (the owner had not spoken since the claim): retracted, before the report, naming the hijack
    const takeover = types.indexOf('finding arp.binding.takeover');
    assert.ok(takeover >= 0 && takeover < hijack, `the takeover was told before the hijack: ${types.join(', ')}`);
    {
      const r = run.lines.find((l) => l.type === 'retracted' && (l as { code?: string }).code === 'arp.binding.takeover') as { ip: string; supersededBy: string[] } | undefined;
      assert.ok(r, `the takeover is retracted: ${types.join(', ')}`);
      assert.equal(r.ip, '10.77.0.31');
      assert.ok(r.supersededBy.includes('arp.garp.hijack'), r.supersededBy.join(', '));
      assert.ok(types.indexOf('retracted arp.binding.takeover') < types.indexOf('report'), 'said before the report');
    }
    // nothing the report holds is retracted, and nothing retracted is in the report
    const report = run.lines[run.lines.length - 1] as unknown as { findings: { id: string }[] };
    const ids = new Set(report.findings.map((f) => f.id));
    for (const l of run.lines.filter((x) => x.type === 'retracted')) assert.ok(!ids.has((l as { id: string }).id), 'a retracted id is not in the report');
    for (const l of run.lines.filter((x) => x.type === 'finding')) {
      const id = (l as { id: string }).id;
      assert.ok(ids.has(id) || run.lines.some((x) => x.type === 'retracted' && (x as { id: string }).id === id), `told ${String((l as { code?: string }).code)} stands or is retracted`);
    }
  } finally {
    lan.close();
  }
});

test('live --user drops root once the handle is open', { skip: why ?? false, timeout: 60_000 }, async () => {
  const lan = new Lan('us');
  try {
    // a quiet port: nothing to analyse is a warning, so gate on errors only
    const { proc, done } = await startLive(lan, ['--user', 'nobody', '--duration', '3', '--fail-on', 'error']);
    await new Promise((r) => setTimeout(r, 1000));
    // `ip netns exec` execs in place: the child's pid is node's
    const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
    const uid = /Uid:\s+(\d+)\s+(\d+)\s+(\d+)/.exec(status)!;
    const nobody = Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim());
    assert.deepEqual([Number(uid[1]), Number(uid[2]), Number(uid[3])], [nobody, nobody, nobody], 'real, effective and saved uid are nobody');
    const run = await done;
    assert.equal(run.code, 0, run.err);
    assert.equal(run.lines[0]!.runningAs, 'nobody');
  } finally {
    lan.close();
  }
});

test('live -c COUNT stops by itself after exactly COUNT frames, as tcpdump -c does', { skip: why ?? false, timeout: 60_000 }, async () => {
  const lan = new Lan('ct');
  try {
    const a = lan.host('a', '10.77.0.11');
    lan.host('b', '10.77.0.12');
    const { done } = await startLive(lan, ['-c', '6', '--fail-on', 'none']);
    // more ARP than that: requests and replies until arpaudit has gone
    lan.exec(a.ns, ['sh', '-c', 'arping -c 6 -I eth0 10.77.0.12 >/dev/null || true'], 20_000);
    const run = await done;
    assert.equal(run.code, 0, run.err);
    const report = run.lines.at(-1)! as { type: string; stats: { frames: number }; capture: { frames: number } };
    assert.equal(report.type, 'report');
    assert.deepEqual([report.stats.frames, report.capture.frames], [6, 6]);
  } finally {
    lan.close();
  }
});

test('live errors: no such interface, and no privileges, exit 4 with the fix', { skip: why ?? false, timeout: 60_000 }, () => {
  const r = spawnSync(process.execPath, [BIN, 'live', '-i', 'nosuch0', '--duration', '1'], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 4, r.stderr);
  assert.match(r.stderr, /nosuch0: no such interface: list them with "arpaudit devices"/);
  const n = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, BIN, 'live', '-i', 'lo', '--duration', '1'], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(n.status, 4, `${n.stdout}${n.stderr}`);
  assert.match(n.stderr, /lo: permission denied: capturing needs root or CAP_NET_RAW/);
  assert.doesNotMatch(n.stderr, /at .*\.js:\d+/, 'no stack trace');
});

/** The dropped count of a link's rx or tx direction, inside a namespace. */
function linkDrops(ns: string, dev: string, dir: 'rx' | 'tx'): number {
  const j = JSON.parse(spawnSync('ip', ['-n', ns, '-s', '-j', 'link', 'show', 'dev', dev], { encoding: 'utf8', timeout: 10_000 }).stdout) as { stats64: Record<'rx' | 'tx', { dropped: number }> }[];
  return j[0]!.stats64[dir].dropped;
}
