// `arpaudit host` predicts, for a real server in a network namespace, whether
// the kernel will answer ARP for the VIP and whether it will leak the VIP as
// ARP sender. Each prediction is checked against what the real kernel does:
// a client ARPs for the VIP (does the server reply?), and the server sends from
// the VIP (does its ARP request carry the VIP?).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Lan, netnsUnavailable } from '../helpers/netns.js';
import { CaptureReader, FRAME, NEED_DATA } from '../../src/pcap/reader.js';
import { auditHost, inferVips, type Interface } from '../../src/audit/host.js';

const why = netnsUnavailable();
const tmp = mkdtempSync(join(tmpdir(), 'arpaudit-host-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const BIN = resolve('bin/arpaudit.js');
const VIP = '10.77.0.100';

interface Config {
  name: string;
  vip: string[]; // ip addr add arguments for the VIP
  sysctl: string[]; // sysctl -w arguments
}

const configs: Config[] = [
  { name: 'default sysctls, VIP on lo', vip: [`${VIP}/32`, 'dev', 'lo'], sysctl: [] },
  { name: 'arp_ignore=1 arp_announce=2 (all)', vip: [`${VIP}/32`, 'dev', 'lo'], sysctl: ['net.ipv4.conf.all.arp_ignore=1', 'net.ipv4.conf.all.arp_announce=2'] },
  { name: 'arp_ignore=3, VIP scope host on lo', vip: [`${VIP}/32`, 'dev', 'lo', 'scope', 'host'], sysctl: ['net.ipv4.conf.all.arp_ignore=3'] },
  { name: 'VIP scope host, arp_ignore=0', vip: [`${VIP}/32`, 'dev', 'lo', 'scope', 'host'], sysctl: [] },
  { name: 'per interface: eth0 arp_ignore=1 arp_announce=2, all 0', vip: [`${VIP}/32`, 'dev', 'lo'], sysctl: ['net.ipv4.conf.eth0.arp_ignore=1', 'net.ipv4.conf.eth0.arp_announce=2'] },
  { name: 'all arp_ignore=1 arp_announce=2, eth0 0', vip: [`${VIP}/32`, 'dev', 'lo'], sysctl: ['net.ipv4.conf.all.arp_ignore=1', 'net.ipv4.conf.all.arp_announce=2', 'net.ipv4.conf.eth0.arp_ignore=0', 'net.ipv4.conf.eth0.arp_announce=0'] },
  { name: 'arp_ignore=1 arp_announce=1, VIP inside the LAN subnet', vip: [`${VIP}/32`, 'dev', 'lo'], sysctl: ['net.ipv4.conf.all.arp_ignore=1', 'net.ipv4.conf.all.arp_announce=1'] },
  { name: 'arp_ignore=2 arp_announce=2', vip: [`${VIP}/32`, 'dev', 'lo'], sysctl: ['net.ipv4.conf.all.arp_ignore=2', 'net.ipv4.conf.all.arp_announce=2'] },
];

async function arpFrames(file: string): Promise<{ op: number; sha: string; spa: string }[]> {
  const r = CaptureReader.open(file);
  const out: { op: number; sha: string; spa: string }[] = [];
  for (;;) {
    const s = r.next();
    if (s === FRAME) {
      const b = r.buf.subarray(r.off, r.off + r.caplen);
      if (b.length >= 42 && b.readUInt16BE(12) === 0x0806) {
        out.push({ op: b.readUInt16BE(20), sha: [...b.subarray(22, 28)].map((x) => x.toString(16).padStart(2, '0')).join(':'), spa: [...b.subarray(28, 32)].join('.') });
      }
    } else if (s === NEED_DATA) await r.fill();
    else break;
  }
  return out;
}

configs.forEach((cfg, n) => {
  test(`host audit matches the kernel: ${cfg.name}`, { skip: why ?? false, timeout: 60_000 }, async (t) => {
    const lan = new Lan(`h${n}`);
    try {
      const c = lan.host('c', '10.77.0.50');
      const rs = lan.host('rs', '10.77.0.11');
      lan.exec(rs.ns, ['ip', 'addr', 'add', ...cfg.vip]);
      if (cfg.sysctl.length) lan.exec(rs.ns, ['sysctl', '-q', '-w', ...cfg.sysctl]);
      // the prediction, made inside the real server's namespace
      const h = spawnSync('ip', ['netns', 'exec', rs.ns, process.execPath, BIN, 'host', '--vip', VIP, '--role', 'real-server', '--format', 'json'], { encoding: 'utf8', timeout: 20_000 });
      const audit = JSON.parse(h.stdout) as { vips: { ok: boolean; fix: string[]; interfaces: { name: string; willAnswer: boolean; willLeak: boolean; answerReason: string; leakReason: string }[] }[] };
      const eth0 = audit.vips[0]!.interfaces.find((i) => i.name === 'eth0')!;
      assert.equal(h.status, eth0.willAnswer || eth0.willLeak ? 1 : 0, h.stderr);
      // the kernel's behaviour
      const file = join(tmp, `h${n}.pcap`);
      const cap = await lan.capture(file);
      lan.exec(c.ns, ['sh', '-c', `arping -c 2 -w 3 -I eth0 ${VIP} || true`], 10_000);
      lan.exec(rs.ns, ['sh', '-c', `ip neigh flush all; ping -c 1 -W 1 -I ${VIP} 10.77.0.50 >/dev/null 2>&1 || true`], 10_000);
      await new Promise((r) => setTimeout(r, 300));
      await lan.stop(cap);
      const frames = await arpFrames(file);
      const answered = frames.some((f) => f.op === 2 && f.spa === VIP && f.sha === rs.mac);
      const leaked = frames.some((f) => f.op === 1 && f.spa === VIP && f.sha === rs.mac);
      t.diagnostic(`kernel: answers ${answered}, leaks ${leaked}; predicted: answers ${eth0.willAnswer} (${eth0.answerReason}), leaks ${eth0.willLeak} (${eth0.leakReason})`);
      assert.equal(eth0.willAnswer, answered, `answer prediction: ${eth0.answerReason}`);
      assert.equal(eth0.willLeak, leaked, `leak prediction: ${eth0.leakReason}`);
      if (!audit.vips[0]!.ok) assert.ok(audit.vips[0]!.fix.some((l) => l.includes('arp_ignore=1') && l.includes('arp_announce=2')), 'a fix to paste');
    } finally {
      lan.close();
    }
  });
});

test('host audit on a fake /proc tree: VIP inference, director role, effective values', () => {
  const root = join(tmp, 'proc');
  const conf = join(root, 'sys', 'net', 'ipv4', 'conf');
  const set = (i: string, k: string, v: number) => {
    mkdirSync(join(conf, i), { recursive: true });
    writeFileSync(join(conf, i, k), `${v}\n`);
  };
  set('all', 'arp_ignore', 0);
  set('all', 'arp_announce', 0);
  set('eth0', 'arp_ignore', 8);
  set('eth0', 'arp_announce', 0);
  writeFileSync(join(root, 'ip-addr.json'), JSON.stringify([
    { ifname: 'lo', flags: ['LOOPBACK', 'UP'], link_type: 'loopback', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host' }] },
    { ifname: 'eth0', flags: ['BROADCAST', 'UP'], link_type: 'ether', addr_info: [{ family: 'inet', local: '10.0.0.5', prefixlen: 24, scope: 'global' }, { family: 'inet', local: '10.0.0.10', prefixlen: 24, scope: 'global', label: 'eth0:vip' }] },
  ]));
  const r = spawnSync(process.execPath, [BIN, 'host', '--proc', root, '--vip', '10.0.0.10', '--format', 'json'], { encoding: 'utf8' });
  const a = JSON.parse(r.stdout) as { role: string; vips: { ok: boolean; problems: string[]; fix: string[]; interfaces: { arpIgnore: number; willAnswer: boolean }[] }[] };
  assert.equal(a.role, 'director', 'a VIP with its subnet on a LAN interface is a director');
  assert.equal(a.vips[0]!.interfaces[0]!.arpIgnore, 8, 'effective arp_ignore is max(all, eth0)');
  assert.equal(a.vips[0]!.interfaces[0]!.willAnswer, false);
  assert.equal(r.status, 1);
  assert.ok(a.vips[0]!.fix.some((l) => l.includes('net.ipv4.conf.eth0.arp_ignore=0')));
  const ifs: Interface[] = [
    { name: 'lo', up: true, loopback: true, noarp: false, linkType: 'loopback', addrs: [{ family: 4, ip: '127.0.0.1', prefixlen: 8, scope: 'host', label: 'lo', flags: [] }, { family: 4, ip: '192.0.2.7', prefixlen: 32, scope: 'global', label: 'lo:0', flags: [] }, { family: 6, ip: '::1', prefixlen: 128, scope: 'host', label: 'lo', flags: [] }] },
    { name: 'dummy0', up: true, loopback: false, noarp: true, linkType: 'ether', addrs: [{ family: 4, ip: '192.0.2.8', prefixlen: 32, scope: 'global', label: 'dummy0', flags: [] }] },
  ];
  assert.deepEqual(inferVips(ifs), ['192.0.2.7', '192.0.2.8']);
  assert.equal(auditHost(ifs, () => 0, {}).role, 'real-server');
  const bad = spawnSync(process.execPath, [BIN, 'host', '--vip', '10.0.0.300'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
});

test('host with IPv6 VIPs only: judged, never "no VIP found"; a VIP on a LAN interface with its subnet is a director\'s, with nodad or not', async () => {
  const { renderHost } = await import('../../src/cli/host.js');
  const ifs = (flags: string[]): Interface[] => [
    { name: 'lo', up: true, loopback: true, noarp: false, linkType: 'loopback', addrs: [{ family: 6, ip: '::1', prefixlen: 128, scope: 'host', label: 'lo', flags: [] }] },
    { name: 'eth0', up: true, loopback: false, noarp: false, linkType: 'ether', addrs: [{ family: 6, ip: 'fd00::2', prefixlen: 64, scope: 'global', label: 'eth0', flags }] },
  ];
  for (const flags of [[], ['nodad']]) {
    const a = auditHost(ifs(flags), () => 0, { vips: ['fd00::2'], sysctl6: () => 0 });
    assert.equal(a.role, 'director', `flags ${flags.join(',') || 'none'}: the same as an IPv4 VIP on eth0/24`);
    const text = renderHost(a);
    assert.doesNotMatch(text, /no VIP given or found/);
    assert.match(text, /^VIP fd00::2 \(IPv6, neighbour discovery\)/m);
  }
  // an IPv6 VIP /128 on lo: a real server, said in IPv6 terms
  const rs = auditHost([{ name: 'lo', up: true, loopback: true, noarp: false, linkType: 'loopback', addrs: [{ family: 6, ip: 'fd00::2', prefixlen: 128, scope: 'global', label: 'lo', flags: [] }] }], () => 0, { vips: ['fd00::2'], sysctl6: () => 0 });
  assert.equal(rs.role, 'real-server');
  assert.match(renderHost(rs), /inferred: VIPs are \/128 on lo/);
});

test('host: the fix pastes one recommended change (alternatives are comments), and nothing to judge is exit 2', () => {
  const root = join(tmp, 'proc-rs');
  const conf = join(root, 'sys', 'net', 'ipv4', 'conf');
  for (const i of ['all', 'eth0']) {
    mkdirSync(join(conf, i), { recursive: true });
    writeFileSync(join(conf, i, 'arp_ignore'), '0\n');
    writeFileSync(join(conf, i, 'arp_announce'), '0\n');
  }
  const ipAddr = (vip: boolean) => JSON.stringify([
    { ifname: 'lo', flags: ['LOOPBACK', 'UP'], link_type: 'loopback', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host' }, ...(vip ? [{ family: 'inet', local: '10.0.0.10', prefixlen: 32, scope: 'global', label: 'lo:0' }] : [])] },
    { ifname: 'eth0', flags: ['BROADCAST', 'UP'], link_type: 'ether', addr_info: [{ family: 'inet', local: '10.0.0.21', prefixlen: 24, scope: 'global' }] },
  ]);
  writeFileSync(join(root, 'ip-addr.json'), ipAddr(true));
  const r = spawnSync(process.execPath, [BIN, 'host', '--proc', root], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^role: real-server \(inferred: VIPs are \/32 on lo, dummy or tunnel devices; --role to override\)$/m);
  const block = r.stdout.split('\n  fix (paste):\n')[1]!.split('\n').filter((l) => l.startsWith('    ')).map((l) => l.slice(4));
  const commands = block.filter((l) => !l.startsWith('#'));
  assert.ok(commands.includes('sysctl -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2'), commands.join('\n'));
  for (const c of commands) assert.doesNotMatch(c, /iptables|tunl0|arp_ignore=3|ip addr del/, `only the recommended fix runs when pasted: ${c}`);
  assert.ok(block.some((l) => l.startsWith('#') && l.includes('iptables -t nat -A PREROUTING -d 10.0.0.10 -j REDIRECT')), 'the alternatives are there, commented');

  // the same problems as SARIF 2.1.0: each result points at the sysctl that decides it
  const sarif = JSON.parse(spawnSync(process.execPath, [BIN, 'host', '--proc', root, '--format', 'sarif'], { encoding: 'utf8' }).stdout) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } }; logicalLocations: { name: string }[] }[]; properties: { fix: string[] } }[] }[] };
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0]!;
  assert.equal(run.tool.driver.name, 'arpaudit');
  assert.deepEqual(run.results.map((x) => [x.ruleId, x.level, x.locations[0]!.physicalLocation.artifactLocation.uri, x.locations[0]!.logicalLocations[0]!.name]), [
    ['host.vip-answered', 'error', 'file:///proc/sys/net/ipv4/conf/eth0/arp_ignore', 'eth0'],
    ['host.vip-leaked', 'warning', 'file:///proc/sys/net/ipv4/conf/eth0/arp_announce', 'eth0'],
  ]);
  for (const x of run.results) {
    assert.equal(run.tool.driver.rules[x.ruleIndex]!.id, x.ruleId, 'ruleIndex points at its rule');
    assert.match(x.message.text, /^10\.0\.0\.10 on eth0 \(real-server\): /);
    assert.ok(x.properties.fix.length > 0);
  }

  writeFileSync(join(root, 'ip-addr.json'), ipAddr(false));
  // a VIP named but configured nowhere: the fix adds it, and no alternative removes an address that is not there
  const missing = spawnSync(process.execPath, [BIN, 'host', '--proc', root, '--vip', '192.0.2.100', '--role', 'real-server'], { encoding: 'utf8' });
  assert.equal(missing.status, 1, missing.stderr);
  assert.match(missing.stdout, /192\.0\.2\.100 is not configured on this host/);
  const paste = missing.stdout.split('\n  fix (paste):\n')[1]!.split('\n').filter((l) => l.startsWith('    ')).map((l) => l.slice(4));
  assert.ok(paste.includes('ip addr add 192.0.2.100/32 dev lo'), `the VIP is added: ${paste.join('\n')}`);
  assert.ok(!paste.some((l) => l.includes('ip addr del')), 'nothing deletes an address the host does not hold');
  const none = spawnSync(process.execPath, [BIN, 'host', '--proc', root], { encoding: 'utf8' });
  assert.equal(none.status, 2);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /no VIP to audit: none given, and no \/32 address on lo, dummy or tunnel devices; name them with --vip IP/);
});

