// Traffic shapes for the bench: LANs the analysis was not tuned for. One
// parametric generator (deterministic LCG, frames patched into templates,
// so 10 M frames take seconds) and a table of named shapes, each a set of
// options. `node dist/bench/shapes.js SHAPE FRAMES [FILE|-]` writes one (to
// stdout with -: the 50 M-frame pipe run never touches the disk).
import { PcapWriter, fileSink, type Sink } from '../src/pcap/writer.js';
import { ethArp, ethNd } from '../test/lab/frames.js';

export interface ShapeOptions {
  /** Hosts that answer for their address. */
  hosts: number;
  /** VLAN IDs the hosts are spread over (0: untagged). */
  vlans: number[];
  /** Share of requests for addresses nobody holds, drawn from `deadPool` addresses (0: ever new ones). */
  unknownShare: number;
  deadPool: number;
  /** Share of requests sent by the segment's gateway (the first host of each VLAN). */
  gatewayShare: number;
  /** VIPs answered by 2-3 MACs on every request, and the share of requests that ask for one. */
  vips: number;
  vipShare: number;
  /** A burst of 5 gratuitous ARPs from a VIP holder every this many frames (0: none). */
  garpEvery: number;
  /** A scanner sweeping 10.200.0.0/16 at this many requests per second of packet time (0: none). */
  scanRate: number;
  /** Frames per second of packet time (sets the capture's length). */
  fps: number;
  /** IPv6 neighbour discovery instead of ARP: NS/NA among random addresses (a flood of new ones). */
  ndFlood?: boolean;
}

export interface Shape {
  name: string;
  what: string;
  opts: ShapeOptions;
  /** Frames of the full-size run (the growth figure compares it with a tenth of it). */
  frames: number;
}

const LAN: ShapeOptions = { hosts: 2000, vlans: [0, 10, 20, 30], unknownShare: 0.05, deadPool: 2000, gatewayShare: 0.3, vips: 20, vipShare: 0.05, garpEvery: 20000, scanRate: 0, fps: 10000 };

export const SHAPES: Shape[] = [
  { name: 'lan', what: '2,000 hosts in 4 VLANs, 5% of requests for 2,000 dead addresses, 20 VIPs racing, GARP bursts', opts: LAN, frames: 10_000_000 },
  { name: 'gateway-new', what: 'a gateway asking for ever-new addresses (8% of requests unanswered)', opts: { ...LAN, unknownShare: 0.08, deadPool: 0, gatewayShare: 0.6 }, frames: 10_000_000 },
  { name: 'vip-race', what: 'half the requests for 20 VIPs answered by 2-3 MACs, all capture long', opts: { ...LAN, vipShare: 0.5, vips: 20 }, frames: 10_000_000 },
  { name: 'hosts-1m', what: 'the lan shape over 1,000,000 hosts', opts: { ...LAN, hosts: 1_000_000, deadPool: 50_000 }, frames: 10_000_000 },
  { name: 'slow-scan', what: 'the lan shape with a scanner sweeping a /16 at 20 requests/s', opts: { ...LAN, scanRate: 20, fps: 2000 }, frames: 10_000_000 },
  { name: 'fast-scan', what: 'the lan shape with a scanner sweeping a /16 at 5,000 requests/s', opts: { ...LAN, scanRate: 5000 }, frames: 10_000_000 },
  { name: 'nd-flood', what: 'IPv6 NS/NA among random addresses: every target new', opts: { ...LAN, ndFlood: true }, frames: 2_000_000 },
  { name: 'stations-200k', what: '200,000 hosts (stations for --state), 2 M frames', opts: { ...LAN, hosts: 200_000, deadPool: 10_000 }, frames: 2_000_000 },
  { name: 'stations-1m', what: '1,000,000 hosts (stations for --state), 4 M frames', opts: { ...LAN, hosts: 1_000_000, deadPool: 10_000 }, frames: 4_000_000 },
  { name: 'vlans-4k', what: '20,000 hosts over 4,000 VLANs (segments, their tables and their labels)', opts: { ...LAN, hosts: 20_000, vlans: Array.from({ length: 4000 }, (_, i) => i + 1) }, frames: 10_000_000 },
  { name: 'vips-2k', what: '2,000 VIPs answered by 2-3 MACs, half the requests for one, a GARP burst every 200 frames', opts: { ...LAN, vips: 2000, vipShare: 0.5, garpEvery: 200 }, frames: 10_000_000 },
];

