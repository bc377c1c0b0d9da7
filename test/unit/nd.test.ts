// IPv6 neighbour discovery: the decoder's fields against our encoder, every
// check a receiver must make (hop limit 255, checksum, code, options, DAD
// without a link-layer address), truncation at every length as a status,
// extension headers walked, RFC 5952 text, and the id table's bounds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ethNd, ip6Bytes } from '../lab/frames.js';
import { decodeNd, formatIp6, looksLikeNd, NdFields, ND_BAD, ND_CHECKSUM, ND_HOP_LIMIT, ND_NA, ND_NOT_ND, ND_NS, ND_OK, ND_TRUNCATED } from '../../src/decode/nd.js';
import { Addr6Table } from '../../src/engine/addr6.js';
import { formatMac, parseMac, TWO32, viewOf } from '../../src/util/addr.js';

const MAC = parseMac('02:00:00:00:00:c1');

function decode(frame: Buffer, end = frame.length): { st: number; f: NdFields } {
  const f = new NdFields();
  return { st: decodeNd(viewOf(frame), 14, end, f), f };
}

test('NS and NA: addresses, target, flags, link-layer address option and nonce as sent', () => {
  const ns = decode(ethNd({ type: 'ns', src: MAC, srcIp: '2001:db8::50', dstIp: 'ff02::1:ff00:10', target: '2001:db8::10', ll: MAC, nonce: 0x0102030405 }));
  assert.equal(ns.st, ND_OK);
  assert.deepEqual([ns.f.type, formatIp6(ns.f.src), formatIp6(ns.f.dst), formatIp6(ns.f.target), formatMac(ns.f.llHi * TWO32 + (ns.f.llLo >>> 0)), ns.f.nonce], [ND_NS, '2001:db8::50', 'ff02::1:ff00:10', '2001:db8::10', '02:00:00:00:00:c1', 0x0102030405]);
  const na = decode(ethNd({ type: 'na', src: MAC, srcIp: '2001:db8::10', dstIp: '2001:db8::50', target: '2001:db8::10', solicited: true, override: true, router: true, ll: MAC }));
  assert.equal(na.st, ND_OK);
  assert.deepEqual([na.f.type, na.f.router, na.f.solicited, na.f.override, na.f.llOff], [ND_NA, true, true, true, 14 + 40 + 24 + 2]);
});

test('what a receiver must drop is a status: hop limit, checksum, DAD with an address option, solicited NA to multicast', () => {
  const base = { type: 'ns' as const, src: MAC, srcIp: '2001:db8::50', dstIp: 'ff02::1:ff00:10', target: '2001:db8::10', ll: MAC };
  assert.equal(decode(ethNd({ ...base, hopLimit: 64 })).st, ND_HOP_LIMIT);
  assert.equal(decode(ethNd({ ...base, badChecksum: true })).st, ND_CHECKSUM);
  assert.equal(decode(ethNd({ ...base, srcIp: '::' })).st, ND_BAD, 'a DAD probe carries no link-layer address');
  assert.equal(decode(ethNd({ type: 'na', src: MAC, srcIp: '2001:db8::10', dstIp: 'ff02::1', target: '2001:db8::10', solicited: true, ll: MAC })).st, ND_BAD);
  assert.equal(decode(ethNd({ ...base, code: 1 })).st, ND_BAD, 'code other than 0, with a right checksum');
});

test('every truncation is a status, never a throw; Ethernet padding is not read as options', () => {
  const frame = ethNd({ type: 'na', src: MAC, srcIp: '2001:db8::10', dstIp: '2001:db8::50', target: '2001:db8::10', solicited: true, ll: MAC });
  for (let end = 14; end < frame.length; end++) {
    const st = decode(frame, end).st;
    assert.ok(st === ND_TRUNCATED || st === ND_NOT_ND, `cut at ${end}: ${st}`);
  }
  const padded = Buffer.concat([frame, Buffer.alloc(30, 0xee)]);
  assert.equal(decode(padded).st, ND_OK);
});

