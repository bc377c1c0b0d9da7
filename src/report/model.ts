// The report: a plain, JSON-ready picture of what the engine found. Built once
// at the end (or on demand for a snapshot); sinks render it and never touch
// engine state. Everything is ordered deterministically, so the same capture
// gives the same report byte for byte.
import { catalogEntry, Severity, severityRank } from '../engine/catalog.js';
import type { Engine } from '../engine/engine.js';
import type { Incident } from '../engine/incidents.js';
import { KIND_NAMES, K_UNSOLICITED, NKINDS } from '../engine/tables.js';
import { ARP_STATUS_NAMES } from '../decode/arp.js';
import { vlanPath } from '../decode/link.js';
import { linktypeName } from '../capture/linktype.js';
import { REF_INPUT, type InputInfo } from '../capture/runner.js';
import { formatIp, formatMac, virtualMacLabel } from '../util/addr.js';
import { fmtMs, plural } from '../util/text.js';
import { ts } from './time.js';
import { addressRows } from './addresses.js';
import { writeAddressRows } from './json-bytes.js';

export { ts };
import { garpBursts, judge } from '../engine/vrrp.js';

export const SCHEMA_VERSION = 1;

export interface FindingJson {
  code: string;
  severity: Severity;
  title: string;
  ip: string | null;
  vlan: number | null;
  vlanPath: number[];
  macs: string[];
  count: number;
  frames: number[];
  /** Input index of each entry of `frames`; present only with several inputs. */
  frameInputs?: number[];
  framesTotal: number;
  first: string;
  last: string;
  summary: string;
  details: Record<string, unknown>;
  fix: string;
}

export interface AddressMacJson {
  mac: string;
  virtual: string | null;
  first: string;
  last: string;
  firstFrame: number;
  lastFrame: number;
  counts: Record<string, number>;
  answeredRequests: number;
  firstAnswers: number;
}

export interface AddressJson {
  ip: string;
  vlan: number | null;
  vlanPath: number[];
  owner: string | null;
  changes: number;
  macs: AddressMacJson[];
}

export interface FailoverJson {
  vlan: number | null;
  vlanPath: number[];
  vrid: number | null;
  family: number;
  vips: string[];
  from: { ip: string | null; mac: string } | null;
  to: { ip: string | null; mac: string };
  cause: string;
  at: string;
  frame: number;
  gapMs: number | null;
  expectedGapMs: number | null;
  garpBursts: { mac: string; ip: string; count: number; firstFrame: number; start: string; spanMs: number }[];
  firstReply: { mac: string; at: string; frame: number } | null;
  neighbours: { ip: string; mac: string; at: string; frame: number }[];
  healthy: boolean;
  problems: { code: string; text: string }[];
  timeline: { at: string; frame: number; event: string }[];
}

export interface VrrpJson {
  vlan: number | null;
  vlanPath: number[];
  family: number;
  vrid: number;
  vips: string[];
  virtualMac: boolean;
  master: { ip: string; mac: string; priority: number; intervalMs: number; lastAdvert: string } | null;
  backups: { ip: string; mac: string; priority: number; intervalMs: number; lastAdvert: string }[];
  adverts: number;
  masterChanges: number;
}

export interface InputJson {
  file: string;
  format: string | null;
  compressed: boolean;
  linktypes: string[];
  frames: number;
  error: { kind: string; message: string; offset: number; frame: number } | null;
}

export interface Report {
  schemaVersion: number;
  tool: { name: 'arpaudit'; version: string };
  inputs: InputJson[];
  options: Record<string, number>;
  stats: Record<string, unknown>;
  summary: { findings: number; bySeverity: Record<Severity, number>; worst: Severity | null };
  findings: FindingJson[];
  /** Every failover: VRRP master changes, and GARP-announced takeovers without VRRP (vrid null). */
  failovers: FailoverJson[];
  /** Per (VLAN, family, VRID): current master, backups, VIPs. */
  vrrp: VrrpJson[];
  /** Live capture figures (interface, filter, ring fill and drops); only for `live`. */
  capture?: Record<string, unknown>;
  /** Every (VLAN, IP), ordered by VLAN then IP; produced lazily so a million rows are streamed, not held. */
  addresses: () => Iterable<AddressJson>;
  /** The same rows as JSON, written as bytes through `sink` (which must use them before it returns); returns the row count. */
  addressBytes: (sink: (b: Uint8Array) => void) => number;
  addressCount: number;
}

