// Real keepalived (VRRPv2, advert_int 1, one VIP) on two routers in network
// namespaces, a client pinging the VIP, tcpdump on the bridge; arpaudit's
// failovers are checked against what keepalived logged: who became master,
// when, and how many gratuitous ARPs it sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lan, netnsUnavailable, type Lan as LanT } from '../helpers/netns.js';
import { keepalivedConf, startKeepalived, waitLog, type Router } from '../helpers/keepalived.js';
import { runCli } from '../helpers/golden.js';

function keepalivedMissing(): string | null {
  return spawnSync('sh', ['-c', 'command -v keepalived']).status === 0 ? null : 'keepalived is not installed (apt-get install keepalived)';
}

const why = netnsUnavailable() ?? keepalivedMissing();
const tmp = mkdtempSync(join(tmpdir(), 'arpaudit-ka-'));
// ARPAUDIT_KEEP=1 keeps the captures and keepalived logs for a look
process.on('exit', () => process.env.ARPAUDIT_KEEP || rmSync(tmp, { recursive: true, force: true }));
const VIP = '10.77.0.254';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Failover {
  vrid: number | null;
  from: { ip: string; mac: string };
  to: { ip: string; mac: string };
  cause: string;
  gapMs: number;
  expectedGapMs: number;
  garpBursts: { mac: string; count: number; firstFrame: number; spanMs: number }[];
  healthy: boolean;
  problems: { code: string }[];
  neighbours: { ip: string }[];
}
interface Rep {
  findings: { code: string; ip: string; macs: string[]; details: Record<string, unknown> }[];
  failovers: Failover[];
  vrrp: { vrid: number; virtualMac: boolean; master: { ip: string; mac: string } }[];
  addresses: { ip: string; macs: { mac: string; counts: { garpRequest: number; garpReply: number; reply: number } }[] }[];
}

/** GARPs keepalived says it sent (one log line per frame with -D). */
function garpsLogged(r: Router): number {
  return r.log().split('\n').filter((l) => /Sending gratuitous ARP on/.test(l)).length;
}

function garpsCaptured(rep: Rep, mac: string): number {
  const a = rep.addresses.find((x) => x.ip === VIP);
  const m = a?.macs.find((x) => x.mac === mac);
  return m ? (m.counts.garpRequest ?? 0) + (m.counts.garpReply ?? 0) : 0;
}

type Host = { ns: string; mac: string };

/**
 * r1 (priority 150) master and r2 (100) backup, and with `r3` a third router
 * of that priority; `body` does something to them while a client asks for the VIP.
 */
async function lab(tag: string, o: { vmac?: boolean; r3?: number }, body: (l: { lan: LanT; r1: Router; r2: Router; r3: Router | null; r1h: Host; r2h: Host; r3h: Host | null }) => Promise<void>): Promise<Rep> {
  const vmac = o.vmac ?? false;
  const lan = new Lan(tag);
  try {
    const r1h = lan.host('r1', '10.77.0.2');
    const r2h = lan.host('r2', '10.77.0.3');
    const c = lan.host('c', '10.77.0.50');
    const file = join(tmp, `${tag}.pcap`);
    const cap = await lan.capture(file, 'arp or ip proto 112');
    const r1 = startKeepalived(lan, r1h.ns, tmp, `${tag}-r1`, keepalivedConf({ name: 'r1', priority: 150, vip: VIP, vmac }));
    await waitLog(r1, /Entering MASTER STATE/, 15_000);
    const r2 = startKeepalived(lan, r2h.ns, tmp, `${tag}-r2`, keepalivedConf({ name: 'r2', priority: 100, vip: VIP, vmac }));
    await waitLog(r2, /Entering BACKUP STATE/, 15_000);
    const r3h = o.r3 ? lan.host('r3', '10.77.0.4') : null;
    const r3 = r3h ? startKeepalived(lan, r3h.ns, tmp, `${tag}-r3`, keepalivedConf({ name: 'r3', priority: o.r3!, vip: VIP, vmac })) : null;
    if (r3) await waitLog(r3, /Entering BACKUP STATE/, 15_000);
    // a client that forgets the VIP's MAC and asks again, twice a second
    const client = spawn('ip', ['netns', 'exec', c.ns, 'sh', '-c', `while :; do ip neigh flush all; arping -c 1 -w 1 -I eth0 ${VIP} >/dev/null; sleep 0.5; done`], { stdio: 'ignore' });
    lan.track(client);
    await sleep(2000);
    await body({ lan, r1, r2, r3, r1h, r2h, r3h });
    await sleep(500);
    await lan.stop(cap);
    const out = await runCli(['check', file, '--format', 'json', '--fail-on', 'none']);
    assert.equal(out.code, 0, out.err);
    const rep = JSON.parse(out.out) as Rep;
    // every GARP keepalived logged is on the wire, and arpaudit counted each one
    assert.equal(garpsCaptured(rep, r2h.mac), garpsLogged(r2), `r2's GARPs: captured vs keepalived's log (${file})`);
    if (!vmac) assert.equal(garpsCaptured(rep, r1h.mac), garpsLogged(r1), `r1's GARPs: captured vs keepalived's log`);
    if (r3 && r3h) assert.equal(garpsCaptured(rep, r3h.mac), garpsLogged(r3), `r3's GARPs: captured vs keepalived's log`);
    return rep;
  } finally {
    lan.close();
  }
}

