// The JSON report (schema version 1): a public contract, documented in
// docs/report-schema.md and docs/report.schema.json and validated against
// real reports in the tests. Fields are only ever added.
import type { FhrpProtocol } from '../decode/vrrp.js';
import type { FindingCode, Severity } from '../engine/findings.js';

export const SCHEMA_VERSION = 1;

/** new: not in the baseline; known: accepted by it; expired: accepted until a date now past; accepted: not in the baseline before, accepted by this run's --write-baseline. */
export type BaselineStatus = 'new' | 'known' | 'expired' | 'accepted';

/** One accepted finding in a baseline file (--baseline, --write-baseline). */
export interface BaselineEntry {
  id: string;
  code: string;
  ip: string | null;
  vlanPath: number[];
  vni?: number;
  macs: string[];
  /** Why it is accepted (a ticket, an owner). */
  note?: string;
  /** YYYY-MM-DD: accepted through this day (UTC); after it the finding fails again. */
  expires?: string;
}

export interface BaselineFile {
  schemaVersion: 1;
  tool: 'arpaudit';
  findings: BaselineEntry[];
}

/** How the findings compare with the baseline. */
export interface BaselineSummary {
  file: string;
  new: number;
  known: number;
  expired: number;
  /** With --write-baseline: findings the earlier baseline (if any) did not hold, accepted by this run's write. */
  accepted?: number;
  /** Baseline entries no input produced: fixed (or not captured this time). */
  fixed: BaselineEntry[];
}

export interface MoveJson {
  from: string;
  to: string;
  at: string;
  frame: number;
}

export interface ResponderJson {
  mac: string;
  virtual: string | null;
  answered: number;
  firstAnswers: number;
  winShare: number;
}

export interface BurstJson {
  mac: string;
  start: string;
  count: number;
  spanMs: number;
  firstFrame: number;
  afterPreviousMs: number | null;
}

/** Requests for an address that went unanswered in a row, and when answering resumed. */
export interface DarkWindowJson {
  first: string;
  firstFrame: number;
  last: string;
  lastFrame: number;
  requests: number;
  requesters: { ip: string; mac: string }[];
  /** The address's last sign of life before the window. */
  lastHeard: string;
  /** When answering resumed and from which MAC; null when it had not by the end of the capture. */
  resumed: string | null;
  resumedFrame: number | null;
  resumedBy: string | null;
}

/** A sender watched for asking too much: how many requests, for how many addresses, how fast. */
export interface RequestWatchJson {
  sender: { ip: string; mac: string };
  requests: number;
  addresses: number;
  /** The lowest and highest address asked for. */
  range: [string, string];
  /** Of the addresses asked for, how many never answered in the capture. */
  unanswered: number;
  first: string;
  last: string;
  durationMs: number;
  perSecond: number;
  peakPerSecond: number;
  stormWindows: number;
}

export interface DualEpisodeJson {
  start: string;
  end: string;
  durationMs: number;
  routers: string[];
  alternations: number;
}

/** The --state file a run was held against: which sensor, what it knew, what this run added. */
export interface StateSummaryJson {
  file: string;
  sensor: string;
  /** Stations (segment + address) the state knew before this run. */
  stationsBefore: number;
  /** Stations first seen in this run. */
  stationsNew: number;
  /** New stations are recorded, not reported, until this time (--learn); null: no learning period. */
  learnUntil: string | null;
  /** Stations evicted over the state's life for room (--max-addresses). */
  evicted: number;
  /** Whether this run writes the state back (live, check --write-state). */
  written: boolean;
}

/** A MAC the --state baseline knew for an address. */
export interface StationMacJson {
  mac: string;
  firstSeen: string;
  lastSeen: string;
}

