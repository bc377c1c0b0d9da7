// Incidents: one per problem (code + VLAN + address), updated as frames
// arrive. Created only when a problem first shows, so plain objects are fine;
// every list they keep is capped, so a flood cannot grow them.
//
// One way to use them: open() finds or creates the incident (null when the
// store is full: counted), the detector updates its typed data, then hit()
// counts the occurrence with its evidence frame and tells the listener the
// first time.
import type { IntMap } from '../util/int-set.js';
import { catalogEntry, INCIDENT_CODES, type IncidentCode, type Severity } from './findings.js';
import type { FhrpProtocol } from '../decode/vrrp.js';
import type { EvidenceLog } from './evidence-log.js';

/** First frames kept as evidence per incident; the last one is always kept too. */
export const MAX_EVIDENCE = 32;
/** Entries kept in an incident's lists of MACs (leakers, probers, spoofers, ...). */
export const MAX_LISTED = 16;

export interface Move {
  from: number;
  to: number;
  us: number;
  ref: number;
  /** The old owner answered a request sent after the move (it is alive): when and in which frame; -1 until then. */
  ownerUs: number;
  ownerRef: number;
  /** Decided (hijack.ts): true when the old owner outlived the move (a hijack), false when a VRRP failover explains it. */
  hijacked?: boolean;
}

export interface Burst {
  mac: number;
  startUs: number;
  lastUs: number;
  count: number;
  firstRef: number;
}

/** Requests for an address nobody answered, in a row (see silence.ts). */
export interface DarkWindow {
  /** The address (IPv4) nobody answered for. */
  ip: number;
  firstUs: number;
  firstRef: number;
  lastUs: number;
  lastRef: number;
  /** Unanswered requests in the window. */
  requests: number;
  /** Who asked: [requester IP, requester MAC], capped. */
  requesters: [ip: number, mac: number][];
  /** The address's last sign of life before the window. */
  lastHeardUs: number;
  /** When answering resumed, from which MAC, and the frame; -1 while still dark. */
  resumedUs: number;
  resumedRef: number;
  resumedMac: number;
}

/** A sender watched for asking too much (see requests.ts). */
export interface Watch {
  vlan: number;
  ip: number;
  mac: number;
  firstUs: number;
  firstRef: number;
  lastUs: number;
  lastRef: number;
  requests: number;
  targets: IntMap;
  /** Distinct targets not remembered (past MAX_TARGETS). */
  targetsOver: number;
  minTarget: number;
  maxTarget: number;
  /** The current window: its start, its requests, and those that were not a re-ask of a request still pending (asked within --window). */
  winUs: number;
  winRequests: number;
  winNew: number;
  peakPerSecond: number;
  /** Windows at or above the storm rate that were mostly re-asking. */
  stormWindows: number;
  stormPeak: number;
  refs: number[];
  /** The first requests nobody answered (a scan's evidence). */
  silentRefs: number[];
  scan: boolean;
  /** The sender reached --scan-rate: its targets are kept for the storm check. */
  fast: boolean;
  /** The scan incident once raised. */
  inc: Incident<'arp.scan'> | null;
  /** Distinct targets (int32) left unanswered -> the epoch they were counted in, less epochBase (see requests.ts). */
  silent: IntMap;
  /** The epoch the watch began in. */
  epochBase: number;
  silentTotal: number;
  unansweredRequests: number;
  /** The sender's request count (its binding record's) before the watch began. */
  requestBase: number;
  /** Outcomes in the current epoch (packet time / SCAN_EPOCH_US), and in the previous one; the epoch and its answered count are the watch's index's in RequestWatch. */
  epochUnanswered: number;
  epochSilent: number;
  prevAnswered: number;
  prevUnanswered: number;
  prevSilent: number;
}

export interface DualEpisode {
  startUs: number;
  lastUs: number;
  startRef: number;
  lastRef: number;
  routers: string[];
  flaps: number;
}

