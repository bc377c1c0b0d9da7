// Active probing: send ARP who-has (IPv4) or a neighbour solicitation (IPv6)
// for each address in rounds and collect every reply to every round (not
// just the first, as arping and ndisc6 do), so that several MACs answering
// one request show up as what they are. DAD mode asks as a newcomer would:
// ARP from 0.0.0.0 (RFC 5227), NS from :: to the solicited-node group (RFC
// 4862), which holders answer to all nodes.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { loadCap, newCap, CaptureUnavailable, explainOpenError, interfaceExists, interfaceMac, interfaceUp } from './cap.js';
import { ethArp, ethNd } from '../decode/encode.js';
import { decodeNd, formatIp6, NdFields, ND_NA, ND_OK, parseIp6 } from '../decode/nd.js';
import { ArpFields, ARP_OK, decodeArp, OP_REPLY } from '../decode/arp.js';
import { decodeLink, LinkInfo, LINK_OK } from '../decode/link.js';
import { routeNetwork, ROUTE_ARP, ROUTE_ND } from '../decode/route.js';
import { TunnelInfo } from '../decode/tunnel.js';
import { UdpInfo } from '../decode/udp.js';
import { formatMac, MAC_BROADCAST, parseIp, formatIp, viewOf } from '../util/addr.js';
import { plural } from '../util/text.js';

export interface ProbeOptions {
  iface: string;
  ips: string[];
  count: number;
  intervalMs: number;
  waitMs: number;
  dad: boolean;
  vlan?: number;
}

export interface Responder {
  mac: string;
  answered: number;
  firstAnswers: number;
  latencyMs: { min: number; median: number; max: number };
}

export interface ProbeTarget {
  ip: string;
  requests: number;
  responders: Responder[];
  verdict: 'one' | 'several' | 'none';
}

export interface ProbeResult {
  interface: string;
  vlan: number | null;
  /** Where requests came from: the IPv4 address (0.0.0.0 in DAD mode; "" with IPv6 targets only), and ip6 the link-local (:: in DAD mode) when IPv6 targets were asked. */
  source: { ip: string; mac: string; ip6?: string };
  mode: 'request' | 'dad';
  rounds: number;
  targets: ProbeTarget[];
}

const now = () => performance.timeOrigin + performance.now();


/** The interface's link-local IPv6 address (NS come from it), or null. */
function ifaceLinkLocal(iface: string): string | null {
  try {
    const j = JSON.parse(execFileSync('ip', ['-j', '-6', 'addr', 'show', 'dev', iface], { encoding: 'utf8', timeout: 5000 })) as { addr_info?: { local: string; scope?: string; tentative?: boolean; dadfailed?: boolean }[] }[];
    const a = (j[0]?.addr_info ?? []).find((x) => x.scope === 'link' && !x.tentative && !x.dadfailed);
    return a ? a.local : null;
  } catch {
    return null;
  }
}

/** ff02::1:ffXX:XXXX, the solicited-node group of an address (RFC 4291 2.7.1). */
function solicitedNode(w: Uint32Array): string {
  const low = w[3]! & 0xffffff;
  return `ff02::1:ff${(low >>> 16).toString(16).padStart(2, '0')}:${(low & 0xffff).toString(16)}`;
}

function ifaceIp(iface: string): number {
  try {
    const j = JSON.parse(execFileSync('ip', ['-j', '-4', 'addr', 'show', 'dev', iface], { encoding: 'utf8', timeout: 5000 })) as { addr_info?: { local: string; scope?: string }[] }[];
    const a = (j[0]?.addr_info ?? []).find((x) => x.scope !== 'host');
    return a ? parseIp(a.local) : -1;
  } catch {
    return -1;
  }
}

