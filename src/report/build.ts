// The report: a plain, JSON-ready picture of what the engine found, built once
// at the end (or on demand for a snapshot). Sinks render it and never touch
// engine state. Everything is ordered deterministically, so the same capture
// gives the same report byte for byte.
import { fingerprint } from './fingerprint.js';
import type { Engine } from '../engine/engine.js';
import { refFrame, refInput, REF_INPUT } from '../engine/ctx.js';
import { catalogEntry, type FindingCode, type IncidentCode, type ReportCode, type Severity, severityRank } from '../engine/findings.js';
import type { Incident } from '../engine/incidents.js';
import { KIND_NAMES } from '../engine/kinds.js';
import { linktypeName } from '../decode/linktype.js';
import { TUNNEL_ERSPAN, TUNNEL_GRE, TUNNEL_PBB } from '../decode/tunnel.js';
import type { InputInfo } from '../pcap/reader.js';
import { formatIp, formatMac } from '../util/addr.js';
import { plural } from '../util/text.js';
import { addressRows } from './addresses.js';
import { describe } from './describe.js';
import { changeWork, failoverCode, failovers, failoverSummary, type FailoverWork } from './failovers.js';
import type { Change } from '../engine/vrrp-state.js';
import { EV_ADVERT, EV_OTHER, EV_ROUTER_ADVERT } from '../engine/evidence-log.js';
import { inSplitBrain } from '../engine/split-brain.js';
import { writeAddressRows } from './json-bytes.js';
import { inputJson, statsJson, unansweredJson, vrrpJson } from './sections.js';
import { type CaptureJson, type EvidenceFrameJson, type EvidenceKind, type FindingDetails, type FindingJson, type Report, SCHEMA_VERSION, type StateSummaryJson } from './schema.js';
import { formatTime } from '../util/time.js';
import { segmentOf } from './segment.js';

/** A finding that is not an engine incident: read errors, caps, expectations, failover verdicts. */
export type ExtraFinding = {
  [C in ReportCode]: {
    code: C;
    /** IPv4 as uint32, or -1. */
    ip: number;
    /** The engine's VLAN index. */
    vlan: number;
    /** The VLAN path, when the index cannot name it (a VLAN never seen). */
    vlanPath?: number[];
    /** The address as text when it is not an address of the tables (an IPv6 expectation never seen). */
    ipText?: string;
    macs: number[];
    refs: number[];
    count: number;
    firstUs: number;
    lastUs: number;
    summary: string;
    details: FindingDetails[C];
  };
}[ReportCode];

export interface BuildOptions {
  version: string;
  extra?: ExtraFinding[];
  capture?: CaptureJson;
  state?: StateSummaryJson;
}

/** One incident as the report shows it, for sinks that print findings as they are raised. */
export function findingOf(engine: Engine, inc: Incident, multi = false): FindingJson {
  const e = catalogEntry(inc.code);
  const { summary, details } = describe(engine, inc);
  const refs = inc.evidenceRefs();
  const seg = segmentOf(engine, inc.vlan);
  const ip = inc.ip >= 0 ? engine.ipText(inc.vlan, inc.ip) : null;
  const macs = inc.macs.map(formatMac);
  return {
    code: inc.code as IncidentCode,
    id: fingerprint({ code: inc.code, ...seg, ip, macs }),
    severity: inc.severity,
    title: e.ndTitle && engine.isIpv6(inc.vlan) ? e.ndTitle : e.title,
    ip,
    ...seg,
    macs,
    count: inc.count,
    ...framesOf(multi, refs),
    framesTotal: inc.framesTotal,
    first: formatTime(inc.firstUs),
    last: formatTime(inc.lastUs),
    summary,
    details,
    fix: e.fix,
  } as FindingJson;
}

