// Frame builders: Ethernet (with stacked VLAN tags), Linux SLL and SLL2
// headers around an ARP payload. Used by fixtures, tests and the benchmark.
import { type ArpPacket, encodeArp, OP_REPLY, OP_REQUEST } from '../decode/arp.js';
import { MAC_BROADCAST, TWO32 } from '../util/addr.js';
import { vrrpChecksum } from '../decode/vrrp.js';
import { ip6Words } from './nd.js';

export interface ArpSpec {
  op: 'request' | 'reply';
  sha: number;
  spa: number;
  tha?: number;
  tpa: number;
  /** Ethernet source (default sha) and destination (default broadcast for requests, tha for replies). */
  src?: number;
  dst?: number;
  /** VLAN IDs outermost first; outer tags use 802.1ad when more than one. */
  vlans?: number[];
  /** Pad to the 60-byte Ethernet minimum (default true). */
  pad?: boolean;
}

function putMac(b: Uint8Array, o: number, m: number): void {
  const hi = Math.floor(m / TWO32);
  const lo = m >>> 0;
  b[o] = hi >>> 8; b[o + 1] = hi & 0xff;
  b[o + 2] = lo >>> 24; b[o + 3] = (lo >>> 16) & 0xff; b[o + 4] = (lo >>> 8) & 0xff; b[o + 5] = lo & 0xff;
}

function arpFields(s: ArpSpec): ArpPacket {
  return { op: s.op === 'request' ? OP_REQUEST : OP_REPLY, sha: s.sha, spa: s.spa, tha: s.tha ?? 0, tpa: s.tpa };
}

/** Ethernet frame carrying ARP. */
export function ethArp(s: ArpSpec): Buffer {
  const vlans = s.vlans ?? [];
  const hdr = 14 + 4 * vlans.length;
  const len = Math.max(hdr + 28, s.pad === false ? 0 : 60);
  const b = Buffer.alloc(len);
  putMac(b, 0, s.dst ?? (s.op === 'request' ? MAC_BROADCAST : s.tha ?? MAC_BROADCAST));
  putMac(b, 6, s.src ?? s.sha);
  let o = 12;
  vlans.forEach((vid, i) => {
    b.writeUInt16BE(vlans.length > 1 && i < vlans.length - 1 ? 0x88a8 : 0x8100, o);
    b.writeUInt16BE(vid & 0x0fff, o + 2);
    o += 4;
  });
  b.writeUInt16BE(0x0806, o);
  encodeArp(b, o + 2, arpFields(s));
  return b;
}

/** Linux cooked v1 (SLL, linktype 113) frame carrying ARP. */
export function sllArp(s: ArpSpec, pkttype = 0): Buffer {
  const b = Buffer.alloc(16 + 28);
  b.writeUInt16BE(pkttype, 0);
  b.writeUInt16BE(1, 2); // ARPHRD_ETHER
  b.writeUInt16BE(6, 4);
  putMac(b, 6, s.src ?? s.sha);
  b.writeUInt16BE(0x0806, 14);
  encodeArp(b, 16, arpFields(s));
  return b;
}

/** Linux cooked v2 (SLL2, linktype 276) frame carrying ARP. */
export function sll2Arp(s: ArpSpec, ifindex = 2, pkttype = 0): Buffer {
  const b = Buffer.alloc(20 + 28);
  b.writeUInt16BE(0x0806, 0);
  b.writeUInt32BE(ifindex, 4);
  b.writeUInt16BE(1, 8);
  b[10] = pkttype;
  b[11] = 6;
  putMac(b, 12, s.src ?? s.sha);
  encodeArp(b, 20, arpFields(s));
  return b;
}

/** A non-ARP Ethernet frame of `size` bytes with the given ethertype (IPv4 0x0800, IPv6 0x86dd). */
export function ethOther(src: number, dst: number, ethertype: number, size: number): Buffer {
  const b = Buffer.alloc(Math.max(size, 60));
  putMac(b, 0, dst);
  putMac(b, 6, src);
  b.writeUInt16BE(ethertype, 12);
  for (let i = 14; i < b.length; i++) b[i] = (i * 7) & 0xff;
  return b;
}

export interface VrrpSpec {
  version: 2 | 3;
  src: number; // Ethernet source MAC (physical, or the virtual MAC with use_vmac)
  srcIp: number;
  vrid: number;
  priority: number;
  /** Advertisement interval in ms (v2 rounds to seconds, v3 to centiseconds). */
  intervalMs: number;
  vips: number[];
  ttl?: number;
  vlans?: number[];
  /** Corrupt the checksum (tests). */
  badChecksum?: boolean;
}