export async function probe(o: ProbeOptions): Promise<ProbeResult> {
  const mod = loadCap();
  if (interfaceExists(o.iface) === false) throw explainOpenError(o.iface, new Error('no such device'));
  if (interfaceUp(o.iface) === false) throw new CaptureUnavailable(`${o.iface}: interface is down: ip link set ${o.iface} up`);
  const mac = interfaceMac(o.iface);
  if (mac < 0) throw new CaptureUnavailable(`${o.iface}: no MAC address to send from`);
  // a target is an IPv4 address (>= 0) or an IPv6 one (its words)
  const v6 = o.ips.map((s) => (s.includes(':') ? parseIp6(s) : null));
  const targets = o.ips.map((s, k) => (v6[k] ? -1 : parseIp(s)));
  const anyV4 = targets.some((t) => t >= 0);
  const anyV6 = v6.some((w) => w !== null);
  const srcIp = o.dad || !anyV4 ? 0 : ifaceIp(o.iface);
  if (srcIp < 0) throw new CaptureUnavailable(`${o.iface} has no IPv4 address to ask from: add one, or probe with --dad (sender 0.0.0.0, RFC 5227)`);
  const src6 = !anyV6 ? null : o.dad ? '::' : ifaceLinkLocal(o.iface);
  if (anyV6 && src6 === null) throw new CaptureUnavailable(`${o.iface} has no usable link-local IPv6 address to ask from: enable IPv6 on it, or probe with --dad (NS from ::, RFC 4862)`);
  const src6Words = src6 === null ? null : parseIp6(src6);
  const c = newCap(mod);
  const buf = Buffer.alloc(65535);
  try {
    const what = anyV6 ? (anyV4 ? '(arp or icmp6)' : 'icmp6') : 'arp';
    c.open(o.iface, o.vlan ? `vlan ${o.vlan} and ${what}` : `${what} or (vlan and ${what})`, 1 << 20, buf);
  } catch (e) {
    throw explainOpenError(o.iface, e);
  }
  c.setMinBytes?.(0);
  // per target, per round: send time and responders (mac -> latency ms, in arrival order)
  const sent = targets.map(() => [] as number[]);
  const answers = targets.map(() => [] as Map<number, number>[]);
  const li = new LinkInfo();
  const udp = new UdpInfo();
  const tun = new TunnelInfo();
  const f = new ArpFields();
  const nd = new NdFields();
  const dv = viewOf(buf);
  /** The target an NA answers (its target address), or -1. */
  const target6 = (): number => v6.findIndex((w) => w !== null && w[0] === nd.target[0] && w[1] === nd.target[1] && w[2] === nd.target[2] && w[3] === nd.target[3]);
  c.on('packet', (nbytes: number) => {
    const t = now();
    if (decodeLink(dv, 0, nbytes, 1, li) !== LINK_OK) return;
    if ((o.vlan ? li.vlanKey !== o.vlan : li.vlanKey !== 0)) return;
    let k: number;
    let who: number;
    // routed as the engine routes frames (decode/route.ts)
    const route = routeNetwork(dv, nbytes, li, udp, tun, true);
    if (route === ROUTE_ARP) {
      if (decodeArp(dv, li.payload, nbytes, f) !== ARP_OK || f.op !== OP_REPLY) return;
      if (f.tpa !== srcIp || (f.tha !== mac && f.tha !== MAC_BROADCAST && f.tha !== 0)) return;
      k = targets.indexOf(f.spa);
      who = f.sha;
    } else if (route === ROUTE_ND && anyV6) {
      // every NA for the target, to us or to all nodes (DAD defences go there); the MAC it gives is the answer
      if (decodeNd(dv, li.payload, nbytes, nd) !== ND_OK || nd.type !== ND_NA) return;
      k = target6();
      who = nd.llHi >= 0 ? nd.llHi * 2 ** 32 + (nd.llLo >>> 0) : li.srcOff >= 0 ? dv.getUint16(li.srcOff) * 2 ** 32 + dv.getUint32(li.srcOff + 2) : -1;
    } else return;
    if (k < 0 || who < 0) return;
    const f2 = { sha: who };
    // the reply answers the latest round sent for that target
    const rounds = sent[k]!;
    let r = rounds.length - 1;
    while (r >= 0 && rounds[r]! > t) r--;
    if (r < 0) return;
    const m = answers[k]![r]!;
    if (!m.has(f2.sha)) m.set(f2.sha, t - rounds[r]!);
  });
  try {
    for (let r = 0; r < o.count; r++) {
      for (let k = 0; k < targets.length; k++) {
        const w = v6[k];
        const frame = w
          ? ethNd({ type: 'ns', src: mac, srcIp: src6!, dstIp: solicitedNode(w), target: formatIp6(w), ll: o.dad ? null : mac, vlans: o.vlan ? [o.vlan] : undefined })
          : ethArp({ op: 'request', sha: mac, spa: srcIp, tpa: targets[k]!, tha: o.dad ? MAC_BROADCAST : 0, vlans: o.vlan ? [o.vlan] : undefined, src: mac });
        answers[k]!.push(new Map());
        sent[k]!.push(now());
        try {
          c.send(frame, frame.length);
        } catch (e) {
          throw new CaptureUnavailable(`${o.iface}: cannot send: ${(e as Error).message}`);
        }
      }
      await new Promise((res) => setTimeout(res, r === o.count - 1 ? o.waitMs : o.intervalMs));
    }
  } finally {
    c.removeAllListeners('packet');
    c.close();
  }
  return {
    interface: o.iface,
    vlan: o.vlan ?? null,
    source: { ip: anyV4 || o.dad ? formatIp(srcIp) : '', mac: formatMac(mac), ...(src6Words ? { ip6: formatIp6(src6Words) } : {}) },
    mode: o.dad ? 'dad' : 'request',
    rounds: o.count,
    targets: targets.map((ip, k) => {
      const per = new Map<number, { answered: number; first: number; lat: number[] }>();
      for (const m of answers[k]!) {
        let rank = 0;
        for (const [who, lat] of m) {
          const e = per.get(who) ?? { answered: 0, first: 0, lat: [] };
          e.answered++;
          if (rank++ === 0) e.first++;
          e.lat.push(lat);
          per.set(who, e);
        }
      }
      const responders = [...per.entries()]
        .map(([who, e]) => {
          const l = e.lat.slice().sort((a, b) => a - b);
          const r3 = (x: number) => Math.round(x * 1000) / 1000;
          return { mac: formatMac(who), answered: e.answered, firstAnswers: e.first, latencyMs: { min: r3(l[0]!), median: r3(l[Math.floor(l.length / 2)]!), max: r3(l[l.length - 1]!) } };
        })
        .sort((a, b) => b.firstAnswers - a.firstAnswers || b.answered - a.answered || (a.mac < b.mac ? -1 : 1));
      return { ip: v6[k] ? formatIp6(v6[k]!) : formatIp(ip), requests: o.count, responders, verdict: responders.length === 0 ? 'none' : responders.length === 1 ? 'one' : 'several' };
    }),
  };
}

export function renderProbe(r: ProbeResult): string {
  const from = [r.source.ip, r.source.ip6].filter(Boolean).join(' and ');
  const dad = r.mode === 'dad' ? ` (duplicate address detection: ${[r.source.ip ? 'ARP from 0.0.0.0, RFC 5227' : '', r.source.ip6 ? 'NS from ::, RFC 4862' : ''].filter(Boolean).join('; ')})` : '';
  const out = [`probe on ${r.interface}${r.vlan ? ` vlan ${r.vlan}` : ''} from ${from} ${r.source.mac}${dad}, ${plural(r.rounds, 'round')}`];
  for (const t of r.targets) {
    const head = t.verdict === 'none' ? 'NO ANSWER' : t.verdict === 'several' ? `ANSWERED BY ${t.responders.length} MACs` : 'answered by one MAC';
    out.push(`${t.ip}: ${head}`);
    for (const x of t.responders) {
      out.push(`  ${x.mac}  answered ${x.answered}/${t.requests}, first ${plural(x.firstAnswers, 'time')}, latency ${x.latencyMs.min}/${x.latencyMs.median}/${x.latencyMs.max} ms (min/median/max)`);
    }
  }
  return out.join('\n') + '\n';
}
