// One finding of the JSON report: the fields every finding has, and what its
// `details` hold, by code. FINDING_DETAILS is keyed by the catalogue's codes
// (engine/findings.ts), so a code without a details schema fails the build.
import { type TSchema, Type } from '@sinclair/typebox';
import { type FindingCode, INCIDENT_CODES, REPORT_CODES } from '../engine/codes.js';
import { Count, FrameNo, Id, IpMac, Literals, Mac, Nullable, Severity, Strict, Time, Vlan, VlanPath, Vni } from './common.js';
import { DarkWindow, Failover, Move, Observer, RequestWatch } from './parts.js';

const CODES = [...INCIDENT_CODES, ...REPORT_CODES];
const Anomalies = Strict({ reasons: Type.Record(Type.String(), Count), sources: Type.Array(Mac) });
const StationMac = Strict({ mac: Mac, firstSeen: Type.String(), lastSeen: Type.String() }, { description: 'a MAC the --state baseline knew for an address' });

/** What each finding's `details` holds, by code. */
export const FINDING_DETAILS = {
  'arp.race.multi-responder': Strict({
    requests: Count,
    multiResponderRequests: Count,
    responders: Type.Array(Strict({ mac: Mac, virtual: Nullable(Type.String()), answered: Count, firstAnswers: Count, winShare: Type.Number({ minimum: 0, maximum: 1 }) })),
    raceWinner: Mac,
    requesters: Type.Array(IpMac),
    alternations: Count,
  }),
  'arp.binding.flip-flop': Strict({ changes: Count, moves: Type.Array(Move) }),
  'arp.binding.changed': Strict({ moves: Type.Array(Move) }),
  'arp.binding.takeover': Strict({ moves: Type.Array(Move) }),
  'arp.spoof.unsolicited-reply': Strict({ spoofers: Type.Array(Strict({ mac: Mac, unsolicitedReplies: Count })), otherClaimants: Type.Array(Mac), alternations: Count }),
  'arp.leak.vip-sender': Strict({ leakers: Type.Array(Mac), owners: Type.Array(Mac), requests: Count, alternations: Count }),
  'arp.probe.defended': Strict({ probers: Type.Array(Mac), defenders: Type.Array(Mac), answers: Count }),
  'arp.garp.burst': Strict({
    garps: Count,
    bursts: Type.Array(Strict({ mac: Mac, start: Time, count: Count, spanMs: Type.Number(), firstFrame: Count, afterPreviousMs: Nullable(Type.Number()) })),
    burstsDropped: Count,
  }),
  'arp.garp.storm': Strict({ peakPerSecond: Count, windows: Count, threshold: Type.Number() }),
  'arp.frame.bad-sender-mac': Strict({ frames: Count }),
  'arp.frame.eth-mismatch': Strict({ senderMac: Mac, ethernetSources: Type.Array(Mac) }),
  'arp.decode.anomaly': Anomalies,
  'vrrp.failover': Failover,
  'vrrp.failover.unhealthy': Failover,
  'vrrp.resignation': Strict({ vrid: Count, resignations: Count }),
  'vrrp.dual-master': Strict({
    vrid: Count,
    episodes: Type.Array(Strict({ start: Time, end: Time, durationMs: Type.Number(), routers: Type.Array(Type.String()), alternations: Count })),
    durationMs: Type.Number(),
    parts: Type.Array(Strict({ code: Type.String(), count: Count, frames: Type.Array(Count) })),
  }),
  'vrrp.garp-from-backup': Strict({ vrid: Count, garps: Count }),
  'vrrp.vip-answered-by-backup': Strict({ vrid: Count, replies: Count }),
  'vrrp.vmac-leak': Strict({ vrid: Count, frames: Count, physicalMacs: Type.Array(Mac) }),
  'vrrp.decode.anomaly': Anomalies,
  'nd.decode.anomaly': Anomalies,
  'vrrp.carp': Strict({ vhids: Type.Array(Count), sources: Type.Array(Mac) }),
  'capture.unsupported-link': Strict({ linktypes: Type.Array(Type.String()) }),
  'capture.error': Strict({ file: Type.String(), offset: Count, frame: Count, message: Type.String(), kind: Literals('not-a-capture', 'corrupt', 'truncated', 'io') }),
  'table.evicted': Strict({ evictedAddresses: Count, compactions: Count, macsDropped: Count, incidentsDropped: Count, maxAddresses: Count, maxIncidents: Count }),
  'expect.unexpected-mac': Strict({ expected: Type.Array(Mac), vrrp: Nullable(Type.Integer()), unexpected: Type.Array(Mac) }),
  'expect.owner-silent': Strict({ expected: Type.Array(Mac), vrrp: Nullable(Type.Integer()), seen: Type.Boolean() }),
  'vrrp.failover.unjudged': Failover,
  'vrrp.hijack': Failover,
  'capture.nothing-to-analyse': Strict({ frames: Count, linktypes: Type.Array(Type.String()) }),
  'capture.bad-timestamps': Strict({ fractionOutOfRange: Count, before1970: Count, timeWentBackwards: Count }),
  'capture.tunnelled-arp': Strict({ gre: Count, erspan: Count, pbb: Count, rarp: Count }),
  'capture.frames-lost': Strict({ ringDrops: Count, kernelDrops: Count, analysed: Count }),
  'arp.silent.address': Strict({ windows: Type.Array(DarkWindow), windowsDropped: Count }),
  'arp.scan': RequestWatch,
  'arp.request.storm': RequestWatch,
  'arp.garp.hijack': Strict({ moves: Type.Array(Move), ownerSeen: Type.Array(Strict({ mac: Mac, at: Time, frame: Count })) }),
  'arp.claim.impersonation': Strict({ impostor: Mac, claimFrame: Nullable(Type.Integer()), requests: Count, holders: Type.Array(Mac) }),
  'arp.claim.own-address': Strict({ ownMac: Mac, claimants: Type.Array(Mac) }),
  'vrrp.contention': Strict({ vrid: Count, priority: Count, routers: Type.Array(Type.String()), winner: Type.String() }),
  'nd.router.rogue': Strict({ router: Mac, existingRouters: Type.Array(Mac), notAllowed: Type.Boolean() }),
  'nd.router.spoofed': Strict({ router: Mac, spoofer: Mac, withdrawals: Count }),
  'nd.router.withdrawn': Strict({ router: Mac }),
  'nd.router.changed': Strict({ router: Mac, changes: Type.Array(Type.String()) }),
  'station.new': Strict({ macs: Type.Array(Mac), learnedBy: Type.Array(Type.String()) }),
  'station.changed': Strict({ newMacs: Type.Array(Mac), known: Type.Array(StationMac), learnedBy: Type.Array(Type.String()) }),
  'station.reused': Strict({
    macs: Type.Array(Mac),
    previousLastSeen: Type.String(),
    latest: Nullable(StationMac),
    learnedBy: Type.Array(Type.String()),
  }),
  'station.returned': Strict({ macs: Type.Array(Mac), lastSeenBefore: Type.String(), absentSeconds: Count, learnedBy: Type.Array(Type.String()) }),
  'arp.spoof.one-sided': Strict({ claimant: Mac, unsolicitedReplies: Count, victims: Type.Array(IpMac) }),
} satisfies Record<FindingCode, TSchema>;

