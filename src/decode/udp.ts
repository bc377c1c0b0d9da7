// UDP over IPv4, as far as the first-hop redundancy protocols need it: the
// source address, the destination port and where the payload starts.
// Bounds-checked over (dv, off, end); later fragments have no UDP header.

export class UdpInfo {
  src = 0;
  dport = 0;
  payload = 0;
  /** Where the payload ends: the UDP length, within the IP packet and the capture (Ethernet padding excluded). */
  end = 0;
  ttl = 0;
}

const IPPROTO_UDP = 17;

/** Decodes the IPv4 and UDP headers at `off`; false when it is not (whole) UDP. */
export function decodeUdp4(dv: DataView, off: number, end: number, out: UdpInfo): boolean {
  if (end - off < 20) return false;
  const vihl = dv.getUint8(off);
  const ihl = (vihl & 0x0f) * 4;
  if (vihl >> 4 !== 4 || ihl < 20 || dv.getUint8(off + 9) !== IPPROTO_UDP || (dv.getUint16(off + 6) & 0x1fff) !== 0) return false;
  if (end - off < ihl + 8) return false;
  out.ttl = dv.getUint8(off + 8);
  out.src = dv.getUint32(off + 12);
  out.dport = dv.getUint16(off + ihl + 2);
  out.payload = off + ihl + 8;
  const ipEnd = off + dv.getUint16(off + 2);
  const udpEnd = off + ihl + dv.getUint16(off + ihl + 4);
  out.end = Math.min(end, ipEnd, udpEnd);
  return out.end >= out.payload;
}
