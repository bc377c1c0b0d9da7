// JSON report writer. The document is one object; the address table is
// streamed row by row so a million addresses never exist as one string.
import type { Report } from './model.js';

/** Writes the report as one JSON document through `write` (called many times). */
export function writeJson(r: Report, write: (chunk: string) => void): void {
  const { addresses, addressCount: _n, ...head } = r;
  void _n;
  const text = JSON.stringify(head, null, 2);
  // reopen the object to append "addresses" as the last member
  write(text.slice(0, text.length - 2));
  write(',\n  "addresses": [');
  let first = true;
  let buf = '';
  for (const a of addresses()) {
    buf += (first ? '\n    ' : ',\n    ') + JSON.stringify(a);
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
  const { addresses, addressCount: _n, ...head } = r;
  void _n;
  return { ...head, addresses: [...addresses()] };
}