test('extension headers before ICMPv6 are walked; a later fragment or another protocol is not ND', () => {
  const frame = ethNd({ type: 'ns', src: MAC, srcIp: '2001:db8::50', dstIp: 'ff02::1:ff00:10', target: '2001:db8::10', ll: MAC });
  // insert an 8-byte hop-by-hop header (PadN) before the ICMPv6 message
  const hbh = Buffer.from([58, 0, 1, 4, 0, 0, 0, 0]);
  const withHbh = Buffer.concat([frame.subarray(0, 54), hbh, frame.subarray(54)]);
  withHbh[14 + 6] = 0;
  withHbh.writeUInt16BE(frame.readUInt16BE(14 + 4) + 8, 14 + 4);
  assert.ok(looksLikeNd(viewOf(withHbh), 14, withHbh.length));
  assert.equal(decode(withHbh).st, ND_OK, 'the pseudo-header checksum does not cover the extension header');
  const tcp = Buffer.from(frame);
  tcp[14 + 6] = 6;
  assert.equal(decode(tcp).st, ND_NOT_ND);
  assert.ok(!looksLikeNd(viewOf(tcp), 14, tcp.length));
});

test('RFC 5952 text: lower case, the longest zero run as ::, the first of equal runs', () => {
  const words = (s: string) => {
    const b = ip6Bytes(s);
    return new Uint32Array([b.readUInt32BE(0), b.readUInt32BE(4), b.readUInt32BE(8), b.readUInt32BE(12)]);
  };
  assert.equal(formatIp6(words('2001:0db8:0000:0000:0000:0000:0000:0001')), '2001:db8::1');
  assert.equal(formatIp6(words('2001:db8:0:1:1:1:1:1')), '2001:db8:0:1:1:1:1:1', 'a single zero group stays');
  assert.equal(formatIp6(words('2001:0:0:1:0:0:0:1')), '2001:0:0:1::1', 'the longest run');
  assert.equal(formatIp6(words('2001:db8:0:0:1:0:0:1')), '2001:db8::1:0:0:1', 'the first of equal runs');
  assert.equal(formatIp6(words('::')), '::');
  assert.equal(formatIp6(words('fe80::1')), 'fe80::1');
});

test('IPv6 ids: stable, :: is 0, refused (counted) when full, ranked in address order', () => {
  const t = new Addr6Table(3);
  const w = (s: string) => {
    const b = ip6Bytes(s);
    return new Uint32Array([b.readUInt32BE(0), b.readUInt32BE(4), b.readUInt32BE(8), b.readUInt32BE(12)]);
  };
  assert.equal(t.id(w('::')), 0);
  const a = t.id(w('2001:db8::20'));
  const b = t.id(w('2001:db8::10'));
  assert.equal(t.id(w('2001:db8::20')), a);
  assert.equal(t.text(b), '2001:db8::10');
  t.id(w('fe80::1'));
  assert.equal(t.id(w('fe80::2')), -1);
  assert.equal(t.refused, 1);
  const r = t.ranks();
  assert.ok(r[b]! < r[a]!, '::10 sorts before ::20');
  // many ids through rehashing keep their text
  const big = new Addr6Table(5000);
  for (let i = 1; i <= 5000; i++) assert.equal(big.id(w(`2001:db8::${i.toString(16)}`)), i);
  for (let i = 1; i <= 5000; i += 997) assert.equal(big.text(i), `2001:db8::${i.toString(16)}`);
});

