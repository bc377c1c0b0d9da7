// What `live --format json` prints: one JSON event per line (NDJSON), each
// with a "type" and the observer that saw it.
import { type Static, Type } from '@sinclair/typebox';
import { Count, FrameNo, Id, IpMac, Literals, Nullable, Protocol, SchemaVersion, Strict, Time, Vlan, VlanPath, Vni } from './common.js';
import { Finding } from './finding.js';
import { Observer } from './parts.js';
import { Report } from './report.js';

export const StartEvent = Strict({
  type: Type.Literal('start'),
  schemaVersion: SchemaVersion,
  observer: Observer,
  interface: Type.String(),
  filter: Type.String(),
  linktype: Type.String(),
  runningAs: Nullable(Type.String()),
  write: Nullable(Type.String()),
});

/** A finding as the engine raises it (or updates it in place: the same id, a new code). */
export const FindingEvent = Type.Intersect([Finding, Type.Object({ type: Type.Literal('finding'), schemaVersion: SchemaVersion, observer: Observer })]);

export const MasterChangeEvent = Strict({
  type: Type.Literal('master-change'),
  schemaVersion: SchemaVersion,
  observer: Observer,
  protocol: Protocol,
  vrid: Count,
  vlan: Vlan,
  vlanPath: VlanPath,
  vni: Type.Optional(Vni),
  from: Nullable(IpMac),
  to: IpMac,
  cause: Literals('failure', 'resignation', 'preemption'),
  at: Time,
  frame: FrameNo,
  gapMs: Nullable(Type.Number()),
  expectedGapMs: Nullable(Type.Number()),
});

export const RetractedEvent = Strict({
  type: Type.Literal('retracted'),
  schemaVersion: SchemaVersion,
  observer: Observer,
  id: Id,
  code: Type.String(),
  ip: Nullable(Type.String()),
  vlanPath: VlanPath,
  vni: Type.Optional(Vni),
  supersededBy: Type.Array(Type.String()),
}, { description: 'a finding told live (by its id) that no longer stands: sent at the frame where the engine drops it (supersededBy names the finding that now says it, or is empty when later evidence disproved it), or, for what only the whole capture decides, before the report event (naming the findings about the same address that superseded it)' });

/** The report when the capture ends, as `check --format json` prints it. */
export const ReportEvent = Type.Intersect([Report, Type.Object({ type: Type.Literal('report'), observer: Observer })]);

export const LiveEvent = Type.Union([StartEvent, FindingEvent, MasterChangeEvent, RetractedEvent, ReportEvent]);

export type LiveEventJson = Static<typeof LiveEvent>;
