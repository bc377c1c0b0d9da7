// Link-layer decoding to the network-layer payload: Ethernet II, 802.3 with
// LLC/SNAP, Linux cooked v1 (SLL) and v2 (SLL2), then up to MAX_TAGS stacked
// 802.1Q / 802.1ad / 0x9100 tags. Pure and allocation-free: results go into a
// caller-owned LinkInfo.
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2 } from './linktype.js';

export const MAX_TAGS = 4;
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
/** An 802.3 length field is at most this; larger values are Ethernet II types. */
const ETHER_MAX_LENGTH = 1500;
const ARPHRD_ETHER = 1;
/** An 802.2 LLC header with SNAP (AA AA 03) and OUI 00 00 00: an ethertype follows. */
const LLC_SNAP = 0xaaaa0300;
const ARPHRD_LOOPBACK = 772; // lo has an Ethernet-style address

export const LINK_OK = 0;
export const LINK_TRUNCATED = 1;
export const LINK_UNSUPPORTED = 2;
export const LINK_TOO_MANY_TAGS = 3;

export class LinkInfo {
  /** Ethertype of the payload after all tags (0 when not known). */
  ethertype = 0;
  /** Offset of the payload. */
  payload = 0;
  /**
   * Offset of the 6-byte link-layer source address in the buffer, -1 when the
   * link has none. An offset, not a number: most frames never need it as one.
   */
  srcOff = -1;
  /** Offset of the Ethernet destination MAC (-1 for cooked captures, which have none). */
  dstOff = -1;
  /** VLAN IDs folded as ((v1*4096+v2)*4096+...), outermost first; 0 = untagged. VID 0 (priority tag) is skipped. */
  vlanKey = 0;
  tags = 0;
}


function isTag(t: number): boolean {
  return t === 0x8100 || t === 0x88a8 || t === 0x9100;
}

/** Decodes the link header of a frame; returns a LINK_* status. */
export function decodeLink(dv: DataView, off: number, end: number, linktype: number, out: LinkInfo): number {
  let p: number;
  let type: number;
  out.srcOff = -1;
  out.dstOff = -1;
  out.vlanKey = 0;
  out.tags = 0;
  out.ethertype = 0;
  if (linktype === LINKTYPE_ETHERNET) {
    if (end - off < 14) return LINK_TRUNCATED;
    out.srcOff = off + 6;
    out.dstOff = off;
    type = dv.getUint16(off + 12);
    p = off + 14;
  } else if (linktype === LINKTYPE_LINUX_SLL) {
    if (end - off < 16) return LINK_TRUNCATED;
    const hatype = dv.getUint16(off + 2);
    const halen = dv.getUint16(off + 4);
    if ((hatype === ARPHRD_ETHER || hatype === ARPHRD_LOOPBACK) && halen === 6) out.srcOff = off + 6;
    type = dv.getUint16(off + 14);
    p = off + 16;
  } else if (linktype === LINKTYPE_LINUX_SLL2) {
    if (end - off < 20) return LINK_TRUNCATED;
    type = dv.getUint16(off);
    const hatype = dv.getUint16(off + 8);
    const halen = dv.getUint8(off + 11);
    if ((hatype === ARPHRD_ETHER || hatype === ARPHRD_LOOPBACK) && halen === 6) out.srcOff = off + 12;
    p = off + 20;
  } else {
    return LINK_UNSUPPORTED;
  }
  let key = 0;
  let tags = 0;
  while (isTag(type)) {
    if (tags === MAX_TAGS) {
      out.tags = tags;
      out.vlanKey = key;
      return LINK_TOO_MANY_TAGS;
    }
    if (end - p < 4) {
      out.tags = tags;
      out.vlanKey = key;
      return LINK_TRUNCATED;
    }
    const vid = dv.getUint16(p) & 0x0fff;
    if (vid !== 0) key = key * 4096 + vid;
    type = dv.getUint16(p + 2);
    p += 4;
    tags++;
  }
  out.tags = tags;
  out.vlanKey = key;
  if (type <= ETHER_MAX_LENGTH && linktype === LINKTYPE_ETHERNET) {
    // an 802.3 length field (untagged or after the tags): only LLC/SNAP with an ethertype is of interest
    if (end - p < 8) return LINK_TRUNCATED;
    if (dv.getUint32(p) !== LLC_SNAP || dv.getUint16(p + 4) !== 0) {
      out.payload = p;
      return LINK_UNSUPPORTED;
    }
    type = dv.getUint16(p + 6);
    p += 8;
  }
  out.ethertype = type;
  out.payload = p;
  return LINK_OK;
}

// Segment keys: a VLAN key folds the VIDs of a frame's tags; a frame carried
// in VXLAN or Geneve is keyed by its VNI and its own tags instead (the outer
// VLANs are transport): OVERLAY + VNI * 2^24 + the inner tags' key (two tags
// at most). Both stay exact doubles below 2^53.
export const OVERLAY = 2 ** 50;
const INNER = 2 ** 24;
/**
 * IPv6 neighbour discovery is audited in segments of its own: the segment key
 * plus IPV6 (above every VLAN and overlay key), so an IPv6 address id never
 * meets an IPv4 address in the tables.
 */
export const IPV6 = 2 ** 51;

/** The IPv6 twin of a segment key. */
export function ipv6Key(key: number): number {
  return key + IPV6;
}

/** True for the key of an IPv6 (neighbour discovery) segment. */
export function isIpv6Key(key: number): boolean {
  return key >= IPV6;
}

/** The segment key of a frame carried with VNI `vni`, whose own tags fold to `innerKey`. */
export function overlayKey(vni: number, innerKey: number): number {
  return OVERLAY + vni * INNER + (innerKey % INNER);
}

/** The VNI of a segment key, or null for a plain VLAN key. */
export function vniOf(key: number): number | null {
  if (key >= IPV6) key -= IPV6;
  return key >= OVERLAY ? Math.floor((key - OVERLAY) / INNER) : null;
}

/** Unfolds a segment key into its VIDs, outermost first ([] when untagged); for an overlay, the carried frame's own tags. */
export function vlanPath(key: number): number[] {
  const path: number[] = [];
  if (key >= IPV6) key -= IPV6;
  if (key >= OVERLAY) key = (key - OVERLAY) % INNER;
  while (key > 0) {
    path.unshift(key % 4096);
    key = Math.floor(key / 4096);
  }
  return path;
}

/** Folds VIDs (outermost first) into a vlanKey. */
export function vlanKeyOf(path: readonly number[]): number {
  let k = 0;
  for (const v of path) if (v !== 0) k = k * 4096 + v;
  return k;
}

/** " vni 100 vlan 5", " vlan 100.20" or '' for a segment key. */
export function segmentText(key: number): string {
  const vni = vniOf(key);
  const path = vlanPath(key);
  return `${vni === null ? '' : ` vni ${vni}`}${path.length ? ` vlan ${path.join('.')}` : ''}`;
}


/** The ethertype of an Ethernet frame at `off`, past up to MAX_TAGS tags; 0 when truncated or an 802.3 length. */
export function etherTypeAt(dv: DataView, off: number, end: number): number {
  let p = off + 12;
  for (let tags = 0; tags <= MAX_TAGS; tags++) {
    if (end - p < 2) return 0;
    const t = dv.getUint16(p);
    if (!isTag(t)) return t > ETHER_MAX_LENGTH ? t : 0;
    p += 4;
  }
  return 0;
}