/** Everything needed to describe frame refs and times. */
interface Ctx {
  engine: Engine;
  multi: boolean;
}


function vlanNum(engine: Engine, vlan: number): number | null {
  const path = vlanPath(engine.vlanKeys[vlan]!);
  return path.length ? path[0]! : null;
}

export function vlanText(path: number[]): string {
  return path.length ? ` vlan ${path.join('.')}` : '';
}

function refFrame(ref: number): number {
  return ref % REF_INPUT;
}

function refInput(ref: number): number {
  return Math.floor(ref / REF_INPUT);
}

function macList(macs: number[]): string {
  return macs.map(formatMac).join(', ');
}

export interface ExtraFinding {
  code: string;
  ip: number;
  vlan: number;
  macs: number[];
  refs: number[];
  count: number;
  firstUs: number;
  lastUs: number;
  summary: string;
  details: Record<string, unknown>;
  /** VLAN path when `vlan` (an engine index) cannot name it, e.g. a VLAN never seen. */
  vlanPath?: number[];
}

/** One finding as the report will show it, for sinks that print findings as they are raised. */
export function findingOf(engine: Engine, inc: Incident): FindingJson {
  return incidentJson({ engine, multi: false }, inc);
}

export function buildReport(engine: Engine, inputs: InputInfo[], extra: ExtraFinding[], version: string, capture?: Record<string, unknown>): Report {
  engine.finish();
  const ctx: Ctx = { engine, multi: inputs.length > 1 };
  const findings: FindingJson[] = [];
  for (const inc of engine.findings()) findings.push(incidentJson(ctx, inc));
  for (const x of extra) findings.push(extraJson(ctx, x));
  const failovers = failoversJson(ctx);
  for (const f of failovers.filter((x) => x.vrid !== null)) findings.push(failoverFinding(ctx, f));
  // capture errors are findings too: the report says where reading stopped
  inputs.forEach((inp, i) => {
    if (!inp.error || inp.error.kind === 'not-a-capture' || inp.error.kind === 'io') return;
    const e = inp.error;
    const us = engine.stats.lastUs >= 0 ? engine.stats.lastUs : 0;
    findings.push(extraJson(ctx, {
      code: 'capture.error', ip: -1, vlan: 0, macs: [], refs: e.frame > 0 ? [i * REF_INPUT + e.frame] : [], count: 1,
      firstUs: us, lastUs: us,
      summary: `${inp.path}: ${e.message} at byte offset ${e.offset} (frame ${e.frame}); the ${plural(e.frame - 1, 'frame')} before it were analysed.`,
      details: { file: inp.path, offset: e.offset, frame: e.frame, message: e.message, kind: e.kind },
    }));
  });
  const t = engine.tables;
  if (t.evicted > 0 || t.macsDropped > 0 || engine.incidents.dropped > 0) {
    const us = engine.stats.lastUs;
    findings.push(extraJson(ctx, {
      code: 'table.evicted', ip: -1, vlan: 0, macs: [], refs: [], count: t.evicted + t.macsDropped + engine.incidents.dropped,
      firstUs: us, lastUs: us,
      summary: `Tables reached their caps: ${plural(t.evicted, 'address', 'addresses')} evicted (cap ${engine.opts.maxAddresses}), ${plural(t.macsDropped, 'claim')} beyond 64 MACs per address not tracked, ${plural(engine.incidents.dropped, 'finding')} beyond ${engine.opts.maxIncidents} not stored.`,
      details: { evictedAddresses: t.evicted, compactions: t.compactions, macsDropped: t.macsDropped, incidentsDropped: engine.incidents.dropped, maxAddresses: engine.opts.maxAddresses, maxIncidents: engine.opts.maxIncidents },
    }));
  }
  findings.sort(compareFindings);
  const bySeverity: Record<Severity, number> = { info: 0, notice: 0, warning: 0, error: 0 };
  let worst: Severity | null = null;
  for (const f of findings) {
    bySeverity[f.severity]++;
    if (worst === null || severityRank(f.severity) > severityRank(worst)) worst = f.severity;
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'arpaudit', version },
    inputs: inputs.map(inputJson),
    options: { ...engine.opts },
    stats: statsJson(engine),
    summary: { findings: findings.length, bySeverity, worst },
    findings,
    failovers: failovers.map((f) => stripRefs(f)),
    vrrp: vrrpJson(ctx),
    ...(capture ? { capture } : {}),
    addresses: () => addressRows(engine),
    addressBytes: (sink) => writeAddressRows(engine, sink),
    addressCount: engine.tables.aCount,
  };
}

