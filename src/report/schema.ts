// The JSON report's types (schema version 1), inferred from the one definition
// of the contract in src/contract/ (TypeBox), from which docs/*.schema.json are
// also written (npm run docs). Fields are only ever added. Imported as types
// only: the contract never loads at run time.
import type { Static, TObject } from '@sinclair/typebox';
import type { BaselineDocument } from '../contract/baseline.js';
import type { FINDING_DETAILS, FindingFields } from '../contract/finding.js';
import type { BaselineEntry as BaselineEntrySchema, BaselineSummary as BaselineSummarySchema, DarkWindow, Failover, Move, RequestWatch } from '../contract/parts.js';
import type { AddressMac, AddressRow, Capture, EvidenceFrame, EvidenceKind as EvidenceKindSchema, Input, Ipv6Router, OverallSummary as OverallSummarySchema, Report as ReportSchema, Router, StateSummary, Stats, Unanswered, VrrpGroup } from '../contract/report.js';
import type { FindingCode } from '../engine/findings.js';

export const SCHEMA_VERSION = 1;

export type BaselineEntry = Static<typeof BaselineEntrySchema>;
export type BaselineFile = Static<typeof BaselineDocument>;
export type BaselineSummary = Static<typeof BaselineSummarySchema>;
export type BaselineStatus = NonNullable<FindingJson['baseline']>;
export type MoveJson = Static<typeof Move>;
export type DarkWindowJson = Static<typeof DarkWindow>;
export type RequestWatchJson = Static<typeof RequestWatch>;
export type FailoverJson = Static<typeof Failover>;
export type InputJson = Static<typeof Input>;
export type StatsJson = Static<typeof Stats>;
export type RouterJson = Static<typeof Router>;
export type VrrpJson = Static<typeof VrrpGroup>;
export type Ipv6RouterJson = Static<typeof Ipv6Router>;
export type CaptureJson = Static<typeof Capture>;
export type AddressMacJson = Static<typeof AddressMac>;
export type AddressJson = Static<typeof AddressRow>;
export type UnansweredJson = Static<typeof Unanswered>;
export type StateSummaryJson = Static<typeof StateSummary>;
export type EvidenceFrameJson = Static<typeof EvidenceFrame>;
export type EvidenceKind = Static<typeof EvidenceKindSchema>;
export type OverallSummary = Static<typeof OverallSummarySchema>;

/** What each finding's `details` holds, by code. */
export type FindingDetails = { [C in FindingCode]: Static<(typeof FINDING_DETAILS)[C]> };
export type ResponderJson = FindingDetails['arp.race.multi-responder']['responders'][number];
export type BurstJson = FindingDetails['arp.garp.burst']['bursts'][number];
export type DualEpisodeJson = FindingDetails['vrrp.dual-master']['episodes'][number];
export type StationMacJson = FindingDetails['station.changed']['known'][number];

/** The fields of every finding as reported (the live event's type, schemaVersion and observer are added by the NDJSON sink). */
type FindingBase = Static<TObject<Omit<typeof FindingFields, 'type' | 'schemaVersion' | 'observer' | 'code' | 'details'>>>;

/** A finding as reported: a union discriminated by `code`, each with its own details. */
export type FindingJson = { [C in FindingCode]: FindingBase & { code: C; details: FindingDetails[C] } }[FindingCode];

/** A summary and typed details: what each family's describer returns for its codes. */
export interface Described<C extends FindingCode> {
  summary: string;
  details: FindingDetails[C];
}

export type Report = Omit<Static<typeof ReportSchema>, 'type' | 'observer' | 'findings' | 'addresses'> & {
  findings: FindingJson[];
  /** Every (VLAN, IP), ordered by VLAN then IP; produced lazily so a million rows are streamed, not held. */
  addresses: () => Iterable<AddressJson>;
  /** The same rows as JSON, written as bytes through `sink` (which must use them before it returns); returns the row count. */
  addressBytes: (sink: (b: Uint8Array) => void) => number;
  addressCount: number;
};

/** The report as printed: the address rows drawn out. */
export type ReportJson = Omit<Report, 'addresses' | 'addressBytes' | 'addressCount'> & { addresses: AddressJson[] };
