// Reading a JSON document the user names (--expect, --baseline): one clear
// line for everything that is not one, never the file's raw bytes (a capture
// given by mistake, a BOM, a newline inside the quoted snippet of a parse
// error would break the one-line promise and echo binary to a terminal).
import { readFileSync } from 'node:fs';

/** What a file that is not JSON looks like from its first bytes, or null. */
function binaryKind(b: Buffer): string | null {
  if (b.length >= 4) {
    const m = b.readUInt32BE(0);
    if (m === 0xa1b2c3d4 || m === 0xd4c3b2a1 || m === 0xa1b23c4d || m === 0x4d3cb2a1) return 'a pcap capture';
    if (m === 0x0a0d0d0a) return 'a pcapng capture';
  }
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'a gzip file';
  if (b.length >= 16 && b.toString('latin1', 0, 16) === 'SQLite format 3\0') return 'an SQLite database';
  return null;
}

/** Line and column (1-based) of a character offset. */
function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return `line ${line}, column ${pos - before.lastIndexOf('\n')}`;
}

/**
 * The JSON document in `path`; `fail(message)` makes the error to throw
 * (its message names the file and says what is wrong in one line).
 */
export function readJsonFile(path: string, what: string, fail: (message: string) => Error): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw fail(`${path}: cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const kind = binaryKind(bytes);
  if (kind) throw fail(`${path}: is ${kind}, not ${what} (a JSON document)`);
  // a byte-order mark is allowed before the document
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (e) {
    const pos = /position (\d+)/.exec((e as Error).message);
    const where = pos ? ` at ${lineCol(text, Number(pos[1]))}` : text.trim() === '' ? ': the file is empty' : ': it ends too early';
    throw fail(`${path}: ${what} is not valid JSON${where}`);
  }
}
