// The finding codes: one stable dotted code per problem, and the severities.
// Codes are a public contract (JSON reports, --expect, baselines, dashboards):
// never rename one; add new ones instead. FindingCode is the union of every
// code, so a typo fails the build. What each means is in the catalogue
// (findings.ts, with its entries in catalog-arp.ts and catalog-more.ts).

export const SEVERITIES = ['info', 'notice', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Codes of findings the engine raises as incidents while it reads frames. */
export const INCIDENT_CODES = [
  'arp.race.multi-responder',
  'arp.binding.flip-flop',
  'arp.binding.changed',
  'arp.binding.takeover',
  'arp.spoof.unsolicited-reply',
  'arp.spoof.one-sided',
  'arp.garp.hijack',
  'arp.claim.impersonation',
  'arp.claim.own-address',
  'arp.leak.vip-sender',
  'arp.probe.defended',
  'arp.silent.address',
  'arp.scan',
  'arp.request.storm',
  'arp.garp.burst',
  'arp.garp.storm',
  'arp.frame.bad-sender-mac',
  'arp.frame.eth-mismatch',
  'arp.decode.anomaly',
  'nd.decode.anomaly',
  'nd.router.rogue',
  'nd.router.spoofed',
  'nd.router.withdrawn',
  'nd.router.changed',
  'vrrp.resignation',
  'vrrp.dual-master',
  'vrrp.contention',
  'vrrp.garp-from-backup',
  'vrrp.vip-answered-by-backup',
  'vrrp.vmac-leak',
  'vrrp.decode.anomaly',
  'vrrp.carp',
  'capture.unsupported-link',
  'station.new',
  'station.changed',
  'station.reused',
  'station.returned',
] as const;
export type IncidentCode = (typeof INCIDENT_CODES)[number];

/** Codes of findings made once the capture is read: failover verdicts, read errors, caps, expectations. */
export const REPORT_CODES = ['vrrp.failover', 'vrrp.failover.unhealthy', 'vrrp.failover.unjudged', 'vrrp.hijack', 'capture.nothing-to-analyse', 'capture.frames-lost', 'capture.tunnelled-arp', 'capture.bad-timestamps', 'capture.error', 'table.evicted', 'expect.unexpected-mac', 'expect.owner-silent'] as const;
export type ReportCode = (typeof REPORT_CODES)[number];

export type FindingCode = IncidentCode | ReportCode;

export interface CatalogEntry {
  code: FindingCode;
  severity: Severity;
  title: string;
  /** The title of an arp.* finding raised on IPv6 neighbour discovery (same code, same checks: its words are NS and NA). */
  ndTitle?: string;
  meaning: string;
  fix: string;
}