/** What each finding's `details` holds, by code. */
export interface FindingDetails {
  'arp.race.multi-responder': {
    requests: number;
    multiResponderRequests: number;
    responders: ResponderJson[];
    raceWinner: string;
    requesters: { ip: string; mac: string }[];
    alternations: number;
  };
  'arp.binding.flip-flop': { changes: number; moves: MoveJson[] };
  'arp.binding.changed': { moves: MoveJson[] };
  'arp.binding.takeover': { moves: MoveJson[] };
  'arp.spoof.unsolicited-reply': { spoofers: { mac: string; unsolicitedReplies: number }[]; otherClaimants: string[]; alternations: number };
  'arp.leak.vip-sender': { leakers: string[]; owners: string[]; requests: number; alternations: number };
  'arp.garp.hijack': { moves: MoveJson[]; ownerSeen: { mac: string; at: string; frame: number }[] };
  'arp.claim.impersonation': { impostor: string; claimFrame: number | null; requests: number; holders: string[] };
  'arp.spoof.one-sided': { claimant: string; unsolicitedReplies: number; victims: { ip: string; mac: string }[] };
  'arp.claim.own-address': { ownMac: string; claimants: string[] };
  'arp.probe.defended': { probers: string[]; defenders: string[]; answers: number };
  'arp.silent.address': { windows: DarkWindowJson[]; windowsDropped: number };
  'arp.scan': RequestWatchJson;
  'arp.request.storm': RequestWatchJson;
  'arp.garp.burst': { garps: number; bursts: BurstJson[]; burstsDropped: number };
  'arp.garp.storm': { peakPerSecond: number; windows: number; threshold: number };
  'arp.frame.bad-sender-mac': { frames: number };
  'arp.frame.eth-mismatch': { senderMac: string; ethernetSources: string[] };
  'arp.decode.anomaly': { reasons: Record<string, number>; sources: string[] };
  'vrrp.failover': FailoverJson;
  'vrrp.failover.unhealthy': FailoverJson;
  'vrrp.failover.unjudged': FailoverJson;
  'vrrp.hijack': FailoverJson;
  'capture.nothing-to-analyse': { frames: number; linktypes: string[] };
  'capture.frames-lost': { ringDrops: number; kernelDrops: number; analysed: number };
  'capture.tunnelled-arp': { gre: number; erspan: number; pbb: number; rarp: number };
  'capture.bad-timestamps': { fractionOutOfRange: number; before1970: number; timeWentBackwards: number };
  'vrrp.resignation': { vrid: number; resignations: number };
  'vrrp.dual-master': { vrid: number; episodes: DualEpisodeJson[]; durationMs: number; parts: { code: string; count: number; frames: number[] }[] };
  'vrrp.contention': { vrid: number; priority: number; routers: string[]; winner: string };
  'vrrp.garp-from-backup': { vrid: number; garps: number };
  'vrrp.vip-answered-by-backup': { vrid: number; replies: number };
  'vrrp.vmac-leak': { vrid: number; frames: number; physicalMacs: string[] };
  'vrrp.decode.anomaly': { reasons: Record<string, number>; sources: string[] };
  'nd.decode.anomaly': { reasons: Record<string, number>; sources: string[] };
  'nd.router.rogue': { router: string; existingRouters: string[]; notAllowed: boolean };
  'nd.router.spoofed': { router: string; spoofer: string; withdrawals: number };
  'nd.router.withdrawn': { router: string };
  'nd.router.changed': { router: string; changes: string[] };
  'vrrp.carp': { vhids: number[]; sources: string[] };
  'capture.unsupported-link': { linktypes: string[] };
  'station.new': { macs: string[]; learnedBy: string[] };
  'station.changed': { newMacs: string[]; known: StationMacJson[]; learnedBy: string[] };
  'station.reused': { macs: string[]; previousLastSeen: string; latest: StationMacJson | null; learnedBy: string[] };
  'station.returned': { macs: string[]; lastSeenBefore: string; absentSeconds: number; learnedBy: string[] };
  'capture.error': { file: string; offset: number; frame: number; message: string; kind: string };
  'table.evicted': { evictedAddresses: number; compactions: number; macsDropped: number; incidentsDropped: number; maxAddresses: number; maxIncidents: number };
  'expect.unexpected-mac': { expected: string[]; vrrp: number | null; unexpected: string[] };
  'expect.owner-silent': { expected: string[]; vrrp: number | null; seen: boolean };
}