export function compareFindings(a: FindingJson, b: FindingJson): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    (a.first < b.first ? -1 : a.first > b.first ? 1 : 0) ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
    ipOrder(a.ip) - ipOrder(b.ip) ||
    (a.vlanPath.join('.') < b.vlanPath.join('.') ? -1 : a.vlanPath.join('.') > b.vlanPath.join('.') ? 1 : 0)
  );
}

function ipOrder(ip: string | null): number {
  if (ip === null) return -1;
  return ip.split('.').reduce((v, o) => v * 256 + Number(o), 0);
}

function inputJson(i: InputInfo): InputJson {
  return {
    file: i.path,
    format: i.format,
    compressed: i.compressed,
    linktypes: i.linktypes.map(linktypeName),
    frames: i.frames,
    error: i.error ? { kind: i.error.kind, message: i.error.message, offset: i.error.offset, frame: i.error.frame } : null,
  };
}

function statsJson(engine: Engine): Record<string, unknown> {
  const s = engine.stats;
  const kinds: Record<string, number> = {};
  for (let k = 0; k < NKINDS; k++) kinds[KIND_NAMES[k]!] = s.kinds[k]!;
  const anomalies: Record<string, number> = {};
  ARP_STATUS_NAMES.forEach((n, i) => {
    if (i > 0 && s.anomalyReasons[i]! > 0) anomalies[n] = s.anomalyReasons[i]!;
  });
  return {
    frames: s.frames,
    bytes: s.bytes,
    arpFrames: s.arpFrames,
    nonArpFrames: s.nonArp,
    first: s.firstUs >= 0 ? ts(s.firstUs) : null,
    last: s.lastUs >= 0 ? ts(s.lastUs) : null,
    kinds,
    decodeAnomalies: anomalies,
    snaplenTruncated: s.snapTruncated,
    linkTruncated: s.linkTruncated,
    unsupportedLink: s.unsupportedLink,
    tooManyVlanTags: s.tooManyTags,
    duplicateReplies: s.duplicateReplies,
    badSenderMac: s.badSenderMac,
    ethMismatch: s.ethMismatch,
    virtualMacMismatch: s.virtualMismatch,
    timeWentBackwards: s.timeWentBack,
    addresses: engine.tables.aCount,
    bindings: engine.tables.bCount,
    evictedAddresses: engine.tables.evicted,
    macsDropped: engine.tables.macsDropped,
    incidentsDropped: engine.incidents.dropped,
    pendingRequestsOverwritten: engine.pendingOverwritten,
    vrrpAdverts: s.vrrpAdverts,
    carpAdverts: s.carpAdverts,
    vrrpAnomalies: s.vrrpAnomalies,
  };
}

function framesOf(ctx: Ctx, refs: number[]): { frames: number[]; frameInputs?: number[] } {
  const frames = refs.map(refFrame);
  return ctx.multi ? { frames, frameInputs: refs.map(refInput) } : { frames };
}

function extraJson(ctx: Ctx, x: ExtraFinding): FindingJson {
  const e = catalogEntry(x.code);
  const path = x.vlanPath ?? vlanPath(ctx.engine.vlanKeys[x.vlan] ?? 0);
  const refs = [...x.refs].sort((a, b) => a - b);
  return {
    code: x.code,
    severity: e.severity,
    title: e.title,
    ip: x.ip >= 0 ? formatIp(x.ip) : null,
    vlan: path.length ? path[0]! : null,
    vlanPath: path,
    macs: x.macs.map(formatMac),
    count: x.count,
    ...framesOf(ctx, refs),
    framesTotal: refs.length,
    first: ts(x.firstUs),
    last: ts(x.lastUs),
    summary: x.summary,
    details: x.details,
    fix: e.fix,
  };
}