export function buildReport(engine: Engine, inputs: InputInfo[], o: BuildOptions): Report {
  engine.finish();
  const multi = inputs.length > 1;
  const findings: FindingJson[] = engine.findings().map((inc) => findingOf(engine, inc, multi));
  const fos = failovers(engine);
  const extra: ExtraFinding[] = [...(o.extra ?? []), ...fos.filter((f) => f.change !== null && !inSplitBrain(engine, f.change)).map(failoverFinding), ...captureErrors(engine, inputs), ...capsReached(engine), ...nothingToAnalyse(engine, inputs), ...badTimestamps(engine, inputs), ...unanalysedArp(engine), ...framesLost(engine, o.capture)];
  for (const x of extra) findings.push(extraJson(engine, multi, x));
  findings.sort(compareFindings);
  const bySeverity: Record<Severity, number> = { info: 0, notice: 0, warning: 0, error: 0 };
  let worst: Severity | null = null;
  for (const f of findings) {
    bySeverity[f.severity]++;
    if (worst === null || severityRank(f.severity) > severityRank(worst)) worst = f.severity;
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'arpaudit', version: o.version },
    inputs: inputs.map(inputJson),
    options: { ...engine.opts },
    stats: statsJson(engine),
    summary: { findings: findings.length, bySeverity, worst },
    findings,
    failovers: fos.map((f) => f.json),
    vrrp: vrrpJson(engine),
    ipv6Routers: engine.routers.routers.map((r) => ({
      ...segmentOf(engine, r.vlan),
      mac: formatMac(r.mac),
      ip: engine.addr6.text(r.src),
      first: formatTime(r.firstUs),
      last: formatTime(r.lastUs),
      firstFrame: refFrame(r.firstRef),
      lastFrame: refFrame(r.lastRef),
      adverts: r.adverts,
      lifetime: r.lifetime,
      managed: r.managed,
      other: r.other,
      prefixes: r.prefixes,
      routes: r.routes,
      dns: r.dns,
    })),
    unanswered: unansweredJson(engine),
    evidenceFrames: evidenceFrames(engine, findings, multi),
    ...(o.capture ? { capture: o.capture } : {}),
    ...(o.state ? { state: o.state } : {}),
    addresses: () => addressRows(engine),
    addressBytes: (sink) => writeAddressRows(engine, sink),
    addressCount: engine.tables.aCount,
  };
}

const EVIDENCE_KINDS: Record<number, EvidenceKind> = { [EV_ADVERT]: 'advert', [EV_ROUTER_ADVERT]: 'routerAdvert', [EV_OTHER]: 'other' };
KIND_NAMES.forEach((k, i) => (EVIDENCE_KINDS[i] = k));

/** The frames the findings cite that the engine described, in frame order. */
function evidenceFrames(engine: Engine, findings: FindingJson[], multi: boolean): EvidenceFrameJson[] {
  const log = engine.evidenceLog;
  const slots = new Set<number>();
  for (const f of findings) {
    f.frames.forEach((frame, i) => {
      const slot = log.find((f.frameInputs?.[i] ?? 0) * REF_INPUT + frame);
      if (slot >= 0) slots.add(slot);
    });
  }
  return [...slots]
    .sort((a, b) => log.refs[a]! - log.refs[b]!)
    .map((i) => {
      const ref = log.refs[i]!;
      const mac = log.macs[i]!;
      return { frame: refFrame(ref), ...(multi ? { input: refInput(ref) } : {}), at: formatTime(log.us[i]!), mac: mac >= 0 ? formatMac(mac) : null, kind: EVIDENCE_KINDS[log.kinds[i]!] ?? 'other' };
    });
}

/** Most severe first, then by time, code, address and VLAN. */
export function compareFindings(a: FindingJson, b: FindingJson): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    cmp(a.first ?? '', b.first ?? '') ||
    cmp(a.code, b.code) ||
    ipOrder(a.ip) - ipOrder(b.ip) ||
    cmp(a.vlanPath.join('.'), b.vlanPath.join('.'))
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function ipOrder(ip: string | null): number {
  if (ip === null) return -1;
  return ip.split('.').reduce((v, o) => v * 256 + Number(o), 0);
}

function framesOf(multi: boolean, refs: number[]): { frames: number[]; frameInputs?: number[] } {
  const frames = refs.map(refFrame);
  return multi ? { frames, frameInputs: refs.map(refInput) } : { frames };
}

