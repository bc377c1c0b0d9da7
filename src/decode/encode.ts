// Frame builders for what arpaudit sends (probe: ARP who-has, IPv6
// neighbour solicitations) and the building blocks of the test frames
// (test/lab/frames.ts builds VRRP, HSRP, GLBP, CARP, tunnels and cooked
// headers on them). Ethernet with stacked VLAN tags.
import { type ArpPacket, encodeArp, OP_REPLY, OP_REQUEST } from '../decode/arp.js';
import { MAC_BROADCAST, TWO32 } from '../util/addr.js';
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

export function putMac(b: Uint8Array, o: number, m: number): void {
  const hi = Math.floor(m / TWO32);
  const lo = m >>> 0;
  b[o] = hi >>> 8; b[o + 1] = hi & 0xff;
  b[o + 2] = lo >>> 24; b[o + 3] = (lo >>> 16) & 0xff; b[o + 4] = (lo >>> 8) & 0xff; b[o + 5] = lo & 0xff;
}

export function arpFields(s: ArpSpec): ArpPacket {
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

export function ethHeader(dst: number, src: number, vlans: number[], ethertype: number, payload: number): { b: Buffer; o: number } {
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

export function ipv4Checksum(b: Buffer, o: number): void {
  let s = 0;
  for (let i = 0; i < 20; i += 2) s += b.readUInt16BE(o + i);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  b.writeUInt16BE(~s & 0xffff, o + 10);
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
