// The dashboard's view model: a snapshot of the engine turned into rows and
// strings. Pure (no terminal), so it is unit-tested; the dashboard renders it
// on a timer, never per packet.
import { groupLabel } from '../engine/vrrp-state.js';
import type { Engine } from '../engine/engine.js';
import type { Incident } from '../engine/incidents.js';
import { severityRank } from '../engine/findings.js';
import { formatMac, isVirtualMac } from '../util/addr.js';
import { segmentColumn, segmentLabel, segmentOf } from '../report/segment.js';
import { findingOf } from '../report/build.js';
import { currentFailovers } from '../report/failovers.js';
import { formatTime } from '../util/time.js';
import { refFrame } from '../engine/ctx.js';
import { COUNT_NAMES, K_PROBE } from '../engine/kinds.js';
import { plural, sanitize } from '../util/text.js';
import { vendorOf } from '../util/vendor.js';

export type RowState = 'conflict' | 'failover' | 'virtual' | 'probe' | 'ok';

export interface AddressRow {
  key: string;
  vlan: string;
  ip: string;
  macs: string[];
  state: RowState;
  lastUs: number;
  text: string;
}

export interface IncidentRow {
  key: string;
  severity: string;
  text: string;
}

export interface ViewModel {
  status: string[];
  addresses: AddressRow[];
  incidents: IncidentRow[];
  timelineTitle: string;
  timeline: string[];
}

export interface ViewInput {
  source: string;
  wallStartMs: number;
  nowMs: number;
  speed?: number;
  paused?: boolean;
  positionUs?: number;
  firstUs?: number;
  ring?: { fill: number; slots: number; drops: number };
  /** Frames analysed per second of wall time, one entry per second, oldest first. */
  rates: number[];
  filter: string;
  selectedKey: string | null;
  width: number;
  maxRows?: number;
  /** Address order: conflicts first (default), by IP, most recently seen first, most MACs first. */
  sort?: SortKey;
  /** Once the capture has ended: the final report's finding count (incidents plus failover verdicts and capture notes). */
  reportFindings?: number;
}

export type SortKey = 'state' | 'ip' | 'last' | 'macs';
export const SORT_KEYS: SortKey[] = ['state', 'ip', 'last', 'macs'];

function ipNum(ip: string): number {
  return ip.split('.').reduce((v, o) => v * 256 + Number(o), 0);
}

const SPARK = '▁▂▃▄▅▆▇█';
/** Seconds the status line's rate is averaged over. */
const RATE_SECONDS = 5;

export function sparkline(values: number[], width: number): string {
  const v = values.slice(-width);
  const max = Math.max(1, ...v);
  return v.map((x) => SPARK[Math.min(7, Math.floor((x / max) * 7.999))]).join('');
}

const CONFLICT = new Set(['arp.race.multi-responder', 'arp.binding.flip-flop', 'arp.spoof.unsolicited-reply', 'arp.leak.vip-sender', 'vrrp.dual-master', 'vrrp.vip-answered-by-backup', 'vrrp.vmac-leak', 'vrrp.garp-from-backup', 'expect.unexpected-mac']);

export function fit(s: string, w: number): string {
  return s.length > w ? `${s.slice(0, Math.max(0, w - 1))}…` : s.padEnd(w);
}

function matches(filter: string, text: string): boolean {
  if (!filter) return true;
  const f = filter.trim().toLowerCase();
  const v = /^vlan\s*(\d+)$/.exec(f);
  if (v) return new RegExp(`(^| )${v[1]}( |\\.|$)`).test(text.split('  ')[0] ?? '');
  return text.toLowerCase().includes(f);
}