/** With --baseline: new, known (accepted), expired (accepted until a date now past), or accepted by this run's --write-baseline. */
export const BaselineStatus = Literals('new', 'known', 'expired', 'accepted');

/** The fields of every finding; `details` is typed by code (the allOf below). The optional type, schemaVersion and observer are the live NDJSON event's. */
export const FindingFields = {
  type: Type.Optional(Type.Literal('finding', { description: 'present in live NDJSON finding events' })),
  schemaVersion: Type.Optional(Type.Literal(1, { description: 'present in live NDJSON finding events' })),
  code: Literals(...CODES),
  id: { ...Id, description: 'stable id: code, segment, address and MAC set hashed (the key of baselines)' },
  baseline: Type.Optional(BaselineStatus),
  severity: Severity,
  title: Type.String(),
  ip: Nullable(Type.String()),
  vlan: Vlan,
  vlanPath: VlanPath,
  vni: Type.Optional(Vni),
  macs: Type.Array(Mac),
  count: Count,
  frames: Type.Array(FrameNo),
  frameInputs: Type.Optional(Type.Array(Count, { description: 'input index of each entry of frames; present only with several inputs' })),
  framesTotal: Count,
  first: Nullable(Time, { description: 'when it was seen; null only when the input held no frame to date it' }),
  last: Nullable(Time),
  summary: Type.String(),
  details: Type.Object({}),
  fix: Type.String(),
  observer: Type.Optional(Observer),
};

/** A finding as reported: `code` picks the schema of its `details`. */
export const Finding = Strict(FindingFields, {
  allOf: CODES.map((code) => ({ if: { properties: { code: { const: code } } }, then: { properties: { details: FINDING_DETAILS[code] } } })),
});
