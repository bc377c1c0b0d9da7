// Active probing: send ARP who-has for each IP in rounds and collect every
// reply to every round (not just the first, as arping does), so that several
// MACs answering one request show up as what they are.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { loadCap, CaptureUnavailable, explainOpenError, interfaceExists, interfaceMac, interfaceUp } from './cap.js';
import { ethArp } from '../decode/encode.js';
import { ArpFields, ARP_OK, decodeArp, ETHERTYPE_ARP, OP_REPLY } from '../decode/arp.js';
import { decodeLink, LinkInfo, LINK_OK } from '../decode/link.js';
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
  source: { ip: string; mac: string };
  mode: 'request' | 'dad';
  rounds: number;
  targets: ProbeTarget[];
}

const now = () => performance.timeOrigin + performance.now();


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
  const srcIp = o.dad ? 0 : ifaceIp(o.iface);
  if (srcIp < 0) throw new CaptureUnavailable(`${o.iface} has no IPv4 address to ask from: add one, or probe with --dad (sender 0.0.0.0, RFC 5227)`);
  const targets = o.ips.map((s) => parseIp(s));
  const c = new mod.Cap();
  const buf = Buffer.alloc(65535);
  try {
    c.open(o.iface, o.vlan ? `vlan ${o.vlan} and arp` : 'arp or (vlan and arp)', 1 << 20, buf);
  } catch (e) {
    throw explainOpenError(o.iface, e);
  }
  c.setMinBytes?.(0);
  // per target, per round: send time and responders (mac -> latency ms, in arrival order)
  const sent = targets.map(() => [] as number[]);
  const answers = targets.map(() => [] as Map<number, number>[]);
  const li = new LinkInfo();
  const f = new ArpFields();
  const dv = viewOf(buf);
  c.on('packet', (nbytes: number) => {
    const t = now();
    if (decodeLink(dv, 0, nbytes, 1, li) !== LINK_OK || li.ethertype !== ETHERTYPE_ARP) return;
    if ((o.vlan ? li.vlanKey !== o.vlan : li.vlanKey !== 0)) return;
    if (decodeArp(dv, li.payload, nbytes, f) !== ARP_OK || f.op !== OP_REPLY) return;
    if (f.tpa !== srcIp || (f.tha !== mac && f.tha !== MAC_BROADCAST && f.tha !== 0)) return;
    const k = targets.indexOf(f.spa);
    if (k < 0) return;
    // the reply answers the latest round sent for that target
    const rounds = sent[k]!;
    let r = rounds.length - 1;
    while (r >= 0 && rounds[r]! > t) r--;
    if (r < 0) return;
    const m = answers[k]![r]!;
    if (!m.has(f.sha)) m.set(f.sha, t - rounds[r]!);
  });
  try {
    for (let r = 0; r < o.count; r++) {
      for (let k = 0; k < targets.length; k++) {
        const frame = ethArp({ op: 'request', sha: mac, spa: srcIp, tpa: targets[k]!, tha: o.dad ? MAC_BROADCAST : 0, vlans: o.vlan ? [o.vlan] : undefined, src: mac });
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
    source: { ip: formatIp(srcIp), mac: formatMac(mac) },
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
      return { ip: formatIp(ip), requests: o.count, responders, verdict: responders.length === 0 ? 'none' : responders.length === 1 ? 'one' : 'several' };
    }),
  };
}

export function renderProbe(r: ProbeResult): string {
  const out = [`probe on ${r.interface}${r.vlan ? ` vlan ${r.vlan}` : ''} from ${r.source.ip} ${r.source.mac}${r.mode === 'dad' ? ' (RFC 5227 probes, sender 0.0.0.0)' : ''}, ${plural(r.rounds, 'round')}`];
  for (const t of r.targets) {
    const head = t.verdict === 'none' ? 'NO ANSWER' : t.verdict === 'several' ? `ANSWERED BY ${t.responders.length} MACs` : 'answered by one MAC';
    out.push(`${t.ip}: ${head}`);
    for (const x of t.responders) {
      out.push(`  ${x.mac}  answered ${x.answered}/${t.requests}, first ${plural(x.firstAnswers, 'time')}, latency ${x.latencyMs.min}/${x.latencyMs.median}/${x.latencyMs.max} ms (min/median/max)`);
    }
  }
  return out.join('\n') + '\n';
}