function ethHeader(dst: number, src: number, vlans: number[], ethertype: number, payload: number): { b: Buffer; o: number } {
  const hdr = 14 + 4 * vlans.length;
  const b = Buffer.alloc(Math.max(60, hdr + payload));
  putMac(b, 0, dst);
  putMac(b, 6, src);
  let o = 12;
  vlans.forEach((vid, i) => {
    b.writeUInt16BE(vlans.length > 1 && i < vlans.length - 1 ? 0x88a8 : 0x8100, o);
    b.writeUInt16BE(vid & 0x0fff, o + 2);
    o += 4;
  });
  b.writeUInt16BE(ethertype, o);
  return { b, o: o + 2 };
}

function ipv4Checksum(b: Buffer, o: number): void {
  let s = 0;
  for (let i = 0; i < 20; i += 2) s += b.readUInt16BE(o + i);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  b.writeUInt16BE(~s & 0xffff, o + 10);
}

/** A VRRP v2/v3 advert over IPv4 to 224.0.0.18. */
export function ethVrrp(v: VrrpSpec): Buffer {
  const body = v.version === 2 ? 16 + 4 * v.vips.length : 8 + 4 * v.vips.length;
  const { b, o } = ethHeader(0x01005e000012, v.src, v.vlans ?? [], 0x0800, 20 + body);
  b[o] = 0x45;
  b.writeUInt16BE(20 + body, o + 2);
  b[o + 8] = v.ttl ?? 255;
  b[o + 9] = 112;
  b.writeUInt32BE(v.srcIp >>> 0, o + 12);
  b.writeUInt32BE(0xe0000012, o + 16);
  ipv4Checksum(b, o);
  const p = o + 20;
  b[p] = (v.version << 4) | 1;
  b[p + 1] = v.vrid;
  b[p + 2] = v.priority;
  b[p + 3] = v.vips.length;
  if (v.version === 2) {
    b[p + 4] = 0; // no authentication
    b[p + 5] = Math.round(v.intervalMs / 1000);
  } else {
    const cs = Math.round(v.intervalMs / 10);
    b[p + 4] = (cs >> 8) & 0x0f;
    b[p + 5] = cs & 0xff;
  }
  v.vips.forEach((ip, i) => b.writeUInt32BE(ip >>> 0, p + 8 + 4 * i));
  const pseudo = v.version === 3 ? (v.srcIp >>> 16) + (v.srcIp & 0xffff) + 0xe000 + 0x0012 + 112 + body : 0;
  vrrpChecksum(b, p, body, pseudo);
  if (v.badChecksum) b[p + 7] ^= 0xff;
  return b;
}

export interface FhrpSpec {
  /** Ethernet source: HSRP's active router sends from the group's virtual MAC. */
  src: number;
  srcIp: number;
  group: number;
  /** HSRP: 16 active, 8 standby, 4 speak, 2 listen; GLBP: 0x20 active, 0x10 standby, 8 speak, 4 listen. */
  state: number;
  priority: number;
  vip: number;
  /** HSRP: 0 hello, 1 coup, 2 resign. */
  opcode?: number;
  helloMs?: number;
  holdMs?: number;
  vlans?: number[];
  /** HSRP version (default 1); version 2 sends a Group State TLV to 224.0.0.102. */
  version?: 1 | 2;
}

function udp4(dst: number, dstIp: number, s: FhrpSpec, port: number, body: number): { b: Buffer; p: number } {
  const { b, o } = ethHeader(dst, s.src, s.vlans ?? [], 0x0800, 28 + body);
  b[o] = 0x45;
  b[o + 1] = 0xc0;
  b.writeUInt16BE(28 + body, o + 2);
  b[o + 8] = 1;
  b[o + 9] = 17;
  b.writeUInt32BE(s.srcIp >>> 0, o + 12);
  b.writeUInt32BE(dstIp >>> 0, o + 16);
  ipv4Checksum(b, o);
  b.writeUInt16BE(port, o + 20);
  b.writeUInt16BE(port, o + 22);
  b.writeUInt16BE(8 + body, o + 24); // checksum 0: none, as IPv4 allows
  return { b, p: o + 28 };
}

