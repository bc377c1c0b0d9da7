// The finding catalogue as Markdown: a short table for the README and the
// full meaning and fix of each code for docs/findings.md (`npm run docs`
// writes both; a test holds them to the catalogue).
import { allCatalogEntries } from '../engine/findings.js';

const cell = (s: string) => s.replace(/\|/g, '/');

export function catalogTable(): string {
  const rows = allCatalogEntries().map((e) => `| \`${e.code}\` | ${e.severity} | ${cell(e.title)} |`);
  return ['| code | severity | what |', '|---|---|---|', ...rows, ''].join('\n');
}

export function findingsDoc(): string {
  const out = [
    '# Findings',
    '',
    'Every finding code arpaudit reports, with its severity, what it means and what to try. Generated from `src/engine/findings.ts` by `npm run docs`; `arpaudit codes` prints the same. Codes are stable: they are never renamed, only added.',
    '',
  ];
  for (const e of allCatalogEntries()) out.push(`## \`${e.code}\` (${e.severity})`, '', `**${e.title}.** ${e.meaning}`, '', `Fix: ${e.fix}`, '');
  return out.join('\n');
}
