// Synthetic ARP scenarios for fixtures and tests. Each scenario is a list of
// timestamped frames plus what arpaudit must conclude about it; the fixture
// script writes them with our own pcap/pcapng writer.
import { ethArp, ethCarp, ethGlbp, ethHsrp, ethNd, ip6Bytes, type NdSpec, ethOther, ethVrrp, ethVrrp6, geneve, gre, pbb, vxlan, type ArpSpec, type FhrpSpec, type VrrpSpec } from './frames.js';
import { parseIp, parseMac } from '../../src/util/addr.js';

export interface TimedFrame {
  us: number;
  frame: Buffer;
}

export interface Scenario {
  name: string;
  description: string;
  frames: TimedFrame[];
  /** Finding codes that must be present, with the exact MAC set where given. */
  expect: { code: string; ip?: string; macs?: string[] }[];
  /** Finding codes that must not appear. */
  forbid: string[];
}

export const ip = (s: string): number => parseIp(s);
export const mac = (s: string): number => parseMac(s);

/** 2024-03-01T02:00:00Z: a 3 a.m.-ish incident, in microseconds. */
export const T0 = Date.UTC(2024, 2, 1, 2, 0, 0) * 1000;

const CLIENT = { mac: mac('02:00:00:00:00:c1'), ip: ip('10.0.0.50') };
const GW = { mac: mac('02:00:00:00:00:01'), ip: ip('10.0.0.1') };
const DIRECTOR = mac('02:00:00:00:00:d0');
const RS1 = mac('02:00:00:00:01:01');
const RS2 = mac('02:00:00:00:01:02');
const VIP = ip('10.0.0.10');

class Builder {
  frames: TimedFrame[] = [];
  add(us: number, s: ArpSpec): this {
    this.frames.push({ us, frame: ethArp(s) });
    return this;
  }
  request(us: number, sha: number, spa: number, tpa: number, vlans?: number[]): this {
    return this.add(us, { op: 'request', sha, spa, tpa, vlans });
  }
  reply(us: number, sha: number, spa: number, tha: number, tpa: number, vlans?: number[]): this {
    return this.add(us, { op: 'reply', sha, spa, tha, tpa, vlans });
  }
  garp(us: number, sha: number, spa: number, op: 'request' | 'reply' = 'request', vlans?: number[]): this {
    return this.add(us, { op, sha, spa, tpa: spa, tha: op === 'reply' ? 0xffffffffffff : 0, dst: 0xffffffffffff, vlans });
  }
  sorted(): TimedFrame[] {
    return this.frames.sort((a, b) => a.us - b.us);
  }
}

const S = 1_000_000;
const MS = 1000;

/** LVS-DR with default sysctls: director and both real servers answer for the VIP; RS1 also leaks the VIP. */
function lvsRace(vlans?: number[]): TimedFrame[] {
  const b = new Builder();
  // the client resolves the gateway once: a healthy exchange
  b.request(T0, CLIENT.mac, CLIENT.ip, GW.ip, vlans).reply(T0 + 300, GW.mac, GW.ip, CLIENT.mac, CLIENT.ip, vlans);
  for (let i = 0; i < 6; i++) {
    const t = T0 + S + i * S;
    b.request(t, CLIENT.mac, CLIENT.ip, VIP, vlans);
    // the bridge floods in a fixed order, but real servers' reply delay varies
    const order = i % 3 === 2 ? [RS1, DIRECTOR, RS2] : [DIRECTOR, RS1, RS2];
    order.forEach((m, k) => {
      if (m === RS2 && i >= 4) return; // RS2 is fixed half-way: it stops answering
      b.reply(t + 150 + k * 90 + i * 7, m, VIP, CLIENT.mac, CLIENT.ip, vlans);
    });
  }
  // RS1 (arp_announce=0) asks for the gateway with the VIP as sender
  b.request(T0 + 3 * S + 500 * MS, RS1, VIP, GW.ip, vlans);
  b.reply(T0 + 3 * S + 500 * MS + 200, GW.mac, GW.ip, RS1, VIP, vlans);
  return b.sorted();
}

function lvsFixed(): TimedFrame[] {
  const b = new Builder();
  b.request(T0, CLIENT.mac, CLIENT.ip, GW.ip).reply(T0 + 300, GW.mac, GW.ip, CLIENT.mac, CLIENT.ip);
  for (let i = 0; i < 6; i++) {
    const t = T0 + S + i * S;
    b.request(t, CLIENT.mac, CLIENT.ip, VIP);
    b.reply(t + 150, DIRECTOR, VIP, CLIENT.mac, CLIENT.ip);
  }
  // real servers resolve the gateway from their own addresses (arp_announce=2)
  b.request(T0 + 3 * S, RS1, ip('10.0.0.11'), GW.ip).reply(T0 + 3 * S + 200, GW.mac, GW.ip, RS1, ip('10.0.0.11'));
  b.request(T0 + 4 * S, RS2, ip('10.0.0.12'), GW.ip).reply(T0 + 4 * S + 200, GW.mac, GW.ip, RS2, ip('10.0.0.12'));
  // the director announces the VIP once at start-up
  b.garp(T0 + 100, DIRECTOR, VIP);
  return b.sorted();
}

function flipFlop(): TimedFrame[] {
  const b = new Builder();
  const A = mac('02:00:00:00:0a:0a');
  const B = mac('02:00:00:00:0b:0b');
  const dup = ip('10.0.0.77');
  for (let i = 0; i < 4; i++) {
    b.request(T0 + i * 2 * S, A, dup, GW.ip).reply(T0 + i * 2 * S + 200, GW.mac, GW.ip, A, dup);
    b.request(T0 + i * 2 * S + S, B, dup, GW.ip).reply(T0 + i * 2 * S + S + 200, GW.mac, GW.ip, B, dup);
  }
  return b.sorted();
}

function handover(): TimedFrame[] {
  const b = new Builder();
  const A = mac('02:00:00:00:0a:0a');
  const B = mac('02:00:00:00:0b:0b');
  const host = ip('10.0.0.33');
  b.request(T0, A, host, GW.ip).reply(T0 + 200, GW.mac, GW.ip, A, host);
  b.request(T0 + 5 * S, CLIENT.mac, CLIENT.ip, host).reply(T0 + 5 * S + 200, A, host, CLIENT.mac, CLIENT.ip);
  // NIC swapped: B now has the address and never announces it
  b.request(T0 + 60 * S, B, host, GW.ip).reply(T0 + 60 * S + 200, GW.mac, GW.ip, B, host);
  b.request(T0 + 65 * S, CLIENT.mac, CLIENT.ip, host).reply(T0 + 65 * S + 200, B, host, CLIENT.mac, CLIENT.ip);
  return b.sorted();
}

/** keepalived-style takeover: the new owner sends 5 GARPs, then 5 more after 5 s. */
function takeover(): TimedFrame[] {
  const b = new Builder();
  const R1 = mac('02:00:00:00:00:a1');
  const R2 = mac('02:00:00:00:00:a2');
  const vip = ip('10.0.0.100');
  b.request(T0, CLIENT.mac, CLIENT.ip, vip).reply(T0 + 200, R1, vip, CLIENT.mac, CLIENT.ip);
  const t = T0 + 10 * S;
  for (let i = 0; i < 5; i++) b.garp(t + i * 20, R2, vip);
  for (let i = 0; i < 5; i++) b.garp(t + 5 * S + i * 20, R2, vip);
  b.request(T0 + 20 * S, CLIENT.mac, CLIENT.ip, vip).reply(T0 + 20 * S + 200, R2, vip, CLIENT.mac, CLIENT.ip);
  return b.sorted();
}

function spoof(): TimedFrame[] {
  const b = new Builder();
  const M = mac('02:00:00:00:66:66');
  b.request(T0, CLIENT.mac, CLIENT.ip, GW.ip).reply(T0 + 300, GW.mac, GW.ip, CLIENT.mac, CLIENT.ip);
  // arpspoof: "10.0.0.1 is-at M" to the client, every 2 s
  for (let i = 0; i < 5; i++) b.reply(T0 + 1500 * MS + i * 2 * S, M, GW.ip, CLIENT.mac, CLIENT.ip);
  return b.sorted();
}

/** The spoofer is the only sender: the real gateway is known only from reply target fields. */
function spoofOnlySender(): TimedFrame[] {
  const b = new Builder();
  const M = mac('02:00:00:00:66:66');
  const H = mac('02:00:00:00:00:99');
  const hip = ip('10.0.0.99');
  // a host replies to the gateway's request (the request itself was not captured)
  b.reply(T0, H, hip, GW.mac, GW.ip);
  for (let i = 0; i < 3; i++) b.reply(T0 + S + i * S, M, GW.ip, H, hip);
  return b.sorted();
}

function probeDefended(): TimedFrame[] {
  const b = new Builder();
  const P = mac('02:00:00:00:0e:0e');
  const Q = mac('02:00:00:00:0f:0f');
  const taken = ip('10.0.0.20');
  const free = ip('10.0.0.21');
  b.request(T0, GW.mac, GW.ip, taken).reply(T0 + 200, mac('02:00:00:00:00:20'), taken, GW.mac, GW.ip);
  // arping -D: sender 0.0.0.0, target MAC ff:ff:ff:ff:ff:ff; the owner defends (Linux: reply to 0.0.0.0)
  for (let i = 0; i < 2; i++) {
    b.add(T0 + S + i * S, { op: 'request', sha: P, spa: 0, tha: 0xffffffffffff, tpa: taken });
    b.add(T0 + S + i * S + 300, { op: 'reply', sha: mac('02:00:00:00:00:20'), spa: taken, tha: P, tpa: 0 });
  }
  // RFC 5227 on a free address: 3 probes, then 2 announcements: nothing to report but the GARP burst
  for (let i = 0; i < 3; i++) b.add(T0 + 5 * S + i * S, { op: 'request', sha: Q, spa: 0, tha: 0, tpa: free });
  b.garp(T0 + 8 * S, Q, free).garp(T0 + 10 * S, Q, free);
  return b.sorted();
}

