// Writes the published JSON Schema files (docs/*.schema.json) from the TypeBox
// definitions: one file per output, the shared pieces as $defs, referenced
// across files by $id. Pure: scripts/schemas.ts writes the files, and a unit
// test fails when the files in docs/ are stale.
import type { TSchema } from '@sinclair/typebox';
import { BaselineDocument } from './baseline.js';
import { CodesDocument } from './codes.js';
import { LiveEvent } from './events.js';
import { Finding } from './finding.js';
import { HostDocument, Interface, Vip, Vip6 } from './host.js';
import { BaselineEntry, BaselineSummary, DarkWindow, Failover, Move, Observer, RequestWatch } from './parts.js';
import { ProbeDocument } from './probe.js';
import { Report, ReportDocument } from './report.js';

interface SchemaFile {
  name: string;
  title: string;
  root: TSchema;
  /** Sub-schemas written once under $defs and referenced wherever they occur (also from other files). */
  defs: Record<string, TSchema>;
}

export const SCHEMA_FILES: SchemaFile[] = [
  {
    name: 'report',
    title: 'arpaudit report, schema version 1',
    root: ReportDocument,
    defs: { report: Report, finding: Finding, failover: Failover, move: Move, darkWindow: DarkWindow, requestWatch: RequestWatch, baselineEntry: BaselineEntry, baselineSummary: BaselineSummary, observer: Observer },
  },
  { name: 'events', title: 'arpaudit live --format json: one JSON event per line (NDJSON), schema version 1', root: LiveEvent, defs: {} },
  { name: 'baseline', title: 'arpaudit baseline (check --baseline / --write-baseline), schema version 1', root: BaselineDocument, defs: { entry: BaselineEntry } },
  { name: 'codes', title: 'arpaudit codes --format json, schema version 1', root: CodesDocument, defs: {} },
  { name: 'probe', title: 'arpaudit probe --format json, schema version 1', root: ProbeDocument, defs: {} },
  { name: 'host', title: 'arpaudit host --format json, schema version 1', root: HostDocument, defs: { vip: Vip, interface: Interface, vip6: Vip6 } },
];

const idOf = (file: string): string => `urn:arpaudit:schema:${file}:1`;

/** Plain JSON Schema of a TypeBox schema: shared pieces as $ref, literal unions as enums, records as additionalProperties. */
type Defs = Map<object, { file: string; name: string }[]>;

function plain(s: unknown, file: string, defs: Defs, self: object | null): unknown {
  if (Array.isArray(s)) return s.map((x) => plain(x, file, defs, null));
  if (s === null || typeof s !== 'object') return s;
  const places = s !== self ? defs.get(s) : undefined;
  const ref = places?.find((p) => p.file === file) ?? places?.[0];
  if (ref) return { $ref: `${ref.file === file ? '' : idOf(ref.file)}#/$defs/${ref.name}` };
  const o = s as Record<string, unknown>;
  const members = o.anyOf;
  if (Array.isArray(members) && members.every((m: Record<string, unknown>) => ('const' in m || m.type === 'null') && Object.keys(m).length <= 2)) {
    const { anyOf: _, ...rest } = o;
    return { enum: members.map((m: Record<string, unknown>) => ('const' in m ? m.const : null)), ...rest };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'patternProperties' && v && typeof v === 'object' && '^(.*)$' in v) out.additionalProperties = plain((v as Record<string, unknown>)['^(.*)$'], file, defs, null);
    else out[k] = k === 'properties' || k === '$defs' ? Object.fromEntries(Object.entries(v as object).map(([p, x]) => [p, plain(x, file, defs, null)])) : plain(v, file, defs, null);
  }
  return out;
}

/** Every schema file as the text docs/NAME.schema.json holds. */
export function renderSchemas(): { path: string; text: string }[] {
  const defs: Defs = new Map();
  for (const f of SCHEMA_FILES) for (const [name, d] of Object.entries(f.defs)) defs.set(d, [...(defs.get(d) ?? []), { file: f.name, name }]);
  return SCHEMA_FILES.map((f) => {
    const doc: Record<string, unknown> = { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: idOf(f.name), title: f.title, ...(plain(f.root, f.name, defs, null) as object) };
    if (Object.keys(f.defs).length) doc.$defs = Object.fromEntries(Object.entries(f.defs).map(([name, d]) => [name, plain(d, f.name, defs, d)]));
    return { path: `docs/${f.name}.schema.json`, text: `${JSON.stringify(doc, null, 2)}\n` };
  });
}
