// Cisco's first-hop redundancy protocols, the VRRP of many LANs: HSRP v1
// (RFC 2281, UDP 1985 to 224.0.0.2) and v2 (TLVs, to 224.0.0.102), and GLBP
// (UDP 3222 to 224.0.0.102, its Hello TLV). Decoded into the same fields as a
// VRRP advert, so one tracker follows them all: the group is the VRID, the
// hello time the interval, and `active` says whether the sender claims the
// virtual gateway (HSRP active, GLBP active virtual gateway). Pure and
// bounds-checked over (dv, off, end).
import type { VrrpFields } from './vrrp.js';

export const UDP_HSRP = 1985;
export const UDP_GLBP = 3222;

export const FHRP_OK = 0;
export const FHRP_TRUNCATED = 1;
export const FHRP_UNSUPPORTED = 2;

export const HSRP_HELLO = 0;
export const HSRP_COUP = 1;
export const HSRP_RESIGN = 2;
// v1 numbers its states as bits (RFC 2281); v2's Group State TLV counts them (Wireshark: 1 Init .. 5 Standby, 6 Active)
const HSRP_ACTIVE = 16;
const HSRP_STANDBY = 8;
const HSRP2_ACTIVE = 6;
const HSRP2_STANDBY = 5;
const HSRP_V1_LEN = 20;
const HSRP_V2_GROUP_TLV = 1;
const GLBP_HELLO_TLV = 1;
const GLBP_ACTIVE = 32;
const GLBP_STANDBY = 16;

/** The sender's state (active and standby as the protocol numbers them) and the virtual IP (0: none given). */
function stateAndVip(out: VrrpFields, state: number, active: number, standby: number, vip: number): number {
  out.state = state;
  out.active = state === active;
  out.standby = state === standby;
  if (vip !== 0) out.vips4.push(vip);
  return FHRP_OK;
}

/**
 * Decodes an HSRP message at `off` (the UDP payload) into `out` (family 4;
 * v2 groups over IPv6 are reported unsupported). Returns FHRP_*.
 */
export function decodeHsrp(dv: DataView, off: number, end: number, out: VrrpFields): number {
  out.vips4.length = 0;
  out.vips6Count = 0;
  out.family = 4;
  out.protocol = 'hsrp';
  if (end - off < 2) return FHRP_TRUNCATED;
  const version = dv.getUint8(off);
  if (version === 0) {
    out.opcode = dv.getUint8(off + 1);
    // opcode 3 is an Advertise (interface state), not about a group
    if (out.opcode > HSRP_RESIGN) return FHRP_UNSUPPORTED;
    if (end - off < HSRP_V1_LEN) return FHRP_TRUNCATED;
    out.version = 1;
    out.intervalMs = dv.getUint8(off + 3) * 1000;
    out.holdMs = dv.getUint8(off + 4) * 1000;
    out.priority = dv.getUint8(off + 5);
    out.vrid = dv.getUint8(off + 6);
    return stateAndVip(out, dv.getUint8(off + 2), HSRP_ACTIVE, HSRP_STANDBY, dv.getUint32(off + 16));
  }
  // v2: TLVs; the Group State TLV carries what v1's header did
  let p = off;
  while (end - p >= 2) {
    const type = dv.getUint8(p);
    const len = dv.getUint8(p + 1);
    if (end - p - 2 < len) return FHRP_TRUNCATED;
    if (type === HSRP_V2_GROUP_TLV && len >= 40) {
      const v = p + 2;
      if (dv.getUint8(v) !== 2) return FHRP_UNSUPPORTED;
      out.version = 2;
      out.opcode = dv.getUint8(v + 1);
      if (dv.getUint8(v + 3) !== 4) return FHRP_UNSUPPORTED; // an IPv6 group
      out.vrid = dv.getUint16(v + 4);
      out.priority = dv.getUint32(v + 12);
      out.intervalMs = dv.getUint32(v + 16);
      out.holdMs = dv.getUint32(v + 20);
      return stateAndVip(out, dv.getUint8(v + 2), HSRP2_ACTIVE, HSRP2_STANDBY, dv.getUint32(v + 24));
    }
    p += 2 + len;
  }
  return FHRP_TRUNCATED;
}

/** Decodes a GLBP message's header and Hello TLV at `off` (the UDP payload). Returns FHRP_*; messages without a Hello are FHRP_UNSUPPORTED. */
export function decodeGlbp(dv: DataView, off: number, end: number, out: VrrpFields): number {
  out.vips4.length = 0;
  out.vips6Count = 0;
  out.family = 4;
  out.protocol = 'glbp';
  out.opcode = HSRP_HELLO;
  if (end - off < 12) return FHRP_TRUNCATED;
  out.version = dv.getUint8(off);
  if (out.version !== 1) return FHRP_UNSUPPORTED;
  out.vrid = dv.getUint16(off + 2);
  let p = off + 12;
  while (end - p >= 2) {
    const type = dv.getUint8(p);
    const len = dv.getUint8(p + 1);
    if (len < 2 || end - p < len) return FHRP_TRUNCATED;
    if (type === GLBP_HELLO_TLV && len >= 24) {
      out.priority = dv.getUint8(p + 5);
      out.intervalMs = dv.getUint32(p + 8);
      out.holdMs = dv.getUint32(p + 12);
      const ipv4 = dv.getUint8(p + 22) === 1 && dv.getUint8(p + 23) === 4 && len >= 28;
      return stateAndVip(out, dv.getUint8(p + 3), GLBP_ACTIVE, GLBP_STANDBY, ipv4 ? dv.getUint32(p + 24) : 0);
    }
    p += len;
  }
  return FHRP_UNSUPPORTED;
}