export function shape(name: string): Shape {
  const s = SHAPES.find((x) => x.name === name);
  if (!s) throw new Error(`no shape ${name}: ${SHAPES.map((x) => x.name).join(', ')}`);
  return s;
}

let seed = 0x9e3779b9;
function rnd(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  // the high bits of an LCG are the good ones
  return seed >>> 8;
}
const chance = (p: number) => rnd() < p * 0x1000000;

/** ARP templates patched in place: one untagged, one tagged (the VLAN ID patched too). */
class ArpFrames {
  private readonly plain = ethArp({ op: 'request', sha: 0x020000000000, spa: 0, tpa: 0 });
  private readonly tagged = ethArp({ op: 'request', sha: 0x020000000000, spa: 0, tpa: 0, vlans: [1] });
  constructor(private readonly w: PcapWriter) {}
  /** op 1 request (broadcast), 2 reply (to tmac); MACs as 02:00 + 32 bits, or 00:00:5e.. when hi given. */
  write(us: number, vlan: number, op: number, smac: number, sip: number, tmac: number, tip: number): void {
    const b = vlan === 0 ? this.plain : this.tagged;
    const t = vlan === 0 ? 0 : 4;
    if (t) b.writeUInt16BE(vlan, 14);
    if (op === 1) b.fill(0xff, 0, 6);
    else {
      b.writeUInt16BE(0x0200, 0);
      b.writeUInt32BE(tmac >>> 0, 2);
    }
    b.writeUInt32BE(smac >>> 0, 8);
    b.writeUInt16BE(op, 20 + t);
    b.writeUInt32BE(smac >>> 0, 24 + t);
    b.writeUInt32BE(sip >>> 0, 28 + t);
    if (op === 1) b.fill(0, 32 + t, 38 + t);
    else {
      b.writeUInt16BE(0x0200, 32 + t);
      b.writeUInt32BE(tmac >>> 0, 34 + t);
    }
    b.writeUInt32BE(tip >>> 0, 38 + t);
    this.w.write(b, us);
  }
}