function extraJson(engine: Engine, multi: boolean, x: ExtraFinding): FindingJson {
  const e = catalogEntry(x.code as FindingCode);
  const seg = x.vlanPath ? { vlan: x.vlanPath.length ? x.vlanPath[0]! : null, vlanPath: x.vlanPath } : segmentOf(engine, x.vlan);
  const refs = [...x.refs].sort((a, b) => a - b);
  // with no frame read there is no packet time to date a finding by
  const dated = engine.stats.frames > 0;
  const ip = x.ipText ?? (x.ip >= 0 ? (x.vlanPath ? formatIp(x.ip) : engine.ipText(x.vlan, x.ip)) : null);
  const macs = x.macs.map(formatMac);
  return {
    code: x.code,
    id: fingerprint({ code: x.code, ...seg, ip, macs }),
    severity: e.severity,
    title: e.title,
    ip,
    ...seg,
    macs,
    count: x.count,
    ...framesOf(multi, refs),
    framesTotal: refs.length,
    first: dated ? formatTime(x.firstUs) : null,
    last: dated ? formatTime(x.lastUs) : null,
    summary: x.summary,
    details: x.details,
    fix: e.fix,
  } as FindingJson;
}

function failoverFinding(f: FailoverWork): ExtraFinding {
  const refs = [...new Set(f.refs)];
  const macs = [...(f.fromMac !== null ? [f.fromMac] : []), f.toMac].filter((m, i, a) => a.indexOf(m) === i);
  return { code: failoverCode(f.json), ip: f.vipNum, vlan: f.vipVlan >= 0 ? f.vipVlan : f.vlanIndex, macs, refs, count: 1, firstUs: f.firstUs, lastUs: f.firstUs, summary: failoverSummary(f.json), details: f.json };
}

/** The finding of one master change's verdict as it stands (live sinks, told when the engine reaches or changes it). */
export function changeFinding(engine: Engine, c: Change): FindingJson {
  return extraJson(engine, false, failoverFinding(changeWork(engine, c)));
}

/** Live: frames lost before the analysis saw them, in the ring or in the kernel. */
function framesLost(engine: Engine, c: CaptureJson | undefined): ExtraFinding[] {
  if (!c) return [];
  const kernel = c.kernelDrops ?? 0;
  if (c.ringDrops + kernel === 0) return [];
  const s = engine.stats;
  return [{
    code: 'capture.frames-lost', ip: -1, vlan: 0, macs: [], refs: [], count: c.ringDrops + kernel, firstUs: s.firstUs, lastUs: s.lastUs,
    summary: `${plural(c.ringDrops + kernel, 'frame')} lost before analysis (${c.ringDrops} at arpaudit's ring, ${kernel} in the kernel's capture buffer) out of ${c.frames + c.ringDrops + kernel}: findings may miss what they carried.`,
    details: { ringDrops: c.ringDrops, kernelDrops: kernel, analysed: c.frames },
  }];
}

/** ARP the capture holds but arpaudit does not analyse: inside GRE, ERSPAN or PBB, and RARP. */
function unanalysedArp(engine: Engine): ExtraFinding[] {
  const s = engine.stats;
  const gre = s.tunnelledArp[TUNNEL_GRE]!;
  const erspan = s.tunnelledArp[TUNNEL_ERSPAN]!;
  const pbb = s.tunnelledArp[TUNNEL_PBB]!;
  const n = gre + erspan + pbb + s.rarp;
  if (n === 0) return [];
  const parts = [[gre, 'inside GRE'], [erspan, 'inside ERSPAN'], [pbb, 'inside PBB (802.1ah)'], [s.rarp, 'RARP']].filter(([k]) => (k as number) > 0).map(([k, w]) => `${k} ${w}`);
  return [{
    code: 'capture.tunnelled-arp', ip: -1, vlan: 0, macs: [], refs: s.tunnelledRefs, count: n, firstUs: s.firstUs, lastUs: s.lastUs,
    summary: `${plural(n, 'ARP frame')} counted but not analysed: ${parts.join(', ')}. Verdicts about the addresses they carry may miss them.`,
    details: { gre, erspan, pbb, rarp: s.rarp },
  }];
}

