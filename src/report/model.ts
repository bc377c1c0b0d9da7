// The report: a plain, JSON-ready picture of what the engine found. Built once
// at the end (or on demand for a snapshot); sinks render it and never touch
// engine state. Everything is ordered deterministically, so the same capture
// gives the same report byte for byte.
import { catalogEntry, Severity, severityRank } from '../engine/catalog.js';
import type { Engine } from '../engine/engine.js';
import type { Incident } from '../engine/incidents.js';
import { COUNT_NAMES, KIND_NAMES, K_UNSOLICITED, NKINDS } from '../engine/tables.js';
import { ARP_STATUS_NAMES } from '../decode/arp.js';
import { vlanPath } from '../decode/link.js';
import { linktypeName } from '../capture/linktype.js';
import { REF_INPUT, type InputInfo } from '../capture/runner.js';
import { formatIp, formatMac, virtualMacLabel } from '../util/addr.js';
import { fmtMs, isoTime, plural } from '../util/text.js';

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
  /** Live capture figures (interface, filter, ring fill and drops); only for `live`. */
  capture?: Record<string, unknown>;
  /** Every (VLAN, IP), ordered by VLAN then IP; produced lazily so a million rows are streamed, not held. */
  addresses: () => Iterable<AddressJson>;
  addressCount: number;
}

/** Everything needed to describe frame refs and times. */
interface Ctx {
  engine: Engine;
  multi: boolean;
}

export function ts(us: number): string {
  const sec = Math.floor(us / 1e6);
  return isoTime(sec, Math.round((us - sec * 1e6) * 1000));
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
    ...(capture ? { capture } : {}),
    addresses: () => addressRows(engine),
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
  };
}

function* addressRows(engine: Engine): Generator<AddressJson> {
  const t = engine.tables;
  const order = new Uint32Array(t.aCount);
  for (let a = 0; a < t.aCount; a++) order[a] = a;
  const vkey = (a: number) => engine.vlanKeys[t.vlanOf(a)]!;
  order.sort((x, y) => vkey(x) - vkey(y) || t.ipOf(x) - t.ipOf(y));
  for (const a of order) yield addressRow(engine, a);
}

function addressRow(engine: Engine, a: number): AddressJson {
  const t = engine.tables;
  const vkey = (x: number) => engine.vlanKeys[t.vlanOf(x)]!;
  {
    const path = vlanPath(vkey(a));
    const macs: AddressMacJson[] = [];
    for (let b = t.headOf(a); b >= 0; b = t.nextOf(b)) {
      const counts: Record<string, number> = {};
      COUNT_NAMES.forEach((n, k) => (counts[n] = t.count(b, k)));
      macs.push({
        mac: formatMac(t.mac(b)),
        virtual: virtualMacLabel(t.mac(b)),
        first: ts(t.firstUs(b)),
        last: ts(t.lastUs(b)),
        firstFrame: refFrame(t.firstRef(b)),
        lastFrame: refFrame(t.lastRef(b)),
        counts,
        answeredRequests: t.answered(b),
        firstAnswers: t.firstAnswers(b),
      });
    }
    const owner = t.owner(a);
    return {
      ip: formatIp(t.ipOf(a)),
      vlan: path.length ? path[0]! : null,
      vlanPath: path,
      owner: owner >= 0 ? formatMac(t.mac(owner)) : null,
      changes: t.changes(a),
      macs,
    };
  }
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
          spanMs: Math.round((b.lastUs - b.startUs) / 1) / 1000,
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
    default:
      return { summary: `${catalogEntry(inc.code).title}: ${where}`, details: {} };
  }
}
