// IPv6 neighbour discovery (RFC 4861, DAD from RFC 4862, the nonce of RFC
// 7527): the IPv6 header, its extension headers walked (hop-by-hop, routing,
// destination options, a first fragment), then ICMPv6 router solicitation and
// advertisement, neighbour solicitation and advertisement, and redirect, with
// their link-layer address, prefix, MTU and nonce options. What a receiver
// must check is checked and reported as a status: hop limit 255 (anything
// else was forged off-link), code 0, the ICMPv6 checksum, option lengths.
// Pure and bounds-checked over (dv, off, end); addresses stay four uint32
// words each, never text.

export const IPPROTO_ICMPV6 = 58;

export const ND_RS = 133;
export const ND_RA = 134;
export const ND_NS = 135;
export const ND_NA = 136;
export const ND_REDIRECT = 137;

export const ND_OK = 0;
export const ND_NOT_ND = 1;
export const ND_TRUNCATED = 2;
export const ND_HOP_LIMIT = 3;
export const ND_CHECKSUM = 4;
export const ND_BAD = 5;
/** Address mapping (ndMapping): the message is analysed, the anomaly counted. */
export const ND_MAP_SOLICITED = 6;
export const ND_MAP_ETHER = 7;
/** Decode and mapping statuses by number (ND_OK = 0 ...); ND_NOT_ND is not an anomaly. */
export const ND_STATUS_NAMES = ['ok', 'not neighbour discovery', 'truncated', 'hop limit not 255 (forged off-link?)', 'bad ICMPv6 checksum', 'malformed', "NS to another address's solicited-node group", 'Ethernet destination not the IPv6 multicast group\'s MAC'] as const;

const OPT_SLLA = 1;
const OPT_TLLA = 2;
const OPT_PREFIX = 3;
const OPT_MTU = 5;
const OPT_NONCE = 14;
const OPT_ROUTE = 24;
const OPT_RDNSS = 25;
const EXT_HOP = 0;
const EXT_ROUTING = 43;
const EXT_FRAGMENT = 44;
const EXT_DSTOPTS = 60;
/** Extension headers walked before giving up (a chain this long is not ND). */
const MAX_EXT = 8;
/** Prefixes kept per router advertisement; more are counted. */
export const MAX_PREFIXES = 8;
/** Route information options (RFC 4191) and RDNSS servers (RFC 8106) kept per RA; more are counted with prefixesOver. */
export const MAX_ROUTES = 8;
export const MAX_DNS = 8;

export class NdFields {
  type = 0;
  hopLimit = 0;
  /** Source, destination and target (NS, NA, redirect) addresses as four big-endian words. */
  readonly src = new Uint32Array(4);
  readonly dst = new Uint32Array(4);
  readonly target = new Uint32Array(4);
  /** NA flags. */
  router = false;
  solicited = false;
  override = false;
  /** The source (RS, RA, NS) or target (NA) link-layer address option: MAC high 16 and low 32 bits; hi -1 when absent. */
  llHi = -1;
  llLo = 0;
  /** Offset of that option's MAC in the frame (-1 when absent). */
  llOff = -1;
  /** RFC 7527 nonce (NS), as a number; -1 when absent. */
  nonce = -1;
  /** RA: current hop limit, managed and other flags, router lifetime (s), reachable time (ms), MTU option (0 absent). */
  raHopLimit = 0;
  managed = false;
  other = false;
  routerLifetime = 0;
  reachableMs = 0;
  mtu = 0;
  /** RA prefix information: prefix words (4 per prefix), lengths, valid and preferred lifetimes, on-link and autonomous flags. */
  readonly prefixes = new Uint32Array(4 * MAX_PREFIXES);
  readonly prefixLen = new Uint8Array(MAX_PREFIXES);
  readonly prefixValid = new Uint32Array(MAX_PREFIXES);
  readonly prefixFlags = new Uint8Array(MAX_PREFIXES);
  prefixCount = 0;
  /** RA route information (RFC 4191): prefix words, lengths, preference (-1 low, 0 medium, 1 high), lifetime (s). */
  readonly routes = new Uint32Array(4 * MAX_ROUTES);
  readonly routeLen = new Uint8Array(MAX_ROUTES);
  readonly routePref = new Int8Array(MAX_ROUTES);
  readonly routeLifetime = new Uint32Array(MAX_ROUTES);
  routeCount = 0;
  /** RA recursive DNS servers (RFC 8106): address words and the option's lifetime (s). */
  readonly dns = new Uint32Array(4 * MAX_DNS);
  readonly dnsLifetime = new Uint32Array(MAX_DNS);
  dnsCount = 0;
  /**
   * A hash of what an RA offers (flags, prefixes, routes, DNS servers, in
   * order): a router's adverts are compared by it, and turned into text only
   * when it changes, so a flood of identical RAs allocates nothing.
   */
  raHash = 0;
  prefixesOver = 0;
}

