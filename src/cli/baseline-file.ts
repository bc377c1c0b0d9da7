// Reading and writing --baseline files: a small, strict format (schema in
// docs/baseline.schema.json); a wrong field is a one-line usage error that
// names it, never a silently ignored entry.
import { readJsonFile } from './json-file.js';
import { writeFileAtomic } from './files.js';
import type { BaselineEntry, BaselineFile } from '../report/schema.js';

export class BaselineError extends Error {}

const ID = /^[0-9a-f]{16}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function loadBaseline(path: string): BaselineFile {
  return parseBaseline(readJsonFile(path, 'the baseline', (m) => new BaselineError(m)), path);
}

export function parseBaseline(doc: unknown, path: string): BaselineFile {
  const bad = (where: string, what: string): never => {
    throw new BaselineError(`${path}: ${where}: ${what}`);
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) bad('the document', 'must be an object written by --write-baseline');
  const d = doc as Record<string, unknown>;
  if (d.schemaVersion !== 1) bad('schemaVersion', 'must be 1');
  if (!Array.isArray(d.findings)) bad('findings', 'must be an array');
  const findings: BaselineEntry[] = (d.findings as unknown[]).map((x, i) => {
    const at = `findings[${i}]`;
    if (typeof x !== 'object' || x === null) bad(at, 'must be an object');
    const e = x as Record<string, unknown>;
    if (typeof e.id !== 'string' || !ID.test(e.id)) bad(`${at}.id`, 'must be 16 hex digits (a finding id)');
    if (typeof e.code !== 'string') bad(`${at}.code`, 'must be a finding code');
    if (e.ip !== null && typeof e.ip !== 'string') bad(`${at}.ip`, 'must be an address or null');
    if (!Array.isArray(e.vlanPath) || !e.vlanPath.every((v) => Number.isInteger(v))) bad(`${at}.vlanPath`, 'must be an array of VLAN IDs');
    if (!Array.isArray(e.macs) || !e.macs.every((m) => typeof m === 'string')) bad(`${at}.macs`, 'must be an array of MACs');
    if (e.note !== undefined && typeof e.note !== 'string') bad(`${at}.note`, 'must be a string');
    if (e.expires !== undefined && (typeof e.expires !== 'string' || !DAY.test(e.expires) || Number.isNaN(Date.parse(`${e.expires}T00:00:00Z`)))) bad(`${at}.expires`, 'must be a YYYY-MM-DD date');
    if (e.vni !== undefined && !Number.isInteger(e.vni)) bad(`${at}.vni`, 'must be an integer');
    return e as unknown as BaselineEntry;
  });
  return { schemaVersion: 1, tool: 'arpaudit', findings };
}

/** Writes the baseline whole or not at all (a temporary file renamed over the old one). */
export function writeBaseline(path: string, b: BaselineFile): void {
  try {
    writeFileAtomic(path, JSON.stringify(b, null, 2) + '\n', 'the baseline');
  } catch (e) {
    throw new BaselineError((e as Error).message);
  }
}
