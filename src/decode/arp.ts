// RFC 826 ARP decoding over (buf, off, end), bounds-checked, allocation-free.
// Anything that is not Ethernet/IPv4 ARP is reported as a status, never thrown.

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
  /** Sender MAC as a 48-bit number. */
  get sha(): number {
    return this.shaHi * 4294967296 + (this.shaLo >>> 0);
  }
  get tha(): number {
    return this.thaHi * 4294967296 + (this.thaLo >>> 0);
  }
  /** Sender IPv4 as an unsigned 32-bit number. */
  get spa(): number {
    return this.spaS >>> 0;
  }
  get tpa(): number {
    return this.tpaS >>> 0;
  }
}

/**
 * Decodes an ARP packet. Fills `out` as far as the bytes allow and returns an
 * ARP_* status. Hardware types 1 (Ethernet) and 6 (IEEE 802) are accepted with
 * 6-byte addresses, as tcpdump does.
 */
export function decodeArp(buf: Uint8Array, off: number, end: number, out: ArpFields): number {
  if (end - off < ARP_HDR) return ARP_TRUNCATED;
  out.htype = (buf[off]! << 8) | buf[off + 1]!;
  out.ptype = (buf[off + 2]! << 8) | buf[off + 3]!;
  out.hln = buf[off + 4]!;
  out.pln = buf[off + 5]!;
  out.op = (buf[off + 6]! << 8) | buf[off + 7]!;
  if (out.htype !== 1 && out.htype !== 6) return ARP_BAD_HTYPE;
  if (out.ptype !== 0x0800) return ARP_BAD_PTYPE;
  if (out.hln !== 6) return ARP_BAD_HLN;
  if (out.pln !== 4) return ARP_BAD_PLN;
  if (end - off < ARP_ETH_IPV4_LEN) return ARP_TRUNCATED;
  const shaHi = (buf[off + 8]! << 8) | buf[off + 9]!;
  const shaLo = (buf[off + 10]! << 24) | (buf[off + 11]! << 16) | (buf[off + 12]! << 8) | buf[off + 13]!;
  const spaS = (buf[off + 14]! << 24) | (buf[off + 15]! << 16) | (buf[off + 16]! << 8) | buf[off + 17]!;
  const thaHi = (buf[off + 18]! << 8) | buf[off + 19]!;
  const thaLo = (buf[off + 20]! << 24) | (buf[off + 21]! << 16) | (buf[off + 22]! << 8) | buf[off + 23]!;
  const tpaS = (buf[off + 24]! << 24) | (buf[off + 25]! << 16) | (buf[off + 26]! << 8) | buf[off + 27]!;
  out.shaHi = shaHi;
  out.shaLo = shaLo;
  out.thaHi = thaHi;
  out.thaLo = thaLo;
  out.spaS = spaS;
  out.tpaS = tpaS;
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
    const hi = Math.floor(m / 4294967296);
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
