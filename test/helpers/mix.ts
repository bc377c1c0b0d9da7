// Random ARP traffic for tests that compare two ways of computing the same
// thing (the scan fast path against process(), the JSON row writer against
// JSON.stringify): many hosts with one MAC, a few with two, and every kind of
// frame the fast path must hand over.
import { PcapWriter, fileSink } from '../../src/pcap/writer.js';
import { ethArp, ethOther, ethVrrp } from '../lab/frames.js';

let seed = 1;
function rnd(n: number): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return (seed >>> 8) % n;
}

export function writeMix(path: string, frames: number, hosts: number, vrrp = false): void {
  seed = 7;
  const out = fileSink(path);
  const w = new PcapWriter(out.sink, { snaplen: 65535 });
  let us = Date.UTC(2025, 0, 1) * 1000;
  const ip = (h: number) => (0x0a000100 + h) >>> 0;
  const mac = (h: number, alt = 0) => 0x020000000000 + alt * 0x10000 + h;
  for (let i = 0; i < frames; i++) {
    const a = rnd(hosts);
    const b = rnd(hosts);
    const r = rnd(1000);
    const vlans = r % 7 === 0 ? [100] : r % 31 === 0 ? [200] : r % 97 === 0 ? [0] : r % 113 === 0 ? [100, 5] : [];
    // now and then a host speaks with a second MAC (a race, a flip-flop, a leak)
    const alt = a < 3 && rnd(20) === 0 ? 1 : 0;
    us += rnd(3) === 0 ? rnd(2_000_000) : rnd(50);
    if (r < 420) {
      w.write(ethArp({ op: 'request', sha: mac(a, alt), spa: ip(a), tpa: ip(b), vlans }), us);
      if (rnd(2) === 0) {
        us += rnd(300);
        // the answer, now and then from two MACs, to the wrong MAC, or twice
        w.write(ethArp({ op: 'reply', sha: mac(b), spa: ip(b), tha: a < 3 && rnd(5) === 0 ? mac(hosts + 1) : mac(a, alt), tpa: ip(a), vlans }), us);
        if (rnd(20) === 0) w.write(ethArp({ op: 'reply', sha: mac(b, b < 3 ? 1 : 0), spa: ip(b), tha: mac(a, alt), tpa: ip(a), vlans }), us + 5);
      }
    } else if (r < 700) {
      w.write(ethArp({ op: 'reply', sha: mac(a, alt), spa: ip(a), tha: mac(b), tpa: ip(b), vlans }), us);
    } else if (r < 740) {
      w.write(ethArp({ op: 'request', sha: mac(a, alt), spa: ip(a), tpa: ip(a), vlans }), us);
    } else if (r < 750) {
      // a probe for a free address, now and then for one in use
      w.write(ethArp({ op: 'request', sha: mac(a), spa: 0, tpa: ip(b < 3 ? b : hosts + b), vlans }), us);
    } else if (r < 760) {
      w.write(ethArp({ op: 'reply', sha: 0x010000000000 + a, spa: ip(a), tha: mac(b), tpa: ip(b), vlans }), us);
    } else if (r < 770) {
      w.write(ethArp({ op: 'request', sha: mac(a), spa: ip(a), tpa: ip(b), src: mac(b), vlans }), us);
    } else if (r < 775) {
      // an opcode that is neither request nor reply, and a hardware type 6 (IEEE 802) request
      const f = ethArp({ op: 'request', sha: mac(a), spa: ip(a), tpa: ip(b), vlans });
      const o = 14 + 4 * vlans.length;
      if (rnd(2) === 0) f[o + 7] = 9;
      else f[o + 1] = 6;
      w.write(f, us);
    } else if (r < 780 && vrrp) {
      w.write(ethVrrp({ version: 2, src: mac(250), srcIp: ip(250), vrid: 1, priority: 100, intervalMs: 1000, vips: [ip(200)] }), us);
    } else if (r < 790) {
      w.write(ethArp({ op: 'request', sha: mac(a), spa: ip(a), tpa: ip(b), vlans }).subarray(0, 30), us);
    } else {
      w.write(ethOther(mac(a), mac(b), rnd(2) ? 0x0800 : 0x86dd, 60 + rnd(1400)), us);
    }
  }
  w.flush();
  out.close();
}

