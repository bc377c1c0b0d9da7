// JSON report writer. The document is one object; the address table is
// streamed row by row so a million addresses never exist as one string.
import type { Report, ReportJson } from './schema.js';

/**
 * Writes the report as one JSON document through `write` (called many times).
 * The address table goes out as bytes through `writeBytes` (the fast path for
 * large tables), or as text through `write` when there is no byte sink.
 */
export function writeJson(r: Report, write: (chunk: string) => void, writeBytes?: (chunk: Uint8Array) => void): void {
  const { addresses: _a, addressBytes, addressCount: _n, ...head } = r;
  void _a;
  void _n;
  const text = JSON.stringify(head, null, 2);
  // reopen the object to append "addresses" as the last member
  write(text.slice(0, text.length - 2));
  write(',\n  "addresses": [');
  const rows = addressBytes(writeBytes ?? ((b) => write(Buffer.from(b).toString('latin1'))));
  write(rows === 0 ? ']\n}\n' : '\n  ]\n}\n');
}

/** The report as a plain object (tests, --separate). */
export function reportObject(r: Report): ReportJson {
  const { addresses, addressBytes: _b, addressCount: _n, ...head } = r;
  void _b;
  void _n;
  return { ...head, addresses: [...addresses()] };
}