/** What each kind of incident keeps beyond MACs, counts, times and frames. MACs are 48-bit numbers, IPs uint32. */
export interface IncidentData {
  'arp.race.multi-responder': { requesters: [ip: number, mac: number][]; alternations: number };
  'arp.binding.flip-flop': { moves: Move[] };
  'arp.binding.changed': { moves: Move[] };
  'arp.binding.takeover': { moves: Move[] };
  'arp.spoof.unsolicited-reply': { spoofers: number[]; alternations: number };
  'arp.leak.vip-sender': { leakers: number[]; owners: number[]; alternations: number };
  'arp.garp.hijack': { moves: Move[]; ownerSeen: { mac: number; us: number; ref: number }[] };
  'arp.claim.impersonation': { impostor: number; claimRef: number; requests: number };
  'arp.spoof.one-sided': { victims: [ip: number, mac: number][] };
  'arp.claim.own-address': { ownMac: number; claimants: number[] };
  'arp.probe.defended': { probers: number[] };
  'arp.silent.address': { windows: DarkWindow[]; windowsDropped: number };
  'arp.scan': { watch: Watch | null };
  'arp.request.storm': { watch: Watch | null };
  'arp.garp.burst': { bursts: Burst[]; burstsDropped: number };
  'arp.garp.storm': { windows: number; peakPerSecond: number };
  'arp.frame.bad-sender-mac': Record<string, never>;
  'arp.frame.eth-mismatch': Record<string, never>;
  'arp.decode.anomaly': Record<string, never>;
  'vrrp.resignation': { protocol: FhrpProtocol; vrid: number; family: 4 | 6 };
  'vrrp.dual-master': { protocol: FhrpProtocol; vrid: number; episodes: DualEpisode[]; parts: { code: string; count: number; refs: number[] }[]; absorbed: Incident[] };
  'vrrp.contention': { protocol: FhrpProtocol; vrid: number; priority: number; routers: string[]; winner: string };
  'vrrp.garp-from-backup': { protocol: FhrpProtocol; vrid: number };
  'vrrp.vip-answered-by-backup': { protocol: FhrpProtocol; vrid: number };
  'vrrp.vmac-leak': { protocol: FhrpProtocol; vrid: number; physical: number[] };
  'vrrp.decode.anomaly': { reasons: Record<string, number> };
  'nd.decode.anomaly': { reasons: Record<string, number> };
  'nd.router.rogue': { existing: number[]; notAllowed: boolean };
  'nd.router.spoofed': { router: number; spoofer: number; withdrawals: number };
  'nd.router.withdrawn': Record<string, never>;
  'nd.router.changed': { changes: string[] };
  'vrrp.carp': { vhids: number[] };
  'capture.unsupported-link': { linktypes: number[] };
  'station.new': { how: string[] };
  'station.changed': { how: string[]; known: StationMacSeen[] };
  'station.reused': { how: string[]; latest: StationMacSeen | null; lastUs: number };
  'station.returned': { how: string[]; lastUs: number };
}

/** A MAC the --state baseline knew for an address: when it was first and last seen. */
export interface StationMacSeen {
  mac: number;
  firstUs: number;
  lastUs: number;
}

const EMPTY = (): Record<string, never> => ({});
const MOVES = () => ({ moves: [] as Move[] });

