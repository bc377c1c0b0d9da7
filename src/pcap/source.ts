// Byte sources for the capture reader: a file read with fs.readSync into the
// reader's own buffer, or standard input (`-`) read asynchronously so a slow
// pipe never blocks timers or the dashboard; either inflated in bounded chunks
// when its first bytes are the gzip magic (AutoSource decides on first read).
import { openSync, readSync, closeSync, read as readAsync } from 'node:fs';
import { isatty } from 'node:tty';
import { createInflateRaw, type InflateRaw } from 'node:zlib';

export interface ByteSource {
  /** Reads up to `len` bytes into `dst` at `off`; 0 means end of input. */
  read(dst: Buffer, off: number, len: number): number | Promise<number>;
  close(): void;
  readonly compressed: boolean;
}

export class FileSource implements ByteSource {
  readonly compressed = false;
  private fd: number;
  constructor(path: string) {
    this.fd = openSync(path, 'r');
  }
  read(dst: Buffer, off: number, len: number): number {
    return readSync(this.fd, dst, off, len, null);
  }
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/**
 * Standard input: read in place while it is a blocking pipe or file (a
 * thread-pool round trip per 64 KiB pipe buffer cost more than the
 * analysis); a non-blocking descriptor that has nothing yet is polled on
 * the thread pool.
 */
export class StdinSource implements ByteSource {
  readonly compressed = false;
  private closed = false;
  private blocking = true;
  read(dst: Buffer, off: number, len: number): number | Promise<number> {
    if (this.blocking && !this.closed) {
      try {
        return readSync(0, dst, off, len, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EOF') return 0;
        if (code !== 'EAGAIN') throw e;
        this.blocking = false;
      }
    }
    return this.readAsync(dst, off, len);
  }
  private readAsync(dst: Buffer, off: number, len: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        if (this.closed) return resolve(0);
        readAsync(0, dst, off, len, null, (err, n) => {
          if (err && (err as NodeJS.ErrnoException).code === 'EAGAIN') setTimeout(attempt, 5);
          else if (err && (err as NodeJS.ErrnoException).code === 'EOF') resolve(0);
          else if (err) reject(err);
          else resolve(n);
        });
      };
      attempt();
    });
  }
  close(): void {
    this.closed = true;
  }
}

/** True when standard input is a terminal (no capture can come from it). */
export function stdinIsTerminal(): boolean {
  return isatty(0);
}

/**
 * A plain source that turns into a gzip one when its first two bytes are the
 * gzip magic: files and pipes alike, with no seeking back (the bytes peeked
 * are handed on first).
 */
export class AutoSource implements ByteSource {
  private src: ByteSource | null = null;
  constructor(private readonly raw: ByteSource) {}
  get compressed(): boolean {
    return this.src?.compressed ?? false;
  }
  async read(dst: Buffer, off: number, len: number): Promise<number> {
    if (this.src === null) {
      const head = Buffer.alloc(2);
      let n = 0;
      while (n < 2) {
        const r = this.raw.read(head, n, 2 - n);
        const k = typeof r === 'number' ? r : await r;
        if (k === 0) break;
        n += k;
      }
      const peeked = new PrefixedSource(this.raw, head.subarray(0, n));
      this.src = n === 2 && head[0] === 0x1f && head[1] === 0x8b ? new GzipSource(peeked) : peeked;
    }
    const r = this.src.read(dst, off, len);
    return typeof r === 'number' ? r : await r;
  }
  close(): void {
    (this.src ?? this.raw).close();
  }
}

/** Bytes already read from `raw`, then `raw` itself. */
class PrefixedSource implements ByteSource {
  readonly compressed = false;
  private at = 0;
  constructor(
    private readonly raw: ByteSource,
    private readonly prefix: Buffer,
  ) {}
  read(dst: Buffer, off: number, len: number): number | Promise<number> {
    if (this.at < this.prefix.length) {
      const n = this.prefix.copy(dst, off, this.at, Math.min(this.prefix.length, this.at + len));
      this.at += n;
      return n;
    }
    return this.raw.read(dst, off, len);
  }
  close(): void {
    this.raw.close();
  }
}

/** Compressed bytes handed to zlib at a time: bounds the output one step can queue (zlib's ratio is at most ~1032:1). */
const GZ_IN = 16 * 1024;
const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/**
 * Inflates a gzip file (RFC 1952) member by member: the header is parsed
 * here, the deflate data inflated by zlib's raw inflater (which stops at the
 * end of the deflate stream and says how much input it used), the trailer's
 * length checked. Every byte inflated is delivered before an error is
 * thrown, so data after the last member (trailing garbage, as `gzip -dc`
 * calls it) costs nothing that was already read, and the error names it.
 */
export class GzipSource implements ByteSource {
  readonly compressed = true;
  /** Compressed bytes read from the file and not yet used: inBuf[inStart, inEnd). */
  private inBuf = Buffer.alloc(2 * GZ_IN);
  private inStart = 0;
  private inEnd = 0;
  private fileEof = false;
  private readonly out: Buffer[] = [];
  private outHead = 0;
  /** The member being inflated, or null between members. */
  private inflater: InflateRaw | null = null;
  private memberOut = 0;
  private members = 0;
  private done = false;
  private error: Error | null = null;

  /** Inflates what `raw` delivers (a file, standard input). */
  constructor(private readonly raw: ByteSource) {}