/** NS/NA templates with the addresses' low 32 bits and the checksum patched. */
class NdFrames {
  private readonly ns = ethNd({ type: 'ns', src: 0x020000000001, srcIp: '2001:db8::1', dstIp: 'ff02::1:ff00:1', target: '2001:db8::2', ll: 0x020000000001 });
  private readonly na = ethNd({ type: 'na', src: 0x020000000002, dst: 0x020000000001, srcIp: '2001:db8::2', dstIp: '2001:db8::1', target: '2001:db8::2', solicited: true, override: true, ll: 0x020000000002 });
  constructor(private readonly w: PcapWriter) {}
  write(us: number, na: boolean, smac: number, sip: number, tmac: number, tip: number): void {
    const b = na ? this.na : this.ns;
    b.writeUInt32BE(smac >>> 0, 8);
    b.writeUInt32BE(sip >>> 0, 34);
    if (na) {
      b.writeUInt32BE(tmac >>> 0, 2);
      b.writeUInt32BE(tip >>> 0, 50);
      b.writeUInt32BE(sip >>> 0, 74);
    } else {
      // the solicited-node group of the target: 33:33:ff + its low 24 bits, ff02::1:ffXX:XXXX
      b.writeUInt32BE((0xff000000 | (tip & 0xffffff)) >>> 0, 2);
      b.writeUInt32BE((0xff000000 | (tip & 0xffffff)) >>> 0, 50);
      b.writeUInt32BE(tip >>> 0, 74);
    }
    b.writeUInt32BE(smac >>> 0, na ? 82 : 82);
    b.writeUInt16BE(0, 56);
    let sum = 0;
    for (let i = 22; i < 54; i += 2) sum += b.readUInt16BE(i);
    const body = b.length - 54;
    sum += body + 58;
    for (let i = 54; i < b.length; i += 2) sum += b.readUInt16BE(i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    b.writeUInt16BE(~sum & 0xffff, 56);
    this.w.write(b, us);
  }
}

/** Writes `frames` frames of shape `o` to a sink (deterministic: the same bytes each time). */
export function writeShape(sink: Sink, o: ShapeOptions, frames: number): void {
  seed = 0x9e3779b9;
  const w = new PcapWriter(sink, { snaplen: 65535 });
  let us = Date.UTC(2024, 2, 1) * 1000;
  const step = 1e6 / o.fps;
  let n = 0;
  const emit = () => {
    us += step;
    n++;
  };
  if (o.ndFlood) {
    const nd = new NdFrames(w);
    while (n < frames) {
      const a = rnd();
      const b = rnd();
      nd.write(Math.round(us), false, a, a, 0, b);
      emit();
      // a quarter of the solicitations are answered
      if (n < frames && (b & 3) === 0) {
        nd.write(Math.round(us), true, b, b, a, a);
        emit();
      }
    }
    w.flush();
    return;
  }
  const arp = new ArpFrames(w);
  const nv = o.vlans.length;
  const ip = (h: number) => 0x0a000000 + h + 1;
  const vipIp = (v: number) => 0x0aff0000 + v + 1;
  const vipMac = (v: number, r: number) => 0x01000000 + v * 16 + r;
  const racers = (v: number) => 2 + (v % 2);
  let dead = 0;
  let scanned = 0;
  const scanEvery = o.scanRate > 0 ? o.fps / o.scanRate : Infinity;
  let scanNext = scanEvery;
  while (n < frames) {
    const t = Math.round(us);
    if (n >= scanNext) {
      scanNext += scanEvery;
      // the scanner (host 7, untagged) sweeps 10.200.0.0/16; one address in 50 answers
      const target = 0x0ac80000 + (scanned++ & 0xffff);
      arp.write(t, 0, 1, 7, ip(7), 0, target);
      emit();
      if ((target & 63) === 0 && n < frames) {
        arp.write(Math.round(us), 0, 2, 0x03000000 + (target & 0xffff), target, 7, ip(7));
        emit();
      }
      continue;
    }
    if (o.garpEvery > 0 && n % o.garpEvery === 0 && o.vips > 0) {
      const v = (n / o.garpEvery) % o.vips;
      for (let i = 0; i < 5 && n < frames; i++) {
        arp.write(Math.round(us), 0, 1, vipMac(v, 0), vipIp(v), 0, vipIp(v));
        emit();
      }
      continue;
    }
    const r = rnd();
    if (o.vips > 0 && chance(o.vipShare)) {
      // an untagged host asks for a VIP; every racer answers
      const a = (r % Math.ceil(o.hosts / nv)) * nv;
      const v = rnd() % o.vips;
      arp.write(t, 0, 1, a, ip(a), 0, vipIp(v));
      emit();
      for (let i = 0; i < racers(v) && n < frames; i++) {
        arp.write(Math.round(us), 0, 2, vipMac(v, i), vipIp(v), a, ip(a));
        emit();
      }
      continue;
    }
    // the requester: its VLAN's gateway, or any host
    let a = r % o.hosts;
    const vi = a % nv;
    if (chance(o.gatewayShare)) a = vi;
    const vlan = o.vlans[vi]!;
    if (chance(o.unknownShare)) {
      const d = o.deadPool > 0 ? rnd() % o.deadPool : dead++;
      arp.write(t, vlan, 1, a, ip(a), 0, 0x0b000000 + d);
      emit();
      continue;
    }
    // a target in the same VLAN
    let b = rnd() % o.hosts;
    b = b - (b % nv) + vi;
    if (b >= o.hosts || b === a) b = vi === a ? (a + nv) % o.hosts : vi;
    arp.write(t, vlan, 1, a, ip(a), 0, ip(b));
    emit();
    if (n < frames) {
      arp.write(Math.round(us), vlan, 2, b, ip(b), a, ip(a));
      emit();
    }
  }
  w.flush();
}

export function writeShapeFile(path: string, o: ShapeOptions, frames: number): void {
  const out = fileSink(path);
  writeShape(out.sink, o, frames);
  out.close();
}

if (process.argv[1]?.endsWith('shapes.js') && process.argv[2]) {
  const s = shape(process.argv[2]);
  const frames = Number(process.argv[3] ?? s.frames);
  const file = process.argv[4] ?? '-';
  if (file === '-') {
    const out = fileSink('/dev/stdout');
    try {
      writeShape(out.sink, s.opts, frames);
    } catch (e) {
      // the reader closed the pipe: stop quietly
      if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
    }
  } else writeShapeFile(file, s.opts, frames);
}
