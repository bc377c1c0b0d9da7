// Frame builders the tests, fixtures and the bench need beyond what arpaudit
// itself sends (src/decode/encode.ts, re-exported here so tests import one
// module): Linux SLL/SLL2 headers, VRRP v2/v3 (IPv4 and IPv6), HSRP v1/v2,
// GLBP, CARP, VXLAN, Geneve, GRE, PBB.
import { type ArpSpec, arpFields, ethHeader, ipv4Checksum, putMac } from '../../src/decode/encode.js';
import { encodeArp } from '../../src/decode/arp.js';
import { vrrpChecksum } from '../../src/decode/vrrp.js';

export * from '../../src/decode/encode.js';

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
  if (v.badChecksum) b[p + 7]! ^= 0xff;
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