function incidentJson(ctx: Ctx, inc: Incident): FindingJson {
  const e = catalogEntry(inc.code);
  const path = vlanPath(ctx.engine.vlanKeys[inc.vlan]!);
  const { summary, details } = describe(ctx, inc, path);
  const refs = inc.evidenceRefs();
  return {
    code: inc.code,
    severity: inc.severity,
    title: e.title,
    ip: inc.ip >= 0 ? formatIp(inc.ip) : null,
    vlan: vlanNum(ctx.engine, inc.vlan),
    vlanPath: path,
    macs: inc.macs.map(formatMac),
    count: inc.count,
    ...framesOf(ctx, refs),
    framesTotal: inc.framesTotal,
    first: ts(inc.firstUs),
    last: ts(inc.lastUs),
    summary,
    details,
    fix: e.fix,
  };
}

interface Move {
  from: number;
  to: number;
  us: number;
  ref: number;
}

function describe(ctx: Ctx, inc: Incident, path: number[]): { summary: string; details: Record<string, unknown> } {
  const t = ctx.engine.tables;
  const ip = inc.ip >= 0 ? formatIp(inc.ip) : '';
  const where = `${ip}${vlanText(path)}`;
  const d = inc.data;
  const binding = (mac: number) => t.findBinding(inc.vlan, inc.ip, mac);
  const moves = () =>
    ((d.moves as Move[]) ?? []).map((m) => ({ from: formatMac(m.from), to: formatMac(m.to), at: ts(m.us), frame: refFrame(m.ref) }));
  switch (inc.code) {
    case 'arp.race.multi-responder': {
      const a = t.findAddr(inc.vlan, inc.ip);
      const requests = a >= 0 ? t.rounds(a) : 0;
      const responders = inc.macs.map((m) => {
        const b = binding(m);
        const answered = b >= 0 ? t.answered(b) : 0;
        const first = b >= 0 ? t.firstAnswers(b) : 0;
        return { mac: formatMac(m), virtual: virtualMacLabel(m), answered, firstAnswers: first, winShare: requests ? Math.round((first / requests) * 1000) / 1000 : 0 };
      });
      const ranked = [...responders].sort((x, y) => y.firstAnswers - x.firstAnswers || (x.mac < y.mac ? -1 : 1));
      const winner = ranked[0]!;
      const requesters = ((d.requesters as number[][]) ?? []).map(([rip, rmac]) => ({ ip: formatIp(rip!), mac: formatMac(rmac!) }));
      const wins = ranked.filter((r) => r.firstAnswers > 0).map((r) => `${r.mac} ${r.firstAnswers}`).join(', ');
      return {
        summary: `${where} is answered by ${inc.macs.length} MACs (${macList(inc.macs)}): ${inc.count} of ${plural(requests, 'answered request')} got replies from more than one MAC; first to answer: ${wins}.`,
        details: {
          requests,
          multiResponderRequests: inc.count,
          responders,
          raceWinner: winner.mac,
          requesters,
          alternations: (d.alternations as number) ?? 0,
        },
      };
    }
    case 'arp.binding.flip-flop': {
      const m = moves();
      const a = t.findAddr(inc.vlan, inc.ip);
      return {
        summary: `${where} flip-flopped between ${macList(inc.macs)}: ${plural(a >= 0 ? t.changes(a) : inc.count, 'change')} of MAC, back and forth.`,
        details: { changes: a >= 0 ? t.changes(a) : inc.count, moves: m },
      };
    }
    case 'arp.binding.changed':
    case 'arp.binding.takeover': {
      const m = moves();
      const last = m[m.length - 1]!;
      const how = inc.code === 'arp.binding.takeover' ? 'announced by gratuitous ARP' : 'without gratuitous ARP';
      return {
        summary: `${where} moved from ${last.from} to ${last.to} at ${last.at} (frame ${last.frame}), ${how}${m.length > 1 ? `; ${m.length} moves in all` : ''}.`,
        details: { moves: m },
      };
    }
    case 'arp.spoof.unsolicited-reply': {
      const spoofers = (d.spoofers as number[]) ?? [];
      const others = inc.macs.filter((m) => !spoofers.includes(m));
      const counts = spoofers.map((m) => {
        const b = binding(m);
        return { mac: formatMac(m), unsolicitedReplies: b >= 0 ? t.count(b, K_UNSOLICITED) : 0 };
      });
      const n = counts.reduce((s, c) => s + c.unsolicitedReplies, 0);
      return {
        summary: `${macList(spoofers)} sent ${plural(n, 'unsolicited ARP reply', 'unsolicited ARP replies')} claiming ${where}, which ${macList(others)} also claims.`,
        details: { spoofers: counts, otherClaimants: others.map(formatMac), alternations: (d.alternations as number) ?? 0 },
      };
    }
    case 'arp.leak.vip-sender': {
      const leakers = (d.leakers as number[]) ?? [];
      const owners = (d.owners as number[]) ?? [];
      return {
        summary: `${macList(leakers)} sent ${plural(inc.count, 'ARP request')} with sender ${where}, an address answered by ${macList(owners)}.`,
        details: { leakers: leakers.map(formatMac), owners: owners.map(formatMac), requests: inc.count, alternations: (d.alternations as number) ?? 0 },
      };
    }
    case 'arp.probe.defended': {
      const probers = (d.probers as number[]) ?? [];
      return {
        summary: `Address probe for ${where} by ${macList(probers)} was answered by ${macList(inc.macs)} (${plural(inc.count, 'time')}): the address is in use.`,
        details: { probers: probers.map(formatMac), defenders: inc.macs.map(formatMac), answers: inc.count },
      };
    }
    case 'arp.garp.burst': {
      const bursts = (d.bursts as { mac: number; startUs: number; lastUs: number; count: number; firstRef: number }[]) ?? [];
      const lastStart = new Map<number, number>();
      const out = bursts.map((b) => {
        const prev = lastStart.get(b.mac);
        lastStart.set(b.mac, b.startUs);
        return {
          mac: formatMac(b.mac),
          start: ts(b.startUs),
          count: b.count,
          spanMs: (b.lastUs - b.startUs) / 1000,
          firstFrame: refFrame(b.firstRef),
          afterPreviousMs: prev === undefined ? null : Math.round(b.startUs - prev) / 1000,
        };
      });
      const total = out.reduce((s, b) => s + b.count, 0);
      const story = inc.macs
        .map((m) => {
          const mine = out.filter((b) => b.mac === formatMac(m));
          const parts = mine.slice(0, 4).map((b, i) =>
            i === 0 ? `${b.count} in ${fmtMs(b.spanMs)} ms` : `${b.count} more ${fmtMs((b.afterPreviousMs ?? 0) / 1000)} s later`,
          );
          return `${formatMac(m)}: ${parts.join(', then ')}${mine.length > 4 ? `, and ${mine.length - 4} more bursts` : ''}`;
        })
        .join('; ');
      return {
        summary: `${where} announced with ${plural(total, 'gratuitous ARP')} in ${plural(out.length, 'burst')} (${story}).`,
        details: { garps: total, bursts: out, burstsDropped: (d.burstsDropped as number) ?? 0 },
      };
    }
    case 'arp.garp.storm':
      return {
        summary: `${macList(inc.macs)} sent up to ${d.peakPerSecond as number} gratuitous ARPs per second for ${where} (storm threshold ${ctx.engine.opts.stormRate}/s) in ${plural(d.windows as number, 'one-second window')}.`,
        details: { peakPerSecond: d.peakPerSecond, windows: d.windows, threshold: ctx.engine.opts.stormRate },
      };
    case 'arp.frame.bad-sender-mac':
      return {
        summary: `${plural(inc.count, 'ARP frame')} claimed ${where} with a non-unicast sender MAC (${formatMac(inc.macs[0]!)}${inc.macs.length > 1 ? `; Ethernet source ${macList(inc.macs.slice(1))}` : ''}).`,
        details: { frames: inc.count },
      };
    case 'arp.frame.eth-mismatch':
      return {
        summary: `${plural(inc.count, 'ARP frame')} for ${where} named sender MAC ${formatMac(inc.macs[0]!)}, but the Ethernet source was ${macList(inc.macs.slice(1))}.`,
        details: { senderMac: formatMac(inc.macs[0]!), ethernetSources: inc.macs.slice(1).map(formatMac) },
      };
    case 'arp.decode.anomaly': {
      const reasons: Record<string, number> = {};
      const s = ctx.engine.stats.anomalyReasons;
      ARP_STATUS_NAMES.forEach((n, i) => {
        if (i > 0 && s[i]! > 0) reasons[n] = s[i]!;
      });
      const list = Object.entries(reasons).map(([k, v]) => `${k === 'truncated' ? 'truncated' : `bad ${k}`} ${v}`).join(', ');
      return {
        summary: `${plural(inc.count, 'ARP frame')}${vlanText(path)} could not be decoded as Ethernet/IPv4 ARP (${list}).`,
        details: { reasons, sources: inc.macs.map(formatMac) },
      };
    }
    case 'capture.unsupported-link': {
      const lts = ((d.linktypes as number[]) ?? []).map(linktypeName);
      return {
        summary: `${plural(inc.count, 'frame')} on link types arpaudit does not decode (${lts.join(', ')}) were counted and skipped.`,
        details: { linktypes: lts },
      };
    }
    case 'vrrp.resignation':
      return {
        summary: `VRID ${d.vrid as number}: ${macList(inc.macs)} resigned as master (priority 0 advert) ${plural(inc.count, 'time')}${ip ? ` (VIP ${where})` : ''}.`,
        details: { vrid: d.vrid, resignations: inc.count },
      };
    case 'vrrp.dual-master': {
      const eps = ((d.episodes as { startUs: number; lastUs: number; routers: string[]; flaps: number }[]) ?? []).map((x) => ({
        start: ts(x.startUs), end: ts(x.lastUs), durationMs: Math.round(x.lastUs - x.startUs) / 1000, routers: x.routers, alternations: x.flaps,
      }));
      const total = eps.reduce((n, x) => n + x.durationMs, 0);
      return {
        summary: `VRID ${d.vrid as number}: ${macList(inc.macs)} advertised as master at the same time in ${plural(eps.length || 1, 'episode')} (${fmtMs(total)} ms in all)${ip ? `; VIP ${where}` : ''}.`,
        details: { vrid: d.vrid, episodes: eps, durationMs: total },
      };
    }
    case 'vrrp.garp-from-backup':
      return { summary: `${macList(inc.macs)}, a backup of VRID ${d.vrid as number}, sent ${plural(inc.count, 'gratuitous ARP')} for ${where}.`, details: { vrid: d.vrid, garps: inc.count } };
    case 'vrrp.vip-answered-by-backup':
      return { summary: `${macList(inc.macs)}, a backup of VRID ${d.vrid as number}, answered ARP for ${where} ${plural(inc.count, 'time')}.`, details: { vrid: d.vrid, replies: inc.count } };
    case 'vrrp.vmac-leak':
      return { summary: `VRID ${d.vrid as number} uses a virtual MAC, but ${plural(inc.count, 'ARP frame')} carried ${where} with physical MAC ${macList((d.physical as number[]) ?? [])}.`, details: { vrid: d.vrid, frames: inc.count, physicalMacs: ((d.physical as number[]) ?? []).map(formatMac) } };
    case 'vrrp.decode.anomaly': {
      const reasons = (d.reasons as Record<string, number>) ?? {};
      return { summary: `${plural(inc.count, 'VRRP packet')}${vlanText(path)} malformed (${Object.entries(reasons).map(([k, v]) => `${k} ${v}`).join(', ')}).`, details: { reasons, sources: inc.macs.map(formatMac) } };
    }
    case 'vrrp.carp':
      return { summary: `${plural(inc.count, 'CARP advert')}${vlanText(path)} (vhid ${((d.vhids as number[]) ?? []).join(', ')}) were recognised and not taken for VRRP.`, details: { vhids: d.vhids, sources: inc.macs.map(formatMac) } };
    default:
      return { summary: `${catalogEntry(inc.code).title}: ${where}`, details: {} };
  }
}

