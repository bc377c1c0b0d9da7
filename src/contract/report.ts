// The JSON report (schema version 1; fields are only ever added): the report
// of one input or of several merged, and the several-input form (--separate).
import { Type } from '@sinclair/typebox';
import { Count, Family, FrameNo, IpMac, Literals, Mac, Nullable, Protocol, SchemaVersion, Severity, Strict, Time, Vlan, VlanPath, Vni } from './common.js';
import { Finding } from './finding.js';
import { BaselineSummary, Failover, Observer } from './parts.js';

const Segment = { vlan: Vlan, vlanPath: VlanPath, vni: Type.Optional(Vni) };
const ArpKinds = Strict({ request: Count, reply: Count, unsolicitedReply: Count, garpRequest: Count, garpReply: Count, probe: Count, announcement: Count });
const NdMessages = Strict({ routerSolicitation: Count, routerAdvertisement: Count, neighbourSolicitation: Count, neighbourAdvertisement: Count, redirect: Count });
const BySeverity = Strict({ info: Count, notice: Count, warning: Count, error: Count });

export const Input = Strict({
  file: Type.String(),
  format: Nullable(Literals('pcap', 'pcap-ns', 'pcap-kuznetzov', 'pcapng', 'live')),
  compressed: Type.Boolean(),
  linktypes: Type.Array(Type.String()),
  frames: Count,
  error: Nullable(Strict({ kind: Literals('not-a-capture', 'corrupt', 'truncated', 'io'), message: Type.String(), offset: Count, frame: Count })),
});

export const Stats = Strict({
  frames: Count,
  bytes: Count,
  arpFrames: Count,
  nonArpFrames: Count,
  first: Nullable(Time),
  last: Nullable(Time),
  kinds: ArpKinds,
  nd: Strict({
    received: { ...NdMessages, description: "every ND message by type, analysed or refused (tshark's count)" },
    messages: { ...NdMessages, description: 'those analysed (valid), by type' },
    kinds: { ...ArpKinds, description: 'NS and NA by the kind they were analysed as (request, reply, unsolicited NA as garpReply, DAD as probe)' },
    anomalies: Count,
    anomalyReasons: Type.Record(Type.String(), Count),
    addresses: { ...Count, description: 'distinct IPv6 addresses seen' },
    addressesRefused: { ...Count, description: 'IPv6 addresses refused once the table was full' },
  }, { description: 'IPv6 neighbour discovery, audited apart from ARP in IPv6 segments' }),
  decodeAnomalies: Type.Record(Type.String(), Count),
  snaplenTruncated: Count,
  linkTruncated: Count,
  unsupportedLink: Count,
  tooManyVlanTags: Count,
  duplicateReplies: Count,
  badSenderMac: Count,
  ethMismatch: Count,
  virtualMacMismatch: Count,
  timeWentBackwards: Count,
  addresses: Count,
  bindings: Count,
  evictedAddresses: Count,
  macsDropped: Count,
  incidentsDropped: Count,
  pendingRequestsOverwritten: Count,
  vrrpAdverts: Count,
  carpAdverts: Count,
  fhrpHellos: { ...Count, description: 'HSRP and GLBP hellos followed like VRRP adverts' },
  vrrpAnomalies: Count,
  overlayFrames: { ...Count, description: 'frames carried in VXLAN or Geneve, analysed in their overlay segment' },
  tunnelledArp: Strict({ gre: Count, erspan: Count, pbb: Count }, { description: 'ARP seen inside tunnels arpaudit only counts' }),
  rarpFrames: Count,
});

export const Router = Strict({ ip: Type.String(), mac: Mac, priority: Count, intervalMs: Count, lastAdvert: Time });

/** Per (segment, family, group): the current master, the backups, the VIPs. */
export const VrrpGroup = Strict({
  ...Segment,
  family: Family,
  vrid: Count,
  protocol: { ...Protocol, description: 'vrrp, or hsrp/glbp (the vrid is the group number)' },
  vips: Type.Array(Type.String()),
  virtualMac: Type.Boolean(),
  master: Nullable(Router),
  backups: Type.Array(Router),
  adverts: Count,
  masterChanges: Count,
});

/** An IPv6 router seen in router advertisements. */
export const Ipv6Router = Strict({
  ...Segment,
  mac: Mac,
  ip: Type.String(),
  first: Time,
  last: Time,
  firstFrame: Count,
  lastFrame: Count,
  adverts: Count,
  lifetime: { ...Count, description: "the last advert's default-router lifetime in seconds (0: not a default router)" },
  managed: Type.Boolean(),
  other: Type.Boolean(),
  prefixes: Type.Array(Type.String()),
  routes: Type.Array(Type.String(), { description: 'route information options (RFC 4191) of the last advert, "2001:db8:1::/48 high"' }),
  dns: Type.Array(Type.String(), { description: 'recursive DNS servers (RFC 8106) of the last advert' }),
});

