// The published JSON Schemas (docs/*.schema.json), compiled once with ajv in
// strict mode: report (and the several-input form), baseline, live events,
// codes, probe and host. Cross-file references resolve by $id.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

const NAMES = ['report', 'baseline', 'events', 'codes', 'probe', 'host'] as const;
export type SchemaName = (typeof NAMES)[number];

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const schemas = Object.fromEntries(NAMES.map((n) => [n, JSON.parse(readFileSync(`docs/${n}.schema.json`, 'utf8')) as { $id: string }]));
for (const n of NAMES) ajv.addSchema(schemas[n]!);
const validators = new Map<SchemaName, ValidateFunction>();

export function validator(name: SchemaName): ValidateFunction {
  let v = validators.get(name);
  if (!v) validators.set(name, (v = ajv.getSchema(schemas[name]!.$id)!));
  return v;
}

/** Asserts that `doc` validates against docs/NAME.schema.json. */
export function assertValid(name: SchemaName, doc: unknown, what: string): void {
  const v = validator(name);
  assert.ok(v(doc), `${what} against docs/${name}.schema.json: ${ajv.errorsText(v.errors, { separator: '\n' })}`);
}
