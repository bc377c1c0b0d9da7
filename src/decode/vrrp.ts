// VRRP advertisements: v2 (RFC 3768) and v3 (RFC 5798) over IPv4, v3 over
// IPv6, and CARP (OpenBSD), which shares IP protocol 112 and even the first
// byte with VRRPv2 but is a different header. Pure and bounds-checked over
// (dv, off, end); results go into a caller-owned VrrpFields.

export const IPPROTO_VRRP = 112;

export const VRRP_OK = 0;
export const VRRP_TRUNCATED = 1;
export const VRRP_BAD_VERSION = 2;
export const VRRP_BAD_TYPE = 3;
export const VRRP_BAD_LENGTH = 4;
export const VRRP_BAD_TTL = 5;
export const VRRP_BAD_CHECKSUM = 6;
export const VRRP_CARP = 7;
export const VRRP_STATUS_NAMES = ['ok', 'truncated', 'version', 'type', 'length', 'ttl', 'checksum', 'carp'];

/** Addresses an advert may carry; more are counted, not kept. */
export const MAX_VIPS = 32;

export type FhrpProtocol = 'vrrp' | 'hsrp' | 'glbp';

/** A VRRP advert, or an HSRP/GLBP hello decoded into the same fields (decode/fhrp.ts). */
export class VrrpFields {
  protocol: FhrpProtocol = 'vrrp';
  /** The sender claims the virtual gateway: always for a VRRP advert (only the master sends them); HSRP active, GLBP active gateway. */
  active = true;
  /** HSRP standby, GLBP standby gateway. */
  standby = false;
  /** HSRP and GLBP: the state byte as sent (HSRP 16 active, 8 standby; GLBP 32, 16); 0 for VRRP. */
  state = 0;
  /** HSRP: hello, coup or resign (HSRP_*); 0 for VRRP and GLBP. */
  opcode = 0;
  /** Hold time (HSRP, GLBP): the active gateway is declared down this long after its last hello; 0 for VRRP. */
  holdMs = 0;
  family: 4 | 6 = 4;
  version = 0;
  vrid = 0;
  priority = 0;
  /** Advertisement interval in milliseconds (v2: seconds, v3: centiseconds on the wire). */
  intervalMs = 0;
  count = 0;
  ttl = 0;
  /** Source address: IPv4 as unsigned number, or IPv6 as four words (text only for output: formatIp6). */
  src4 = 0;
  readonly src6 = new Uint32Array(4);
  /** Virtual addresses: IPv4 numbers (family 4), or IPv6 words, four per address, vips6Count of them (family 6). */
  vips4: number[] = [];
  readonly vips6 = new Uint32Array(4 * MAX_VIPS);
  vips6Count = 0;
  /** CARP fields when the status is VRRP_CARP. */
  carpVhid = 0;
  carpAdvskew = 0;
  carpAdvbase = 0;
}