function garpStorm(): TimedFrame[] {
  const b = new Builder();
  const R = mac('02:00:00:00:00:a1');
  const vip = ip('10.0.0.100');
  for (let i = 0; i < 60; i++) b.garp(T0 + i * 800, R, vip, i % 2 ? 'reply' : 'request');
  return b.sorted();
}

function malformed(): TimedFrame[] {
  const b = new Builder();
  const H = mac('02:00:00:00:00:42');
  const hip = ip('10.0.0.42');
  b.request(T0, H, hip, GW.ip).reply(T0 + 200, GW.mac, GW.ip, H, hip);
  b.add(T0 + S, { op: 'request', sha: 0, spa: ip('10.0.0.43'), tpa: GW.ip, src: H });
  b.add(T0 + 2 * S, { op: 'reply', sha: 0xffffffffffff, spa: ip('10.0.0.44'), tha: H, tpa: hip, src: mac('02:00:00:00:00:44') });
  b.add(T0 + 3 * S, { op: 'request', sha: mac('01:00:5e:00:00:01'), spa: ip('10.0.0.45'), tpa: GW.ip, src: mac('02:00:00:00:00:45') });
  // ARP payload names another MAC than the Ethernet source
  b.add(T0 + 4 * S, { op: 'request', sha: mac('02:00:00:00:00:46'), spa: ip('10.0.0.46'), tpa: GW.ip, src: mac('02:00:00:00:00:47') });
  // a VRRP virtual MAC sent from a physical NIC: legal, not reported
  b.add(T0 + 5 * S, { op: 'request', sha: mac('00:00:5e:00:01:07'), spa: ip('10.0.0.254'), tpa: ip('10.0.0.254'), src: mac('02:00:00:00:00:fe') });
  const bad = (t: number, mutate: (f: Buffer) => Buffer) => b.frames.push({ us: t, frame: mutate(ethArp({ op: 'request', sha: H, spa: hip, tpa: GW.ip })) });
  bad(T0 + 6 * S, (f) => { f.writeUInt16BE(0x0006 + 0x0100, 14); return f; }); // hardware type 262
  bad(T0 + 7 * S, (f) => { f.writeUInt16BE(0x86dd, 16); return f; }); // protocol type IPv6
  bad(T0 + 8 * S, (f) => { f[18] = 8; return f; }); // hardware length 8
  bad(T0 + 9 * S, (f) => { f[19] = 16; return f; }); // protocol length 16
  bad(T0 + 10 * S, (f) => { f.writeUInt16BE(9, 20); return f; }); // opcode 9 (InARP)
  bad(T0 + 11 * S, (f) => f.subarray(0, 30)); // cut inside the ARP payload
  return b.sorted();
}

/** The same IP in two VLANs and in a QinQ path is three addresses, never a conflict; a race lives in VLAN 20 only. */
function vlans(): TimedFrame[] {
  const b = new Builder();
  const A = mac('02:00:00:00:10:0a');
  const B = mac('02:00:00:00:20:0b');
  const C = mac('02:00:00:00:30:0c');
  const shared = ip('192.168.1.1');
  const cl = mac('02:00:00:00:00:c2');
  const clip = ip('192.168.1.50');
  b.request(T0, cl, clip, shared, [10]).reply(T0 + 200, A, shared, cl, clip, [10]);
  b.request(T0 + S, cl, clip, shared, [20]).reply(T0 + S + 200, B, shared, cl, clip, [20]);
  b.request(T0 + 2 * S, cl, clip, shared, [100, 10]).reply(T0 + 2 * S + 200, C, shared, cl, clip, [100, 10]);
  // priority-tagged (VID 0) frames belong to the untagged LAN
  b.request(T0 + 3 * S, cl, clip, ip('192.168.1.2'), [0]).reply(T0 + 3 * S + 200, A, ip('192.168.1.2'), cl, clip);
  // VLAN 20 race on 192.168.1.10
  const vip = ip('192.168.1.10');
  for (let i = 0; i < 3; i++) {
    b.request(T0 + 4 * S + i * S, cl, clip, vip, [20]);
    b.reply(T0 + 4 * S + i * S + 100, B, vip, cl, clip, [20]);
    b.reply(T0 + 4 * S + i * S + 180, C, vip, cl, clip, [20]);
  }
  return b.sorted();
}

// ---- VRRP ----
const R1 = { mac: mac('02:00:00:00:0a:01'), ip: ip('10.0.0.2') };
const R2 = { mac: mac('02:00:00:00:0a:02'), ip: ip('10.0.0.3') };
const VVIP = ip('10.0.0.254');

class VrrpLab extends Builder {
  advert(us: number, r: { mac: number; ip: number }, prio: number, o: Partial<VrrpSpec> = {}): this {
    this.frames.push({ us, frame: ethVrrp({ version: 2, src: r.mac, srcIp: r.ip, vrid: 51, priority: prio, intervalMs: 1000, vips: [VVIP], ...o }) });
    return this;
  }
  /** adverts every second from `from` (inclusive) to `to` (exclusive), in seconds */
  adverts(from: number, to: number, r: { mac: number; ip: number }, prio: number, o: Partial<VrrpSpec> = {}): this {
    for (let t = from; t < to; t += (o.intervalMs ?? 1000) / 1000) this.advert(T0 + Math.round(t * S), r, prio, o);
    return this;
  }
  /** keepalived's default: 5 GARPs at once, 5 more after 5 s */
  garps(us: number, mac: number, vip = VVIP, n = 5, repeat = true, vlans?: number[]): this {
    for (let i = 0; i < n; i++) this.garp(us + i * 300, mac, vip, 'request', vlans);
    if (repeat) for (let i = 0; i < n; i++) this.garp(us + 5 * S + i * 300, mac, vip, 'request', vlans);
    return this;
  }
  ask(us: number, answerer: number, vip = VVIP): this {
    return this.request(us, CLIENT.mac, CLIENT.ip, vip).reply(us + 250, answerer, vip, CLIENT.mac, CLIENT.ip);
  }
}

/** R1 (priority 150) stops; R2 (priority 100) takes over after Master_Down_Interval = 3 s + 156/256 s. */
function vrrpFailover(version: 2 | 3, garps: boolean): TimedFrame[] {
  const b = new VrrpLab();
  b.adverts(0, 10, R1, 150, { version });
  b.ask(T0 + 2 * S, R1.mac);
  const takeover = 9 + 3 + 156 / 256; // last R1 advert at 9 s
  b.adverts(takeover, takeover + 12, R2, 100, { version });
  if (garps) b.garps(T0 + Math.round(takeover * S) + 200, R2.mac);
  b.ask(T0 + 16 * S, R2.mac);
  return b.sorted();
}

/** A capture taken with a `vrrp` filter: the same takeover, adverts only. */
function vrrpAdvertsOnly(): TimedFrame[] {
  return vrrpFailover(2, true).filter((f) => f.frame.readUInt16BE(12) !== 0x0806);
}

/**
 * A host that goes dark: 10.0.0.20 answers, then leaves three requests
 * unanswered, then answers again; 10.0.0.21 answers once and is still dark
 * at the end; 10.0.0.99 was never there (asked for twice: listed, not an
 * alarm). A single unanswered request (10.0.0.22) is not an outage.
 */
function silentHosts(): TimedFrame[] {
  const b = new Builder();
  const h20 = mac('02:00:00:00:00:20');
  const h21 = mac('02:00:00:00:00:21');
  const h22 = mac('02:00:00:00:00:22');
  const ask = (us: number, tpa: number) => b.request(us, CLIENT.mac, CLIENT.ip, tpa);
  ask(T0, ip('10.0.0.20')).reply(T0 + 200, h20, ip('10.0.0.20'), CLIENT.mac, CLIENT.ip);
  ask(T0 + 100 * MS, ip('10.0.0.21')).reply(T0 + 100 * MS + 300, h21, ip('10.0.0.21'), CLIENT.mac, CLIENT.ip);
  ask(T0 + 200 * MS, ip('10.0.0.22')).reply(T0 + 200 * MS + 300, h22, ip('10.0.0.22'), CLIENT.mac, CLIENT.ip);
  for (let i = 0; i < 3; i++) ask(T0 + (2 + i) * S, ip('10.0.0.20'));
  ask(T0 + 6 * S, ip('10.0.0.20')).reply(T0 + 6 * S + 250, h20, ip('10.0.0.20'), CLIENT.mac, CLIENT.ip);
  for (let i = 0; i < 3; i++) ask(T0 + (3 + i) * S + 500 * MS, ip('10.0.0.21'));
  ask(T0 + 4 * S + 700 * MS, ip('10.0.0.22'));
  ask(T0 + 7 * S + 700 * MS, ip('10.0.0.22')).reply(T0 + 7 * S + 700 * MS + 300, h22, ip('10.0.0.22'), CLIENT.mac, CLIENT.ip);
  ask(T0 + 3 * S, ip('10.0.0.99'));
  ask(T0 + 4 * S, ip('10.0.0.99'));
  ask(T0 + 9 * S, GW.ip).reply(T0 + 9 * S + 200, GW.mac, GW.ip, CLIENT.mac, CLIENT.ip);
  return b.sorted();
}

/** The healthy takeover with a client asking for the VIP every second: its requests go unanswered until the new master holds the VIP. */
function vrrpOutage(): TimedFrame[] {
  const b = new VrrpLab();
  b.adverts(0, 10, R1, 150);
  b.ask(T0 + 1 * S, R1.mac);
  const takeover = 9 + 3 + 156 / 256;
  b.adverts(takeover, takeover + 8, R2, 100);
  b.garps(T0 + Math.round(takeover * S) + 200, R2.mac);
  // R1 is gone after 9 s: the client's requests at 10, 11 and 12 s are not answered
  for (let t = 10; t <= 12; t++) b.request(T0 + t * S, CLIENT.mac, CLIENT.ip, VVIP);
  b.ask(T0 + 13 * S, R2.mac);
  return b.sorted();
}