const INITIAL: { [C in IncidentCode]: () => IncidentData[C] } = {
  'arp.race.multi-responder': () => ({ requesters: [], alternations: 0 }),
  'arp.binding.flip-flop': MOVES,
  'arp.binding.changed': MOVES,
  'arp.binding.takeover': MOVES,
  'arp.spoof.unsolicited-reply': () => ({ spoofers: [], alternations: 0 }),
  'arp.leak.vip-sender': () => ({ leakers: [], owners: [], alternations: 0 }),
  'arp.garp.hijack': () => ({ moves: [], ownerSeen: [] }),
  'arp.claim.impersonation': () => ({ impostor: 0, claimRef: -1, requests: 0 }),
  'arp.spoof.one-sided': () => ({ victims: [] }),
  'arp.claim.own-address': () => ({ ownMac: 0, claimants: [] }),
  'arp.probe.defended': () => ({ probers: [] }),
  'arp.silent.address': () => ({ windows: [], windowsDropped: 0 }),
  'arp.scan': () => ({ watch: null }),
  'arp.request.storm': () => ({ watch: null }),
  'arp.garp.burst': () => ({ bursts: [], burstsDropped: 0 }),
  'arp.garp.storm': () => ({ windows: 0, peakPerSecond: 0 }),
  'arp.frame.bad-sender-mac': EMPTY,
  'arp.frame.eth-mismatch': EMPTY,
  'arp.decode.anomaly': EMPTY,
  'vrrp.resignation': () => ({ protocol: 'vrrp', vrid: 0, family: 4 }),
  'vrrp.dual-master': () => ({ protocol: 'vrrp', vrid: 0, episodes: [], parts: [], absorbed: [] }),
  'vrrp.contention': () => ({ protocol: 'vrrp', vrid: 0, priority: 0, routers: [], winner: '' }),
  'vrrp.garp-from-backup': () => ({ protocol: 'vrrp', vrid: 0 }),
  'vrrp.vip-answered-by-backup': () => ({ protocol: 'vrrp', vrid: 0 }),
  'vrrp.vmac-leak': () => ({ protocol: 'vrrp', vrid: 0, physical: [] }),
  'vrrp.decode.anomaly': () => ({ reasons: {} }),
  'nd.decode.anomaly': () => ({ reasons: {} }),
  'nd.router.rogue': () => ({ existing: [], notAllowed: false }),
  'nd.router.spoofed': () => ({ router: 0, spoofer: 0, withdrawals: 0 }),
  'nd.router.withdrawn': EMPTY,
  'nd.router.changed': () => ({ changes: [] }),
  'vrrp.carp': () => ({ vhids: [] }),
  'capture.unsupported-link': () => ({ linktypes: [] }),
  'station.new': () => ({ how: [] }),
  'station.changed': () => ({ how: [], known: [] }),
  'station.reused': () => ({ how: [], latest: null, lastUs: 0 }),
  'station.returned': () => ({ how: [], lastUs: 0 }),
};

export class Incident<C extends IncidentCode = IncidentCode> {
  readonly severity: Severity;
  /** MACs involved, in order of first involvement. */
  readonly macs: number[] = [];
  count = 0;
  firstUs: number;
  lastUs: number;
  readonly frames: number[] = [];
  lastRef = -1;
  framesTotal = 0;
  readonly data: IncidentData[C];
  /** Disproved by the whole capture (see reconcile.ts): not reported. */
  dropped = false;

  constructor(
    readonly seq: number,
    readonly code: C,
    readonly vlan: number,
    /** IPv4 as uint32, or -1 when the incident is not about one address. */
    readonly ip: number,
    us: number,
    /** Where cited frames are described (time, sender, kind), if anywhere. */
    private readonly log: EvidenceLog | null = null,
  ) {
    this.severity = catalogEntry(code).severity;
    this.firstUs = us;
    this.lastUs = us;
    this.data = INITIAL[code]();
  }

  /** Narrows an incident to one code, with its data type. */
  is<K extends IncidentCode>(code: K): this is Incident<K> {
    return (this.code as IncidentCode) === code;
  }

  addMac(mac: number): void {
    if (!this.macs.includes(mac)) this.macs.push(mac);
  }

  /** Adds a MAC while the incident lists fewer than MAX_LISTED (floods of sources). */
  addMacCapped(mac: number): void {
    if (this.macs.length < MAX_LISTED) this.addMac(mac);
  }

  evidence(ref: number): void {
    if (ref < 0 || ref === this.lastRef) return;
    if (this.frames.length < MAX_EVIDENCE) {
      if (this.frames.includes(ref)) return;
      this.frames.push(ref);
      this.log?.note(ref);
    }
    this.framesTotal++;
    this.lastRef = ref;
  }