interface Config6 {
  name: string;
  /** Commands run in the real server's namespace, with the capture running (the VIP is 2001:db8::100). */
  setup: string[][];
  role: 'real-server' | 'director';
}

const VIP6 = '2001:db8::100';
const configs6: Config6[] = [
  { name: 'IPv6 VIP /128 on lo', role: 'real-server', setup: [['ip', '-6', 'addr', 'add', `${VIP6}/128`, 'dev', 'lo']] },
  { name: 'IPv6 VIP on eth0 (nodad)', role: 'real-server', setup: [['ip', '-6', 'addr', 'add', `${VIP6}/64`, 'dev', 'eth0', 'nodad']] },
  { name: 'IPv6 VIP on eth0 with ndisc_notify=1 (announced once its DAD passes)', role: 'real-server', setup: [['sysctl', '-q', '-w', 'net.ipv6.conf.eth0.ndisc_notify=1'], ['ip', '-6', 'addr', 'add', `${VIP6}/64`, 'dev', 'eth0']] },
  { name: 'IPv6 VIP on eth0 with ndisc_notify=1 and nodad (not announced when added)', role: 'real-server', setup: [['sysctl', '-q', '-w', 'net.ipv6.conf.eth0.ndisc_notify=1'], ['ip', '-6', 'addr', 'add', `${VIP6}/64`, 'dev', 'eth0', 'nodad']] },
  { name: 'IPv6 VIP on lo, proxied on eth0 (proxy_ndp, forwarding)', role: 'real-server', setup: [['ip', '-6', 'addr', 'add', `${VIP6}/128`, 'dev', 'lo'], ['sysctl', '-q', '-w', 'net.ipv6.conf.eth0.proxy_ndp=1', 'net.ipv6.conf.eth0.forwarding=1'], ['ip', '-6', 'neigh', 'add', 'proxy', VIP6, 'dev', 'eth0']] },
  { name: 'IPv6 director: VIP on eth0', role: 'director', setup: [['ip', '-6', 'addr', 'add', `${VIP6}/64`, 'dev', 'eth0', 'nodad']] },
];

