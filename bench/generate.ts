// Generates the benchmark captures with our own writer (deterministic LCG):
//   arp-10m.pcap       10,000,000 ARP frames, ~2,000 hosts: request/reply pairs (10% in VLAN 100)
//                      and gratuitous ARP pairs from 20 VIP holders (~0.5% of frames)
//   arp-1m-hosts.pcap  the same mix over 1,000,000 distinct hosts
//   mixed-1g.pcap      ~1 GB where ~30% of frames are ARP and the rest TCP/UDP/IPv6 of realistic sizes
//   nd-2m.pcap         2,000,000 IPv6 neighbour discovery frames, ~2,000 hosts: NS/NA pairs with
//                      link-layer address options and ~1% unsolicited NAs from 20 VIP holders
import { existsSync, statSync } from 'node:fs';
import { PcapWriter, fileSink } from '../src/pcap/writer.js';
import { ethArp, ethNd, ethOther } from '../test/lab/frames.js';

let seed = 0x2545f491;
function rnd(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed;
}

function setMacLo(b: Buffer, off: number, v: number): void {
  b.writeUInt32BE(v >>> 0, off);
}

/** Writes `frames` ARP frames among `hosts` hosts; calls `other` to interleave non-ARP frames. */
export function writeArpMix(path: string, frames: number, hosts: number, other?: { every: (i: number) => Buffer | null }): void {
  seed = 0x2545f491;
  const out = fileSink(path);
  const w = new PcapWriter(out.sink, { snaplen: 65535 });
  const req = ethArp({ op: 'request', sha: 0x020000000000, spa: 0x0a000000, tpa: 0x0a000000 });
  const rep = ethArp({ op: 'reply', sha: 0x020000000000, spa: 0x0a000000, tha: 0x020000000000, tpa: 0x0a000000 });
  const vreq = ethArp({ op: 'request', sha: 0x020000000000, spa: 0x0a000000, tpa: 0x0a000000, vlans: [100] });
  const vrep = ethArp({ op: 'reply', sha: 0x020000000000, spa: 0x0a000000, tha: 0x020000000000, tpa: 0x0a000000, vlans: [100] });
  const garp = ethArp({ op: 'request', sha: 0x020000000000, spa: 0x0a000000, tpa: 0x0a000000 });
  let us = Date.UTC(2024, 2, 1) * 1000;
  const ipOf = (h: number) => (0x0a000000 + h + 1) >>> 0;
  let n = 0;
  let i = 0;
  while (n < frames) {
    const o = other?.every(i++);
    if (o) {
      w.write(o, us);
      us += 3;
      continue;
    }
    const a = rnd() % hosts;
    // one host in ten lives in VLAN 100; hosts talk within their VLAN
    const tagged = a % 10 === 0;
    let b = rnd() % hosts;
    b = tagged ? b - (b % 10) : b % 10 === 0 ? (b + 1) % hosts : b;
    const r = rnd() % 100;
    if (r === 0 && rnd() % 4 === 0) {
      // gratuitous ARP from one of 20 VIP holders (2 in a row: a small burst), ~0.5% of frames
      const v = a % 20;
      setMacLo(garp, 8, v); setMacLo(garp, 24, v); garp.writeUInt32BE(ipOf(v), 28); garp.writeUInt32BE(ipOf(v), 38);
      w.write(garp, us); us += 7; n++;
      if (n < frames) { w.write(garp, us); us += 7; n++; }
      continue;
    }
    const q = tagged ? vreq : req;
    const p = tagged ? vrep : rep;
    const t = tagged ? 4 : 0;
    // request: a asks for b
    setMacLo(q, 8, a); setMacLo(q, 24 + t, a); q.writeUInt32BE(ipOf(a), 28 + t); q.writeUInt32BE(ipOf(b), 38 + t);
    w.write(q, us); us += 9; n++;
    if (n >= frames) break;
    // reply: b answers a
    setMacLo(p, 2, a); setMacLo(p, 8, b); setMacLo(p, 24 + t, b); p.writeUInt32BE(ipOf(b), 28 + t);
    setMacLo(p, 34 + t, a); p.writeUInt32BE(ipOf(a), 38 + t);
    w.write(p, us); us += 11; n++;
  }
  w.flush();
  out.close();
}

/** `frames` ND frames among `hosts` IPv6 hosts (2001:db8::/64), as writeArpMix does for ARP. */
export function writeNdMix(path: string, frames: number, hosts: number): void {
  seed = 0x2545f491;
  const out = fileSink(path);
  const w = new PcapWriter(out.sink, { snaplen: 65535 });
  let us = Date.UTC(2024, 2, 1) * 1000;
  const addr = (h: number) => `2001:db8::${((h + 1) >>> 16).toString(16)}:${((h + 1) & 0xffff).toString(16)}`;
  const sol = (h: number) => `ff02::1:ff${(((h + 1) >>> 16) & 0xff).toString(16).padStart(2, '0')}:${((h + 1) & 0xffff).toString(16)}`;
  const mac = (h: number) => 0x020000000000 + h;
  let n = 0;
  while (n < frames) {
    const a = rnd() % hosts;
    const b = (a + 1 + (rnd() % (hosts - 1))) % hosts;
    if (rnd() % 100 === 0) {
      const v = a % 20;
      w.write(ethNd({ type: 'na', src: mac(v), srcIp: addr(v), dstIp: 'ff02::1', target: addr(v), override: true, ll: mac(v) }), us);
      us += 7;
      n++;
      continue;
    }
    w.write(ethNd({ type: 'ns', src: mac(a), srcIp: addr(a), dstIp: sol(b), target: addr(b), ll: mac(a) }), us);
    us += 9;
    if (++n >= frames) break;
    w.write(ethNd({ type: 'na', src: mac(b), dst: mac(a), srcIp: addr(b), dstIp: addr(a), target: addr(b), solicited: true, override: true, ll: mac(b) }), us);
    us += 11;
    n++;
  }
  w.flush();
  out.close();
}

/** ~30% ARP by frame count; the rest TCP 1514 (40%), TCP ACK 66 (30%), UDP 342 (15%), IPv6 1294 (15%). */
export function writeMixed(path: string, targetBytes: number): void {
  const tcpBig = ethOther(0x020000000011, 0x020000000012, 0x0800, 1514);
  const tcpAck = ethOther(0x020000000012, 0x020000000011, 0x0800, 66);
  const udp = ethOther(0x020000000013, 0x020000000014, 0x0800, 342);
  const v6 = ethOther(0x020000000015, 0x020000000016, 0x86dd, 1294);
  const avg = 0.7 * (0.4 * 1530 + 0.3 * 82 + 0.15 * 358 + 0.15 * 1310) + 0.3 * 76;
  const frames = Math.round((targetBytes / avg) * 0.3);
  let s2 = 12345;
  writeArpMix(path, frames, 2000, {
    every: () => {
      s2 = (Math.imul(s2, 1103515245) + 12345) >>> 0;
      // an ARP turn writes two frames (request + reply, or a GARP pair), so
      // 17.9% of turns give ~30% of frames
      const r = (s2 >>> 8) % 1000;
      if (r < 179) return null;
      const k = (r - 179) / 821;
      return k < 0.4 ? tcpBig : k < 0.7 ? tcpAck : k < 0.85 ? udp : v6;
    },
  });
}

export function ensure(path: string, make: () => void): number {
  if (!existsSync(path)) make();
  return statSync(path).size;
}