/** A slow takeover: R1 stops after 9 s, R2 (advert_int 1 s, Master_Down_Interval 3.6 s) takes over only after 8 s, while a client asks every second. */
function vrrpSlowTakeover(): TimedFrame[] {
  const b = new VrrpLab();
  b.adverts(0, 10, R1, 150);
  b.ask(T0 + 1 * S, R1.mac);
  const takeover = 9 + 8;
  b.adverts(takeover, takeover + 8, R2, 100);
  b.garps(T0 + takeover * S + 200, R2.mac);
  for (let t = 10; t <= 16; t++) b.request(T0 + t * S, CLIENT.mac, CLIENT.ip, VVIP);
  b.ask(T0 + 18 * S, R2.mac);
  return b.sorted();
}

/**
 * arp-scan of 10.0.0.0/24 from 10.0.0.200: two passes, 2 ms apart; three
 * hosts answer. A busy host asking 20 others a few times a second (below
 * --scan-rate) is no scan.
 */
function scanAndBusyHost(): TimedFrame[] {
  const b = new Builder();
  const scanner = { mac: mac('02:00:00:00:5c:01'), ip: ip('10.0.0.200') };
  const hosts = [11, 12, 13].map((h) => ({ mac: mac(`02:00:00:00:0b:${h}`), ip: ip(`10.0.0.${h}`) }));
  let t = T0 + S;
  for (let pass = 0; pass < 2; pass++) {
    for (let h = 1; h < 255; h++) {
      b.request(t, scanner.mac, scanner.ip, ip(`10.0.0.${h}`));
      const host = hosts.find((x) => x.ip === ip(`10.0.0.${h}`));
      if (host && pass === 0) b.reply(t + 150, host.mac, host.ip, scanner.mac, scanner.ip);
      t += 2 * MS;
    }
    t += 500 * MS;
  }
  // a gateway refreshing 120 neighbours in a burst, 5 ms apart: all answer, so no scan
  for (let k = 0; k < 120; k++) {
    const n = { mac: mac(`02:00:00:00:0d:${(k + 0x10).toString(16)}`), ip: ip(`10.0.2.${k + 1}`) };
    const at = T0 + 12 * S + k * 5 * MS;
    b.request(at, GW.mac, GW.ip, n.ip).reply(at + 300, n.mac, n.ip, GW.mac, GW.ip);
  }
  // the busy host: 20 neighbours, one request each every 2 s, all answered
  for (let s = 0; s < 6; s++) {
    for (let k = 0; k < 20; k++) {
      const n = { mac: mac(`02:00:00:00:0c:${(k + 0x10).toString(16)}`), ip: ip(`10.0.1.${k + 1}`) };
      const at = T0 + s * 2 * S + k * 50 * MS;
      b.request(at, GW.mac, GW.ip, n.ip).reply(at + 200, n.mac, n.ip, GW.mac, GW.ip);
    }
  }
  return b.sorted();
}

/** A modem repeating a request nobody answers, 100 times a second for 3 s. */
function requestStorm(): TimedFrame[] {
  const b = new Builder();
  const modem = { mac: mac('02:00:00:00:00:e1'), ip: ip('10.0.0.254') };
  b.request(T0, modem.mac, modem.ip, GW.ip).reply(T0 + 200, GW.mac, GW.ip, modem.mac, modem.ip);
  for (let i = 0; i < 300; i++) b.request(T0 + S + i * 10 * MS, modem.mac, modem.ip, ip(i % 2 ? '10.0.0.97' : '10.0.0.98'));
  return b.sorted();
}

/** arping -U -s 10.0.0.30 from another MAC while the owner lives: the owner answers again a second later. */
function garpHijack(): TimedFrame[] {
  const b = new Builder();
  const owner = { mac: mac('02:00:00:00:00:30'), ip: ip('10.0.0.30') };
  const rogue = mac('02:00:00:00:66:66');
  b.request(T0, CLIENT.mac, CLIENT.ip, owner.ip).reply(T0 + 200, owner.mac, owner.ip, CLIENT.mac, CLIENT.ip);
  for (let i = 0; i < 3; i++) b.garp(T0 + 3 * S + i * S, rogue, owner.ip);
  b.request(T0 + 4 * S + 500 * MS, CLIENT.mac, CLIENT.ip, owner.ip).reply(T0 + 4 * S + 500 * MS + 200, owner.mac, owner.ip, CLIENT.mac, CLIENT.ip);
  b.request(T0 + 7 * S, owner.mac, owner.ip, GW.ip).reply(T0 + 7 * S + 200, GW.mac, GW.ip, owner.mac, owner.ip);
  return b.sorted();
}

/**
 * A man in the middle: it poisons the client's cache for the gateway with
 * unsolicited replies, then asks who has the gateway itself, to forward the
 * traffic it intercepts.
 */
function mitm(): TimedFrame[] {
  const b = new Builder();
  const m = { mac: mac('02:00:00:0b:ad:00'), ip: ip('10.0.0.66') };
  b.request(T0, CLIENT.mac, CLIENT.ip, GW.ip).reply(T0 + 200, GW.mac, GW.ip, CLIENT.mac, CLIENT.ip);
  for (let i = 0; i < 4; i++) b.reply(T0 + 1500 * MS + i * S, m.mac, GW.ip, CLIENT.mac, CLIENT.ip);
  b.request(T0 + 1800 * MS, m.mac, m.ip, GW.ip).reply(T0 + 1800 * MS + 150, GW.mac, GW.ip, m.mac, m.ip);
  b.request(T0 + 3 * S + 300 * MS, m.mac, m.ip, GW.ip).reply(T0 + 3 * S + 300 * MS + 150, GW.mac, GW.ip, m.mac, m.ip);
  return b.sorted();
}

/**
 * arpspoof seen from one side: a MAC tells the client, in unsolicited
 * replies, that it is the gateway, then asks who has the gateway from its
 * own address (to forward what it intercepts). The gateway itself sends no
 * ARP in the capture, so no second MAC ever claims 10.0.0.1.
 */
function spoofOneSided(): TimedFrame[] {
  const b = new Builder();
  const m = { mac: mac('02:00:00:0b:ad:00'), ip: ip('10.0.0.66') };
  b.request(T0, CLIENT.mac, CLIENT.ip, m.ip).reply(T0 + 200, m.mac, m.ip, CLIENT.mac, CLIENT.ip);
  for (let i = 0; i < 4; i++) b.reply(T0 + S + i * 2 * S, m.mac, GW.ip, CLIENT.mac, CLIENT.ip);
  b.request(T0 + 2 * S, m.mac, m.ip, GW.ip);
  b.request(T0 + 6 * S, m.mac, m.ip, GW.ip);
  return b.sorted();
}

/** The master (150) stops; two backups of priority 100 time out together; 10.0.0.4 wins the tie by its higher address. */
function vrrpContention(): TimedFrame[] {
  const b = new VrrpLab();
  const r3 = { mac: mac('02:00:00:00:0a:03'), ip: ip('10.0.0.4') };
  b.adverts(0, 10, R1, 150);
  const takeover = 9 + 3 + 156 / 256;
  b.advert(T0 + Math.round(takeover * S), R2, 100);
  b.adverts(takeover + 0.005, takeover + 8, r3, 100);
  b.garps(T0 + Math.round(takeover * S) + 20 * MS, r3.mac);
  b.ask(T0 + 16 * S, r3.mac);
  return b.sorted();
}

/** A capture of the wrong traffic: TCP, UDP and IPv6, no ARP, no advert. */
function nothingToAnalyse(): TimedFrame[] {
  const out: TimedFrame[] = [];
  for (let i = 0; i < 12; i++) out.push({ us: T0 + i * 100 * MS, frame: ethOther(mac('02:00:00:00:00:61'), mac('02:00:00:00:00:62'), i % 3 === 0 ? 0x86dd : 0x0800, 60 + i * 40) });
  return out;
}

function vrrpResignation(): TimedFrame[] {
  const b = new VrrpLab();
  b.adverts(0, 5, R1, 150);
  b.advert(T0 + Math.round(4.5 * S), R1, 0); // keepalived on SIGTERM
  const takeover = 4.5 + 156 / 256;
  b.adverts(takeover, takeover + 8, R2, 100);
  b.garps(T0 + Math.round(takeover * S) + 100, R2.mac);
  b.ask(T0 + 7 * S, R2.mac);
  return b.sorted();
}

/** R1 frozen (SIGSTOP) for 6 s: R2 takes over with GARPs; R1 resumes (SIGCONT) as if nothing happened. */
function vrrpSplitBrain(): TimedFrame[] {
  const b = new VrrpLab();
  b.adverts(0, 4, R1, 150);
  const t1 = 3 + 3 + 156 / 256;
  b.adverts(t1, 16, R2, 100);
  b.garps(T0 + Math.round(t1 * S) + 100, R2.mac, VVIP, 5, false);
  // R1 wakes up at 10 s and keeps advertising; both are master until R2 gives up at 15.5 s
  b.adverts(10.25, 20, R1, 150);
  b.ask(T0 + 12 * S, R1.mac).reply(T0 + 12 * S + 400, R2.mac, VVIP, CLIENT.mac, CLIENT.ip);
  return b.sorted();
}