function checksum(dv: DataView, o: number, end: number, init: number): number {
  let sum = init;
  for (let i = o; i + 1 < end; i += 2) sum += dv.getUint16(i);
  if ((end - o) & 1) sum += dv.getUint8(end - 1) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/**
 * Decodes an IPv4 packet carrying VRRP/CARP at `off` (the IPv4 header).
 * Returns a VRRP_* status; VRRP_CARP means a CARP advert (fields carp*).
 */
export function decodeVrrp4(dv: DataView, off: number, end: number, out: VrrpFields): number {
  if (end - off < 20) return VRRP_TRUNCATED;
  const vihl = dv.getUint8(off);
  const ihl = (vihl & 0x0f) * 4;
  if (vihl >> 4 !== 4 || ihl < 20) return VRRP_BAD_VERSION;
  if (end - off < ihl) return VRRP_TRUNCATED;
  const total = dv.getUint16(off + 2);
  const stop = Math.min(end, off + total);
  out.family = 4;
  out.ttl = dv.getUint8(off + 8);
  out.src4 = dv.getUint32(off + 12);
  const p = off + ihl;
  const dst = dv.getUint32(off + 16);
  // v3 checksum covers an IPv4 pseudo-header (its length word is added by decodeBody)
  return decodeBody(dv, p, stop, out, (out.src4 >>> 16) + (out.src4 & 0xffff) + (dst >>> 16) + (dst & 0xffff) + IPPROTO_VRRP);
}

/** Decodes an IPv6 packet carrying VRRPv3 at `off` (the IPv6 header, next header 112). */
export function decodeVrrp6(dv: DataView, off: number, end: number, out: VrrpFields): number {
  if (end - off < 40) return VRRP_TRUNCATED;
  if (dv.getUint8(off) >> 4 !== 6) return VRRP_BAD_VERSION;
  const plen = dv.getUint16(off + 4);
  const stop = Math.min(end, off + 40 + plen);
  out.family = 6;
  out.ttl = dv.getUint8(off + 7);
  for (let i = 0; i < 4; i++) out.src6[i] = dv.getUint32(off + 8 + 4 * i);
  let pseudo = IPPROTO_VRRP;
  for (let i = 8; i < 40; i += 2) pseudo += dv.getUint16(off + i);
  return decodeBody(dv, off + 40, stop, out, pseudo);
}

/** The advert at p; `pseudo`: the v3 pseudo-header's sum without its length word. */
function decodeBody(dv: DataView, p: number, stop: number, out: VrrpFields, pseudo: number): number {
  out.vips4.length = 0;
  out.vips6Count = 0;
  out.protocol = 'vrrp';
  out.active = true;
  out.standby = false;
  out.opcode = 0;
  out.state = 0;
  out.holdMs = 0;
  if (stop - p < 8) return VRRP_TRUNCATED;
  const vt = dv.getUint8(p);
  const version = vt >> 4;
  const type = vt & 0x0f;
  out.version = version;
  const len = stop - p;
  if (version === 2 && out.family === 4 && type === 1 && dv.getUint8(p + 3) === 7 && len === 36) {
    // CARP: vhid, advskew, authlen (7 words), demotion, advbase, cksum, 8-byte counter, 20-byte HMAC
    out.carpVhid = dv.getUint8(p + 1);
    out.carpAdvskew = dv.getUint8(p + 2);
    out.carpAdvbase = dv.getUint8(p + 5);
    return VRRP_CARP;
  }
  if (version !== 2 && version !== 3) return VRRP_BAD_VERSION;
  if (type !== 1) return VRRP_BAD_TYPE;
  out.vrid = dv.getUint8(p + 1);
  out.priority = dv.getUint8(p + 2);
  out.count = dv.getUint8(p + 3);
  const alen = out.family === 4 ? 4 : 16;
  let need: number;
  if (version === 2) {
    if (out.family !== 4) return VRRP_BAD_VERSION;
    out.intervalMs = dv.getUint8(p + 5) * 1000;
    need = 16 + 4 * out.count; // 8-byte header, addresses, 8 bytes of authentication data
  } else {
    out.intervalMs = (dv.getUint16(p + 4) & 0x0fff) * 10;
    need = 8 + alen * out.count;
  }
  if (len < need) return len < 8 + alen * out.count ? VRRP_TRUNCATED : VRRP_BAD_LENGTH;
  const n = Math.min(out.count, MAX_VIPS);
  for (let i = 0; i < n; i++) {
    const o = p + 8 + i * alen;
    if (alen === 4) out.vips4.push(dv.getUint32(o));
    else {
      for (let k = 0; k < 4; k++) out.vips6[4 * out.vips6Count + k] = dv.getUint32(o + 4 * k);
      out.vips6Count++;
    }
  }
  const sum = version === 2 ? checksum(dv, p, p + need, 0) : checksum(dv, p, p + need, pseudo + need);
  if (sum !== 0xffff) return VRRP_BAD_CHECKSUM;
  if (out.ttl !== 255) return VRRP_BAD_TTL;
  return VRRP_OK;
}

/** Fills in the VRRP checksum of an advert built at p (v2 over the message, v3 with the pseudo-header sum). */
export function vrrpChecksum(buf: Uint8Array, p: number, len: number, pseudoSum = 0): number {
  buf[p + 6] = 0;
  buf[p + 7] = 0;
  const s = checksum(new DataView(buf.buffer, buf.byteOffset, buf.byteLength), p, p + len, pseudoSum);
  const c = ~s & 0xffff;
  buf[p + 6] = c >> 8;
  buf[p + 7] = c & 0xff;
  return c;
}
