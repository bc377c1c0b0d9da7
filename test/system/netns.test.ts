// Real-kernel LVS-DR scenarios in network namespaces: a director and two real
// servers with the VIP on lo. With default sysctls the kernel answers ARP for
// the VIP on every real server (the ARP race); with arp_ignore=1 and
// arp_announce=2 only the director does. tcpdump captures on the bridge and
// `arpaudit check` must give the verdict with exactly the MACs that answered.
// A GARP hijack with arping -U, and a real arp-scan sweep, the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lan, LVS_VIP as VIP, lvsCluster, netnsUnavailable, toolMissing } from '../helpers/netns.js';
import { runCli } from '../helpers/golden.js';
import { spawnSync } from 'node:child_process';
import { parseIp } from '../../src/util/addr.js';

const why = netnsUnavailable();
const tmp = mkdtempSync(join(tmpdir(), 'arpaudit-netns-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

async function lvs(tag: string, fixed: boolean) {
  const { lan, client, dir, rs } = lvsCluster(tag, fixed);
  try {
    const file = join(tmp, `${tag}.pcap`);
    const cap = await lan.capture(file);
    // the client asks for the VIP again and again, forgetting the answer each time
    for (let i = 0; i < 3; i++) {
      lan.exec(client.ns, ['ip', 'neigh', 'flush', 'all']);
      // arping's exit status depends on how many replies it counted; the capture is the judge
      lan.exec(client.ns, ['sh', '-c', `arping -b -c 2 -I eth0 ${VIP} || true`], 10_000);
    }
    await new Promise((r) => setTimeout(r, 300));
    await lan.stop(cap);
    const r = await runCli(['check', file, '--format', 'json', '--fail-on', 'warning']);
    return { r, rep: JSON.parse(r.out), dir, rs, client };
  } finally {
    lan.close();
  }
}

test('LVS-DR, default sysctls: the real kernel answers ARP for the VIP from every real server', { skip: why ?? false, timeout: 90_000 }, async () => {
  const { r, rep, dir, rs } = await lvs('race', false);
  assert.equal(r.code, 1, r.out);
  const race = rep.findings.find((f: { code: string }) => f.code === 'arp.race.multi-responder');
  assert.ok(race, `race reported; findings: ${rep.findings.map((f: { code: string }) => f.code).join(', ')}`);
  assert.equal(race.ip, VIP);
  assert.deepEqual([...race.macs].sort(), [dir.mac, ...rs.map((x) => x.mac)].sort(), 'exactly the director and both real servers');
  assert.ok(race.details.multiResponderRequests >= 3);
  assert.ok(race.frames.length >= 4);
});

test('LVS-DR, arp_ignore=1 and arp_announce=2: only the director answers, no conflict', { skip: why ?? false, timeout: 90_000 }, async () => {
  const { r, rep, dir } = await lvs('fixed', true);
  assert.equal(r.code, 0, r.out);
  assert.ok(!rep.findings.some((f: { code: string }) => f.code.startsWith('arp.race') || f.code.startsWith('arp.binding') || f.code.startsWith('arp.leak')));
  const vip = rep.addresses.find((a: { ip: string }) => a.ip === VIP);
  assert.deepEqual(vip.macs.map((m: { mac: string }) => m.mac), [dir.mac]);
  assert.ok(vip.macs[0].counts.reply >= 3, 'the director answered every round');
});

test('a GARP hijack with arping -U while the owner lives is arp.garp.hijack with both MACs, never a healthy takeover', { skip: why ?? false, timeout: 90_000 }, async () => {
  const lan = new Lan('hj');
  try {
    const owner = lan.host('o', '10.77.0.30');
    const client = lan.host('c', '10.77.0.50');
    const rogue = lan.host('x', '10.77.0.66');
    const file = join(tmp, 'hijack.pcap');
    const cap = await lan.capture(file);
    lan.exec(client.ns, ['sh', '-c', 'arping -b -c 2 -I eth0 10.77.0.30 || true'], 10_000);
    // the rogue announces the owner's address (arping -U needs ip_nonlocal_bind to send from it)
    lan.exec(rogue.ns, ['sysctl', '-qw', 'net.ipv4.ip_nonlocal_bind=1']);
    lan.exec(rogue.ns, ['sh', '-c', 'arping -q -U -c 3 -I eth0 -s 10.77.0.30 10.77.0.30 || true'], 10_000);
    // the owner is still there: it answers the client again
    lan.exec(client.ns, ['sh', '-c', 'arping -b -c 2 -I eth0 10.77.0.30 || true'], 10_000);
    await new Promise((r) => setTimeout(r, 300));
    await lan.stop(cap);
    const rep = JSON.parse((await runCli(['check', file, '--format', 'json', '--fail-on', 'none'])).out);
    const codes = rep.findings.map((f: { code: string }) => f.code);
    const h = rep.findings.find((f: { code: string }) => f.code === 'arp.garp.hijack');
    assert.ok(h, `hijack reported; findings: ${codes.join(', ')}`);
    assert.equal(h.ip, '10.77.0.30');
    assert.deepEqual([...h.macs].sort(), [owner.mac, rogue.mac].sort());
    assert.ok(h.frames.length >= 2, 'the GARP and the owner answering after it');
    assert.ok(!codes.includes('arp.binding.takeover'), 'not a takeover');
    assert.ok(!rep.failovers.some((f: { healthy: boolean; vips: string[] }) => f.vips.includes('10.77.0.30') && f.healthy), 'no healthy failover for it');
  } finally {
    lan.close();
  }
});

test('a real arp-scan of the /24 is one arp.scan with the scanner, its range and the hosts that answered; no alarm for the addresses it found empty', { skip: why ?? toolMissing('arp-scan') ?? false, timeout: 90_000 }, async () => {
  const lan = new Lan('sc');
  try {
    const scanner = lan.host('s', '10.77.0.5');
    const live = ['10.77.0.20', '10.77.0.21', '10.77.0.22'].map((a, i) => lan.host(`h${i}`, a));
    const file = join(tmp, 'scan.pcap');
    const cap = await lan.capture(file);
    // the default: every address of the network once, then once more for those that did not answer
    lan.exec(scanner.ns, ['arp-scan', '-q', '-I', 'eth0', '--localnet'], 60_000);
    await new Promise((r) => setTimeout(r, 300));
    await lan.stop(cap);
    const r = await runCli(['check', file, '--format', 'json', '--fail-on', 'none']);
    const rep = JSON.parse(r.out);
    const codes = rep.findings.map((f: { code: string }) => f.code);
    const scans = rep.findings.filter((f: { code: string }) => f.code === 'arp.scan');
    assert.equal(scans.length, 1, `one scan; findings: ${codes.join(', ')}`);
    const d = scans[0].details;
    assert.deepEqual(d.sender, { ip: scanner.ip, mac: scanner.mac });
    assert.deepEqual(scans[0].macs, [scanner.mac]);
    // tcpdump as the oracle for what the scanner asked
    const asked = spawnSync('tcpdump', ['-nn', '-r', file, 'arp', 'and', 'ether', 'src', scanner.mac], { encoding: 'utf8' }).stdout.split('\n').map((l) => /Request who-has (\S+) tell/.exec(l)?.[1]).filter((x): x is string => Boolean(x) && x !== scanner.ip); // asking for its own address is a gratuitous ARP
    const targets = [...new Set(asked)].sort((x, y) => parseIp(x) - parseIp(y));
    assert.ok(targets.length >= 252, `arp-scan asked for ${targets.length} addresses`);
    assert.deepEqual(d.range, [targets[0], targets.at(-1)]);
    assert.equal(d.requests, asked.length, 'every request of the sweep, those before it reached --scan-rate too');
    // targets are remembered from the request that reached --scan-rate (50) on: "at least"
    assert.ok(d.addresses <= targets.length && d.addresses >= targets.length - 50, `${d.addresses} of ${targets.length} addresses`);
    // all went unanswered but the live hosts
    assert.ok(d.unanswered <= d.addresses && d.unanswered >= d.addresses - live.length, `${d.unanswered} of ${d.addresses} unanswered`);
    for (const h of live) {
      const a = rep.addresses.find((x: { ip: string }) => x.ip === h.ip);
      assert.deepEqual(a?.macs.map((m: { mac: string }) => m.mac), [h.mac], `${h.ip} answered from its own MAC`);
    }
    for (const c of ['arp.silent.address', 'arp.request.storm', 'arp.race.multi-responder', 'arp.binding.changed', 'arp.spoof.unsolicited-reply']) assert.ok(!codes.includes(c), `no ${c}`);
  } finally {
    lan.close();
  }
});

test('IPv6 on the real kernel: a DAD probe for an address in use is defended, and two hosts answering for one address are a race', { skip: why ?? false, timeout: 90_000 }, async () => {
  const lan = new Lan('v6');
  try {
    const a = lan.host('a', '10.77.0.31');
    const b = lan.host('b', '10.77.0.32');
    const c = lan.host('c', '10.77.0.50');
    const file = join(tmp, 'ipv6.pcap');
    const cap = await lan.capture(file, 'icmp6');
    lan.exec(c.ns, ['ip', '-6', 'addr', 'add', '2001:db8::50/64', 'dev', 'eth0', 'nodad']);
    // a holds ::10 (its DAD passes); b then tries the same address: a defends it, b's kernel marks it dadfailed
    lan.exec(a.ns, ['ip', '-6', 'addr', 'add', '2001:db8::10/64', 'dev', 'eth0']);
    await new Promise((r) => setTimeout(r, 2500));
    lan.exec(b.ns, ['ip', '-6', 'addr', 'add', '2001:db8::10/64', 'dev', 'eth0']);
    await new Promise((r) => setTimeout(r, 2500));
    const bState = lan.exec(b.ns, ['ip', '-6', 'addr', 'show', 'dev', 'eth0']);
    // both hold ::20 with DAD off: both answer the client's solicitations
    for (const h of [a, b]) lan.exec(h.ns, ['ip', '-6', 'addr', 'add', '2001:db8::20/64', 'dev', 'eth0', 'nodad']);
    for (let i = 0; i < 3; i++) {
      lan.exec(c.ns, ['ip', '-6', 'neigh', 'flush', 'all']);
      lan.exec(c.ns, ['sh', '-c', 'ping -6 -c 1 -W 1 2001:db8::20 >/dev/null || true'], 10_000);
    }
    await new Promise((r) => setTimeout(r, 300));
    await lan.stop(cap);
    const rep = JSON.parse((await runCli(['check', file, '--format', 'json', '--fail-on', 'none'])).out) as { findings: { code: string; ip: string; macs: string[] }[]; stats: { nd: { messages: { neighbourSolicitation: number; neighbourAdvertisement: number } } } };
    const codes = rep.findings.map((f) => `${f.code} ${f.ip}`);
    assert.match(bState, /2001:db8::10\/64 scope global (dadfailed tentative|tentative dadfailed)/, 'the kernel saw the duplicate too');
    const defended = rep.findings.find((f) => f.code === 'arp.probe.defended' && f.ip === '2001:db8::10');
    assert.ok(defended, `DAD defended; findings: ${codes.join(', ')}`);
    assert.deepEqual(defended.macs, [a.mac], 'by the holder');
    const race = rep.findings.find((f) => f.code === 'arp.race.multi-responder' && f.ip === '2001:db8::20');
    assert.ok(race, `the IPv6 race; findings: ${codes.join(', ')}`);
    assert.deepEqual([...race.macs].sort(), [a.mac, b.mac].sort(), 'exactly the two holders');
    assert.ok(!codes.some((x) => x.startsWith('arp.race.multi-responder 2001:db8::10')), 'no race for the defended address: b never answered for it');
    assert.ok(rep.stats.nd.messages.neighbourSolicitation >= 3 && rep.stats.nd.messages.neighbourAdvertisement >= 6);
  } finally {
    lan.close();
  }
});

test('IPv6 attacks from a raw-socket sender: override NAs for an address its owner still answers (hijack), and a router advertisement from a MAC --expect does not allow (rogue)', { skip: why ?? false, timeout: 90_000 }, async () => {
  const { ethNd } = await import('../lab/frames.js');
  const { parseMac } = await import('../../src/util/addr.js');
  const { writeFileSync } = await import('node:fs');
  const lan = new Lan('v6x');
  try {
    const owner = lan.host('o', '10.77.0.31');
    const evil = lan.host('e', '10.77.0.66');
    const c = lan.host('c', '10.77.0.50');
    lan.exec(c.ns, ['ip', '-6', 'addr', 'add', '2001:db8::50/64', 'dev', 'eth0', 'nodad']);
    lan.exec(owner.ns, ['ip', '-6', 'addr', 'add', '2001:db8::30/64', 'dev', 'eth0', 'nodad']);
    const file = join(tmp, 'ipv6-attacks.pcap');
    const cap = await lan.capture(file, 'icmp6');
    const ask = () => {
      lan.exec(c.ns, ['ip', '-6', 'neigh', 'flush', 'all']);
      lan.exec(c.ns, ['sh', '-c', 'ping -6 -c 1 -W 1 2001:db8::30 >/dev/null || true'], 10_000);
    };
    ask();
    // the attacker: three unsolicited override NAs claiming ::30 with its own MAC, then a rogue RA
    const em = parseMac(evil.mac);
    const frames = [
      ...[0, 1, 2].map(() => ethNd({ type: 'na', src: em, srcIp: 'fe80::66', dstIp: 'ff02::1', target: '2001:db8::30', override: true, ll: em })),
      ethNd({ type: 'ra', src: em, srcIp: 'fe80::66', dstIp: 'ff02::1', ll: em, prefixes: ['2001:db8:bad::/64'], dns: ['2001:db8:bad::53'] }),
    ];
    const sent = lan.sendRaw(evil.ns, frames);
    assert.equal(sent.trim(), '4');
    // the owner is alive and keeps answering
    ask();
    ask();
    await new Promise((r) => setTimeout(r, 300));
    await lan.stop(cap);
    const expect = join(tmp, 'routers.json');
    writeFileSync(expect, JSON.stringify({ routers: ['02:00:00:00:00:01'] }));
    const rep = JSON.parse((await runCli(['check', file, '--expect', expect, '--format', 'json', '--fail-on', 'none'])).out) as { findings: { code: string; ip: string; macs: string[]; title: string; details: Record<string, unknown> }[]; ipv6Routers: { mac: string; prefixes: string[]; dns: string[] }[] };
    const codes = rep.findings.map((f) => `${f.code} ${f.ip}`);
    const hijack = rep.findings.find((f) => f.code === 'arp.garp.hijack' && f.ip === '2001:db8::30');
    assert.ok(hijack, `the override NAs are a hijack; findings: ${codes.join(', ')}`);
    assert.deepEqual([...hijack.macs].sort(), [owner.mac, evil.mac].sort(), 'the owner and the attacker');
    assert.match(hijack.title, /neighbour advertisements/);
    assert.ok(!codes.includes('arp.binding.takeover 2001:db8::30'), 'never a healthy takeover while the owner answers');
    const rogue = rep.findings.find((f) => f.code === 'nd.router.rogue');
    assert.ok(rogue, `the RA is rogue; findings: ${codes.join(', ')}`);
    assert.deepEqual(rogue.macs, [evil.mac]);
    assert.equal(rogue.details.notAllowed, true);
    assert.deepEqual(rep.ipv6Routers.map((r) => [r.mac, r.prefixes, r.dns]), [[evil.mac, ['2001:db8:bad::/64'], ['2001:db8:bad::53']]]);
  } finally {
    lan.close();
  }
});
