// The finding catalogue as a Markdown table (README and `arpaudit codes --format md`).
import { allCatalogEntries } from '../engine/findings.js';

export function catalogTable(): string {
  const rows = allCatalogEntries().map((e) => `| \`${e.code}\` | ${e.severity} | ${e.meaning.replace(/\|/g, '/')} | ${e.fix.replace(/\|/g, '/')} |`);
  return ['| code | severity | meaning | fix |', '|---|---|---|---|', ...rows, ''].join('\n');
}