function noConflicts(rep: Rep): void {
  const bad = rep.findings.filter((f) => /^arp\.binding\.(flip-flop|changed)$|^arp\.spoof/.test(f.code));
  assert.deepEqual(bad.map((f) => `${f.code} ${f.ip}`), [], 'a failover is never also a conflict or flip-flop');
}

test('keepalived (a) master link down, then (b) back up: failover after Master_Down_Interval, then preemption, each with its GARPs', { skip: why ?? false, timeout: 120_000 }, async (t) => {
  const rep = await lab('kab', {}, async ({ lan, r1h, r2 }) => {
    lan.exec(r1h.ns, ['ip', 'link', 'set', 'eth0', 'down']);
    await waitLog(r2, /Entering MASTER STATE/, 15_000);
    await sleep(7000); // the repeat burst comes 5 s later
    lan.exec(r1h.ns, ['ip', 'link', 'set', 'eth0', 'up']);
    await waitLog(r2, /Entering BACKUP STATE\s*$/m, 15_000);
    await sleep(7000);
  });
  assert.equal(rep.failovers.length, 2, JSON.stringify(rep.failovers.map((f) => [f.from.ip, f.to.ip, f.cause])));
  const [down, up] = rep.failovers as [Failover, Failover];
  assert.deepEqual([down.from.ip, down.to.ip, down.cause], ['10.77.0.2', '10.77.0.3', 'failure']);
  // Master_Down_Interval = 3 x 1 s + (256 - 100) / 256 s = 3609.375 ms
  assert.equal(down.expectedGapMs, 3609.375);
  assert.ok(Math.abs(down.gapMs - 3609.375) < 400, `measured gap ${down.gapMs} ms`);
  assert.deepEqual(down.garpBursts.map((b) => b.count), [5, 5], 'keepalived default: 5 GARPs, then 5 more');
  assert.ok(down.healthy, JSON.stringify(down.problems));
  assert.ok(down.neighbours.some((n) => n.ip === '10.77.0.50'), 'the client was answered by the new master');
  assert.deepEqual([up.from.ip, up.to.ip, up.cause], ['10.77.0.3', '10.77.0.2', 'preemption']);
  assert.ok(up.garpBursts.length >= 1 && up.garpBursts[0]!.count === 5, JSON.stringify(up.garpBursts));
  t.diagnostic(`link down: gap ${down.gapMs} ms (expected ${down.expectedGapMs}), GARP bursts ${down.garpBursts.map((b) => b.count).join('+')}; link up: ${up.cause}, gap ${up.gapMs} ms, GARP bursts ${up.garpBursts.map((b) => b.count).join('+')}`);
  noConflicts(rep);
});