interface FindingBase<C extends FindingCode> {
  code: C;
  /** Stable id (docs/ci.md): code, segment, address and MAC set hashed; the key of baselines. */
  id: string;
  /** With --baseline: new, known (accepted), or expired (accepted until a date now past). */
  baseline?: BaselineStatus;
  severity: Severity;
  title: string;
  ip: string | null;
  vlan: number | null;
  vlanPath: number[];
  /** The VXLAN/Geneve VNI of an overlay segment (vlanPath is then the carried frame's own tags). */
  vni?: number;
  macs: string[];
  count: number;
  frames: number[];
  /** Input index of each entry of `frames`; present only with several inputs. */
  frameInputs?: number[];
  framesTotal: number;
  /** When it was seen; null only when the input held no frame to date it (nothing to analyse, say). */
  first: string | null;
  last: string | null;
  summary: string;
  details: FindingDetails[C];
  fix: string;
}

/** A finding as reported: a union discriminated by `code`, each with its own details. */
export type FindingJson = { [C in FindingCode]: FindingBase<C> }[FindingCode];

/** A summary and typed details: what each family's describer returns for its codes. */
export interface Described<C extends FindingCode> {
  summary: string;
  details: FindingDetails[C];
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
  vni?: number;
  owner: string | null;
  changes: number;
  macs: AddressMacJson[];
}

export interface FailoverJson {
  vlan: number | null;
  vlanPath: number[];
  vni?: number;
  vrid: number | null;
  /** The redundancy protocol of the group (the vrid is its group number); null for a takeover announced by GARP alone. */
  protocol: FhrpProtocol | null;
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
  /** The outage clients saw: their requests for a VIP that nobody answered around the change. */
  clientsUnanswered: DarkWindowJson[];
  /** The engine's verdict: a hostile coup is a hijack; pending while the change is inside its GARP wait (live). */
  verdict: 'healthy' | 'unhealthy' | 'unjudged' | 'hijack' | 'pending';
  /** Packet time the engine reached that verdict (or last moved it); null while pending. */
  verdictAt: string | null;
  /** No problem, and the announcements judged. */
  healthy: boolean;
  /** Why the new master's announcements could not be judged (no ARP in the capture, IPv6 VIPs), or null. */
  unjudged: string | null;
  problems: { code: string; text: string }[];
  timeline: { at: string; frame: number; event: string }[];
}

export interface RouterJson {
  ip: string;
  mac: string;
  priority: number;
  intervalMs: number;
  lastAdvert: string;
}

export interface VrrpJson {
  vlan: number | null;
  vlanPath: number[];
  vni?: number;
  family: number;
  vrid: number;
  /** vrrp, or hsrp/glbp (the vrid is the group number). */
  protocol: FhrpProtocol;
  vips: string[];
  virtualMac: boolean;
  master: RouterJson | null;
  backups: RouterJson[];
  adverts: number;
  masterChanges: number;
}

export interface Ipv6RouterJson {
  vlan: number | null;
  vlanPath: number[];
  vni?: number;
  mac: string;
  ip: string;
  first: string;
  last: string;
  firstFrame: number;
  lastFrame: number;
  adverts: number;
  /** The last advert's default-router lifetime in seconds (0: not a default router). */
  lifetime: number;
  managed: boolean;
  other: boolean;
  prefixes: string[];
  /** Route information options (RFC 4191), "2001:db8:1::/48 high", and recursive DNS servers (RFC 8106), of the last advert. */
  routes: string[];
  dns: string[];
}

export interface InputJson {
  file: string;
  format: string | null;
  compressed: boolean;
  linktypes: string[];
  frames: number;
  error: { kind: string; message: string; offset: number; frame: number } | null;
}