  /** Evidence refs in order, the last one appended when the cap cut the list. */
  evidenceRefs(): number[] {
    const r = this.frames.slice();
    if (this.lastRef >= 0 && !r.includes(this.lastRef)) r.push(this.lastRef);
    return r.sort((a, b) => a - b);
  }
}

/** Adds v to a capped list of distinct numbers. */
export function listAdd(list: number[], v: number): void {
  if (list.length < MAX_LISTED && !list.includes(v)) list.push(v);
}

export type IncidentListener = (inc: Incident) => void;

export class IncidentStore {
  /** Incidents by code (its index in INCIDENT_CODES), VLAN index and IP as int32: small-integer keys, nothing boxed per lookup. */
  private readonly byCode: Map<number, Map<number, Incident>>[] = INCIDENT_CODES.map(() => new Map());
  readonly list: Incident[] = [];
  /** Incidents not stored because the store was full. */
  dropped = 0;
  /** Describes the frames incidents cite (set by the engine). */
  log: EvidenceLog | null = null;
  /** Told of each incident when it is first hit (live sinks). */
  listener: IncidentListener | null = null;
  /** Told when an incident already counted is dropped while frames are read: later evidence disproved it, or a finding of code `by` says it better (live sinks retract it). */
  onRetract: ((inc: Incident, by: IncidentCode | null) => void) | null = null;
  /** Asked before an incident is first told: true when another incident takes it in (split-brain.ts); it is then dropped, never told. */
  absorb: ((inc: Incident) => boolean) | null = null;

  constructor(readonly max: number) {}

  get<C extends IncidentCode>(code: C, vlan: number, ip: number): Incident<C> | undefined {
    return this.byCode[CODE_INDEX[code]]!.get(vlan)?.get(ip | 0) as Incident<C> | undefined;
  }

  /** The incident for (code, vlan, ip), created when new; null when the store is full (counted). */
  open<C extends IncidentCode>(code: C, vlan: number, ip: number, us: number): Incident<C> | null {
    const byVlan = this.byCode[CODE_INDEX[code]]!;
    let m = byVlan.get(vlan);
    if (m === undefined) byVlan.set(vlan, (m = new Map()));
    const k = ip | 0;
    const found = m.get(k);
    if (found) return found as Incident<C>;
    if (this.list.length >= this.max) {
      this.dropped++;
      return null;
    }
    const inc = new Incident(this.list.length, code, vlan, ip, us, this.log);
    m.set(k, inc as Incident);
    this.list.push(inc as Incident);
    return inc;
  }

  /** Extends an incident's evidence to time us and frame ref without counting an occurrence. */
  extend(inc: Incident, us: number, ref: number): void {
    if (us > inc.lastUs) inc.lastUs = us;
    inc.evidence(ref);
  }

  /** Records one occurrence at time us with evidence frame ref; the first one raises the incident. */
  hit(inc: Incident, us: number, ref: number): void {
    inc.count++;
    if (us < inc.firstUs) inc.firstUs = us;
    if (us > inc.lastUs) inc.lastUs = us;
    inc.evidence(ref);
    if (inc.count === 1 && !inc.dropped && !this.absorb?.(inc)) this.listener?.(inc);
  }

  /** Drops an incident later evidence disproved (`by` null) or a finding of code `by` supersedes; one already counted is retracted through onRetract. */
  retract(inc: Incident, by: IncidentCode | null = null): void {
    if (inc.dropped) return;
    inc.dropped = true;
    if (inc.count > 0) this.onRetract?.(inc, by);
  }

  /** Incidents that stand (not dropped), in creation order. */
  live(): Incident[] {
    return this.list.filter((i) => !i.dropped);
  }
}

const CODE_INDEX = Object.fromEntries(INCIDENT_CODES.map((c, i) => [c, i])) as Record<IncidentCode, number>;