export function buildView(e: Engine, vi: ViewInput): ViewModel {
  const t = e.tables;
  const st = e.stats;
  const incidents = e.findings();
  const byAddr = new Map<string, Incident[]>();
  for (const inc of incidents) {
    if (inc.ip < 0) continue;
    const k = `${inc.vlan}|${inc.ip}`;
    const l = byAddr.get(k) ?? [];
    l.push(inc);
    byAddr.set(k, l);
  }
  const rows: AddressRow[] = [];
  const limit = Math.min(t.aCount, vi.maxRows ?? 20000);
  for (let a = 0; a < limit; a++) {
    const vlan = t.vlanOf(a);
    const ip = t.ipOf(a);
    const key = `${vlan}|${ip}`;
    const incs = byAddr.get(key) ?? [];
    const macs: number[] = [];
    let last = -Infinity;
    let probes = 0;
    let claims = 0;
    for (let b = t.headOf(a); b >= 0; b = t.nextOf(b)) {
      macs.push(t.mac(b));
      if (t.lastUs(b) > last) last = t.lastUs(b);
      probes += t.count(b, K_PROBE);
      claims += t.claims(b);
    }
    const vip = e.vrrp.vipState(vlan, ip);
    let state: RowState = 'ok';
    if (incs.some((i) => CONFLICT.has(i.code))) state = 'conflict';
    else if ((vip && vip.changes.length) || incs.some((i) => i.code === 'arp.binding.takeover')) state = 'failover';
    else if (macs.some(isVirtualMac)) state = 'virtual';
    else if (claims === 0 && probes > 0) state = 'probe';
    const vpath = segmentColumn(segmentOf(e, vlan));
    // one MAC: with its vendor; several: all the MACs (vendors are in the details view)
    const macText = macs.length === 1 ? `${formatMac(macs[0]!)}${vendorOf(macs[0]!) ? ` (${vendorOf(macs[0]!)})` : ''}` : `${macs.length} MACs: ${macs.map(formatMac).join(' ')}`;
    const ipText = e.ipText(vlan, ip);
    const text = `${fit(vpath, 5)} ${fit(ipText, 15)} ${fit(state, 8)} ${fit(formatTime(last).slice(11, 23), 12)} ${sanitize(macText)}`;
    if (!matches(vi.filter, `${vpath} ${ipText} ${macs.map(formatMac).join(' ')}`)) continue;
    rows.push({ key, vlan: vpath, ip: ipText, macs: macs.map(formatMac), state, lastUs: last, text: fit(text, vi.width) });
  }
  const rank: Record<RowState, number> = { conflict: 0, failover: 1, virtual: 2, probe: 3, ok: 4 };
  const byIp = (x: AddressRow, y: AddressRow) => ipNum(x.ip) - ipNum(y.ip) || (x.vlan < y.vlan ? -1 : x.vlan > y.vlan ? 1 : 0);
  const order: Record<SortKey, (x: AddressRow, y: AddressRow) => number> = {
    state: (x, y) => rank[x.state] - rank[y.state] || y.lastUs - x.lastUs || byIp(x, y),
    ip: byIp,
    last: (x, y) => y.lastUs - x.lastUs || byIp(x, y),
    macs: (x, y) => y.macs.length - x.macs.length || rank[x.state] - rank[y.state] || byIp(x, y),
  };
  rows.sort(order[vi.sort ?? 'state']);
  const incRows: IncidentRow[] = incidents
    .slice()
    .sort((x, y) => y.firstUs - x.firstUs || severityRank(y.severity) - severityRank(x.severity))
    .map((inc) => {
      const f = findingOf(e, inc);
      return { key: `${inc.code}|${inc.vlan}|${inc.ip}`, severity: inc.severity, text: fit(`${inc.severity.toUpperCase().padEnd(7)} ${inc.code}${f.ip ? ` ${f.ip}` : ''} — ${sanitize(f.summary)}`, vi.width) };
    })
    .filter((r) => matches(vi.filter, r.text));
  // failover timeline for the selected VIP, else the latest failover, else GARP bursts
  const sel = vi.selectedKey ? rows.find((r) => r.key === vi.selectedKey) : undefined;
  const fos = currentFailovers(e);
  const fo = (sel && fos.filter((f) => f.vips.includes(sel.ip)).pop()) ?? fos[fos.length - 1];
  let timelineTitle: string;
  let timeline: string[];
  if (fo) {
    const verdict = fo.healthy ? 'healthy' : fo.problems.length ? 'PROBLEMS' : 'NOT JUDGED';
    timelineTitle = `failover ${fo.vrid === null ? 'by GARP' : groupLabel(fo.protocol ?? 'vrrp', fo.vrid)} ${fo.vips.join(',')}: ${fo.from?.mac ?? '-'} -> ${fo.to.mac} ${verdict}`;
    // the verdict's reasons first: at 80x24 the pane shows four lines
    timeline = [...fo.problems.map((p) => fit(`! ${sanitize(p.text)}`, vi.width)), ...(fo.unjudged ? [fit(`? ${sanitize(fo.unjudged)}`, vi.width)] : [])];
    for (const x of fo.timeline) timeline.push(fit(`${x.at.slice(11, 23)} #${x.frame} ${sanitize(x.event)}`, vi.width));
  } else {
    timelineTitle = 'gratuitous ARP bursts';
    const bursts: { us: number; text: string }[] = [];
    for (const inc of incidents) {
      if (!inc.is('arp.garp.burst') || (sel && e.ipText(inc.vlan, inc.ip) !== sel.ip)) continue;
      for (const b of inc.data.bursts) {
        bursts.push({ us: b.startUs, text: fit(`${formatTime(b.startUs).slice(11, 23)} ${e.ipText(inc.vlan, inc.ip)} ${formatMac(b.mac)} x${b.count} over ${(b.lastUs - b.startUs) / 1000} ms`, vi.width) });
      }
    }
    timeline = bursts.sort((a, b) => b.us - a.us).map((x) => x.text);
  }
  const wall = Math.round((vi.nowMs - vi.wallStartMs) / 1000);
  // frames per second of wall time over the last few seconds (a one-tick sample reads 0 between sparse frames)
  const recent = vi.rates.slice(-RATE_SECONDS);
  const rate = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : 0;
  // what matters first: a cut line at 80 columns loses the source name, never PAUSED or the speed
  const state = `${vi.paused ? 'PAUSED  ' : ''}${vi.speed !== undefined ? `speed ${vi.speed === 0 ? 'max' : `${vi.speed}x`}  ` : ''}`;
  const status = [
    fit(`${state}capture ${st.frames > 0 ? formatTime(st.lastUs).slice(11, 23) : '-'}  wall ${wall}s  ${sanitize(vi.source)}`, vi.width),
    fit(`frames ${st.frames} (${rate < 10 ? rate.toFixed(1) : Math.round(rate)}/s) ${sparkline(vi.rates, 16)}  ARP ${st.arpFrames}${st.ndMessages.some((n) => n > 0) ? `  ND ${st.ndMessages.reduce((x, y) => x + y, 0)}` : ''}  addresses ${t.aCount}  findings ${vi.reportFindings ?? incidents.length}${vi.ring ? `  ring ${vi.ring.fill}/${vi.ring.slots} drops ${vi.ring.drops}` : ''}${vi.filter ? `  filter "${sanitize(vi.filter)}"` : ''}`, vi.width),
  ];
  return { status, addresses: rows, incidents: incRows, timelineTitle, timeline };
}