export interface StatsJson {
  frames: number;
  bytes: number;
  arpFrames: number;
  nonArpFrames: number;
  first: string | null;
  last: string | null;
  kinds: Record<string, number>;
  /** IPv6 neighbour discovery, audited apart from ARP in IPv6 segments. */
  nd: {
    /** Every ND message by type, analysed or refused (tshark's count). */
    received: Record<string, number>;
    /** Those analysed (valid), by type. */
    messages: Record<string, number>;
    /** NS and NA by the kind they were analysed as (request, reply, unsolicited NA as garpReply, DAD as probe). */
    kinds: Record<string, number>;
    anomalies: number;
    anomalyReasons: Record<string, number>;
    /** Distinct IPv6 addresses seen, and those refused once the table was full. */
    addresses: number;
    addressesRefused: number;
  };
  decodeAnomalies: Record<string, number>;
  snaplenTruncated: number;
  linkTruncated: number;
  unsupportedLink: number;
  tooManyVlanTags: number;
  duplicateReplies: number;
  badSenderMac: number;
  ethMismatch: number;
  virtualMacMismatch: number;
  timeWentBackwards: number;
  addresses: number;
  bindings: number;
  evictedAddresses: number;
  macsDropped: number;
  incidentsDropped: number;
  pendingRequestsOverwritten: number;
  vrrpAdverts: number;
  carpAdverts: number;
  /** HSRP and GLBP hellos followed like VRRP adverts. */
  fhrpHellos: number;
  vrrpAnomalies: number;
  /** Frames carried in VXLAN or Geneve, analysed in their overlay segment. */
  overlayFrames: number;
  /** ARP seen inside tunnels arpaudit only counts. */
  tunnelledArp: { gre: number; erspan: number; pbb: number };
  rarpFrames: number;
}

/** Live capture figures; only for `live`. */
export interface CaptureJson {
  interface: string;
  filter: string;
  linktype: string;
  frames: number;
  ringSlots: number;
  ringSlotBytes: number;
  ringHighWater: number;
  ringDrops: number;
  truncatedFrames: number;
  kernelDrops: number | null;
  kernelDropsNote: string;
  runningAs: string | null;
}

/** Several inputs analysed on their own: the verdict over all of them. */
export interface OverallSummary {
  inputs: number;
  /** Inputs that could not be read to their end. */
  inputErrors: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  worst: Severity | null;
  baseline?: BaselineSummary;
  exitCode: number;
}

/** Requests for addresses that never answered in the capture (not an alarm each). */
export interface UnansweredJson {
  /** Addresses asked for that never answered, and the requests for them. */
  addresses: number;
  requests: number;
  /** The most asked-for first (at most 32). */
  listed: { ip: string; vlan: number | null; vlanPath: number[]; vni?: number; requests: number; first: string; firstFrame: number; last: string; lastFrame: number; requesters: { ip: string; mac: string }[] }[];
}

/** A frame a finding cites, as the engine saw it. */
export interface EvidenceFrameJson {
  frame: number;
  /** The input (0-based) when several are merged. */
  input?: number;
  at: string;
  /** Its sender MAC (ARP's sender, ND's link-layer address, else the Ethernet source), or null. */
  mac: string | null;
  kind: EvidenceKind;
}

export type EvidenceKind = 'request' | 'reply' | 'unsolicitedReply' | 'garpRequest' | 'garpReply' | 'probe' | 'announcement' | 'advert' | 'routerAdvert' | 'other';

export interface Report {
  schemaVersion: number;
  tool: { name: 'arpaudit'; version: string };
  inputs: InputJson[];
  options: Record<string, number>;
  stats: StatsJson;
  summary: { findings: number; bySeverity: Record<Severity, number>; worst: Severity | null };
  /** With --baseline, for a single report (several: in the overall summary). */
  baseline?: BaselineSummary;
  findings: FindingJson[];
  /** Every failover: VRRP master changes, and GARP-announced takeovers without VRRP (vrid null). */
  failovers: FailoverJson[];
  /** Per (VLAN, family, VRID): current master, backups, VIPs. */
  vrrp: VrrpJson[];
  /** IPv6 routers seen in router advertisements, per segment. */
  ipv6Routers: Ipv6RouterJson[];
  unanswered: UnansweredJson;
  /** The frames findings cite, described when the engine analysed them: time, sender MAC and kind (for timelines). */
  evidenceFrames: EvidenceFrameJson[];
  capture?: CaptureJson;
  /** The --state baseline this run was held against. */
  state?: StateSummaryJson;
  /** Every (VLAN, IP), ordered by VLAN then IP; produced lazily so a million rows are streamed, not held. */
  addresses: () => Iterable<AddressJson>;
  /** The same rows as JSON, written as bytes through `sink` (which must use them before it returns); returns the row count. */
  addressBytes: (sink: (b: Uint8Array) => void) => number;
  addressCount: number;
}
