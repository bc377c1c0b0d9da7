// Tunnels that carry ARP across a routed network. VXLAN (RFC 7348, UDP 4789)
// and Geneve (RFC 8926, UDP 6081) are decoded to the frame they carry, keyed
// by their VNI like a VLAN; GRE (RFC 2784/2890, with ERSPAN II/III and
// transparent Ethernet bridging) and 802.1ah PBB are looked into only far
// enough to count the ARP inside, which is not analysed. Pure and
// bounds-checked over (dv, off, end) like the other decoders.
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './link.js';

export const IPPROTO_UDP = 17;
export const IPPROTO_GRE = 47;
export const UDP_VXLAN = 4789;
export const UDP_GENEVE = 6081;
/** Transparent Ethernet bridging: the payload is an Ethernet frame. */
export const ETHERTYPE_TEB = 0x6558;
export const ETHERTYPE_ERSPAN2 = 0x88be;
export const ETHERTYPE_ERSPAN3 = 0x22eb;
/** 802.1ah backbone service instance tag (PBB, mac-in-mac). */
export const ETHERTYPE_PBB = 0x88e7;
export const ETHERTYPE_RARP = 0x8035;

export const TUNNEL_NONE = 0;
export const TUNNEL_VXLAN = 1;
export const TUNNEL_GENEVE = 2;
export const TUNNEL_GRE = 3;
export const TUNNEL_ERSPAN = 4;
export const TUNNEL_PBB = 5;
export const TUNNEL_NAMES = ['none', 'vxlan', 'geneve', 'gre', 'erspan', 'pbb'] as const;

export class TunnelInfo {
  kind = TUNNEL_NONE;
  /** VXLAN or Geneve network identifier (24 bits). */
  vni = 0;
  /** Where the carried data starts. */
  inner = 0;
  /** The carried data's ethertype, or ETHERTYPE_TEB when it is an Ethernet frame. */
  innerType = 0;
}

const GRE_C = 0x8000;
const GRE_K = 0x2000;
const GRE_S = 0x1000;
const VXLAN_I = 0x08;
const UDP_HEADER = 8;
const VXLAN_HEADER = 8;

/**
 * Looks into an IPv4 or IPv6 packet at `off` for a tunnel. Returns true and
 * fills `out` for VXLAN, Geneve and GRE; false for anything else (or a
 * truncated or malformed header).
 */
export function decodeTunnel(dv: DataView, off: number, end: number, ethertype: number, out: TunnelInfo): boolean {
  out.kind = TUNNEL_NONE;
  let proto: number;
  let p: number;
  if (ethertype === ETHERTYPE_IPV4) {
    if (end - off < 20) return false;
    const vihl = dv.getUint8(off);
    const ihl = (vihl & 0x0f) * 4;
    if (vihl >> 4 !== 4 || ihl < 20 || end - off < ihl) return false;
    // a later fragment holds no transport header
    if ((dv.getUint16(off + 6) & 0x1fff) !== 0) return false;
    proto = dv.getUint8(off + 9);
    p = off + ihl;
  } else if (ethertype === ETHERTYPE_IPV6) {
    if (end - off < 40 || dv.getUint8(off) >> 4 !== 6) return false;
    proto = dv.getUint8(off + 6);
    p = off + 40;
  } else return false;
  if (proto === IPPROTO_UDP) return udp(dv, p, end, out);
  if (proto === IPPROTO_GRE) return gre(dv, p, end, out);
  return false;
}

function udp(dv: DataView, p: number, end: number, out: TunnelInfo): boolean {
  if (end - p < UDP_HEADER) return false;
  const dport = dv.getUint16(p + 2);
  const h = p + UDP_HEADER;
  if (dport === UDP_VXLAN) {
    if (end - h < VXLAN_HEADER || (dv.getUint8(h) & VXLAN_I) === 0) return false;
    out.kind = TUNNEL_VXLAN;
    out.vni = dv.getUint32(h + 4) >>> 8;
    out.inner = h + VXLAN_HEADER;
    out.innerType = ETHERTYPE_TEB;
    return true;
  }
  if (dport === UDP_GENEVE) {
    if (end - h < 8) return false;
    const vo = dv.getUint8(h);
    if (vo >> 6 !== 0) return false; // version 0 only
    const optLen = (vo & 0x3f) * 4;
    if (end - h < 8 + optLen) return false;
    out.kind = TUNNEL_GENEVE;
    out.innerType = dv.getUint16(h + 2);
    out.vni = dv.getUint32(h + 4) >>> 8;
    out.inner = h + 8 + optLen;
    return true;
  }
  return false;
}

function gre(dv: DataView, p: number, end: number, out: TunnelInfo): boolean {
  if (end - p < 4) return false;
  const flags = dv.getUint16(p);
  if ((flags & 7) !== 0) return false; // GRE version 0 only (1 is PPTP)
  let type = dv.getUint16(p + 2);
  let q = p + 4 + (flags & GRE_C ? 4 : 0) + (flags & GRE_K ? 4 : 0) + (flags & GRE_S ? 4 : 0);
  out.kind = TUNNEL_GRE;
  if (type === ETHERTYPE_ERSPAN2 || type === ETHERTYPE_ERSPAN3) {
    // ERSPAN type II: an 8-byte header; type III: 12 bytes, and an 8-byte subheader when its O bit is set
    let h = 8;
    if (type === ETHERTYPE_ERSPAN3) {
      if (end - q < 12) return false;
      h = 12 + (dv.getUint8(q + 11) & 1 ? 8 : 0);
    }
    out.kind = TUNNEL_ERSPAN;
    q += h;
    type = ETHERTYPE_TEB;
  }
  if (q > end) return false;
  out.inner = q;
  out.innerType = type;
  return true;
}

/** The ethertype inside an 802.1ah I-tag at `off` (after 0x88e7): the customer frame's, past its tags; 0 when truncated. */
export function pbbInnerType(dv: DataView, off: number, end: number): number {
  // I-tag (4 bytes), customer destination and source (12), then the type
  let p = off + 4 + 12;
  for (let tags = 0; tags < 4; tags++) {
    if (end - p < 2) return 0;
    const t = dv.getUint16(p);
    if (t !== 0x8100 && t !== 0x88a8) return t;
    p += 4;
  }
  return 0;
}
