// Frame builders: Ethernet (with stacked VLAN tags), Linux SLL and SLL2
// headers around an ARP payload. Used by fixtures, tests and the benchmark.
import { type ArpPacket, encodeArp, OP_REPLY, OP_REQUEST } from '../decode/arp.js';
import { MAC_BROADCAST } from '../util/addr.js';

export interface ArpSpec {
  op: 'request' | 'reply';
  sha: number;
  spa: number;
  tha?: number;
  tpa: number;
  /** Ethernet source (default sha) and destination (default broadcast for requests, tha for replies). */
  src?: number;
  dst?: number;
  /** VLAN IDs outermost first; outer tags use 802.1ad when more than one. */
  vlans?: number[];
  /** Pad to the 60-byte Ethernet minimum (default true). */
  pad?: boolean;
}

function putMac(b: Uint8Array, o: number, m: number): void {
  const hi = Math.floor(m / 4294967296);
  const lo = m >>> 0;
  b[o] = hi >>> 8; b[o + 1] = hi & 0xff;
  b[o + 2] = lo >>> 24; b[o + 3] = (lo >>> 16) & 0xff; b[o + 4] = (lo >>> 8) & 0xff; b[o + 5] = lo & 0xff;
}

function arpFields(s: ArpSpec): ArpPacket {
  return { op: s.op === 'request' ? OP_REQUEST : OP_REPLY, sha: s.sha, spa: s.spa, tha: s.tha ?? 0, tpa: s.tpa };
}

/** Ethernet frame carrying ARP. */
export function ethArp(s: ArpSpec): Buffer {
  const vlans = s.vlans ?? [];
  const hdr = 14 + 4 * vlans.length;
  const len = Math.max(hdr + 28, s.pad === false ? 0 : 60);
  const b = Buffer.alloc(len);
  putMac(b, 0, s.dst ?? (s.op === 'request' ? MAC_BROADCAST : s.tha ?? MAC_BROADCAST));
  putMac(b, 6, s.src ?? s.sha);
  let o = 12;
  vlans.forEach((vid, i) => {
    b.writeUInt16BE(vlans.length > 1 && i < vlans.length - 1 ? 0x88a8 : 0x8100, o);
    b.writeUInt16BE(vid & 0x0fff, o + 2);
    o += 4;
  });
  b.writeUInt16BE(0x0806, o);
  encodeArp(b, o + 2, arpFields(s));
  return b;
}

/** Linux cooked v1 (SLL, linktype 113) frame carrying ARP. */
export function sllArp(s: ArpSpec, pkttype = 0): Buffer {
  const b = Buffer.alloc(16 + 28);
  b.writeUInt16BE(pkttype, 0);
  b.writeUInt16BE(1, 2); // ARPHRD_ETHER
  b.writeUInt16BE(6, 4);
  putMac(b, 6, s.src ?? s.sha);
  b.writeUInt16BE(0x0806, 14);
  encodeArp(b, 16, arpFields(s));
  return b;
}

/** Linux cooked v2 (SLL2, linktype 276) frame carrying ARP. */
export function sll2Arp(s: ArpSpec, ifindex = 2, pkttype = 0): Buffer {
  const b = Buffer.alloc(20 + 28);
  b.writeUInt16BE(0x0806, 0);
  b.writeUInt32BE(ifindex, 4);
  b.writeUInt16BE(1, 8);
  b[10] = pkttype;
  b[11] = 6;
  putMac(b, 12, s.src ?? s.sha);
  encodeArp(b, 20, arpFields(s));
  return b;
}

/** A non-ARP Ethernet frame of `size` bytes with the given ethertype (IPv4 0x0800, IPv6 0x86dd). */
export function ethOther(src: number, dst: number, ethertype: number, size: number): Buffer {
  const b = Buffer.alloc(Math.max(size, 60));
  putMac(b, 0, dst);
  putMac(b, 6, src);
  b.writeUInt16BE(ethertype, 12);
  for (let i = 14; i < b.length; i++) b[i] = (i * 7) & 0xff;
  return b;
}