test('--expect "routers": an IPv6 router not on the list is rogue even when first; one on it never is; a bad list is refused', async () => {
  const { runCli } = await import('../helpers/golden.js');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'arpaudit-routers-'));
  try {
    const rogue = async (routers: unknown) => {
      const f = join(dir, 'expect.json');
      writeFileSync(f, JSON.stringify({ routers }));
      const r = await runCli(['check', 'fixtures/nd-rogue-ra.pcap', '--expect', f, '--format', 'json']);
      return (JSON.parse(r.out) as { findings: { code: string; macs: string[] }[] }).findings.filter((x) => x.code === 'nd.router.rogue').map((x) => x.macs[0]);
    };
    assert.deepEqual(await rogue(['02:00:00:00:00:01']), ['02:00:00:00:00:66'], 'the listed router is fine, the other is rogue');
    assert.deepEqual(await rogue([{ mac: '02:00:00:00:00:66', note: 'the new core router' }]), ['02:00:00:00:00:01'], 'the first router is rogue when the list names only the other');
    assert.deepEqual(await rogue(['02:00:00:00:00:01', '02:00:00:00:00:66']), [], 'both allowed');
    assert.deepEqual(await rogue([{ mac: '02:00:00:00:00:01', vlan: 10 }, '02:00:00:00:00:66']), ['02:00:00:00:00:01'], 'allowed only in VLAN 10: untagged it is rogue');
    const f = join(dir, 'bad.json');
    writeFileSync(f, JSON.stringify({ routers: ['nope'] }));
    const bad = await runCli(['check', 'fixtures/nd-rogue-ra.pcap', '--expect', f]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /routers\[0\]\.mac: "nope" is not a MAC address/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a second router that is the VRRP pair of the first is not rogue; NAs without R from a router that advertises routes are a failover problem', async () => {
  const { runCli } = await import('../helpers/golden.js');
  const r = JSON.parse((await runCli(['check', 'fixtures/vrrp6-no-router.pcap', '--format', 'json'])).out) as { findings: { code: string }[]; failovers: { problems: { code: string }[] }[] };
  assert.deepEqual(r.findings.map((f) => f.code).filter((c) => c.startsWith('nd.router')), []);
  assert.deepEqual(r.failovers[0]!.problems.map((p) => p.code), ['na-no-router']);
  // the same failover, R=0 too, but no router advertisements: the routers are not IPv6 routers, nothing wrong
  const { vrrp6Failover } = await import('../lab/scenarios.js');
  const { pcapBytes } = await import('../lab/fixtures.js');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'arpaudit-nor-'));
  try {
    writeFileSync(join(dir, 'x.pcap'), pcapBytes(vrrp6Failover(true, true, false, false)));
    const plain = JSON.parse((await runCli(['check', join(dir, 'x.pcap'), '--format', 'json'])).out) as { failovers: { healthy: boolean; problems: unknown[] }[] };
    assert.deepEqual(plain.failovers.map((f) => [f.healthy, f.problems]), [[true, []]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('address mapping: an NS to another address\'s solicited-node group, or to an Ethernet address that is not its group\'s, is counted and still analysed', async () => {
  const { ndMapping, ND_MAP_ETHER, ND_MAP_SOLICITED } = await import('../../src/decode/nd.js');
  const map = (frame: Buffer) => {
    const { st, f } = decode(frame);
    assert.equal(st, ND_OK);
    return ndMapping(viewOf(frame), f, 0);
  };
  const ns = { type: 'ns' as const, src: MAC, srcIp: '2001:db8::50', target: '2001:db8::abcd:10', ll: MAC };
  assert.equal(map(ethNd({ ...ns, dstIp: 'ff02::1:ffcd:10' })), ND_OK, 'the target\'s group, on 33:33:ff:cd:00:10');
  assert.equal(map(ethNd({ ...ns, dstIp: 'ff02::1:ff00:99' })), ND_MAP_SOLICITED);
  assert.equal(map(ethNd({ ...ns, dstIp: 'ff02::1' })), ND_MAP_SOLICITED, 'an NS to all nodes');
  assert.equal(map(ethNd({ ...ns, dstIp: 'ff02::1:ffcd:10', dst: 0xffffffffffff })), ND_MAP_ETHER, 'broadcast Ethernet');
  assert.equal(map(ethNd({ ...ns, dstIp: '2001:db8::abcd:10', dst: 0x020000000010 })), ND_OK, 'unicast NS (unreachability detection): no group');
  const na = { type: 'na' as const, src: MAC, srcIp: '2001:db8::10', dstIp: 'ff02::1', target: '2001:db8::10', override: true, ll: MAC };
  assert.equal(map(ethNd(na)), ND_OK);
  assert.equal(map(ethNd({ ...na, dst: 0x333300000002 })), ND_MAP_ETHER, 'all-nodes IPv6, all-routers Ethernet');
  // through the engine: counted as an anomaly by name, and the message still analysed
  const { pcapBytes } = await import('../lab/fixtures.js');
  const { runCli } = await import('../helpers/golden.js');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'arpaudit-map-'));
  try {
    const T = Date.UTC(2025, 0, 1) * 1000;
    const owner = parseMac('02:00:00:00:00:10');
    writeFileSync(join(dir, 'm.pcap'), pcapBytes([
      { us: T, frame: ethNd({ ...ns, dstIp: 'ff02::1:ff00:99' }) },
      { us: T + 200, frame: ethNd({ type: 'na', src: owner, srcIp: '2001:db8::abcd:10', dstIp: '2001:db8::50', dst: MAC, target: '2001:db8::abcd:10', solicited: true, override: true, ll: owner }) },
    ]));
    const r = JSON.parse((await runCli(['check', join(dir, 'm.pcap'), '--format', 'json', '--addresses', 'all'])).out) as { findings: { code: string; details: { reasons: Record<string, number> } }[]; addresses: { ip: string }[] };
    const a = r.findings.find((f) => f.code === 'nd.decode.anomaly')!;
    assert.deepEqual(a.details.reasons, { "NS to another address's solicited-node group": 1 });
    assert.ok(r.addresses.some((x) => x.ip === '2001:db8::abcd:10'), 'the exchange was analysed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