function words(dv: DataView, off: number, out: Uint32Array, at = 0): void {
  out[at] = dv.getUint32(off);
  out[at + 1] = dv.getUint32(off + 4);
  out[at + 2] = dv.getUint32(off + 8);
  out[at + 3] = dv.getUint32(off + 12);
}

/** True for the unspecified address :: (DAD probes come from it). */
export function isUnspecified(w: Uint32Array): boolean {
  return (w[0]! | w[1]! | w[2]! | w[3]!) === 0;
}

/** True for a multicast address (ff00::/8). */
export function isMulticast6(w: Uint32Array): boolean {
  return w[0]! >>> 24 === 0xff;
}

const NOT_ICMP6 = -1;
const CUT = -2;

/**
 * Walks the extension headers of the IPv6 packet at `off` (up to `stop`):
 * the offset of its ICMPv6 header, NOT_ICMP6 (another protocol, or a
 * fragment: a later one has no ICMPv6 header, a first one of ND is not valid
 * ND, RFC 6980), or CUT when the headers run past `stop`.
 */
function icmp6At(dv: DataView, off: number, stop: number): number {
  let next = dv.getUint8(off + 6);
  let p = off + 40;
  for (let i = 0; i < MAX_EXT && next !== IPPROTO_ICMPV6; i++) {
    if (stop - p < 8) return CUT;
    if (next === EXT_FRAGMENT) {
      if ((dv.getUint16(p + 2) & 0xfff9) !== 0) return NOT_ICMP6;
      next = dv.getUint8(p);
      p += 8;
    } else if (next === EXT_HOP || next === EXT_ROUTING || next === EXT_DSTOPTS) {
      next = dv.getUint8(p);
      p += (dv.getUint8(p + 1) + 1) * 8;
    } else return NOT_ICMP6;
  }
  return next === IPPROTO_ICMPV6 ? p : NOT_ICMP6;
}

/**
 * The address mapping of a decoded message (RFC 4861 7.2.2, RFC 2464 7): a
 * multicast NS goes to its target's solicited-node group ff02::1:ffXX:XXXX,
 * and a multicast IPv6 destination travels to Ethernet 33:33 + its low 32
 * bits (`dstOff`: the Ethernet destination, -1 when the capture has none).
 * ND_OK, or ND_MAP_SOLICITED / ND_MAP_ETHER: the intended listeners never
 * receive it (a crafted packet, a broken stack).
 */
export function ndMapping(dv: DataView, f: NdFields, dstOff: number): number {
  if (!isMulticast6(f.dst)) return ND_OK;
  const d = f.dst;
  if (f.type === ND_NS && (d[0] !== 0xff020000 || d[1] !== 0 || d[2] !== 1 || d[3] !== ((0xff000000 | (f.target[3]! & 0xffffff)) >>> 0))) return ND_MAP_SOLICITED;
  if (dstOff >= 0 && (dv.getUint16(dstOff) !== 0x3333 || dv.getUint32(dstOff + 2) !== d[3])) return ND_MAP_ETHER;
  return ND_OK;
}

/** True when the packet at `off` (an IPv6 header) is ICMPv6 type 133-137, possibly after extension headers; cheap, for dispatch. */
export function looksLikeNd(dv: DataView, off: number, end: number): boolean {
  if (end - off < 41) return false;
  const p = icmp6At(dv, off, end);
  if (p < 0 || end - p < 1) return false;
  const t = dv.getUint8(p);
  return t >= ND_RS && t <= ND_REDIRECT;
}

