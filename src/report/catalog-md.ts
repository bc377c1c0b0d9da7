// The finding catalogue as Markdown: a short table for the README and the
// full meaning and fix of each code for docs/findings.md (`npm run docs`
// writes both; a test holds them to the catalogue).
import { allCatalogEntries, SEVERITIES } from '../engine/findings.js';

/** The README's list: every code by severity (titles, meanings and fixes are in docs/findings.md). */
export function catalogTable(): string {
  const all = allCatalogEntries();
  const rows = SEVERITIES.slice().reverse().map((sv) => `| ${sv} | ${all.filter((e) => e.severity === sv).map((e) => `\`${e.code}\``).join(', ')} |`);
  return ['| severity | codes |', '|---|---|', ...rows, ''].join('\n');
}

export function findingsDoc(): string {
  const out = [
    '# Findings',
    '',
    'Every finding code arpaudit reports, with its severity, what it means and what to try. Generated from `src/engine/findings.ts` by `npm run docs`; `arpaudit codes` prints the same. Codes are stable: they are never renamed, only added.',
    '',
  ];
  for (const e of allCatalogEntries()) out.push(`## \`${e.code}\` (${e.severity})`, '', `**${e.title}.** ${e.meaning}`, '', ...(e.ndTitle ? [`On IPv6 neighbour discovery: **${e.ndTitle}.**`, ''] : []), `Fix: ${e.fix}`, '');
  return out.join('\n');
}