/** Failovers as they stand now, without closing the analysis (for the dashboard). */
export function currentFailovers(engine: Engine): FailoverJson[] {
  return failoversJson({ engine, multi: false }).map(stripRefs);
}

interface FailoverWork extends FailoverJson {
  refs: number[];
  firstUs: number;
  fromMac: number | null;
  toMac: number;
  vipNum: number;
}

function stripRefs(f: FailoverWork): FailoverJson {
  const { refs: _r, firstUs: _u, fromMac: _f, toMac: _t, vipNum: _v, ...rest } = f;
  void _r; void _u; void _f; void _t; void _v;
  return rest;
}

function failoversJson(ctx: Ctx): FailoverWork[] {
  const e = ctx.engine;
  const out: FailoverWork[] = [];
  const endUs = e.stats.lastUs;
  for (const s of e.vrrp.states) {
    const path = vlanPath(e.vlanKeys[s.vlan]!);
    for (const c of s.changes) {
      const problems = judge(c, e.vrrp.opts, endUs);
      const bursts = garpBursts(c, e.opts.burstGapMs * 1000);
      const timeline: { us: number; ref: number; event: string }[] = [];
      if (c.from) timeline.push({ us: c.from.lastUs, ref: c.from.lastRef, event: `last advert of the old master ${c.from.ip} (priority ${c.from.priority})` });
      if (c.resignUs !== null) timeline.push({ us: c.resignUs, ref: c.resignRef!, event: `old master resigns (priority 0 advert)` });
      timeline.push({ us: c.atUs, ref: c.ref, event: `first advert of the new master ${c.to.ip} (priority ${c.to.priority})` });
      for (const b of bursts) timeline.push({ us: b.startUs, ref: b.firstRef, event: `GARP burst for ${formatIp(b.ip)} from ${formatMac(b.mac)}: ${plural(b.count, 'frame')} over ${fmtMs((b.lastUs - b.startUs) / 1000)} ms` });
      if (c.firstReply) timeline.push({ us: c.firstReply.us, ref: c.firstReply.ref, event: `first ARP reply for a VIP from the new master (${formatMac(c.firstReply.mac)})` });
      for (const n of c.neighbours) timeline.push({ us: n.us, ref: n.ref, event: `neighbour ${formatIp(n.ip)} (${formatMac(n.mac)}) answered by the new master` });
      for (const a of c.oldMasterAnswers.slice(0, 4)) timeline.push({ us: a.us, ref: a.ref, event: 'the old master still answers ARP for the VIP' });
      timeline.sort((a, b) => a.us - b.us || a.ref - b.ref);
      out.push({
        vlan: path.length ? path[0]! : null,
        vlanPath: path,
        vrid: s.vrid,
        family: s.family,
        vips: s.family === 4 ? c.vips.map(formatIp) : s.vips6.slice(),
        from: c.from ? { ip: c.from.ip, mac: formatMac(c.from.mac) } : null,
        to: { ip: c.to.ip, mac: formatMac(c.to.mac) },
        cause: c.cause,
        at: ts(c.atUs),
        frame: refFrame(c.ref),
        gapMs: c.gapUs === null ? null : Math.round(c.gapUs) / 1000,
        expectedGapMs: c.expectedGapUs === null ? null : Math.round(c.expectedGapUs) / 1000,
        garpBursts: bursts.map((b) => ({ mac: formatMac(b.mac), ip: formatIp(b.ip), count: b.count, firstFrame: refFrame(b.firstRef), start: ts(b.startUs), spanMs: (b.lastUs - b.startUs) / 1000 })),
        firstReply: c.firstReply ? { mac: formatMac(c.firstReply.mac), at: ts(c.firstReply.us), frame: refFrame(c.firstReply.ref) } : null,
        neighbours: c.neighbours.map((n) => ({ ip: formatIp(n.ip), mac: formatMac(n.mac), at: ts(n.us), frame: refFrame(n.ref) })),
        healthy: problems.length === 0,
        problems,
        timeline: timeline.map((t) => ({ at: ts(t.us), frame: refFrame(t.ref), event: t.event })),
        refs: [...(c.from ? [c.from.lastRef] : []), c.ref, ...bursts.map((b) => b.firstRef), ...(c.firstReply ? [c.firstReply.ref] : [])],
        firstUs: c.atUs,
        fromMac: c.from ? c.from.mac : null,
        toMac: c.to.mac,
        vipNum: c.vips[0] ?? -1,
      });
    }
  }
  // GARP-announced takeovers with no VRRP behind them are failovers too
  for (const inc of e.findings()) {
    if (inc.code !== 'arp.binding.takeover') continue;
    const path = vlanPath(e.vlanKeys[inc.vlan]!);
    for (const m of (inc.data.moves as Move[]) ?? []) {
      const garp = e.incidents.get('arp.garp.burst', inc.vlan, inc.ip);
      const bursts = ((garp?.data.bursts as { mac: number; startUs: number; lastUs: number; count: number; firstRef: number }[]) ?? [])
        .filter((b) => b.mac === m.to && b.startUs >= m.us - 1e6 && b.startUs <= m.us + e.opts.failoverWindowMs * 1000);
      out.push({
        vlan: path.length ? path[0]! : null, vlanPath: path, vrid: null, family: 4, vips: [formatIp(inc.ip)],
        from: { ip: null, mac: formatMac(m.from) }, to: { ip: null, mac: formatMac(m.to) }, cause: 'garp-takeover',
        at: ts(m.us), frame: refFrame(m.ref), gapMs: null, expectedGapMs: null,
        garpBursts: bursts.map((b) => ({ mac: formatMac(b.mac), ip: formatIp(inc.ip), count: b.count, firstFrame: refFrame(b.firstRef), start: ts(b.startUs), spanMs: (b.lastUs - b.startUs) / 1000 })),
        firstReply: null, neighbours: [], healthy: true, problems: [],
        timeline: [{ at: ts(m.us), frame: refFrame(m.ref), event: `${formatMac(m.to)} announces ${formatIp(inc.ip)} with gratuitous ARP (was ${formatMac(m.from)})` }],
        refs: [m.ref], firstUs: m.us, fromMac: m.from, toMac: m.to, vipNum: inc.ip,
      });
    }
  }
  return out.sort((a, b) => a.firstUs - b.firstUs || (a.vrid ?? -1) - (b.vrid ?? -1));
}