  async read(dst: Buffer, off: number, len: number): Promise<number> {
    while (this.out.length === 0) {
      if (this.error) throw this.error;
      if (this.done) return 0;
      await this.step();
    }
    const c = this.out[0]!;
    const n = Math.min(len, c.length - this.outHead);
    c.copy(dst, off, this.outHead, this.outHead + n);
    this.outHead += n;
    if (this.outHead >= c.length) {
      this.out.shift();
      this.outHead = 0;
    }
    return n;
  }

  close(): void {
    this.inflater?.destroy();
    this.inflater = null;
    if (!this.done) this.done = true;
    this.raw.close();
  }

  /** Makes at least n compressed bytes available unless the input ends first; returns how many are. */
  private async fillIn(n: number): Promise<number> {
    if (this.inEnd - this.inStart >= n || this.fileEof) return this.inEnd - this.inStart;
    if (this.inStart > 0) {
      this.inBuf.copyWithin(0, this.inStart, this.inEnd);
      this.inEnd -= this.inStart;
      this.inStart = 0;
    }
    if (this.inBuf.length < n) {
      const b = Buffer.alloc(n + GZ_IN);
      this.inBuf.copy(b, 0, 0, this.inEnd);
      this.inBuf = b;
    }
    while (this.inEnd < n && !this.fileEof) {
      const r = this.raw.read(this.inBuf, this.inEnd, this.inBuf.length - this.inEnd);
      const k = typeof r === 'number' ? r : await r;
      if (k === 0) this.fileEof = true;
      this.inEnd += k;
    }
    return this.inEnd - this.inStart;
  }

  /** Z_DATA_ERROR: the data is wrong; Z_BUF_ERROR: it ends too soon (reported as truncated). */
  private fail(message: string, code = 'GZIP_FORMAT'): void {
    this.error = Object.assign(new Error(message), { code });
  }

  /** One step: a member header, a piece of deflate data, or a trailer. */
  private async step(): Promise<void> {
    if (this.inflater === null) return this.header();
    const avail = await this.fillIn(1);
    if (avail === 0) return this.fail('truncated gzip stream', 'Z_BUF_ERROR');
    const piece = this.inBuf.subarray(this.inStart, this.inStart + Math.min(avail, GZ_IN));
    const inf = this.inflater;
    const before = inf.bytesWritten;
    try {
      await new Promise<void>((resolve, reject) => {
        const onError = (e: Error) => reject(e);
        inf.once('error', onError);
        inf.write(piece, () => {
          inf.off('error', onError);
          resolve();
        });
      });
    } catch (e) {
      this.inflater = null;
      return this.fail(`corrupt gzip data (${(e as Error).message})`, 'GZIP_FORMAT');
    }
    const used = inf.bytesWritten - before;
    this.inStart += used;
    // the raw inflater stops at the end of the deflate data: less input used than given
    if (used < piece.length) return this.trailer();
  }

  private async header(): Promise<void> {
    const avail = await this.fillIn(10);
    if (avail === 0 && this.members > 0) {
      this.done = true;
      return;
    }
    const b = this.inBuf;
    const p = this.inStart;
    if (avail < 2 || b[p] !== 0x1f || b[p + 1] !== 0x8b) {
      if (this.members === 0) return this.fail('not a gzip file');
      // what gzip -dc ignores with a warning; we say where it starts
      return this.fail(`trailing data after the gzip stream, which gzip -dc ignores too (${avail >= 2 ? 'not a gzip member' : 'one stray byte'}); everything before it was read`);
    }
    if (avail < 10) return this.fail('truncated gzip header', 'Z_BUF_ERROR');
    if (b[p + 2] !== 8) return this.fail(`unknown gzip compression method ${b[p + 2]}`);
    const flags = b[p + 3]!;
    let h = 10;
    const need = async (k: number): Promise<boolean> => (await this.fillIn(h + k)) >= h + k;
    if (flags & FEXTRA) {
      if (!(await need(2))) return this.fail('truncated gzip header', 'Z_BUF_ERROR');
      h += 2 + this.inBuf.readUInt16LE(this.inStart + h);
    }
    for (const f of [FNAME, FCOMMENT]) {
      if (!(flags & f)) continue;
      for (;;) {
        if (!(await need(1))) return this.fail('truncated gzip header', 'Z_BUF_ERROR');
        if (this.inBuf[this.inStart + h++] === 0) break;
      }
    }
    if (flags & FHCRC) h += 2;
    if (!(await need(0))) return this.fail('truncated gzip header', 'Z_BUF_ERROR');
    this.inStart += h;
    this.memberOut = 0;
    const inf = createInflateRaw({ chunkSize: 64 * 1024 });
    inf.on('data', (c: Buffer) => {
      this.out.push(c);
      this.memberOut += c.length;
    });
    inf.on('error', () => undefined); // reported through the write in step()
    this.inflater = inf;
  }

  private async trailer(): Promise<void> {
    this.inflater?.destroy();
    this.inflater = null;
    if ((await this.fillIn(8)) < 8) return this.fail('truncated gzip trailer', 'Z_BUF_ERROR');
    const isize = this.inBuf.readUInt32LE(this.inStart + 4);
    if (isize !== this.memberOut % 4294967296) return this.fail(`gzip trailer says ${isize} bytes, ${this.memberOut} were inflated`);
    this.inStart += 8;
    this.members++;
  }
}

/** True when the first bytes are the gzip magic. */
export function sniffGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(2);
    const n = readSync(fd, b, 0, 2, 0);
    return n === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}