/** Timestamps the format does not allow, or before 1970: the timeline around them is uncertain. */
function badTimestamps(engine: Engine, inputs: InputInfo[]): ExtraFinding[] {
  const s = engine.stats;
  const fractions = inputs.reduce((n, i) => n + i.badTimestamps, 0);
  if (fractions === 0 && s.beforeEpoch === 0) return [];
  const refs = inputs.flatMap((inp, i) => inp.badTimestampFrames.map((f) => i * REF_INPUT + f));
  if (s.beforeEpoch) refs.push(s.beforeEpochRef);
  const parts = [
    ...(fractions ? [`${plural(fractions, 'frame')} with a fraction of a second of one second or more (kept as written: carried into the seconds)`] : []),
    ...(s.beforeEpoch ? [`${plural(s.beforeEpoch, 'frame')} timed before 1970`] : []),
  ];
  return [{
    code: 'capture.bad-timestamps', ip: -1, vlan: 0, macs: [], refs, count: fractions + s.beforeEpoch, firstUs: s.firstUs, lastUs: s.lastUs,
    summary: `${parts.join('; ')}: times and the order of events around them are uncertain.`,
    details: { fractionOutOfRange: fractions, before1970: s.beforeEpoch, timeWentBackwards: s.timeWentBack },
  }];
}

/** No ARP and no advert in a capture that was read: no finding would mean nothing, so say so. */
function nothingToAnalyse(engine: Engine, inputs: InputInfo[]): ExtraFinding[] {
  const s = engine.stats;
  if (s.arpFrames > 0 || s.vrrpAdverts > 0 || s.fhrpHellos > 0 || s.carpAdverts > 0 || s.ndMessages.some((n) => n > 0) || s.ndAnomalies.some((n) => n > 0) || s.vrrpAnomalies > 0) return [];
  // an input that could not be read says why itself (exit 3)
  if (inputs.some((i) => i.error)) return [];
  const us = s.lastUs;
  const lts = [...new Set(inputs.flatMap((i) => i.linktypes))].map(linktypeName);
  const tunnelled = s.tunnelledArp.reduce((a, b) => a + b, 0) + s.rarp;
  return [{
    code: 'capture.nothing-to-analyse', ip: -1, vlan: 0, macs: [], refs: [], count: 1, firstUs: us, lastUs: us,
    summary: s.frames === 0
      ? `No frame read${lts.length ? ` (${lts.join(', ')})` : ''}: nothing was judged.`
      : `${plural(s.frames, 'frame')} read${lts.length ? ` (${lts.join(', ')})` : ''}, none of them ARP or IPv6 neighbour discovery arpaudit analyses, or a VRRP, CARP, HSRP or GLBP message${tunnelled ? ` (${tunnelled} ARP inside GRE, ERSPAN or PBB, or RARP, counted)` : ''}: nothing was judged.`,
    details: { frames: s.frames, linktypes: lts },
  }];
}

/** Read errors are findings too: the report says where reading stopped. */
function captureErrors(engine: Engine, inputs: InputInfo[]): ExtraFinding[] {
  const out: ExtraFinding[] = [];
  const us = engine.stats.lastUs;
  inputs.forEach((inp, i) => {
    const e = inp.error;
    if (!e || !e.located) return;
    out.push({
      code: 'capture.error', ip: -1, vlan: 0, macs: [], refs: e.frame > 0 ? [i * REF_INPUT + e.frame] : [], count: 1, firstUs: us, lastUs: us,
      summary: `${inp.path}: ${e.message} at byte offset ${e.offset} (frame ${e.frame}); the ${plural(e.frame - 1, 'frame')} before it were analysed.`,
      details: { file: inp.path, offset: e.offset, frame: e.frame, message: e.message, kind: e.kind },
    });
  });
  return out;
}

/** What the caps cost: evicted addresses, MACs and incidents not stored. */
function capsReached(engine: Engine): ExtraFinding[] {
  const t = engine.tables;
  const dropped = engine.incidents.dropped;
  if (t.evicted === 0 && t.macsDropped === 0 && dropped === 0) return [];
  const us = engine.stats.lastUs;
  return [{
    code: 'table.evicted', ip: -1, vlan: 0, macs: [], refs: [], count: t.evicted + t.macsDropped + dropped, firstUs: us, lastUs: us,
    summary: `Tables reached their caps: ${plural(t.evicted, 'address', 'addresses')} evicted (cap ${engine.opts.maxAddresses}), ${plural(t.macsDropped, 'claim')} beyond 64 MACs per address not tracked, ${plural(dropped, 'finding')} beyond ${engine.opts.maxIncidents} not stored.`,
    details: { evictedAddresses: t.evicted, compactions: t.compactions, macsDropped: t.macsDropped, incidentsDropped: dropped, maxAddresses: engine.opts.maxAddresses, maxIncidents: engine.opts.maxIncidents },
  }];
}