/** An HSRP message: version 1 (RFC 2281) to 224.0.0.2, or version 2 (its Group State TLV) to 224.0.0.102; UDP 1985. */
export function ethHsrp(s: FhrpSpec): Buffer {
  if (s.version === 2) {
    const { b, p } = udp4(0x01005e000066, 0xe0000066, s, 1985, 42);
    b[p] = 1; // Group State TLV
    b[p + 1] = 40;
    const v = p + 2;
    b[v] = 2;
    b[v + 1] = s.opcode ?? 0;
    b[v + 2] = s.state;
    b[v + 3] = 4;
    b.writeUInt16BE(s.group, v + 4);
    putMac(b, v + 6, s.src);
    b.writeUInt32BE(s.priority, v + 12);
    b.writeUInt32BE(s.helloMs ?? 3000, v + 16);
    b.writeUInt32BE(s.holdMs ?? 10000, v + 20);
    b.writeUInt32BE(s.vip >>> 0, v + 24);
    return b;
  }
  const { b, p } = udp4(0x01005e000002, 0xe0000002, s, 1985, 20);
  b[p] = 0;
  b[p + 1] = s.opcode ?? 0;
  b[p + 2] = s.state;
  b[p + 3] = Math.round((s.helloMs ?? 3000) / 1000);
  b[p + 4] = Math.round((s.holdMs ?? 10000) / 1000);
  b[p + 5] = s.priority;
  b[p + 6] = s.group;
  b.write('cisco\0\0\0', p + 8, 'latin1');
  b.writeUInt32BE(s.vip >>> 0, p + 16);
  return b;
}

/** A GLBP message with its Hello TLV to 224.0.0.102, UDP 3222. */
export function ethGlbp(s: FhrpSpec): Buffer {
  const { b, p } = udp4(0x01005e000066, 0xe0000066, s, 3222, 12 + 28);
  b[p] = 1;
  b.writeUInt16BE(s.group, p + 2);
  putMac(b, p + 6, s.src);
  const t = p + 12;
  b[t] = 1;
  b[t + 1] = 28;
  b[t + 3] = s.state;
  b[t + 5] = s.priority;
  b.writeUInt32BE(s.helloMs ?? 3000, t + 8);
  b.writeUInt32BE(s.holdMs ?? 10000, t + 12);
  b.writeUInt16BE(600, t + 16);
  b.writeUInt16BE(14400, t + 18);
  b[t + 22] = 1;
  b[t + 23] = 4;
  b.writeUInt32BE(s.vip >>> 0, t + 24);
  return b;
}

export interface NdSpec {
  /** Ethernet source and destination (default: the solicited-node or all-nodes multicast MAC of dstIp). */
  src: number;
  dst?: number;
  /** IPv6 addresses as text (parsed here, in tests and fixtures only). */
  srcIp: string;
  dstIp: string;
  type: 'ns' | 'na' | 'rs' | 'ra';
  target?: string;
  /** NA flags. */
  router?: boolean;
  solicited?: boolean;
  override?: boolean;
  /** The link-layer address option (source for NS/RS/RA, target for NA); omitted when null. */
  ll?: number | null;
  /** NS: an RFC 7527 nonce (6 bytes, as a number). */
  nonce?: number;
  hopLimit?: number;
  vlans?: number[];
  /** Corrupt the ICMPv6 checksum (tests). */
  badChecksum?: boolean;
  /** The ICMPv6 code (0 unless a test asks otherwise; the checksum stays right). */
  code?: number;
  /** RA: router lifetime (s, default 1800), managed and other flags, prefix information ("2001:db8::/64"). */
  routerLifetime?: number;
  managed?: boolean;
  other?: boolean;
  prefixes?: string[];
  /** RA route information ("2001:db8:1::/48", preference high/low/medium) and RDNSS servers. */
  routes?: { prefix: string; pref?: 'high' | 'medium' | 'low'; lifetime?: number }[];
  dns?: string[];
}

/** IPv6 text (with ::) as 16 bytes; for fixtures and tests. */
export function ip6Bytes(text: string): Buffer {
  const w = ip6Words(text);
  const b = Buffer.alloc(16);
  w.forEach((x, i) => b.writeUInt32BE(x, 4 * i));
  return b;
}