/** The binding counters as neighbour discovery names them (COUNT_NAMES order). */
const ND_COUNT_NAMES = ['NS', 'solicited NA', 'NA to a host unasked', 'unsolicited NA (request form)', 'unsolicited NA', 'DAD probe', 'announcement', 'target of an NA'] as const;

/** Details for an address (Enter): every MAC with vendor, counts, race share, first/last seen, history, frames. */
export function addressDetails(e: Engine, key: string): string[] {
  const [vlanS, ipS] = key.split('|');
  const t = e.tables;
  const a = t.findAddr(Number(vlanS), Number(ipS));
  if (a < 0) return ['(address no longer in the table)'];
  const ip = t.ipOf(a);
  const v6 = e.isIpv6(Number(vlanS));
  const names = v6 ? ND_COUNT_NAMES : COUNT_NAMES;
  const ask = v6 ? 'solicitation' : 'request';
  const out = [`${e.ipText(Number(vlanS), ip)}${segmentLabel(segmentOf(e, Number(vlanS)))}: ${plural(t.macCount(a), 'MAC')}, ${plural(t.changes(a), 'change')} of owner, ${plural(t.rounds(a), `answered ${ask} round`)}`, ''];
  for (let b = t.headOf(a); b >= 0; b = t.nextOf(b)) {
    const m = t.mac(b);
    out.push(`${formatMac(m)}  ${vendorOf(m) || 'unknown vendor'}`);
    const counts = names.map((n, k) => [n, t.count(b, k)] as const).filter(([, v]) => v > 0).map(([n, v]) => `${n} ${v}`).join(', ');
    out.push(`  ${counts || 'no frames'}`);
    const rounds = t.rounds(a);
    out.push(`  answered ${plural(t.answered(b), ask)}, first ${t.firstAnswers(b)}${rounds ? ` (${Math.round((100 * t.firstAnswers(b)) / rounds)}% of rounds won)` : ''}`);
    out.push(`  first seen ${formatTime(t.firstUs(b))} (frame ${refFrame(t.firstRef(b))}), last ${formatTime(t.lastUs(b))} (frame ${refFrame(t.lastRef(b))})`);
  }
  for (const inc of e.findings().filter((i) => i.ip === ip && String(i.vlan) === vlanS)) {
    const f = findingOf(e, inc);
    out.push('', `${f.severity.toUpperCase()} ${f.code}: ${sanitize(f.summary)}`, `  frames: ${f.frames.join(', ')}${f.framesTotal > f.frames.length ? ` (${f.framesTotal} in all)` : ''}`);
    if (f.code === 'arp.binding.flip-flop' || f.code === 'arp.binding.changed' || f.code === 'arp.binding.takeover') {
      for (const mv of f.details.moves) out.push(`  ${mv.at} frame ${mv.frame}: ${mv.from} -> ${mv.to}`);
    }
  }
  return out;
}

