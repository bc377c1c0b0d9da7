// Addresses stay numbers inside the engine: IPv4 as an unsigned 32-bit
// integer, MAC as a 48-bit integer held in a double (exact up to 2^53).
// These helpers turn them into text only at output time.

/** 2^32: a 48-bit MAC is high 16 bits * TWO32 + low 32 bits. */
export const TWO32 = 4294967296;

export const MAC_BROADCAST = 0xffffffffffff;
export const MAC_ZERO = 0;

/** Reads a 48-bit MAC at `off` as a number. */
export function readMac(buf: Uint8Array, off: number): number {
  return (
    ((buf[off]! << 8) | buf[off + 1]!) * TWO32 +
    (((buf[off + 2]! << 24) | (buf[off + 3]! << 16) | (buf[off + 4]! << 8) | buf[off + 5]!) >>> 0)
  );
}

/** Reads a 48-bit MAC at `off` of a DataView as a number. */
export function macAt(dv: DataView, off: number): number {
  return dv.getUint16(off) * TWO32 + dv.getUint32(off + 2);
}

/** A DataView over the bytes of a Uint8Array (decoders read through DataViews). */
export function viewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Reads a big-endian IPv4 address at `off` as an unsigned 32-bit number. */
export function readIp(buf: Uint8Array, off: number): number {
  return ((buf[off]! << 24) | (buf[off + 1]! << 16) | (buf[off + 2]! << 8) | buf[off + 3]!) >>> 0;
}

export function macHi16(mac: number): number {
  return Math.floor(mac / TWO32);
}

export function macLo32(mac: number): number {
  return mac >>> 0;
}

/** True for group (multicast/broadcast) MACs: the I/G bit of the first octet. */
export function macIsGroup(mac: number): boolean {
  return (macHi16(mac) & 0x0100) !== 0;
}

/** True for locally administered MACs: the U/L bit of the first octet. */
export function macIsLocal(mac: number): boolean {
  return (macHi16(mac) & 0x0200) !== 0;
}

const HEX = '0123456789abcdef';

export function formatMac(mac: number): string {
  const hi = macHi16(mac);
  const lo = mac >>> 0;
  const b = [hi >>> 8, hi & 0xff, lo >>> 24, (lo >>> 16) & 0xff, (lo >>> 8) & 0xff, lo & 0xff];
  let s = '';
  for (let i = 0; i < 6; i++) {
    if (i) s += ':';
    s += HEX[b[i]! >>> 4]! + HEX[b[i]! & 15]!;
  }
  return s;
}

export function formatIp(ip: number): string {
  return `${ip >>> 24}.${(ip >>> 16) & 0xff}.${(ip >>> 8) & 0xff}.${ip & 0xff}`;
}

/** Parses dotted IPv4; returns -1 when the text is not a dotted quad. */
export function parseIp(text: string): number {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return -1;
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return -1;
    v = v * 256 + o;
  }
  return v;
}

/** Parses a MAC in colon, dash or dotted (cisco) form; returns -1 when invalid. */
export function parseMac(text: string): number {
  const hex = text.trim().toLowerCase().replace(/[:.\-]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex)) return -1;
  if (!/^([0-9a-f]{2}[:\-]){5}[0-9a-f]{2}$|^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$|^[0-9a-f]{12}$/.test(text.trim().toLowerCase())) return -1;
  return parseInt(hex.slice(0, 4), 16) * TWO32 + parseInt(hex.slice(4), 16);
}

/** The VRRP (IPv4) virtual router MAC of a VRID: 00:00:5e:00:01:VRID (RFC 5798). */
export function vrrpVirtualMac(vrid: number): number {
  return 0x00005e000100 + vrid;
}

/** The VRRP (IPv6) virtual router MAC of a VRID: 00:00:5e:00:02:VRID. */
export function vrrp6VirtualMac(vrid: number): number {
  return 0x00005e000200 + vrid;
}

/** VRRP IPv4 virtual router MAC 00:00:5e:00:01:VRID; returns the VRID or -1. */
export function vrrpVrid(mac: number): number {
  const hi = macHi16(mac);
  const lo = mac >>> 0;
  if (hi === 0x0000 && (lo & 0xffffff00) >>> 0 === 0x5e000100) return lo & 0xff;
  return -1;
}

/** Names the first-hop-redundancy protocol owning a virtual MAC, or null. */
export function virtualMacLabel(mac: number): string | null {
  const hi = macHi16(mac);
  const lo = mac >>> 0;
  if (hi === 0x0000 && (lo & 0xffffff00) >>> 0 === 0x5e000100) return `VRRP VRID ${lo & 0xff}`;
  if (hi === 0x0000 && (lo & 0xffffff00) >>> 0 === 0x5e000200) return `VRRPv3-IPv6 VRID ${lo & 0xff}`;
  if (hi === 0x0000 && (lo & 0xffffff00) >>> 0 === 0x0c07ac00) return `HSRP group ${lo & 0xff}`;
  if (hi === 0x0000 && (lo & 0xfffff000) >>> 0 === 0x0c9ff000) return `HSRPv2 group ${lo & 0xfff}`;
  if (hi === 0x0007 && (lo & 0xff000000) >>> 0 === 0xb4000000) return `GLBP group ${(lo >>> 8) & 0x3ff} forwarder ${lo & 0xff}`;
  return null;
}

/** The HSRP or GLBP group a virtual MAC belongs to, or -1 (GLBP: 00:07:b4, 6 zero bits, a 10-bit group, the forwarder). */
export function fhrpGroup(mac: number, protocol: 'hsrp' | 'glbp'): number {
  const hi = macHi16(mac);
  const lo = mac >>> 0;
  if (protocol === 'hsrp') {
    if (hi === 0x0000 && (lo & 0xffffff00) >>> 0 === 0x0c07ac00) return lo & 0xff;
    if (hi === 0x0000 && (lo & 0xfffff000) >>> 0 === 0x0c9ff000) return lo & 0xfff;
    return -1;
  }
  return hi === 0x0007 && (lo & 0xff000000) >>> 0 === 0xb4000000 ? (lo >>> 8) & 0x3ff : -1;
}

export function isVirtualMac(mac: number): boolean {
  return virtualMacLabel(mac) !== null;
}