/** Decodes the IPv6 packet at `off` into `out`; returns ND_*. */
export function decodeNd(dv: DataView, off: number, end: number, out: NdFields): number {
  out.type = 0;
  out.llHi = -1;
  out.llOff = -1;
  out.nonce = -1;
  out.mtu = 0;
  out.prefixCount = 0;
  out.prefixesOver = 0;
  out.routeCount = 0;
  out.dnsCount = 0;
  out.raHash = 0;
  if (end - off < 40) return ND_TRUNCATED;
  if (dv.getUint8(off) >>> 4 !== 6) return ND_NOT_ND;
  const plen = dv.getUint16(off + 4);
  // the packet ends where the IPv6 payload length says (Ethernet padding is not part of it)
  const stop = Math.min(end, off + 40 + plen);
  const cut = off + 40 + plen > end;
  out.hopLimit = dv.getUint8(off + 7);
  words(dv, off + 8, out.src);
  words(dv, off + 24, out.dst);
  const p = icmp6At(dv, off, stop);
  if (p === CUT) return ND_TRUNCATED;
  if (p === NOT_ICMP6) return ND_NOT_ND;
  if (stop - p < 4) return ND_TRUNCATED;
  const type = dv.getUint8(p);
  if (type < ND_RS || type > ND_REDIRECT) return ND_NOT_ND;
  out.type = type;
  const body = type === ND_RS ? 8 : type === ND_RA ? 16 : type === ND_REDIRECT ? 40 : 24;
  if (stop - p < body) return ND_TRUNCATED;
  if (cut) return ND_TRUNCATED;
  if (checksum(dv, off, p, stop) !== 0) return ND_CHECKSUM;
  if (out.hopLimit !== 255) return ND_HOP_LIMIT;
  if (dv.getUint8(p + 1) !== 0) return ND_BAD;
  if (type === ND_NS || type === ND_NA || type === ND_REDIRECT) {
    words(dv, p + 8, out.target);
    if (isMulticast6(out.target)) return ND_BAD;
  }
  if (type === ND_NA) {
    const fl = dv.getUint8(p + 4);
    out.router = (fl & 0x80) !== 0;
    out.solicited = (fl & 0x40) !== 0;
    out.override = (fl & 0x20) !== 0;
    // a solicited advertisement to a multicast address is invalid (RFC 4861 7.1.2)
    if (out.solicited && isMulticast6(out.dst)) return ND_BAD;
  } else if (type === ND_RA) {
    out.raHopLimit = dv.getUint8(p + 4);
    const fl = dv.getUint8(p + 5);
    out.managed = (fl & 0x80) !== 0;
    out.other = (fl & 0x40) !== 0;
    out.routerLifetime = dv.getUint16(p + 6);
    out.reachableMs = dv.getUint32(p + 8);
  }
  // a DAD probe (from ::) must carry no source link-layer address
  return options(dv, p + body, stop, out);
}

function options(dv: DataView, p: number, stop: number, out: NdFields): number {
  const ll = out.type === ND_NA ? OPT_TLLA : OPT_SLLA;
  while (p < stop) {
    if (stop - p < 2) return ND_TRUNCATED;
    const t = dv.getUint8(p);
    const len = dv.getUint8(p + 1) * 8;
    if (len === 0) return ND_BAD;
    if (stop - p < len) return ND_TRUNCATED;
    if (t === ll && len >= 8) {
      out.llHi = dv.getUint16(p + 2);
      out.llLo = dv.getInt32(p + 4);
      out.llOff = p + 2;
    } else if (t === OPT_NONCE && len >= 8 && out.type === ND_NS) {
      out.nonce = dv.getUint16(p + 2) * 2 ** 32 + dv.getUint32(p + 4);
    } else if (t === OPT_MTU && len === 8) {
      out.mtu = dv.getUint32(p + 4);
    } else if (t === OPT_PREFIX && len === 32 && out.type === ND_RA) {
      const i = out.prefixCount;
      if (i < MAX_PREFIXES) {
        out.prefixLen[i] = dv.getUint8(p + 2);
        out.prefixFlags[i] = dv.getUint8(p + 3);
        out.prefixValid[i] = dv.getUint32(p + 4);
        words(dv, p + 16, out.prefixes, 4 * i);
        out.prefixCount++;
      } else out.prefixesOver++;
    } else if (t === OPT_ROUTE && len >= 8 && len <= 24 && out.type === ND_RA) {
      const i = out.routeCount;
      const plen = dv.getUint8(p + 2);
      // the prefix field holds as many 8-byte units as the length needs (RFC 4191 2.3)
      if (plen > 128 || (plen > 64 && len < 24) || (plen > 0 && len < 16)) return ND_BAD;
      if (i < MAX_ROUTES) {
        out.routeLen[i] = plen;
        const prf = (dv.getUint8(p + 3) >>> 3) & 3;
        out.routePref[i] = prf === 1 ? 1 : prf === 3 ? -1 : 0;
        out.routeLifetime[i] = dv.getUint32(p + 4);
        out.routes.fill(0, 4 * i, 4 * i + 4);
        if (len >= 16) {
          out.routes[4 * i] = dv.getUint32(p + 8);
          out.routes[4 * i + 1] = dv.getUint32(p + 12);
        }
        if (len >= 24) {
          out.routes[4 * i + 2] = dv.getUint32(p + 16);
          out.routes[4 * i + 3] = dv.getUint32(p + 20);
        }
        out.routeCount++;
      } else out.prefixesOver++;
    } else if (t === OPT_RDNSS && out.type === ND_RA) {
      if (len < 24 || (len - 8) % 16 !== 0) return ND_BAD;
      const life = dv.getUint32(p + 4);
      for (let q = p + 8; q < p + len; q += 16) {
        const i = out.dnsCount;
        if (i < MAX_DNS) {
          words(dv, q, out.dns, 4 * i);
          out.dnsLifetime[i] = life;
          out.dnsCount++;
        } else out.prefixesOver++;
      }
    }
    p += len;
  }
  if (out.type === ND_RA) out.raHash = raHash(out);
  if (out.type === ND_NS && isUnspecified(out.src) && out.llHi >= 0) return ND_BAD;
  return ND_OK;
}