/** Details for an incident (Enter in the incidents pane). */
export function incidentDetails(e: Engine, key: string): string[] {
  const inc = e.findings().find((i) => `${i.code}|${i.vlan}|${i.ip}` === key);
  if (!inc) return ['(incident not found)'];
  const f = findingOf(e, inc);
  const out = [`${f.severity.toUpperCase()} ${f.code} — ${f.title}`, '', sanitize(f.summary), '', `frames: ${f.frames.join(', ')}${f.framesTotal > f.frames.length ? ` (${f.framesTotal} in all)` : ''}`, `seen ${f.first ?? '-'} .. ${f.last ?? '-'}, ${plural(f.count, 'time')}`, ''];
  out.push(...detailLines(f.details as unknown as Record<string, unknown>, '').slice(0, 60));
  out.push('', `fix: ${f.fix}`);
  return out;
}

/** A finding's details as text: "key: value", lists joined, objects of a list one per line. */
function detailLines(o: Record<string, unknown>, indent: string): string[] {
  const out: string[] = [];
  const flat = (v: unknown): string =>
    v === null || v === undefined ? '-' : Array.isArray(v) ? v.map(flat).join(', ') : typeof v === 'object' ? Object.entries(v as Record<string, unknown>).map(([k, x]) => `${words(k)} ${flat(x)}`).join(', ') : String(v);
  for (const [k, v] of Object.entries(o)) {
    if (Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object')) {
      out.push(`${indent}${words(k)}:${v.length ? '' : ' none'}`);
      for (const x of v.slice(0, 16)) out.push(`${indent}  - ${sanitize(flat(x))}`);
      if (v.length > 16) out.push(`${indent}  ... ${v.length - 16} more`);
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out.push(`${indent}${words(k)}:`, ...detailLines(v as Record<string, unknown>, `${indent}  `));
    } else out.push(`${indent}${words(k)}: ${sanitize(flat(v))}`);
  }
  return out;
}

/** "multiResponderRequests" -> "multi responder requests". */
function words(k: string): string {
  return k.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}