/** R1 is master all along; R2 (backup) still answers ARP for the VIP and sends a GARP for it. */
function vrrpBackupAnswers(): TimedFrame[] {
  const b = new VrrpLab();
  b.adverts(0, 10, R1, 150);
  b.advert(T0 + 100, R2, 100); // R2 seen once as a contender at start-up, then silent as backup
  b.ask(T0 + 3 * S, R1.mac);
  b.reply(T0 + 3 * S + 600, R2.mac, VVIP, CLIENT.mac, CLIENT.ip);
  b.garp(T0 + 6 * S, R2.mac, VVIP);
  return b.sorted();
}

/** use_vmac: adverts from 00:00:5e:00:01:33; the master's own ARP request announces the VIP with its physical MAC. */
function vrrpVmac(): TimedFrame[] {
  const b = new VrrpLab();
  const vmac = mac('00:00:5e:00:01:33');
  for (let t = 0; t < 8; t++) b.frames.push({ us: T0 + t * S, frame: ethVrrp({ version: 3, src: vmac, srcIp: R1.ip, vrid: 0x33, priority: 150, intervalMs: 1000, vips: [VVIP] }) });
  b.garp(T0 + 200, vmac, VVIP);
  b.ask(T0 + 2 * S, vmac);
  // keepalived leaves arp_announce=0: the master asks for the gateway with the VIP as sender and its own MAC
  b.add(T0 + 4 * S, { op: 'request', sha: R1.mac, spa: VVIP, tpa: GW.ip });
  return b.sorted();
}

const HSRP_VMAC = mac('00:00:0c:07:ac:01');
const HSRP_ACTIVE = 16;
const HSRP_STANDBY = 8;
const HSRP_SPEAK = 4;
/** HSRP v2 numbers its states (Group State TLV): 5 Standby, 6 Active; its virtual MAC is 00:00:0c:9f:fX:XX. */
const HSRP2_STANDBY = 5;
const HSRP2_ACTIVE = 6;
const HSRP2_VMAC = mac('00:00:0c:9f:f0:01');

class HsrpLab extends VrrpLab {
  constructor(readonly version: 1 | 2 = 1) {
    super();
  }
  get vmac(): number {
    return this.version === 2 ? HSRP2_VMAC : HSRP_VMAC;
  }
  /** hellos every 3 s from `from` to `to` (s); the active router sends from the virtual MAC */
  hellos(from: number, to: number, r: { mac: number; ip: number }, state: number, prio: number, o: Partial<FhrpSpec> = {}): this {
    for (let t = from; t < to; t += 3) this.hsrp(T0 + Math.round(t * S), r, state, prio, o);
    return this;
  }
  hsrp(us: number, r: { mac: number; ip: number }, state: number, prio: number, o: Partial<FhrpSpec> = {}): this {
    const src = state === (this.version === 2 ? HSRP2_ACTIVE : HSRP_ACTIVE) ? this.vmac : r.mac;
    this.frames.push({ us, frame: ethHsrp({ src, srcIp: r.ip, group: 1, state, priority: prio, vip: VVIP, version: this.version, ...(this.version === 2 ? { helloMs: 3000, holdMs: 10000 } : {}), ...o }) });
    return this;
  }
}

/** HSRP group 1: R1 (150) active stops after 9 s; R2 (100) takes over once the 10 s hold time runs out and announces the VIP from the virtual MAC. */
function hsrpFailover(version: 1 | 2 = 1): TimedFrame[] {
  const b = new HsrpLab(version);
  const [active, standby] = version === 2 ? [HSRP2_ACTIVE, HSRP2_STANDBY] : [HSRP_ACTIVE, HSRP_STANDBY];
  const vmac = b.vmac;
  b.hellos(0, 10, R1, active, 150);
  b.hellos(1, 19, R2, standby, 100);
  b.ask(T0 + 2 * S, vmac);
  const takeover = 9 + 10 + 0.02;
  b.hellos(takeover, takeover + 12, R2, active, 100);
  b.garps(T0 + Math.round(takeover * S) + 300, vmac, VVIP, 1, false);
  b.ask(T0 + 25 * S, vmac);
  return b.sorted();
}

/** HSRP preemption: R2 (100) active; R1 (150, preempt) comes up, says hello in speak state, then sends a coup; R2 resigns and speaks, R1 becomes active. */
function hsrpCoup(): TimedFrame[] {
  const b = new HsrpLab();
  b.hellos(0, 7, R2, HSRP_ACTIVE, 100);
  b.hellos(1, 7, R1, HSRP_SPEAK, 150);
  b.ask(T0 + 1 * S, HSRP_VMAC);
  const coup = T0 + 7 * S;
  b.hsrp(coup, R1, HSRP_SPEAK, 150, { opcode: 1 });
  b.hsrp(coup + 4 * MS, R2, HSRP_ACTIVE, 100, { opcode: 2 });
  b.hsrp(coup + 10 * MS, R2, HSRP_SPEAK, 100);
  b.hellos(7.02, 20, R1, HSRP_ACTIVE, 150);
  b.garps(coup + 25 * MS, HSRP_VMAC, VVIP, 1, false);
  b.hellos(10.01, 20, R2, HSRP_STANDBY, 100);
  b.ask(T0 + 12 * S, HSRP_VMAC);
  return b.sorted();
}

/** HSRP dual active: R2 (100) stops hearing R1 (150, active) and declares itself active too; both say hello as active, from the group's virtual MAC, for 9 s. */
function hsrpDualActive(version: 1 | 2): TimedFrame[] {
  const b = new HsrpLab(version);
  const [active, standby] = version === 2 ? [HSRP2_ACTIVE, HSRP2_STANDBY] : [HSRP_ACTIVE, HSRP_STANDBY];
  b.hellos(0, 20, R1, active, 150);
  b.hellos(1, 10, R2, standby, 100);
  b.hellos(10.5, 20, R2, active, 100);
  b.ask(T0 + 2 * S, b.vmac);
  return b.sorted();
}

/** An attacker (never heard in the group) sends an HSRP coup at priority 255, the real active gateway steps down, and the attacker announces the VIP from its own MAC. */
function hsrpCoupAttack(): TimedFrame[] {
  const b = new HsrpLab();
  const evil = { mac: mac('02:00:00:00:0e:66'), ip: ip('10.0.0.66') };
  b.hellos(0, 6, R1, HSRP_ACTIVE, 150);
  b.hellos(1, 20, R2, HSRP_STANDBY, 100);
  b.ask(T0 + 2 * S, HSRP_VMAC);
  const coup = T0 + 6 * S + 500 * MS;
  b.hsrp(coup, evil, HSRP_SPEAK, 255, { opcode: 1 });
  b.hsrp(coup + 4 * MS, R1, HSRP_ACTIVE, 150, { opcode: 2 });
  b.hellos(6.51, 20, R1, HSRP_SPEAK, 150);
  b.hellos(6.52, 20, evil, HSRP_ACTIVE, 255);
  b.garps(coup + 40 * MS, evil.mac, VVIP, 3, false);
  b.ask(T0 + 9 * S, evil.mac);
  return b.sorted();
}

/** arpspoof -t 10.0.0.50 10.0.0.1: unsolicited replies to the victim every 2 s; the victim asks for other hosts; the gateway is silent. */
function spoofUnsolicitedOnly(): TimedFrame[] {
  const b = new Builder();
  const evil = mac('02:00:00:0b:ad:00');
  const gw = ip('10.0.0.1');
  b.request(T0, CLIENT.mac, CLIENT.ip, ip('10.0.0.7')).reply(T0 + 300, mac('02:00:00:00:00:07'), ip('10.0.0.7'), CLIENT.mac, CLIENT.ip);
  for (let i = 0; i < 6; i++) b.reply(T0 + (1 + 2 * i) * S, evil, gw, CLIENT.mac, CLIENT.ip);
  return b.sorted();
}

/** GLBP group 1: the active gateway answers each client with one of the two forwarders' virtual MACs (load balancing, not a conflict). */
function glbpBalancing(): TimedFrame[] {
  const b = new VrrpLab();
  const avf1 = mac('00:07:b4:00:01:01');
  const avf2 = mac('00:07:b4:00:01:02');
  for (let t = 0; t < 12; t += 3) {
    b.frames.push({ us: T0 + t * S, frame: ethGlbp({ src: avf1, srcIp: R1.ip, group: 1, state: 0x20, priority: 150, vip: VVIP }) });
    b.frames.push({ us: T0 + t * S + 400 * MS, frame: ethGlbp({ src: avf2, srcIp: R2.ip, group: 1, state: 0x10, priority: 100, vip: VVIP }) });
  }
  for (let i = 0; i < 6; i++) {
    const client = { mac: mac(`02:00:00:00:00:${(0xc1 + i).toString(16)}`), ip: ip(`10.0.0.${50 + i}`) };
    const us = T0 + S + i * 1500 * MS;
    b.request(us, client.mac, client.ip, VVIP).add(us + 300, { op: 'reply', sha: i % 2 ? avf2 : avf1, spa: VVIP, tha: client.mac, tpa: client.ip, src: R1.mac });
  }
  return b.sorted();
}

/** Solicited-node multicast of an IPv6 address (text), as a NS is sent to it. */
function solicited(ip6: string): string {
  const b = ip6.split(':');
  const last = b[b.length - 1]!.padStart(4, '0');
  const prev = (b[b.length - 2] ?? '0').padStart(4, '0');
  return `ff02::1:ff${prev.slice(2)}:${last}`;
}

