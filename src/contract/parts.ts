// Pieces of the JSON report shared by several findings and by the live events:
// a binding move, a dark window, a watched sender, a failover, the baseline.
import { Type } from '@sinclair/typebox';
import { Count, Family, Id, IpMac, Literals, Mac, Nullable, Protocol, Strict, Time, Vlan, VlanPath, Vni } from './common.js';

/** Live NDJSON events only: who saw the event. */
export const Observer = Strict({
  host: Type.String(),
  interface: Type.String(),
  vlan: Nullable(Type.Integer({ minimum: 1, maximum: 4094 })),
}, { description: 'live NDJSON events only: who saw the event (host, interface, the VLAN its port mirrors)' });

/** An address's binding moving from one MAC to another. */
export const Move = Strict({ from: Mac, to: Mac, at: Time, frame: Count });

/** Requests for an address that went unanswered in a row, and when answering resumed. */
export const DarkWindow = Strict({
  first: Time,
  firstFrame: Count,
  last: Time,
  lastFrame: Count,
  requests: Count,
  requesters: Type.Array(IpMac),
  lastHeard: Type.String({ ...Time, description: "the address's last sign of life before the window" }),
  resumed: Nullable(Time, { description: 'when answering resumed; null when it had not by the end of the capture' }),
  resumedFrame: Nullable(Type.Integer()),
  resumedBy: Nullable(Mac),
});

/** A sender watched for asking too much: how many requests, for how many addresses, how fast. */
export const RequestWatch = Strict({
  sender: IpMac,
  requests: Count,
  addresses: Count,
  range: Type.Unsafe<[string, string]>(Type.Array(Type.String(), { minItems: 2, maxItems: 2, description: 'the lowest and highest address asked for' })),
  unanswered: { ...Count, description: 'of the addresses asked for, how many never answered in the capture' },
  first: Time,
  last: Time,
  durationMs: Type.Number({ minimum: 0 }),
  perSecond: Type.Number({ minimum: 0 }),
  peakPerSecond: Count,
  stormWindows: Count,
});

const Router = Strict({ ip: Nullable(Type.String()), mac: Mac });

/** A failover: a VRRP/HSRP/GLBP master change, or a takeover announced by GARP alone (vrid null). */
export const Failover = Strict({
  vlan: Vlan,
  vlanPath: VlanPath,
  vni: Type.Optional(Vni),
  vrid: Nullable(Type.Integer()),
  protocol: Nullable(Protocol, { description: 'the redundancy protocol of the group (the vrid is its group number); null for a takeover announced by GARP alone' }),
  family: Family,
  vips: Type.Array(Type.String()),
  from: Nullable(Router),
  to: Router,
  cause: Literals('failure', 'resignation', 'preemption', 'garp-takeover'),
  at: Time,
  frame: Count,
  gapMs: Nullable(Type.Number()),
  expectedGapMs: Nullable(Type.Number()),
  garpBursts: Type.Array(Strict({ mac: Mac, ip: Type.String(), count: Count, firstFrame: Count, start: Time, spanMs: Type.Number() })),
  firstReply: Nullable(Strict({ mac: Mac, at: Time, frame: Count })),
  neighbours: Type.Array(Strict({ ip: Type.String(), mac: Mac, at: Time, frame: Count })),
  clientsUnanswered: Type.Array(DarkWindow, { description: 'the outage clients saw: their requests for a VIP that nobody answered around the change' }),
  verdict: Literals('healthy', 'unhealthy', 'unjudged', 'hijack', 'pending'),
  verdictAt: Nullable(Type.String(), { description: 'packet time the engine reached the verdict (or last moved it); null while pending' }),
  healthy: Type.Boolean({ description: 'no problem, and the announcements judged' }),
  unjudged: Nullable(Type.String(), { description: "why the new master's announcements could not be judged (no ARP in the capture, IPv6 VIPs), or null" }),
  problems: Type.Array(Strict({
    code: Literals('garp-missing', 'garp-short', 'na-no-override', 'na-no-router', 'slow-takeover', 'old-master-answers', 'dual-master', 'unknown-router', 'physical-garp'),
    text: Type.String(),
  })),
  timeline: Type.Array(Strict({ at: Time, frame: Count, event: Type.String() })),
});

/** One accepted finding in a baseline file (--baseline, --write-baseline). */
export const BaselineEntry = Strict({
  id: Id,
  code: Type.String(),
  ip: Nullable(Type.String()),
  vlanPath: Type.Array(Type.Integer({ minimum: 0, maximum: 4095 })),
  vni: Type.Optional(Count),
  macs: Type.Array(Type.String()),
  note: Type.Optional(Type.String({ description: 'why it is accepted (a ticket, an owner)' })),
  expires: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD: accepted through this day (UTC); after it the finding fails again' })),
});

/** How the findings compare with the baseline. */
export const BaselineSummary = Strict({
  file: Type.String(),
  new: Count,
  known: Count,
  expired: Count,
  accepted: Type.Optional(Type.Integer({ minimum: 0, description: "with --write-baseline: findings the earlier baseline (if any) did not hold, accepted by this run's write" })),
  fixed: Type.Array(BaselineEntry, { description: 'baseline entries no input produced: fixed (or not captured this time)' }),
});
