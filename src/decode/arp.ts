// RFC 826 ARP decoding over (buf, off, end), bounds-checked, allocation-free.
// Anything that is not Ethernet/IPv4 ARP is reported as a status, never thrown.
import { TWO32 } from '../util/addr.js';

export const ETHERTYPE_ARP = 0x0806;
export const ARP_HDR = 8;
export const ARP_ETH_IPV4_LEN = 28;

export const ARP_OK = 0;
export const ARP_TRUNCATED = 1;
export const ARP_BAD_HTYPE = 2;
export const ARP_BAD_PTYPE = 3;
export const ARP_BAD_HLN = 4;
export const ARP_BAD_PLN = 5;
export const ARP_BAD_OP = 6;

export const ARP_STATUS_NAMES = ['ok', 'truncated', 'hardware type', 'protocol type', 'hardware length', 'protocol length', 'opcode'];

export const OP_REQUEST = 1;
export const OP_REPLY = 2;

/** An ARP packet as plain numbers, for encoding (MACs 48-bit, IPv4 unsigned). */
export interface ArpPacket {
  op: number;
  sha: number;
  spa: number;
  tha: number;
  tpa: number;
  htype?: number;
  ptype?: number;
  hln?: number;
  pln?: number;
}

/**
 * Decoded ARP fields. The decoder writes small integers only (MAC as high 16
 * and low 32 bits, IPv4 as signed int32): that is what the per-frame path
 * uses. The 48-bit MAC and unsigned IPv4 views are getters for everything else.
 */
export class ArpFields {
  htype = 0;
  ptype = 0;
  hln = 0;
  pln = 0;
  op = 0;
  shaHi = 0;
  shaLo = 0;
  thaHi = 0;
  thaLo = 0;
  spaS = 0;
  tpaS = 0;
  /** Where the sender MAC is in the frame (ARP's sha; ND's link-layer option), -1 when it came from the Ethernet header. */
  shaOff = -1;
  /** Filled from IPv6 neighbour discovery (engine/nd.ts): the addresses are IPv6 ids, not IPv4. */
  ipv6 = false;
  /** An NA's override flag (engine/nd.ts); true for ARP, where every announcement overrides. */
  override = true;
  /** An NA's router flag (engine/nd.ts); true for ARP, which has none to get wrong. */
  router = true;
  /** Sender MAC as a 48-bit number. */
  get sha(): number {
    return this.shaHi * TWO32 + (this.shaLo >>> 0);
  }
  get tha(): number {
    return this.thaHi * TWO32 + (this.thaLo >>> 0);
  }
  /** Sender IPv4 as an unsigned 32-bit number. */
  get spa(): number {
    return this.spaS >>> 0;
  }
  get tpa(): number {
    return this.tpaS >>> 0;
  }
}

/** htype, ptype as one word for Ethernet (1) / IPv4, and hln, pln: the header nearly every ARP frame has. */
const ETHER_IPV4 = 0x00010800;
const IEEE802_IPV4 = 0x00060800;
const LENGTHS_6_4 = 0x0604;

/**
 * Decodes an ARP packet at `off` (bytes up to `end`). Fills `out` as far as
 * the bytes allow and returns an ARP_* status. Hardware types 1 (Ethernet)
 * and 6 (IEEE 802) are accepted with 6-byte addresses, as tcpdump does.
 */
export function decodeArp(dv: DataView, off: number, end: number, out: ArpFields): number {
  out.ipv6 = false;
  out.override = true;
  out.router = true;
  out.shaOff = -1;
  if (end - off < ARP_HDR) return ARP_TRUNCATED;
  const head = dv.getUint32(off);
  const lens = dv.getUint16(off + 4);
  out.op = dv.getUint16(off + 6);
  if ((head !== ETHER_IPV4 && head !== IEEE802_IPV4) || lens !== LENGTHS_6_4) {
    out.htype = head >>> 16;
    out.ptype = head & 0xffff;
    out.hln = lens >>> 8;
    out.pln = lens & 0xff;
    if (out.htype !== 1 && out.htype !== 6) return ARP_BAD_HTYPE;
    if (out.ptype !== 0x0800) return ARP_BAD_PTYPE;
    if (out.hln !== 6) return ARP_BAD_HLN;
    return ARP_BAD_PLN;
  }
  out.htype = head >>> 16;
  out.ptype = 0x0800;
  out.hln = 6;
  out.pln = 4;
  if (end - off < ARP_ETH_IPV4_LEN) return ARP_TRUNCATED;
  out.shaOff = off + 8;
  out.shaHi = dv.getUint16(off + 8);
  out.shaLo = dv.getInt32(off + 10);
  out.spaS = dv.getInt32(off + 14);
  out.thaHi = dv.getUint16(off + 18);
  out.thaLo = dv.getInt32(off + 20);
  out.tpaS = dv.getInt32(off + 24);
  if (out.op !== OP_REQUEST && out.op !== OP_REPLY) return ARP_BAD_OP;
  return ARP_OK;
}

/** Encodes an Ethernet/IPv4 ARP packet at off (28 bytes); the inverse of decodeArp. */
export function encodeArp(buf: Uint8Array, off: number, f: ArpPacket): number {
  const w16 = (o: number, v: number) => {
    buf[o] = v >>> 8;
    buf[o + 1] = v & 0xff;
  };
  const wMac = (o: number, m: number) => {
    const hi = Math.floor(m / TWO32);
    const lo = m >>> 0;
    buf[o] = hi >>> 8; buf[o + 1] = hi & 0xff;
    buf[o + 2] = lo >>> 24; buf[o + 3] = (lo >>> 16) & 0xff; buf[o + 4] = (lo >>> 8) & 0xff; buf[o + 5] = lo & 0xff;
  };
  const wIp = (o: number, ip: number) => {
    buf[o] = ip >>> 24; buf[o + 1] = (ip >>> 16) & 0xff; buf[o + 2] = (ip >>> 8) & 0xff; buf[o + 3] = ip & 0xff;
  };
  w16(off, f.htype || 1);
  w16(off + 2, f.ptype || 0x0800);
  buf[off + 4] = f.hln || 6;
  buf[off + 5] = f.pln || 4;
  w16(off + 6, f.op);
  wMac(off + 8, f.sha);
  wIp(off + 14, f.spa);
  wMac(off + 18, f.tha);
  wIp(off + 24, f.tpa);
  return off + ARP_ETH_IPV4_LEN;
}