/** NS and NA of a capture, decoded by our own ND decoder. */
async function ndFrames(file: string): Promise<{ type: number; srcMac: string; src: string; target: string; solicited: boolean }[]> {
  const { decodeNd, formatIp6, NdFields, ND_OK } = await import('../../src/decode/nd.js');
  const r = CaptureReader.open(file);
  const out: { type: number; srcMac: string; src: string; target: string; solicited: boolean }[] = [];
  const f = new NdFields();
  for (;;) {
    const s = r.next();
    if (s === FRAME) {
      const b = r.buf.subarray(r.off, r.off + r.caplen);
      if (b.length >= 54 && b.readUInt16BE(12) === 0x86dd && decodeNd(new DataView(b.buffer, b.byteOffset, b.length), 14, b.length, f) === ND_OK) {
        out.push({ type: f.type, srcMac: [...b.subarray(6, 12)].map((x) => x.toString(16).padStart(2, '0')).join(':'), src: formatIp6(f.src), target: formatIp6(f.target), solicited: f.solicited });
      }
    } else if (s === NEED_DATA) await r.fill();
    else break;
  }
  return out;
}

configs6.forEach((cfg, n) => {
  test(`host audit matches the kernel: ${cfg.name}`, { skip: why ?? false, timeout: 60_000 }, async (t) => {
    const lan = new Lan(`h6${n}`);
    try {
      const c = lan.host('c', '10.77.0.50');
      const rs = lan.host('rs', '10.77.0.11');
      lan.exec(c.ns, ['ip', '-6', 'addr', 'add', '2001:db8::50/64', 'dev', 'eth0', 'nodad']);
      lan.exec(rs.ns, ['ip', '-6', 'addr', 'add', '2001:db8::11/64', 'dev', 'eth0', 'nodad']);
      const file = join(tmp, `h6${n}.pcap`);
      const cap = await lan.capture(file, 'icmp6');
      for (const cmd of cfg.setup) lan.exec(rs.ns, cmd);
      // DAD takes a second (dad_transmits 1, retrans timer 1 s): predict once it is over
      for (let i = 0; i < 40 && /tentative/.test(lan.exec(rs.ns, ['ip', '-6', 'addr', 'show'])); i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 300));
      // the prediction, made inside the server's namespace
      const h = spawnSync('ip', ['netns', 'exec', rs.ns, process.execPath, BIN, 'host', '--vip', VIP6, '--role', cfg.role, '--format', 'json'], { encoding: 'utf8', timeout: 20_000 });
      const audit = JSON.parse(h.stdout) as { vips6: { ok: boolean; fix: string[]; interfaces: { name: string; willAnswer: boolean; willLeak: boolean; willAnnounce: boolean; answerReason: string; leakReason: string; announceReason: string }[] }[] };
      const { assertValid } = await import('../helpers/schemas.js');
      assertValid('host', JSON.parse(h.stdout), `host --vip ${VIP6}`);
      const eth0 = audit.vips6[0]!.interfaces.find((i) => i.name === 'eth0')!;
      assert.equal(h.status, audit.vips6[0]!.ok ? 0 : 1, h.stderr);
      // SARIF carries the same verdicts, as rules a code-scanning dashboard can group
      const sarif = JSON.parse(spawnSync('ip', ['netns', 'exec', rs.ns, process.execPath, BIN, 'host', '--vip', VIP6, '--role', cfg.role, '--format', 'sarif'], { encoding: 'utf8', timeout: 20_000 }).stdout) as { runs: { results: { ruleId: string }[] }[] };
      const rules = sarif.runs[0]!.results.map((x) => x.ruleId).sort();
      const want = cfg.role === 'director' ? (eth0.willAnswer ? [] : ['host.vip6-not-answered']) : [...(eth0.willAnnounce ? ['host.vip6-announced'] : []), ...(eth0.willAnswer ? ['host.vip6-answered'] : [])].sort();
      assert.deepEqual(rules, want, 'SARIF results');
      // the kernel's behaviour: the client asks for the VIP; the server sends from it
      lan.exec(c.ns, ['sh', '-c', `ip -6 neigh flush all; ping -6 -c 2 -W 1 ${VIP6} >/dev/null 2>&1 || true`], 10_000);
      lan.exec(rs.ns, ['sh', '-c', `ip -6 neigh flush all; ping -6 -c 1 -W 1 -I ${VIP6} 2001:db8::50 >/dev/null 2>&1 || true`], 10_000);
      await new Promise((r) => setTimeout(r, 1000));
      await lan.stop(cap);
      const frames = (await ndFrames(file)).filter((f) => f.srcMac === rs.mac);
      const answered = frames.some((f) => f.type === 136 && f.target === VIP6 && f.solicited);
      const announced = frames.some((f) => f.type === 136 && f.target === VIP6 && !f.solicited);
      const leaked = frames.some((f) => f.type === 135 && f.src === VIP6);
      t.diagnostic(`kernel: answers ${answered}, sends NS from the VIP ${leaked}, announces ${announced}; predicted: ${eth0.willAnswer} (${eth0.answerReason}), ${eth0.willLeak}, ${eth0.willAnnounce} (${eth0.announceReason})`);
      assert.equal(eth0.willAnswer, answered, `answer prediction: ${eth0.answerReason}`);
      assert.equal(eth0.willAnnounce, announced, `announce prediction: ${eth0.announceReason}`);
      if (cfg.role === 'real-server') assert.equal(eth0.willLeak, leaked, `NS source prediction: ${eth0.leakReason}`);
      if (!audit.vips6[0]!.ok && cfg.role === 'real-server') assert.ok(audit.vips6[0]!.fix.some((l) => l.includes(`ip -6 addr add ${VIP6}/128 dev lo`) || l.includes('neigh del proxy')), 'a fix to paste');
    } finally {
      lan.close();
    }
  });
});