test('keepalived (c) SIGTERM on the master: priority-0 advert, takeover after the skew time', { skip: why ?? false, timeout: 120_000 }, async (t) => {
  const rep = await lab('kc', {}, async ({ r1, r2 }) => {
    r1.proc.kill('SIGTERM');
    await waitLog(r2, /Backup received priority 0 advertisement/, 15_000);
    await waitLog(r2, /Entering MASTER STATE/, 15_000);
    await sleep(6500);
  });
  assert.ok(rep.findings.some((f) => f.code === 'vrrp.resignation'));
  assert.equal(rep.failovers.length, 1);
  const f = rep.failovers[0]!;
  assert.equal(f.cause, 'resignation');
  // skew time = (256 - 100) / 256 s
  assert.equal(f.expectedGapMs, 609.375);
  assert.ok(Math.abs(f.gapMs - 609.375) < 300, `measured gap ${f.gapMs} ms`);
  t.diagnostic(`resignation: gap ${f.gapMs} ms (expected ${f.expectedGapMs})`);
  assert.ok(f.healthy, JSON.stringify(f.problems));
  noConflicts(rep);
});

/** keepalived's master frozen by SIGSTOP until the backup takes over, then resumed. */
function frozen(name: string) {
  return lab(name, {}, async ({ r1, r2 }) => {
    const pid = r1.vrrpPid();
    assert.ok(pid > 0, 'keepalived wrote the VRRP child pid');
    process.kill(pid, 'SIGSTOP');
    try {
      await waitLog(r2, /Entering MASTER STATE/, 15_000);
      await sleep(3000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await waitLog(r1, /forcing new election|Entering MASTER STATE[\s\S]*Entering MASTER STATE/, 15_000).catch(() => undefined);
    await sleep(7000);
  });
}

test('keepalived (d) master frozen by SIGSTOP, then SIGCONT: the frozen kernel still answers for the VIP, then two masters', { skip: why ?? false, timeout: 120_000 }, async (t) => {
  // after SIGCONT both routers advertise as master until keepalived settles it: about a second
  // here, but on a loaded machine it can settle within one interval (no dual master to report):
  // then the lab runs again, up to three times, and the assertions below hold for the run that saw it
  let rep = await frozen('kd0');
  for (let attempt = 1; attempt < 3 && !rep.findings.some((f) => f.code === 'vrrp.dual-master'); attempt++) {
    t.diagnostic(`attempt ${attempt}: keepalived settled within one interval; findings ${rep.findings.map((f) => f.code).join(', ')}`);
    rep = await frozen(`kd${attempt}`);
  }
  const first = rep.failovers[0]!;
  assert.deepEqual([first.from.ip, first.to.ip, first.cause], ['10.77.0.2', '10.77.0.3', 'failure']);
  assert.ok(Math.abs(first.gapMs - 3609.375) < 400, `measured gap ${first.gapMs} ms`);
  // keepalived is frozen, but the frozen router's kernel still holds the VIP and keeps answering ARP for it
  assert.ok(!first.healthy && first.problems.some((p) => p.code === 'old-master-answers'), JSON.stringify(first.problems));
  const back = rep.failovers.find((f) => f.to.ip === '10.77.0.2');
  assert.ok(back, 'the resumed master takes the VRID back');
  const dual = rep.findings.find((f) => f.code === 'vrrp.dual-master');
  assert.ok(dual, `both advertised as master; findings: ${rep.findings.map((f) => f.code).join(', ')}`);
  assert.equal((dual.details.episodes as unknown[]).length, 1);
  assert.ok(!back.healthy && back.problems.some((p) => p.code === 'dual-master'));
  const ep = (dual.details.episodes as { durationMs: number }[])[0]!;
  t.diagnostic(`frozen: gap ${first.gapMs} ms; dual master for ${ep.durationMs} ms; storm: ${rep.findings.some((f) => f.code === 'arp.garp.storm')}`);
  noConflicts(rep);
});

test('keepalived (e) use_vmac: adverts and GARPs from 00:00:5e:00:01:33, and the VIP leaking with the physical MAC is caught', { skip: why ?? false, timeout: 120_000 }, async (t) => {
  let r1mac = '';
  const rep = await lab('ke', { vmac: true }, async ({ lan, r1h }) => {
    r1mac = r1h.mac;
    await sleep(1000);
    // the master talks to the client from the VIP: its ARP request carries the VIP
    lan.exec(r1h.ns, ['sh', '-c', `ip neigh flush all; ping -c 1 -W 1 -I ${VIP} 10.77.0.50 >/dev/null || true`]);
    await sleep(1000);
  });
  const v = rep.vrrp.find((x) => x.vrid === 51)!;
  assert.ok(v.virtualMac);
  assert.equal(v.master.mac, '00:00:5e:00:01:33');
  const addr = rep.addresses.find((a) => a.ip === VIP)!;
  assert.ok(addr.macs.some((m) => m.mac === '00:00:5e:00:01:33' && m.counts.garpRequest >= 5), 'GARPs from the virtual MAC');
  const physical = addr.macs.filter((m) => m.mac !== '00:00:5e:00:01:33').map((m) => m.mac);
  const leak = rep.findings.find((f) => f.code === 'vrrp.vmac-leak');
  if (physical.length) {
    assert.ok(leak, `the VIP was sent with ${physical.join(', ')}: a VMAC leak`);
    assert.ok(leak.macs.includes(r1mac), `the leak names the master's physical MAC ${r1mac}`);
  } else assert.equal(leak, undefined, 'no physical MAC carried the VIP: no leak');
  t.diagnostic(`use_vmac: physical MACs that carried the VIP: ${physical.join(', ') || 'none'}; vmac-leak reported: ${Boolean(leak)}`);
  noConflicts(rep);
});

test('keepalived (f) both routers stopped: the VIP goes dark, and the clients\' unanswered requests are the outage', { skip: why ?? false, timeout: 120_000 }, async (t) => {
  const stopped = (r: Router) => new Promise<void>((res) => (r.proc.exitCode !== null ? res() : r.proc.once('exit', () => res())));
  const rep = await lab('kf', {}, async ({ r1, r2 }) => {
    r2.proc.kill('SIGTERM');
    await stopped(r2);
    r1.proc.kill('SIGTERM'); // a priority-0 advert, the VIP removed, nobody to take over
    await stopped(r1);
    await sleep(8000); // the client asks every 1.5 s or so (arping waits up to 1 s, then 0.5 s)
  });
  assert.equal(rep.failovers.length, 0, 'no router took over');
  assert.ok(rep.findings.some((f) => f.code === 'vrrp.resignation'), 'the master resigned');
  const dark = rep.findings.find((f) => f.code === 'arp.silent.address' && f.ip === VIP);
  assert.ok(dark, `the VIP went dark; findings: ${rep.findings.map((f) => `${f.code} ${f.ip}`).join(', ')}`);
  const w = (dark.details.windows as { requests: number; requesters: { ip: string }[]; resumed: string | null }[]).at(-1)!;
  assert.ok(w.requests >= 3, `${w.requests} unanswered requests in 8 s`);
  assert.deepEqual(w.requesters.map((q) => q.ip), ['10.77.0.50']);
  assert.equal(w.resumed, null, 'nobody answered again');
  t.diagnostic(`VIP dark: ${w.requests} unanswered requests`);
});

test('keepalived (g) two backups of equal priority when the master goes: contention reported exactly when both stepped up', { skip: why ?? false, timeout: 120_000 }, async (t) => {
  let masters: string[] = [];
  const rep = await lab('kg', { r3: 100 }, async ({ lan, r1h, r2, r3 }) => {
    lan.exec(r1h.ns, ['ip', 'link', 'set', 'eth0', 'down']);
    const master = (r: Router) => /Entering MASTER STATE/.test(r.log());
    const end = Date.now() + 15_000;
    while (!master(r2) && !master(r3!) && Date.now() < end) await sleep(100);
    await sleep(7000);
    masters = [r2, r3!].filter(master).map((r) => (r === r2 ? '10.77.0.3' : '10.77.0.4'));
  });
  assert.ok(masters.length >= 1, 'a backup took over');
  const contention = rep.findings.find((f) => f.code === 'vrrp.contention');
  const last = rep.failovers.at(-1)!;
  if (masters.length === 2) {
    // both timers ran out together: RFC 5798 gives the VRID to the higher address
    assert.ok(contention, `both keepalived backups logged MASTER: contention expected; findings: ${rep.findings.map((f) => f.code).join(', ')}`);
    assert.equal(contention.details.winner, '10.77.0.4');
    assert.deepEqual([...(contention.details.routers as string[])].sort(), ['10.77.0.3', '10.77.0.4']);
    assert.equal(last.to.ip, '10.77.0.4');
  } else {
    assert.equal(contention, undefined, `only ${masters[0]} stepped up: no contention`);
    assert.equal(last.to.ip, masters[0]);
  }
  assert.ok(!rep.findings.some((f) => f.code === 'vrrp.dual-master'), 'a tie settled at once is not a split brain');
  t.diagnostic(`routers that logged MASTER: ${masters.join(', ')}; contention reported: ${Boolean(contention)}`);
  noConflicts(rep);
});

test('keepalived (h) VRRPv3 with an IPv6 VIP: link down on the master, a failover judged by its unsolicited neighbour advertisements', { skip: why ?? false, timeout: 120_000 }, async (t) => {
  const VIP6 = '2001:db8::fe0';
  const lan = new Lan('kh');
  let rep: Omit<Rep, "vrrp"> & { vrrp: { family: number; vrid: number; vips: string[] }[] };
  let logged = 0;
  try {
    const r1h = lan.host('r1', '10.77.0.2');
    const r2h = lan.host('r2', '10.77.0.3');
    const c = lan.host('c', '10.77.0.50');
    for (const h of [r1h, r2h, c]) lan.exec(h.ns, ['sysctl', '-qw', 'net.ipv6.conf.eth0.accept_dad=0']);
    lan.exec(c.ns, ['ip', '-6', 'addr', 'add', '2001:db8::50/64', 'dev', 'eth0', 'nodad']);
    const file = join(tmp, 'kh.pcap');
    const cap = await lan.capture(file, 'icmp6 or ip6 proto 112');
    const r1 = startKeepalived(lan, r1h.ns, tmp, 'kh-r1', keepalivedConf({ name: 'r1', priority: 150, vip: VIP6, version: 3 }));
    await waitLog(r1, /Entering MASTER STATE/, 15_000);
    const r2 = startKeepalived(lan, r2h.ns, tmp, 'kh-r2', keepalivedConf({ name: 'r2', priority: 100, vip: VIP6, version: 3 }));
    await waitLog(r2, /Entering BACKUP STATE/, 15_000);
    const client = spawn('ip', ['netns', 'exec', c.ns, 'sh', '-c', `while :; do ip -6 neigh flush all; ping -6 -c 1 -W 1 ${VIP6} >/dev/null; sleep 0.5; done`], { stdio: 'ignore' });
    lan.track(client);
    await sleep(2000);
    lan.exec(r1h.ns, ['ip', 'link', 'set', 'eth0', 'down']);
    await waitLog(r2, /Entering MASTER STATE/, 15_000);
    await sleep(7000);
    await lan.stop(cap);
    // one line per frame with -D (the 'Sending/queueing' line announces a burst)
    logged = r2.log().split('\n').filter((l) => /Sending unsolicited Neighbour Advert on /.test(l)).length;
    const out = await runCli(['check', file, '--format', 'json', '--fail-on', 'none']);
    rep = JSON.parse(out.out);
  } finally {
    lan.close();
  }
  const v = rep.vrrp.find((x) => x.family === 6);
  assert.ok(v && v.vips.includes(VIP6), `the IPv6 VRID is followed: ${JSON.stringify(rep.vrrp)}`);
  const f = rep.failovers.find((x) => x.vrid === 51);
  assert.ok(f, 'the failover is seen');
  assert.deepEqual([f.from.ip.startsWith('fe80::'), f.to.ip.startsWith('fe80::'), f.cause], [true, true, 'failure']);
  const nas = f.garpBursts.reduce((n, b) => n + b.count, 0);
  assert.ok(nas >= 1, `unsolicited NAs counted in the failover: ${JSON.stringify(f.garpBursts)}`);
  assert.equal(nas, logged, 'the NAs arpaudit counts are the NAs keepalived logged');
  assert.deepEqual(f.garpBursts.map((b) => b.count), [5, 5], 'keepalived: 5 NAs, then 5 more');
  assert.ok(f.healthy, `healthy: ${JSON.stringify(f.problems)}`);
  t.diagnostic(`IPv6 failover: gap ${f.gapMs} ms, ${nas} unsolicited NAs in ${f.garpBursts.length} bursts (keepalived logged ${logged})`);
});