/** Live capture figures; only for `live`. */
export const Capture = Strict({
  interface: Type.String(),
  filter: Type.String(),
  linktype: Type.String(),
  frames: Count,
  ringSlots: Count,
  ringSlotBytes: Count,
  ringHighWater: Count,
  ringDrops: Count,
  truncatedFrames: Count,
  kernelDrops: Nullable(Type.Integer()),
  kernelDropsNote: Type.String(),
  runningAs: Nullable(Type.String()),
});

export const AddressMac = Strict({
  mac: Mac,
  virtual: Nullable(Type.String()),
  first: Time,
  last: Time,
  firstFrame: Count,
  lastFrame: Count,
  counts: Strict({ ...ArpKinds.properties, replyTarget: Count }),
  answeredRequests: Count,
  firstAnswers: Count,
});

/** One (segment, IP) row of the address table. */
export const AddressRow = Strict({ ip: Type.String(), ...Segment, owner: Nullable(Mac), changes: Count, macs: Type.Array(AddressMac) });

/** Requests for addresses that never answered in the capture (not an alarm each). */
export const Unanswered = Strict({
  addresses: { ...Count, description: 'addresses asked for that never answered (the first 4,096 of them)' },
  requests: { ...Count, description: 'requests for those addresses' },
  untrackedRequests: { ...Count, description: 'requests for never-answering addresses past the first 4,096: counted, their addresses not told apart' },
  listed: Type.Array(Strict({ ip: Type.String(), ...Segment, requests: Count, first: Time, firstFrame: Count, last: Time, lastFrame: Count, requesters: Type.Array(IpMac) }), { description: 'the most asked-for first (at most 32)' }),
});

/** The --state file a run was held against: which sensor, what it knew, what this run added. */
export const StateSummary = Strict({
  file: Type.String(),
  sensor: Type.String(),
  stationsBefore: { ...Count, description: 'stations (segment + address) the state knew before this run' },
  stationsNew: { ...Count, description: 'stations first seen in this run' },
  learnUntil: Nullable(Type.String(), { description: 'new stations are recorded, not reported, until this time (--learn); null: no learning period' }),
  evicted: { ...Count, description: "stations evicted over the state's life for room (--max-addresses)" },
  written: Type.Boolean({ description: 'whether this run writes the state back (live, check --write-state)' }),
});

export const EvidenceKind = Literals('request', 'reply', 'unsolicitedReply', 'garpRequest', 'garpReply', 'probe', 'announcement', 'advert', 'routerAdvert', 'other');

/** A frame a finding cites, as the engine saw it. */
export const EvidenceFrame = Strict({
  frame: FrameNo,
  input: Type.Optional(Type.Integer({ minimum: 0, description: 'the input (0-based) when several are merged' })),
  at: Type.String(),
  mac: Nullable(Mac, { description: "its sender MAC (ARP's sender, ND's link-layer address, else the Ethernet source), or null" }),
  kind: EvidenceKind,
});

export const Report = Strict({
  type: Type.Optional(Type.Literal('report', { description: 'present in the live NDJSON report event' })),
  schemaVersion: SchemaVersion,
  tool: Strict({ name: Type.Literal('arpaudit'), version: Type.String() }),
  inputs: Type.Array(Input),
  options: Type.Record(Type.String(), Type.Number()),
  stats: Stats,
  summary: Strict({ findings: Count, bySeverity: BySeverity, worst: Nullable(Severity) }),
  baseline: Type.Optional(BaselineSummary),
  findings: Type.Array(Finding),
  failovers: Type.Array(Failover, { description: 'every failover: VRRP/HSRP/GLBP master changes, and GARP-announced takeovers (vrid null)' }),
  vrrp: Type.Array(VrrpGroup),
  ipv6Routers: Type.Array(Ipv6Router),
  unanswered: Unanswered,
  evidenceFrames: Type.Array(EvidenceFrame, { description: 'the frames findings cite, described when the engine analysed them: time, sender MAC and kind (for timelines)' }),
  capture: Type.Optional(Capture),
  state: Type.Optional(StateSummary),
  observer: Type.Optional(Observer),
  addresses: Type.Array(AddressRow, { description: 'every (segment, IP), ordered by VLAN then IP' }),
});

/** Several inputs analysed on their own: the verdict over all of them. */
export const OverallSummary = Strict({
  inputs: Count,
  inputErrors: { ...Count, description: 'inputs that could not be read to their end' },
  findings: Count,
  bySeverity: BySeverity,
  worst: Nullable(Severity),
  baseline: Type.Optional(BaselineSummary),
  exitCode: Count,
});

/** What `check --format json` prints: one report, or with several inputs and --separate, one per input. */
export const ReportDocument = Type.Union([
  Report,
  Strict({ schemaVersion: SchemaVersion, separate: Type.Literal(true), summary: OverallSummary, reports: Type.Array(Report) }),
]);