/** FNV-1a over what an RA offers (see NdFields.raHash); lifetimes other than the router's are left out, as they count down. */
function raHash(f: NdFields): number {
  let h = 0x811c9dc5;
  const mix = (v: number) => {
    h = Math.imul(h ^ (v >>> 0), 0x01000193);
  };
  mix((f.managed ? 1 : 0) | (f.other ? 2 : 0) | (f.routerLifetime > 0 ? 4 : 0));
  for (let i = 0; i < f.prefixCount; i++) {
    mix(f.prefixLen[i]! | (f.prefixValid[i]! > 0 ? 0x100 : 0));
    for (let k = 0; k < 4; k++) mix(f.prefixes[4 * i + k]!);
  }
  mix(0xfeed);
  for (let i = 0; i < f.routeCount; i++) {
    mix(f.routeLen[i]! | ((f.routePref[i]! + 1) << 8) | (f.routeLifetime[i]! > 0 ? 0x10000 : 0));
    for (let k = 0; k < 4; k++) mix(f.routes[4 * i + k]!);
  }
  mix(0xd45);
  for (let i = 0; i < f.dnsCount; i++) {
    mix(f.dnsLifetime[i]! > 0 ? 1 : 0);
    for (let k = 0; k < 4; k++) mix(f.dns[4 * i + k]!);
  }
  return h >>> 0;
}

/** The ICMPv6 checksum over the pseudo-header and the message [icmp, stop): 0 when it is right. */
function checksum(dv: DataView, ip: number, icmp: number, stop: number): number {
  let s = 0;
  for (let i = 8; i < 40; i += 2) s += dv.getUint16(ip + i);
  const len = stop - icmp;
  s += len + IPPROTO_ICMPV6;
  let i = icmp;
  for (; i + 1 < stop; i += 2) s += dv.getUint16(i);
  if (i < stop) s += dv.getUint8(i) << 8;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 65536);
  return ~s & 0xffff;
}

/** RFC 5952 text of an address in four words (at `at`): lower case, the longest run of zero groups as ::. */
export function formatIp6(w: Uint32Array, at = 0): string {
  return String.fromCharCode(...ip6Text.subarray(0, writeIp6(w, at, ip6Text, 0)));
}

const ip6Text = new Uint8Array(39);
const HEX_DIGITS = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

/**
 * Writes the RFC 5952 text of the address in w[at..at+3] into `out` at `n`
 * (at most 39 bytes: lowercase hex, no leading zeros, the longest run of two
 * or more zero groups as ::, the first such run on a tie); returns the end.
 */
export function writeIp6(w: Uint32Array, at: number, out: Uint8Array, n: number): number {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (group(w, at, i) !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && group(w, at, j) === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  for (let i = 0; i < 8; i++) {
    if (i === best) {
      out[n++] = 58;
      out[n++] = 58;
      i += bestLen - 1;
      continue;
    }
    if (i > 0 && i !== best + bestLen) out[n++] = 58;
    const g = group(w, at, i);
    let shift = g >= 0x1000 ? 12 : g >= 0x100 ? 8 : g >= 0x10 ? 4 : 0;
    for (; shift >= 0; shift -= 4) out[n++] = HEX_DIGITS[(g >>> shift) & 15]!;
  }
  return n;
}

/** The i-th 16-bit group of the address in w[at..at+3]. */
function group(w: Uint32Array, at: number, i: number): number {
  const x = w[at + (i >>> 1)]!;
  return (i & 1) === 0 ? x >>> 16 : x & 0xffff;
}

/** An IPv6 address in text (as VRRP adverts report their VIPs) as four words; for lookups, not per frame. */
export function ip6Words(text: string): Uint32Array {
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const g = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const w = new Uint32Array(4);
  for (let i = 0; i < 4; i++) w[i] = ((parseInt(g[2 * i] || '0', 16) << 16) | parseInt(g[2 * i + 1] || '0', 16)) >>> 0;
  return w;
}

/** Parses IPv6 text strictly (hex groups, at most one ::, no zone, no embedded IPv4); null when it is not one. */
export function parseIp6(text: string): Uint32Array | null {
  if (!/^[0-9a-fA-F:]{2,39}$/.test(text) || text.split('::').length > 2) return null;
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  if ([...h, ...t].some((g) => g.length === 0 || g.length > 4)) return null;
  if (tail === undefined ? h.length !== 8 : h.length + t.length > 7) return null;
  return ip6Words(text);
}