/** An ICMPv6 neighbour discovery message (NS, NA, RS, RA) in an Ethernet frame, with a right checksum unless asked. */
export function ethNd(s: NdSpec): Buffer {
  const dstIp = ip6Bytes(s.dstIp);
  const srcIp = ip6Bytes(s.srcIp);
  const base = s.type === 'rs' ? 8 : s.type === 'ra' ? 16 : 24;
  const opts: Buffer[] = [];
  if (s.ll !== undefined && s.ll !== null) {
    const o = Buffer.alloc(8);
    o[0] = s.type === 'na' ? 2 : 1;
    o[1] = 1;
    putMac(o, 2, s.ll);
    opts.push(o);
  }
  for (const pfx of s.prefixes ?? []) {
    const [addr, len] = pfx.split('/') as [string, string];
    const o = Buffer.alloc(32);
    o[0] = 3;
    o[1] = 4;
    o[2] = Number(len);
    o[3] = 0xc0; // on-link, autonomous
    o.writeUInt32BE(2592000, 4);
    o.writeUInt32BE(604800, 8);
    ip6Bytes(addr).copy(o, 16);
    opts.push(o);
  }
  for (const r of s.routes ?? []) {
    const [addr, len] = r.prefix.split('/') as [string, string];
    const o = Buffer.alloc(24);
    o[0] = 24;
    o[1] = 3;
    o[2] = Number(len);
    o[3] = ({ high: 1, medium: 0, low: 3 } as const)[r.pref ?? 'medium'] << 3;
    o.writeUInt32BE(r.lifetime ?? 1800, 4);
    ip6Bytes(addr).copy(o, 8);
    opts.push(o);
  }
  if (s.dns?.length) {
    const o = Buffer.alloc(8 + 16 * s.dns.length);
    o[0] = 25;
    o[1] = 1 + 2 * s.dns.length;
    o.writeUInt32BE(1800, 4);
    s.dns.forEach((d, i) => ip6Bytes(d).copy(o, 8 + 16 * i));
    opts.push(o);
  }
  if (s.nonce !== undefined) {
    const o = Buffer.alloc(8);
    o[0] = 14;
    o[1] = 1;
    o.writeUInt16BE(Math.floor(s.nonce / 2 ** 32), 2);
    o.writeUInt32BE(s.nonce >>> 0, 4);
    opts.push(o);
  }
  const body = base + opts.reduce((n, o) => n + o.length, 0);
  // multicast IPv6 -> 33:33 + its last four bytes
  const mcast = dstIp[0] === 0xff ? 0x333300000000 + dstIp.readUInt32BE(12) : 0xffffffffffff;
  const { b, o } = ethHeader(s.dst ?? mcast, s.src, s.vlans ?? [], 0x86dd, 40 + body);
  b[o] = 0x60;
  b.writeUInt16BE(body, o + 4);
  b[o + 6] = 58;
  b[o + 7] = s.hopLimit ?? 255;
  srcIp.copy(b, o + 8);
  dstIp.copy(b, o + 24);
  const p = o + 40;
  b[p] = { ns: 135, na: 136, rs: 133, ra: 134 }[s.type];
  b[p + 1] = s.code ?? 0;
  if (s.type === 'na') b[p + 4] = (s.router ? 0x80 : 0) | (s.solicited ? 0x40 : 0) | (s.override ? 0x20 : 0);
  if (s.type === 'ra') {
    b[p + 4] = 64;
    b[p + 5] = (s.managed ? 0x80 : 0) | (s.other ? 0x40 : 0);
    b.writeUInt16BE(s.routerLifetime ?? 1800, p + 6);
  }
  if (s.target) ip6Bytes(s.target).copy(b, p + 8);
  let q = p + base;
  for (const x of opts) {
    x.copy(b, q);
    q += x.length;
  }
  let sum = 0;
  for (let i = 8; i < 40; i += 2) sum += b.readUInt16BE(o + i);
  sum += body + 58;
  for (let i = 0; i < body; i += 2) sum += b.readUInt16BE(p + i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  b.writeUInt16BE(~sum & 0xffff, p + 2);
  if (s.badChecksum) b[p + 3]! ^= 0xff;
  return b;
}

/** A VRRPv3 advert over IPv6 to ff02::12 (addresses as 16-byte buffers). */
export function ethVrrp6(src: number, srcIp: Buffer, vrid: number, priority: number, intervalMs: number, vips: Buffer[]): Buffer {
  const body = 8 + 16 * vips.length;
  const { b, o } = ethHeader(0x333300000012, src, [], 0x86dd, 40 + body);
  b[o] = 0x60;
  b.writeUInt16BE(body, o + 4);
  b[o + 6] = 112;
  b[o + 7] = 255;
  srcIp.copy(b, o + 8);
  const dst = Buffer.from('ff020000000000000000000000000012', 'hex');
  dst.copy(b, o + 24);
  const p = o + 40;
  b[p] = 0x31;
  b[p + 1] = vrid;
  b[p + 2] = priority;
  b[p + 3] = vips.length;
  const cs = Math.round(intervalMs / 10);
  b[p + 4] = (cs >> 8) & 0x0f;
  b[p + 5] = cs & 0xff;
  vips.forEach((ip, i) => ip.copy(b, p + 8 + 16 * i));
  let pseudo = 0;
  for (let i = 0; i < 16; i += 2) pseudo += srcIp.readUInt16BE(i) + dst.readUInt16BE(i);
  vrrpChecksum(b, p, body, pseudo + 112 + body);
  return b;
}

/** An OpenBSD CARP advert (same protocol number and first byte as VRRPv2). */
export function ethCarp(src: number, srcIp: number, vhid: number, advskew: number, advbase: number): Buffer {
  const { b, o } = ethHeader(0x01005e000012, src, [], 0x0800, 20 + 36);
  b[o] = 0x45;
  b.writeUInt16BE(56, o + 2);
  b[o + 8] = 255;
  b[o + 9] = 112;
  b.writeUInt32BE(srcIp >>> 0, o + 12);
  b.writeUInt32BE(0xe0000012, o + 16);
  ipv4Checksum(b, o);
  const p = o + 20;
  b[p] = 0x21;
  b[p + 1] = vhid;
  b[p + 2] = advskew;
  b[p + 3] = 7;
  b[p + 5] = advbase;
  for (let i = 8; i < 36; i++) b[p + i] = (i * 37) & 0xff;
  vrrpChecksum(b, p, 36);
  return b;
}

/** An IPv4 header for `proto` around `payload` bytes, checksummed (the fixtures' tunnels). */
function ipv4(b: Buffer, o: number, proto: number, src: number, dst: number, payload: number): void {
  b[o] = 0x45;
  b.writeUInt16BE(20 + payload, o + 2);
  b[o + 8] = 64;
  b[o + 9] = proto;
  b.writeUInt32BE(src >>> 0, o + 12);
  b.writeUInt32BE(dst >>> 0, o + 16);
  ipv4Checksum(b, o);
}

export interface TunnelSpec {
  /** Outer Ethernet and IP ends (VTEPs, GRE endpoints). */
  src: number;
  dst: number;
  srcIp: number;
  dstIp: number;
}

/** A frame carried in VXLAN (UDP 4789) with VNI `vni`. */
export function vxlan(t: TunnelSpec, vni: number, inner: Buffer): Buffer {
  const { b, o } = ethHeader(t.dst, t.src, [], 0x0800, 20 + 8 + 8 + inner.length);
  ipv4(b, o, 17, t.srcIp, t.dstIp, 16 + inner.length);
  b.writeUInt16BE(49152 + (vni & 0x3fff), o + 20);
  b.writeUInt16BE(4789, o + 22);
  b.writeUInt16BE(16 + inner.length, o + 24);
  b[o + 28] = 0x08;
  b.writeUInt32BE((vni << 8) >>> 0, o + 32);
  inner.copy(b, o + 36);
  return b;
}

/** Geneve (UDP 6081): an Ethernet frame (protocol 0x6558), or a bare packet with its ethertype as protocol. */
export function geneve(t: TunnelSpec, vni: number, inner: Buffer, protocol = 0x6558): Buffer {
  const { b, o } = ethHeader(t.dst, t.src, [], 0x0800, 20 + 8 + 8 + inner.length);
  ipv4(b, o, 17, t.srcIp, t.dstIp, 16 + inner.length);
  b.writeUInt16BE(49152, o + 20);
  b.writeUInt16BE(6081, o + 22);
  b.writeUInt16BE(16 + inner.length, o + 24);
  b.writeUInt16BE(protocol, o + 30);
  b.writeUInt32BE((vni << 8) >>> 0, o + 32);
  inner.copy(b, o + 36);
  return b;
}

/** GRE carrying `inner` with `protocol` (0x0806 bare ARP, 0x6558 an Ethernet frame, 0x88be ERSPAN II with its 8-byte header). */
export function gre(t: TunnelSpec, protocol: number, inner: Buffer): Buffer {
  const erspan = protocol === 0x88be ? 8 : 0;
  const { b, o } = ethHeader(t.dst, t.src, [], 0x0800, 20 + 4 + erspan + inner.length);
  ipv4(b, o, 47, t.srcIp, t.dstIp, 4 + erspan + inner.length);
  b.writeUInt16BE(protocol, o + 22);
  if (erspan) b.writeUInt16BE(0x1000, o + 24); // ERSPAN version 1 (type II)
  inner.copy(b, o + 24 + erspan);
  return b;
}

/** An 802.1ah PBB frame: backbone addresses, the I-tag with service `isid`, then the customer frame. */
export function pbb(src: number, dst: number, isid: number, inner: Buffer): Buffer {
  const { b, o } = ethHeader(dst, src, [], 0x88e7, 4 + inner.length);
  b.writeUInt32BE(isid & 0xffffff, o);
  inner.copy(b, o + 4);
  return b;
}
