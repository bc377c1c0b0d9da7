// VRRP advertisements: v2 (RFC 3768) and v3 (RFC 5798) over IPv4, v3 over
// IPv6, and CARP (OpenBSD), which shares IP protocol 112 and even the first
// byte with VRRPv2 but is a different header. Pure and bounds-checked over
// (buf, off, end); results go into a caller-owned VrrpFields.

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

export class VrrpFields {
  family = 4;
  version = 0;
  vrid = 0;
  priority = 0;
  /** Advertisement interval in milliseconds (v2: seconds, v3: centiseconds on the wire). */
  intervalMs = 0;
  count = 0;
  ttl = 0;
  /** Source address: IPv4 as unsigned number, or IPv6 text. */
  src4 = 0;
  src6 = '';
  /** Virtual addresses: IPv4 numbers (family 4) or IPv6 texts (family 6). */
  vips4: number[] = [];
  vips6: string[] = [];
  /** CARP fields when the status is VRRP_CARP. */
  carpVhid = 0;
  carpAdvskew = 0;
  carpAdvbase = 0;
}

function ipv6Text(b: Uint8Array, o: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 16; i += 2) parts.push(((b[o + i]! << 8) | b[o + i + 1]!).toString(16));
  // compress the longest run of zero groups
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (parts[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && parts[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return parts.join(':');
  return `${parts.slice(0, best).join(':')}::${parts.slice(best + bestLen).join(':')}`;
}

function checksum(b: Uint8Array, o: number, end: number, init: number): number {
  let sum = init;
  for (let i = o; i + 1 < end; i += 2) sum += (b[i]! << 8) | b[i + 1]!;
  if ((end - o) & 1) sum += b[end - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/**
 * Decodes an IPv4 packet carrying VRRP/CARP at `off` (the IPv4 header).
 * Returns a VRRP_* status; VRRP_CARP means a CARP advert (fields carp*).
 */
export function decodeVrrp4(buf: Uint8Array, off: number, end: number, out: VrrpFields): number {
  if (end - off < 20) return VRRP_TRUNCATED;
  const ihl = (buf[off]! & 0x0f) * 4;
  if (buf[off]! >> 4 !== 4 || ihl < 20) return VRRP_BAD_VERSION;
  if (end - off < ihl) return VRRP_TRUNCATED;
  const total = (buf[off + 2]! << 8) | buf[off + 3]!;
  const stop = Math.min(end, off + total);
  out.family = 4;
  out.ttl = buf[off + 8]!;
  out.src4 = ((buf[off + 12]! << 24) | (buf[off + 13]! << 16) | (buf[off + 14]! << 8) | buf[off + 15]!) >>> 0;
  const p = off + ihl;
  const dst = ((buf[off + 16]! << 24) | (buf[off + 17]! << 16) | (buf[off + 18]! << 8) | buf[off + 19]!) >>> 0;
  return decodeBody(buf, p, stop, out, (len) => {
    // v3 checksum covers an IPv4 pseudo-header
    const s = (out.src4 >>> 16) + (out.src4 & 0xffff) + (dst >>> 16) + (dst & 0xffff) + IPPROTO_VRRP + len;
    return s;
  });
}

/** Decodes an IPv6 packet carrying VRRPv3 at `off` (the IPv6 header, next header 112). */
export function decodeVrrp6(buf: Uint8Array, off: number, end: number, out: VrrpFields): number {
  if (end - off < 40) return VRRP_TRUNCATED;
  if (buf[off]! >> 4 !== 6) return VRRP_BAD_VERSION;
  const plen = (buf[off + 4]! << 8) | buf[off + 5]!;
  const stop = Math.min(end, off + 40 + plen);
  out.family = 6;
  out.ttl = buf[off + 7]!;
  out.src6 = ipv6Text(buf, off + 8);
  return decodeBody(buf, off + 40, stop, out, (len) => {
    let s = 0;
    for (let i = 8; i < 40; i += 2) s += (buf[off + i]! << 8) | buf[off + i + 1]!;
    return s + IPPROTO_VRRP + len;
  });
}

function decodeBody(buf: Uint8Array, p: number, stop: number, out: VrrpFields, pseudo: (len: number) => number): number {
  out.vips4.length = 0;
  out.vips6.length = 0;
  if (stop - p < 8) return VRRP_TRUNCATED;
  const version = buf[p]! >> 4;
  const type = buf[p]! & 0x0f;
  out.version = version;
  const len = stop - p;
  if (version === 2 && out.family === 4 && type === 1 && buf[p + 3] === 7 && len === 36) {
    // CARP: vhid, advskew, authlen (7 words), demotion, advbase, cksum, 8-byte counter, 20-byte HMAC
    out.carpVhid = buf[p + 1]!;
    out.carpAdvskew = buf[p + 2]!;
    out.carpAdvbase = buf[p + 5]!;
    return VRRP_CARP;
  }
  if (version !== 2 && version !== 3) return VRRP_BAD_VERSION;
  if (type !== 1) return VRRP_BAD_TYPE;
  out.vrid = buf[p + 1]!;
  out.priority = buf[p + 2]!;
  out.count = buf[p + 3]!;
  const alen = out.family === 4 ? 4 : 16;
  let need: number;
  if (version === 2) {
    if (out.family !== 4) return VRRP_BAD_VERSION;
    out.intervalMs = buf[p + 5]! * 1000;
    need = 16 + 4 * out.count; // 8-byte header, addresses, 8 bytes of authentication data
  } else {
    out.intervalMs = (((buf[p + 4]! & 0x0f) << 8) | buf[p + 5]!) * 10;
    need = 8 + alen * out.count;
  }
  if (len < need) return len < 8 + alen * out.count ? VRRP_TRUNCATED : VRRP_BAD_LENGTH;
  const n = Math.min(out.count, MAX_VIPS);
  for (let i = 0; i < n; i++) {
    const o = p + 8 + i * alen;
    if (alen === 4) out.vips4.push(((buf[o]! << 24) | (buf[o + 1]! << 16) | (buf[o + 2]! << 8) | buf[o + 3]!) >>> 0);
    else out.vips6.push(ipv6Text(buf, o));
  }
  const sum = version === 2 ? checksum(buf, p, p + need, 0) : checksum(buf, p, p + need, pseudo(need));
  if (sum !== 0xffff) return VRRP_BAD_CHECKSUM;
  if (out.ttl !== 255) return VRRP_BAD_TTL;
  return VRRP_OK;
}

/** Fills in the VRRP checksum of an advert built at p (v2 over the message, v3 with the pseudo-header sum). */
export function vrrpChecksum(buf: Uint8Array, p: number, len: number, pseudoSum = 0): number {
  buf[p + 6] = 0;
  buf[p + 7] = 0;
  const s = checksum(buf, p, p + len, pseudoSum);
  const c = ~s & 0xffff;
  buf[p + 6] = c >> 8;
  buf[p + 7] = c & 0xff;
  return c;
}