class NdLab {
  frames: TimedFrame[] = [];
  nd(us: number, s: NdSpec): this {
    this.frames.push({ us, frame: ethNd(s) });
    return this;
  }
  /** who has `target`, from (ip, mac), to the target's solicited-node group */
  ns(us: number, from: { ip: string; mac: number }, target: string, o: Partial<NdSpec> = {}): this {
    return this.nd(us, { type: 'ns', src: from.mac, srcIp: from.ip, dstIp: solicited(target), target, ll: from.mac, ...o });
  }
  /** the solicited answer: `target` is at `mac`, to the asker */
  na(us: number, mac: number, target: string, to: { ip: string; mac: number }, o: Partial<NdSpec> = {}): this {
    return this.nd(us, { type: 'na', src: mac, dst: to.mac, srcIp: target, dstIp: to.ip, target, solicited: true, override: true, ll: mac, ...o });
  }
  /** an unsolicited advertisement to all nodes (keepalived after a takeover, a host after DAD, a spoofer) */
  announce(us: number, mac: number, target: string, o: Partial<NdSpec> = {}): this {
    return this.nd(us, { type: 'na', src: mac, srcIp: target, dstIp: 'ff02::1', target, override: true, ll: mac, ...o });
  }
  /** a DAD probe from :: for `target` */
  dad(us: number, mac: number, target: string, nonce?: number): this {
    return this.nd(us, { type: 'ns', src: mac, srcIp: '::', dstIp: solicited(target), target, ll: null, nonce });
  }
  sorted(): TimedFrame[] {
    return this.frames.sort((a, b) => a.us - b.us);
  }
}

const C6 = { ip: '2001:db8::50', mac: mac('02:00:00:00:00:c1') };
const VIP6 = '2001:db8::10';

/** LVS-DR over IPv6: the director and a real server both answer the client's solicitations for the VIP. */
function ndRace(): TimedFrame[] {
  const b = new NdLab();
  for (let i = 0; i < 3; i++) {
    const t = T0 + i * S;
    b.ns(t, C6, VIP6);
    b.na(t + 150, DIRECTOR, VIP6, C6);
    b.na(t + 240, RS1, VIP6, C6);
  }
  // the client's own address, answered once, and the gateway in VLAN 10 (another segment)
  b.ns(T0 + 4 * S, { ip: '2001:db8::1', mac: GW.mac }, C6.ip).na(T0 + 4 * S + 100, C6.mac, C6.ip, { ip: '2001:db8::1', mac: GW.mac });
  b.ns(T0 + 5 * S, C6, VIP6, { vlans: [10] }).na(T0 + 5 * S + 100, RS2, VIP6, C6, { vlans: [10] });
  return b.sorted();
}

/** DAD: 2001:db8::20 is defended by its owner; 2001:db8::21 is free and announced by its new owner; the prober's own announcement after DAD is no defence. */
function ndDad(): TimedFrame[] {
  const b = new NdLab();
  const owner = mac('02:00:00:00:00:20');
  const newcomer = mac('02:00:00:00:00:99');
  b.ns(T0, C6, '2001:db8::20').na(T0 + 200, owner, '2001:db8::20', C6);
  b.dad(T0 + S, newcomer, '2001:db8::20', 0x112233445566);
  b.announce(T0 + S + 300, owner, '2001:db8::20');
  b.dad(T0 + 3 * S, newcomer, '2001:db8::21', 0x112233445567);
  b.announce(T0 + 4 * S, newcomer, '2001:db8::21');
  return b.sorted();
}

/** A rogue's unsolicited override advertisements for 2001:db8::30 while its owner still answers: a hijack, not a takeover. */
function ndHijack(quick = false): TimedFrame[] {
  const b = new NdLab();
  const owner = mac('02:00:00:00:00:30');
  const rogue = mac('02:00:00:00:00:66');
  b.ns(T0, C6, '2001:db8::30').na(T0 + 200, owner, '2001:db8::30', C6);
  b.announce(T0 + 2 * S, rogue, '2001:db8::30');
  b.announce(T0 + 2 * S + 500 * MS, rogue, '2001:db8::30');
  // quick: the owner answers a solicitation asked 100 ms after the last NA, inside the response window
  const again = quick ? T0 + 2 * S + 600 * MS : T0 + 4 * S;
  b.ns(again, C6, '2001:db8::30').na(again + 200, owner, '2001:db8::30', C6);
  return b.sorted();
}

/** The segment's router advertises 2001:db8::/64; a rogue starts advertising a default route and another prefix; the router turns DHCPv6 on, then withdraws its default route. */
function ndRogueRa(): TimedFrame[] {
  const b = new NdLab();
  const ra = (us: number, mac: number, src: string, o: Partial<NdSpec>) => b.nd(us, { type: 'ra', src: mac, srcIp: src, dstIp: 'ff02::1', ll: mac, ...o });
  for (let t = 0; t < 3; t++) ra(T0 + t * 3 * S, GW.mac, 'fe80::1', { prefixes: ['2001:db8::/64'] });
  ra(T0 + 4 * S, mac('02:00:00:00:00:66'), 'fe80::66', { prefixes: ['2001:db8:bad::/64'] });
  ra(T0 + 9 * S, GW.mac, 'fe80::1', { prefixes: ['2001:db8::/64'], managed: true });
  ra(T0 + 12 * S, GW.mac, 'fe80::1', { prefixes: ['2001:db8::/64'], managed: true, routerLifetime: 0 });
  return b.sorted();
}

/**
 * THC-IPv6 kill_router6: the router fe80::1 advertises a default route and a
 * prefix; another MAC sends router advertisements with fe80::1 as source
 * and router lifetime 0, so hosts drop their default route.
 */
function ndRouterSpoof(): TimedFrame[] {
  const b = new NdLab();
  const ra = (us: number, m: number, o: Partial<NdSpec>) => b.nd(us, { type: 'ra', src: m, srcIp: 'fe80::1', dstIp: 'ff02::1', ll: m, ...o });
  for (let t = 0; t < 4; t++) ra(T0 + t * 3 * S, GW.mac, { prefixes: ['2001:db8::/64'] });
  for (let t = 0; t < 3; t++) ra(T0 + 4 * S + t * S, mac('02:00:00:00:00:66'), { routerLifetime: 0, prefixes: ['2001:db8::/64'] });
  return b.sorted();
}

/**
 * The router's RAs carry its DNS server and a route; an attacker's RA offers
 * only a DNS server and a more specific route (no default route, no prefix):
 * a rogue router all the same. Then the router's own RAs switch to another
 * DNS server (a changed router), and a flood of identical RAs follows.
 */
function ndRdnss(): TimedFrame[] {
  const b = new NdLab();
  const ra = (us: number, m: number, src: string, o: Partial<NdSpec>) => b.nd(us, { type: 'ra', src: m, srcIp: src, dstIp: 'ff02::1', ll: m, ...o });
  const own = { prefixes: ['2001:db8::/64'], routes: [{ prefix: '2001:db8:1::/48' }], dns: ['2001:db8::53'] };
  for (let t = 0; t < 3; t++) ra(T0 + t * 3 * S, GW.mac, 'fe80::1', own);
  ra(T0 + 4 * S, mac('02:00:00:00:00:66'), 'fe80::66', { routerLifetime: 0, routes: [{ prefix: '2001:db8:1:5::/64', pref: 'high' }], dns: ['2001:db8:bad::53'] });
  ra(T0 + 10 * S, GW.mac, 'fe80::1', { ...own, dns: ['2001:db8::53', '2001:db8:bad::53'] });
  for (let i = 0; i < 50; i++) ra(T0 + 11 * S + i * 10 * MS, GW.mac, 'fe80::1', { ...own, dns: ['2001:db8::53', '2001:db8:bad::53'] });
  return b.sorted();
}

/** Messages a receiver must drop: a hop limit of 64 (forged off-link), a bad checksum. */
function ndForged(): TimedFrame[] {
  const b = new NdLab();
  b.announce(T0, mac('02:00:00:00:00:66'), '2001:db8::1', { hopLimit: 64 });
  b.ns(T0 + S, C6, '2001:db8::1', { badChecksum: true });
  b.ns(T0 + 2 * S, C6, '2001:db8::1').na(T0 + 2 * S + 100, GW.mac, '2001:db8::1', C6, { router: true });
  return b.sorted();
}

/**
 * VRRPv3 over IPv6: R1 (200) stops; R2 (100) takes over after 3 s + skew and
 * announces the VIP with keepalived's 5 unsolicited NAs (router, override);
 * the client's next solicitation is answered by R2. Without `nas`, the new
 * master never announces the VIP.
 */
export function vrrp6Failover(nas: boolean, override = true, routerFlag = true, ras = false): TimedFrame[] {
  const b = new NdLab();
  const ll1 = ip6Bytes('fe80::a01');
  const ll2 = ip6Bytes('fe80::a02');
  const vip = '2001:db8::fe0';
  // both routers advertise the prefix and a default route (radvd beside keepalived)
  if (ras) for (let t = 0; t < 12; t += 4) for (const [m, ll] of [[R1.mac, 'fe80::a01'], [R2.mac, 'fe80::a02']] as const) b.nd(T0 + t * S + 100 * MS, { type: 'ra', src: m, srcIp: ll, dstIp: 'ff02::1', ll: m, prefixes: ['2001:db8::/64'] });
  for (let t = 0; t < 4; t++) b.frames.push({ us: T0 + t * S, frame: ethVrrp6(R1.mac, ll1, 7, 200, 1000, [ip6Bytes(vip)]) });
  b.ns(T0 + 1 * S + 500 * MS, C6, vip).na(T0 + 1 * S + 500 * MS + 200, R1.mac, vip, C6, { router: true });
  const takeover = 3 + 3 + 156 / 256;
  for (let t = takeover; t < takeover + 8; t += 1) b.frames.push({ us: T0 + Math.round(t * S), frame: ethVrrp6(R2.mac, ll2, 7, 100, 1000, [ip6Bytes(vip)]) });
  if (nas) for (let i = 0; i < 5; i++) b.announce(T0 + Math.round(takeover * S) + 200 + i * 300, R2.mac, vip, { router: routerFlag, override });
  b.ns(T0 + 11 * S, C6, vip).na(T0 + 11 * S + 200, R2.mac, vip, C6, { router: true });
  return b.sorted();
}

