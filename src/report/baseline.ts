// Baselines: findings a team has accepted, by id (report/fingerprint.ts).
// A finding whose id is in the baseline is known and does not fail the run
// unless its entry has expired; entries no input produced are listed as
// fixed. Pure: the file is read and written by the CLI.
import { severityRank, type Severity } from '../engine/findings.js';
import type { BaselineEntry, BaselineFile, BaselineSummary, FindingJson, Report } from './schema.js';

/** True for a finding a baseline accepts: known to it, or accepted by this run's --write-baseline. */
export function isAccepted(f: FindingJson): boolean {
  return f.baseline === 'known' || f.baseline === 'accepted';
}

/** Findings that fail the run: at or above failOn and not accepted by a baseline. */
export function failing(r: Report, failOn: Severity | 'none'): FindingJson[] {
  if (failOn === 'none') return [];
  const bar = severityRank(failOn);
  return r.findings.filter((f) => !isAccepted(f) && severityRank(f.severity) >= bar);
}

/**
 * After --write-baseline: the findings the earlier baseline (`before`, null
 * when there was none) did not hold are `accepted` by this run's write, not
 * `known` (no baseline knew them); the summary counts them apart.
 */
export function markAccepted(reports: Report[], before: BaselineFile | null, sum: BaselineSummary): void {
  const had = new Set((before?.findings ?? []).map((e) => e.id));
  let n = 0;
  for (const r of reports) {
    for (const f of r.findings) {
      if (f.baseline === 'known' && !had.has(f.id)) {
        f.baseline = 'accepted';
        sum.known--;
        n++;
      }
    }
  }
  sum.accepted = n;
}

/** Today as YYYY-MM-DD (UTC), the form of `expires`. */
export function today(now = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** Marks every finding new, known or expired and sums up; `day` is YYYY-MM-DD. */
export function applyBaseline(reports: Report[], b: BaselineFile, file: string, day: string): BaselineSummary {
  const byId = new Map(b.findings.map((e) => [e.id, e]));
  const seen = new Set<string>();
  const sum: BaselineSummary = { file, new: 0, known: 0, expired: 0, fixed: [] };
  for (const r of reports) {
    for (const f of r.findings) {
      const e = byId.get(f.id);
      if (!e) {
        f.baseline = 'new';
        sum.new++;
        continue;
      }
      seen.add(f.id);
      // accepted through the day it names
      if (e.expires !== undefined && e.expires < day) {
        f.baseline = 'expired';
        sum.expired++;
      } else {
        f.baseline = 'known';
        sum.known++;
      }
    }
  }
  sum.fixed = b.findings.filter((e) => !seen.has(e.id));
  return sum;
}

/** A baseline accepting every finding of the reports, keeping the notes and expiry dates of `old` for ids it had. */
export function baselineOf(reports: Report[], old: BaselineFile | null): BaselineFile {
  const prev = new Map((old?.findings ?? []).map((e) => [e.id, e]));
  const out = new Map<string, BaselineEntry>();
  for (const r of reports) for (const f of r.findings) if (!out.has(f.id)) out.set(f.id, entryOf(f, prev.get(f.id)));
  return { schemaVersion: 1, tool: 'arpaudit', findings: [...out.values()].sort((a, b) => a.code.localeCompare(b.code) || (a.ip ?? '').localeCompare(b.ip ?? '') || a.id.localeCompare(b.id)) };
}

function entryOf(f: FindingJson, prev: BaselineEntry | undefined): BaselineEntry {
  const e: BaselineEntry = { id: f.id, code: f.code, ip: f.ip, vlanPath: f.vlanPath, macs: f.macs };
  if (f.vni !== undefined) e.vni = f.vni;
  if (prev?.note !== undefined) e.note = prev.note;
  if (prev?.expires !== undefined) e.expires = prev.expires;
  return e;
}