function failoverFinding(ctx: Ctx, f: FailoverWork): FindingJson {
  const code = f.healthy ? 'vrrp.failover' : 'vrrp.failover.unhealthy';
  const e = catalogEntry(code);
  const garps = f.garpBursts.reduce((n, b) => n + b.count, 0);
  const why = f.cause === 'resignation' ? 'after the old master resigned' : f.cause === 'preemption' ? 'by preemption (higher priority)' : 'after the old master stopped advertising';
  const gap = f.gapMs === null ? '' : `: gap ${f.gapMs} ms (expected ${f.expectedGapMs} ms)`;
  const health = f.healthy ? 'healthy' : `problems: ${f.problems.map((p) => p.text).join('; ')}`;
  const refs = [...new Set(f.refs)].sort((a, b) => a - b);
  return {
    code,
    severity: e.severity,
    title: e.title,
    ip: f.vipNum >= 0 ? formatIp(f.vipNum) : null,
    vlan: f.vlan,
    vlanPath: f.vlanPath,
    macs: [...(f.fromMac !== null ? [formatMac(f.fromMac)] : []), formatMac(f.toMac)].filter((m, i, a) => a.indexOf(m) === i),
    count: 1,
    ...framesOf(ctx, refs),
    framesTotal: refs.length,
    first: f.at,
    last: f.at,
    summary: `VRID ${f.vrid}${f.family === 6 ? ' (IPv6)' : ''}${vlanText(f.vlanPath)}: master moved from ${f.from ? `${f.from.ip} (${f.from.mac})` : 'none'} to ${f.to.ip} (${f.to.mac}) at ${f.at} (frame ${f.frame}) ${why}${gap}; ${f.family === 6 ? 'IPv6 VIPs are announced with neighbour advertisements, not analysed' : `${plural(garps, 'gratuitous ARP')} in ${plural(f.garpBursts.length, 'burst')}`}; ${health}.`,
    details: stripRefs(f) as unknown as Record<string, unknown>,
    fix: e.fix,
  };
}

function vrrpJson(ctx: Ctx): VrrpJson[] {
  const e = ctx.engine;
  return e.vrrp.states.map((s) => {
    const path = vlanPath(e.vlanKeys[s.vlan]!);
    const r = (x: { ip: string; mac: number; priority: number; intervalMs: number; lastUs: number }) => ({ ip: x.ip, mac: formatMac(x.mac), priority: x.priority, intervalMs: x.intervalMs, lastAdvert: ts(x.lastUs) });
    return {
      vlan: path.length ? path[0]! : null,
      vlanPath: path,
      family: s.family,
      vrid: s.vrid,
      vips: s.family === 4 ? s.vips4.map(formatIp) : s.vips6.slice(),
      virtualMac: s.vmac,
      master: s.master ? r(s.master) : null,
      backups: [...s.routers.values()].filter((x) => x !== s.master).map(r),
      adverts: s.adverts,
      masterChanges: s.changes.length + s.changesDropped,
    };
  }).sort((a, b) => a.vlanPath.join('.').localeCompare(b.vlanPath.join('.')) || a.family - b.family || a.vrid - b.vrid);
}