/** VRRPv3 over IPv6, CARP, VRRP in VLAN 30, and malformed adverts. */
function vrrpMixed(): TimedFrame[] {
  const b = new VrrpLab();
  const v6 = (s: string) => Buffer.from(s, 'hex');
  const ll1 = v6('fe800000000000000000000000000a01');
  const ll2 = v6('fe800000000000000000000000000a02');
  const vip6 = v6('20010db8000000000000000000000fe0');
  for (let t = 0; t < 4; t++) b.frames.push({ us: T0 + t * S, frame: ethVrrp6(R1.mac, ll1, 7, 200, 1000, [vip6]) });
  for (let t = 4 + 3 + 55 / 256; t < 9; t += 1) b.frames.push({ us: T0 + Math.round(t * S), frame: ethVrrp6(R2.mac, ll2, 7, 100, 1000, [vip6]) });
  for (let t = 0; t < 3; t++) b.frames.push({ us: T0 + t * S + 500, frame: ethCarp(mac('02:00:00:00:0c:01'), ip('10.0.0.40'), 9, 0, 1) });
  const vip30 = ip('10.30.0.254');
  for (let t = 0; t < 5; t++) b.advert(T0 + t * S + 250, { mac: mac('02:00:00:00:30:01'), ip: ip('10.30.0.2') }, 120, { vlans: [30], vips: [vip30], vrid: 30 });
  b.garps(T0 + 300, mac('02:00:00:00:30:01'), vip30, 3, false, [30]);
  b.advert(T0 + 6 * S, R1, 150, { ttl: 64 });
  b.advert(T0 + 7 * S, R1, 150, { badChecksum: true });
  return b.sorted();
}

/**
 * Overlays: in VXLAN VNI 100 two MACs answer for 10.0.0.10 (a race inside
 * the overlay), while on the plain LAN and in Geneve VNI 200 the same
 * address has one owner each (no conflict across segments). ARP inside GRE,
 * ERSPAN and PBB, and RARP, are counted, not analysed.
 */
function tunnels(): TimedFrame[] {
  const out: TimedFrame[] = [];
  const vtep = { src: mac('02:00:00:00:ee:01'), dst: mac('02:00:00:00:ee:02'), srcIp: ip('192.0.2.1'), dstIp: ip('192.0.2.2') };
  const a = mac('02:00:00:00:10:0a');
  const b = mac('02:00:00:00:10:0b');
  const c = mac('02:00:00:00:20:0c');
  const req = (_us: number) => ethArp({ op: 'request', sha: CLIENT.mac, spa: CLIENT.ip, tpa: VIP });
  const rep = (sha: number) => ethArp({ op: 'reply', sha, spa: VIP, tha: CLIENT.mac, tpa: CLIENT.ip });
  for (let i = 0; i < 3; i++) {
    const t = T0 + i * S;
    out.push({ us: t, frame: vxlan(vtep, 100, req(t)) });
    out.push({ us: t + 150, frame: vxlan(vtep, 100, rep(a)) });
    out.push({ us: t + 260, frame: vxlan(vtep, 100, rep(b)) });
    // the plain LAN and the Geneve segment: one owner each
    out.push({ us: t + 400 * MS, frame: req(t) });
    out.push({ us: t + 400 * MS + 120, frame: rep(c) });
    out.push({ us: t + 600 * MS, frame: geneve(vtep, 200, req(t)) });
    out.push({ us: t + 600 * MS + 130, frame: geneve(vtep, 200, rep(a)) });
  }
  // Geneve carrying bare ARP (protocol 0x0806, no Ethernet header)
  out.push({ us: T0 + 3 * S, frame: geneve(vtep, 200, req(T0).subarray(14, 42), 0x0806) });
  // counted only: GRE with bare ARP, ERSPAN II mirroring an ARP frame, PBB, RARP
  out.push({ us: T0 + 4 * S, frame: gre(vtep, 0x0806, req(T0).subarray(14, 42)) });
  out.push({ us: T0 + 4 * S + 100, frame: gre(vtep, 0x88be, rep(b)) });
  out.push({ us: T0 + 4 * S + 200, frame: pbb(vtep.src, vtep.dst, 0x1234, rep(c)) });
  const rarp = ethArp({ op: 'request', sha: a, spa: 0, tpa: 0 });
  rarp.writeUInt16BE(0x8035, 12);
  rarp.writeUInt16BE(3, 20);
  out.push({ us: T0 + 4 * S + 300, frame: rarp });
  return out.sort((x, y) => x.us - y.us);
}

