// JSON report writer. The document is one object; the address table is
// streamed row by row so a million addresses never exist as one string.
import type { Report } from './model.js';

/**
 * Writes the report as one JSON document through `write` (called many times).
 * With `writeBytes` the address table goes out as bytes (the fast path for
 * large tables); the document is the same either way.
 */
export function writeJson(r: Report, write: (chunk: string) => void, writeBytes?: (chunk: Uint8Array) => void): void {
  const { addresses: _a, addressesJson, addressBytes: _b, addressCount: _n, ...head } = r;
  void _a;
  void _b;
  void _n;
  const text = JSON.stringify(head, null, 2);
  // reopen the object to append "addresses" as the last member
  write(text.slice(0, text.length - 2));
  write(',\n  "addresses": [');
  if (writeBytes) {
    const rows = r.addressBytes(writeBytes);
    write(rows === 0 ? ']\n}\n' : '\n  ]\n}\n');
    return;
  }
  let first = true;
  let buf = '';
  for (const row of addressesJson()) {
    buf += (first ? '\n    ' : ',\n    ') + row;
    first = false;
    if (buf.length > 65536) {
      write(buf);
      buf = '';
    }
  }
  write(buf + (first ? ']\n}\n' : '\n  ]\n}\n'));
}

/** The report as a plain object (tests, --separate). */
export function reportObject(r: Report): Record<string, unknown> {
  const { addresses, addressesJson: _j, addressBytes: _b, addressCount: _n, ...head } = r;
  void _j;
  void _b;
  void _n;
  return { ...head, addresses: [...addresses()] };
}
