// The catalogue of findings: for each stable code (codes.ts) its severity,
// what it means and what to try, in the order the documentation lists them.
import { ARP_ENTRIES, ND_TITLES } from './catalog-arp.js';
import { MORE_ENTRIES } from './catalog-more.js';
import type { CatalogEntry, FindingCode } from './codes.js';

export * from './codes.js';

const entries: CatalogEntry[] = [...ARP_ENTRIES, ...MORE_ENTRIES];

export const CATALOG: ReadonlyMap<FindingCode, CatalogEntry> = new Map(entries.map((e) => [e.code, e]));

for (const e of entries) {
  const t = ND_TITLES[e.code];
  if (t) e.ndTitle = t;
}

export function catalogEntry(code: FindingCode): CatalogEntry {
  return CATALOG.get(code)!;
}

export function allCatalogEntries(): readonly CatalogEntry[] {
  return entries;
}

/** True when the text is a finding code (for user input: --expect, baselines). */
export function isFindingCode(text: string): text is FindingCode {
  return CATALOG.has(text as FindingCode);
}