export function scenarios(): Scenario[] {
  return [
    {
      name: 'demo-lvs-dr',
      description: 'LVS-DR with default sysctls: director and two real servers answer ARP for the VIP 10.0.0.10; one real server leaks the VIP as ARP sender.',
      frames: lvsRace(),
      expect: [
        { code: 'arp.race.multi-responder', ip: '10.0.0.10', macs: ['02:00:00:00:00:d0', '02:00:00:00:01:01', '02:00:00:00:01:02'] },
        { code: 'arp.leak.vip-sender', ip: '10.0.0.10', macs: ['02:00:00:00:01:01', '02:00:00:00:00:d0', '02:00:00:00:01:02'] },
      ],
      forbid: ['arp.binding.flip-flop', 'arp.binding.changed', 'arp.spoof.unsolicited-reply'],
    },
    {
      name: 'lvs-dr-fixed',
      description: 'The same cluster with arp_ignore=1/arp_announce=2 on the real servers: only the director answers.',
      frames: lvsFixed(),
      expect: [{ code: 'arp.garp.burst', ip: '10.0.0.10', macs: ['02:00:00:00:00:d0'] }],
      forbid: ['arp.race.multi-responder', 'arp.leak.vip-sender', 'arp.binding.flip-flop', 'arp.binding.changed'],
    },
    {
      name: 'flip-flop',
      description: 'Two hosts configured with 10.0.0.77 take turns using it.',
      frames: flipFlop(),
      expect: [{ code: 'arp.binding.flip-flop', ip: '10.0.0.77', macs: ['02:00:00:00:0a:0a', '02:00:00:00:0b:0b'] }],
      forbid: ['arp.binding.changed', 'arp.race.multi-responder'],
    },
    {
      name: 'handover',
      description: '10.0.0.33 moves from one NIC to another for good, without gratuitous ARP.',
      frames: handover(),
      expect: [{ code: 'arp.binding.changed', ip: '10.0.0.33', macs: ['02:00:00:00:0a:0a', '02:00:00:00:0b:0b'] }],
      forbid: ['arp.binding.flip-flop', 'arp.leak.vip-sender', 'arp.binding.takeover'],
    },
    {
      name: 'takeover-garp',
      description: 'A keepalived-style takeover of 10.0.0.100: 5 GARPs, 5 more after 5 s, then the new MAC answers.',
      frames: takeover(),
      expect: [
        { code: 'arp.binding.takeover', ip: '10.0.0.100', macs: ['02:00:00:00:00:a1', '02:00:00:00:00:a2'] },
        { code: 'arp.garp.burst', ip: '10.0.0.100', macs: ['02:00:00:00:00:a2'] },
      ],
      forbid: ['arp.binding.flip-flop', 'arp.binding.changed', 'arp.garp.storm', 'arp.spoof.unsolicited-reply'],
    },
    {
      name: 'spoof',
      description: 'arpspoof-style poisoning: unsolicited replies claim the gateway 10.0.0.1.',
      frames: spoof(),
      expect: [{ code: 'arp.spoof.unsolicited-reply', ip: '10.0.0.1', macs: ['02:00:00:00:66:66', '02:00:00:00:00:01'] }],
      forbid: ['arp.race.multi-responder'],
    },
    {
      name: 'spoof-only-sender',
      description: 'The spoofer is the only ARP sender for 10.0.0.1; the real gateway is known from a reply\'s target fields.',
      frames: spoofOnlySender(),
      expect: [{ code: 'arp.spoof.unsolicited-reply', ip: '10.0.0.1', macs: ['02:00:00:00:66:66', '02:00:00:00:00:01'] }],
      forbid: [],
    },
    {
      name: 'probe-defended',
      description: 'arping -D probes for an address in use are answered; RFC 5227 probes and announcements for a free one are not a conflict.',
      frames: probeDefended(),
      expect: [{ code: 'arp.probe.defended', ip: '10.0.0.20', macs: ['02:00:00:00:00:20'] }],
      forbid: ['arp.race.multi-responder', 'arp.binding.flip-flop', 'arp.binding.changed', 'arp.spoof.unsolicited-reply'],
    },
    {
      name: 'garp-storm',
      description: '60 gratuitous ARPs for 10.0.0.100 in 48 ms.',
      frames: garpStorm(),
      expect: [{ code: 'arp.garp.storm', ip: '10.0.0.100', macs: ['02:00:00:00:00:a1'] }],
      forbid: [],
    },
    {
      name: 'malformed',
      description: 'Zero, broadcast and multicast sender MACs, an Ethernet/ARP mismatch, a legal VRRP virtual-MAC mismatch, and undecodable ARP.',
      frames: malformed(),
      expect: [
        { code: 'arp.frame.bad-sender-mac', ip: '10.0.0.43' },
        { code: 'arp.frame.bad-sender-mac', ip: '10.0.0.44' },
        { code: 'arp.frame.bad-sender-mac', ip: '10.0.0.45' },
        { code: 'arp.frame.eth-mismatch', ip: '10.0.0.46', macs: ['02:00:00:00:00:46', '02:00:00:00:00:47'] },
        { code: 'arp.decode.anomaly' },
      ],
      forbid: ['arp.race.multi-responder'],
    },
    {
      name: 'vrrp-failover',
      description: 'VRRPv2: the master stops, the backup takes over after Master_Down_Interval and sends 5 + 5 GARPs: one healthy failover, no conflict.',
      frames: vrrpFailover(2, true),
      expect: [{ code: 'vrrp.failover', ip: '10.0.0.254', macs: ['02:00:00:00:0a:01', '02:00:00:00:0a:02'] }],
      forbid: ['vrrp.failover.unhealthy', 'arp.binding.changed', 'arp.binding.flip-flop', 'arp.binding.takeover', 'vrrp.dual-master'],
    },
    {
      name: 'vrrp-adverts-only',
      description: 'The healthy takeover captured with a vrrp filter: no ARP, so its GARPs are not judged and it is not called healthy.',
      frames: vrrpAdvertsOnly(),
      expect: [{ code: 'vrrp.failover.unjudged', ip: '10.0.0.254', macs: ['02:00:00:00:0a:01', '02:00:00:00:0a:02'] }],
      forbid: ['vrrp.failover', 'vrrp.failover.unhealthy', 'capture.nothing-to-analyse'],
    },
    {
      name: 'nothing-to-analyse',
      description: 'TCP, UDP and IPv6 frames only: a warning that nothing was judged, so a CI gate pointed at the wrong capture fails.',
      frames: nothingToAnalyse(),
      expect: [{ code: 'capture.nothing-to-analyse' }],
      forbid: [],
    },
    {
      name: 'silent-hosts',
      description: '10.0.0.20 goes dark for three requests and answers again; 10.0.0.21 is still dark at the end; 10.0.0.99 never answered (listed, not an alarm); one lost request for 10.0.0.22 is no outage.',
      frames: silentHosts(),
      expect: [
        { code: 'arp.silent.address', ip: '10.0.0.20', macs: ['02:00:00:00:00:20'] },
        { code: 'arp.silent.address', ip: '10.0.0.21' },
      ],
      forbid: ['arp.binding.changed', 'arp.spoof.unsolicited-reply'],
    },
    {
      name: 'vrrp-outage',
      description: 'A healthy VRRP takeover while a client asks every second: the requests nobody answered are the outage clients saw, in the failover timeline, not a silent-address finding.',
      frames: vrrpOutage(),
      expect: [{ code: 'vrrp.failover', ip: '10.0.0.254' }],
      forbid: ['arp.silent.address', 'vrrp.failover.unhealthy'],
    },
    {
      name: 'vrrp-slow-takeover',
      description: 'A VRRP takeover 8 s after the master\'s last advert where 3.6 s are expected, while a client asks every second: unhealthy (slow takeover), with the outage clients saw in its timeline.',
      frames: vrrpSlowTakeover(),
      expect: [{ code: 'vrrp.failover.unhealthy', ip: '10.0.0.254' }],
      forbid: ['vrrp.failover', 'arp.silent.address'],
    },
    {
      name: 'arp-scan',
      description: 'arp-scan of 10.0.0.0/24 (two passes, three hosts answer) is a scan with its sender, range and rate; a gateway refreshing 120 neighbours that answer, and a busy host asking its 20 neighbours, are not.',
      frames: scanAndBusyHost(),
      expect: [{ code: 'arp.scan', ip: '10.0.0.200', macs: ['02:00:00:00:5c:01'] }],
      forbid: ['arp.request.storm', 'arp.silent.address'],
    },
    {
      name: 'request-storm',
      description: 'A modem repeating requests for two absent addresses 100 times a second: a request storm, not a scan.',
      frames: requestStorm(),
      expect: [{ code: 'arp.request.storm', ip: '10.0.0.254', macs: ['02:00:00:00:00:e1'] }],
      forbid: ['arp.scan'],
    },
    {
      name: 'garp-hijack',
      description: 'arping -U claims 10.0.0.30 from another MAC while the owner still answers: a hijack, never a healthy takeover.',
      frames: garpHijack(),
      expect: [{ code: 'arp.garp.hijack', ip: '10.0.0.30', macs: ['02:00:00:00:66:66', '02:00:00:00:00:30'] }],
      forbid: ['arp.binding.takeover', 'arp.binding.flip-flop', 'vrrp.failover'],
    },
    {
      name: 'spoof-one-sided',
      description: 'arpspoof from one side: a MAC claims the gateway 10.0.0.1 in unsolicited replies and then asks who has it from its own address; the gateway sends no ARP. An impersonation naming the impostor.',
      frames: spoofOneSided(),
      expect: [{ code: 'arp.claim.impersonation', ip: '10.0.0.1', macs: ['02:00:00:0b:ad:00'] }],
      forbid: ['arp.leak.vip-sender', 'arp.binding.changed'],
    },
    {
      name: 'spoof-unsolicited-only',
      description: 'arpspoof -t: a MAC tells one host, every 2 s, that the gateway 10.0.0.1 is at its MAC, in unsolicited replies; it never answers a request for it nor asks as it, and the gateway sends no ARP. One-sided spoofing naming the MAC and the host told.',
      frames: spoofUnsolicitedOnly(),
      expect: [{ code: 'arp.spoof.one-sided', ip: '10.0.0.1', macs: ['02:00:00:0b:ad:00'] }],
      forbid: ['arp.leak.vip-sender', 'arp.binding.changed', 'arp.claim.impersonation'],
    },
    {
      name: 'mitm',
      description: 'A man in the middle poisons the gateway 10.0.0.1 with unsolicited replies, then asks who has 10.0.0.1 itself: spoofing and impersonation.',
      frames: mitm(),
      expect: [
        { code: 'arp.spoof.unsolicited-reply', ip: '10.0.0.1' },
        { code: 'arp.claim.impersonation', ip: '10.0.0.1', macs: ['02:00:00:0b:ad:00', '02:00:00:00:00:01'] },
      ],
      forbid: [],
    },
    {
      name: 'vrrp-contention',
      description: 'Two backups of equal priority step up together when the master fails; the tie goes to the higher address (10.0.0.4), which is the new master of the failover.',
      frames: vrrpContention(),
      expect: [
        { code: 'vrrp.contention', ip: '10.0.0.254', macs: ['02:00:00:00:0a:02', '02:00:00:00:0a:03'] },
        { code: 'vrrp.failover', ip: '10.0.0.254' },
      ],
      forbid: ['vrrp.dual-master', 'vrrp.failover.unhealthy'],
    },
    {
      name: 'vrrp-missing-garp',
      description: 'VRRPv3: the same takeover without any gratuitous ARP: an unhealthy failover.',
      frames: vrrpFailover(3, false),
      expect: [{ code: 'vrrp.failover.unhealthy', ip: '10.0.0.254', macs: ['02:00:00:00:0a:01', '02:00:00:00:0a:02'] }],
      forbid: ['vrrp.failover', 'arp.binding.changed', 'arp.binding.flip-flop'],
    },
    {
      name: 'vrrp-resignation',
      description: 'The master resigns with a priority-0 advert (keepalived SIGTERM); the backup takes over after its skew time.',
      frames: vrrpResignation(),
      expect: [
        { code: 'vrrp.resignation', ip: '10.0.0.254', macs: ['02:00:00:00:0a:01'] },
        { code: 'vrrp.failover', ip: '10.0.0.254' },
      ],
      forbid: ['vrrp.failover.unhealthy'],
    },
    {
      name: 'vrrp-split-brain',
      description: 'The master is frozen, the backup takes over, the old master resumes: both advertise as master for 5 s.',
      frames: vrrpSplitBrain(),
      expect: [{ code: 'vrrp.dual-master', ip: '10.0.0.254', macs: ['02:00:00:00:0a:01', '02:00:00:00:0a:02'] }],
      forbid: [],
    },
    {
      name: 'vrrp-backup-answers',
      description: 'The backup still answers ARP for the VIP and sends a GARP for it while the master is healthy.',
      frames: vrrpBackupAnswers(),
      expect: [
        { code: 'vrrp.vip-answered-by-backup', ip: '10.0.0.254', macs: ['02:00:00:00:0a:02'] },
        { code: 'vrrp.garp-from-backup', ip: '10.0.0.254', macs: ['02:00:00:00:0a:02'] },
      ],
      forbid: ['vrrp.failover', 'vrrp.failover.unhealthy'],
    },
    {
      name: 'vrrp-vmac-leak',
      description: 'use_vmac: the master announces the VIP with its physical MAC in its own ARP request.',
      frames: vrrpVmac(),
      expect: [{ code: 'vrrp.vmac-leak', ip: '10.0.0.254', macs: ['02:00:00:00:0a:01', '00:00:5e:00:01:33'] }],
      forbid: ['arp.frame.eth-mismatch'],
    },
    {
      name: 'vrrp-mixed',
      description: 'VRRPv3 over IPv6 with a failover, OpenBSD CARP (not VRRP), VRRP in VLAN 30, and malformed adverts (TTL 64, bad checksum).',
      frames: vrrpMixed(),
      expect: [
        { code: 'vrrp.carp' },
        { code: 'vrrp.decode.anomaly' },
        { code: 'vrrp.failover.unjudged' },
      ],
      forbid: ['vrrp.dual-master', 'vrrp.failover'],
    },
    {
      name: 'hsrp-failover',
      description: 'HSRP group 1: the active router stops; the standby takes over when the 10 s hold time runs out and announces the VIP from the virtual MAC 00:00:0c:07:ac:01.',
      frames: hsrpFailover(),
      expect: [{ code: 'vrrp.failover', ip: '10.0.0.254', macs: ['00:00:0c:07:ac:01'] }],
      forbid: ['vrrp.failover.unhealthy', 'vrrp.dual-master', 'arp.binding.changed', 'arp.binding.takeover', 'capture.nothing-to-analyse'],
    },
    {
      name: 'hsrp2-failover',
      description: 'HSRP version 2 (Group State TLV: 6 Active, 5 Standby), group 1: the active router stops; the standby takes over after the hold time and announces the VIP from 00:00:0c:9f:f0:01.',
      frames: hsrpFailover(2),
      expect: [{ code: 'vrrp.failover', ip: '10.0.0.254', macs: ['00:00:0c:9f:f0:01'] }],
      forbid: ['vrrp.failover.unhealthy', 'vrrp.dual-master', 'arp.binding.changed', 'arp.binding.takeover', 'capture.nothing-to-analyse'],
    },
    {
      name: 'hsrp-coup',
      description: 'HSRP preemption: a higher-priority router sends a coup, the active one resigns and speaks, the new one is active: one failover, no split brain.',
      frames: hsrpCoup(),
      expect: [
        { code: 'vrrp.failover', ip: '10.0.0.254' },
        { code: 'vrrp.resignation', ip: '10.0.0.254' },
      ],
      forbid: ['vrrp.failover.unhealthy', 'vrrp.dual-master', 'vrrp.contention'],
    },
    {
      name: 'hsrp-dual-active',
      description: 'HSRP split brain: the standby stops hearing the active gateway and says hello as active too, for 9 s: two actives in group 1 (dual master), never a failover.',
      frames: hsrpDualActive(1),
      expect: [{ code: 'vrrp.dual-master', ip: '10.0.0.254' }],
      forbid: ['vrrp.failover', 'vrrp.hijack'],
    },
    {
      name: 'hsrp2-dual-active',
      description: 'The same split brain in HSRP version 2 (its state numbers: Active 6, Standby 5).',
      frames: hsrpDualActive(2),
      expect: [{ code: 'vrrp.dual-master', ip: '10.0.0.254' }],
      forbid: ['vrrp.failover', 'vrrp.hijack'],
    },
    {
      name: 'hsrp-coup-attack',
      description: 'HSRP hijack: a host never heard in group 1 sends a coup at priority 255, the real active gateway steps down, and the host announces the VIP from its own MAC: a hijack, not a failover.',
      frames: hsrpCoupAttack(),
      expect: [{ code: 'vrrp.hijack', ip: '10.0.0.254', macs: ['00:00:0c:07:ac:01', '02:00:00:00:0e:66'] }],
      forbid: ['vrrp.failover', 'vrrp.failover.unhealthy', 'vrrp.failover.unjudged'],
    },
    {
      name: 'glbp-balancing',
      description: 'GLBP group 1: the active gateway answers six clients with two forwarders\' virtual MACs in turn: load balancing, no conflict.',
      frames: glbpBalancing(),
      expect: [],
      forbid: ['arp.binding.flip-flop', 'arp.binding.changed', 'arp.race.multi-responder', 'arp.spoof.unsolicited-reply', 'arp.frame.eth-mismatch', 'capture.nothing-to-analyse'],
    },
    {
      name: 'nd-race',
      description: 'IPv6 LVS-DR: the director and a real server both answer neighbour solicitations for the VIP 2001:db8::10; one owner in VLAN 10.',
      frames: ndRace(),
      expect: [{ code: 'arp.race.multi-responder', ip: '2001:db8::10', macs: ['02:00:00:00:00:d0', '02:00:00:00:01:01'] }],
      forbid: ['arp.binding.flip-flop', 'arp.binding.changed', 'arp.spoof.unsolicited-reply', 'nd.decode.anomaly', 'capture.nothing-to-analyse'],
    },
    {
      name: 'nd-dad',
      description: 'Duplicate address detection: a probe for an address in use is answered by its owner; a free address is probed and announced by its new owner.',
      frames: ndDad(),
      expect: [{ code: 'arp.probe.defended', ip: '2001:db8::20', macs: ['02:00:00:00:00:20'] }],
      forbid: ['arp.race.multi-responder', 'arp.binding.flip-flop', 'arp.binding.changed', 'arp.garp.hijack', 'nd.decode.anomaly'],
    },
    {
      name: 'nd-hijack',
      description: 'Unsolicited override advertisements for 2001:db8::30 from a rogue while its owner keeps answering.',
      frames: ndHijack(),
      expect: [{ code: 'arp.garp.hijack', ip: '2001:db8::30', macs: ['02:00:00:00:00:30', '02:00:00:00:00:66'] }],
      forbid: ['arp.binding.takeover'],
    },
    {
      name: 'nd-hijack-quick',
      description: 'Unsolicited override advertisements for 2001:db8::30 from a rogue, and the owner answering a solicitation asked 100 ms later: alive after the claim, so a hijack, not a takeover.',
      frames: ndHijack(true),
      expect: [{ code: 'arp.garp.hijack', ip: '2001:db8::30', macs: ['02:00:00:00:00:30', '02:00:00:00:00:66'] }],
      forbid: ['arp.binding.takeover', 'arp.binding.flip-flop'],
    },
    {
      name: 'nd-rogue-ra',
      description: 'Router advertisements: a second router offers a default route and another prefix (rogue RA); the router turns the managed flag on, then withdraws its default route.',
      frames: ndRogueRa(),
      expect: [
        { code: 'nd.router.rogue', ip: 'fe80::66', macs: ['02:00:00:00:00:66'] },
        { code: 'nd.router.changed', ip: 'fe80::1', macs: ['02:00:00:00:00:01'] },
        { code: 'nd.router.withdrawn', ip: 'fe80::1', macs: ['02:00:00:00:00:01'] },
      ],
      forbid: ['nd.decode.anomaly', 'capture.nothing-to-analyse'],
    },
    {
      name: 'nd-router-spoof',
      description: 'THC kill_router6: router advertisements with the router\'s link-local address fe80::1 from another MAC, router lifetime 0: a spoofed router naming both MACs, not a withdrawal by the router.',
      frames: ndRouterSpoof(),
      expect: [{ code: 'nd.router.spoofed', ip: 'fe80::1', macs: ['02:00:00:00:00:66', '02:00:00:00:00:01'] }],
      forbid: ['nd.router.withdrawn', 'nd.router.rogue', 'nd.decode.anomaly'],
    },
    {
      name: 'nd-rdnss',
      description: 'RAs with route information (RFC 4191) and DNS servers (RFC 8106): a second router offering only a DNS server and a more specific route is rogue; the router then adds a second DNS server (changed), and 50 identical RAs follow (one change, not 50).',
      frames: ndRdnss(),
      expect: [
        { code: 'nd.router.rogue', ip: 'fe80::66', macs: ['02:00:00:00:00:66'] },
        { code: 'nd.router.changed', ip: 'fe80::1', macs: ['02:00:00:00:00:01'] },
      ],
      forbid: ['nd.router.withdrawn', 'nd.decode.anomaly'],
    },
    {
      name: 'nd-forged',
      description: 'An advertisement with hop limit 64 (forged off-link) and a solicitation with a bad checksum are dropped and reported; the valid exchange after them is analysed.',
      frames: ndForged(),
      expect: [{ code: 'nd.decode.anomaly' }],
      forbid: ['arp.race.multi-responder', 'capture.nothing-to-analyse'],
    },
    {
      name: 'vrrp6-failover',
      description: 'VRRPv3 over IPv6: the backup takes over after Master_Down_Interval and announces the VIP with 5 unsolicited neighbour advertisements: healthy.',
      frames: vrrp6Failover(true),
      expect: [{ code: 'vrrp.failover', ip: '2001:db8::fe0', macs: ['02:00:00:00:0a:01', '02:00:00:00:0a:02'] }],
      forbid: ['vrrp.failover.unhealthy', 'vrrp.failover.unjudged', 'arp.binding.changed', 'arp.binding.takeover', 'arp.binding.flip-flop'],
    },
    {
      name: 'vrrp6-no-override',
      description: 'VRRPv3 over IPv6: the new master announces the VIP with five neighbour advertisements without the override flag, which caches holding the old master ignore: unhealthy.',
      frames: vrrp6Failover(true, false),
      expect: [{ code: 'vrrp.failover.unhealthy', ip: '2001:db8::fe0' }],
      forbid: ['vrrp.failover', 'vrrp.failover.unjudged'],
    },
    {
      name: 'vrrp6-no-router',
      description: 'VRRPv3 over IPv6 with both routers sending router advertisements: the new master announces the VIP without the router flag (keepalived with IPv6 forwarding off), so hosts drop it from their default routers: unhealthy.',
      frames: vrrp6Failover(true, true, false, true),
      expect: [{ code: 'vrrp.failover.unhealthy', ip: '2001:db8::fe0' }],
      forbid: ['vrrp.failover', 'vrrp.failover.unjudged', 'nd.router.rogue'],
    },
    {
      name: 'vrrp6-missing-na',
      description: 'VRRPv3 over IPv6: the new master never announces the VIP with neighbour advertisements: an unhealthy failover.',
      frames: vrrp6Failover(false),
      expect: [{ code: 'vrrp.failover.unhealthy', ip: '2001:db8::fe0' }],
      forbid: ['vrrp.failover', 'vrrp.failover.unjudged'],
    },
    {
      name: 'tunnels',
      description: 'A race for 10.0.0.10 inside VXLAN VNI 100; the same address with one owner on the plain LAN and in Geneve VNI 200; ARP inside GRE, ERSPAN and PBB, and RARP, counted.',
      frames: tunnels(),
      expect: [
        { code: 'arp.race.multi-responder', ip: '10.0.0.10', macs: ['02:00:00:00:10:0a', '02:00:00:00:10:0b'] },
        { code: 'capture.tunnelled-arp' },
      ],
      forbid: ['arp.binding.flip-flop', 'arp.binding.changed', 'arp.spoof.unsolicited-reply', 'capture.nothing-to-analyse'],
    },
    {
      name: 'vlans',
      description: '192.168.1.1 in VLAN 10, VLAN 20 and QinQ 100.10 with three MACs (no conflict); a race on 192.168.1.10 in VLAN 20.',
      frames: vlans(),
      expect: [{ code: 'arp.race.multi-responder', ip: '192.168.1.10', macs: ['02:00:00:00:20:0b', '02:00:00:00:30:0c'] }],
      forbid: ['arp.binding.flip-flop', 'arp.binding.changed', 'arp.spoof.unsolicited-reply'],
    },
  ];
}

export { lvsRace };
