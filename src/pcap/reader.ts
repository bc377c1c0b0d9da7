// Streaming reader for classic pcap and pcapng, plain or gzip-compressed.
//
// Pull model, zero copy: next() leaves the current frame's fields on the reader
// (buf/off/caplen/len/tsUs/linktype/ifIndex/frame) pointing into the reader's
// own buffer; the caller uses the frame before calling fill() again. Memory is
// one buffer that grows only to fit the largest legal record (MAX_RECORD), so
// a 10 GB file needs a few MiB.
//
// Corrupt input never throws: next() returns END and `error` says what broke,
// where (byte offset in the uncompressed stream) and at which frame.
import { AutoSource, type ByteSource, FileSource, GzipSource, sniffGzip, StdinSource, stdinIsTerminal } from './source.js';

/** The input name that reads a capture from standard input. */
export const STDIN = '-';
import { ClassicPcap, classicByteOrder } from './classic.js';
import { Pcapng, PCAPNG_SHB } from './pcapng.js';
import { type CaptureErrorKind, type CaptureFormat, type ContainerParser, END, NEED_DATA, type ReaderState } from './state.js';

export { END, FRAME, NEED_DATA, MAX_RECORD, type CaptureFormat } from './state.js';

/** Bytes read at a time. */
const CHUNK = 1024 * 1024;

export class CaptureError {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly frame: number,
    readonly message: string,
    readonly kind: CaptureErrorKind,
  ) {}

  /** True when the error has a place in the stream (not a file that could not be opened or recognised). */
  get located(): boolean {
    return this.kind !== 'io' && this.kind !== 'not-a-capture';
  }

  toString(): string {
    return `${this.file}: ${this.message}${this.located ? ` at byte offset ${this.offset} (frame ${this.frame})` : ''}`;
  }
}

/** What a report says about one input once it has been read. */
export interface InputInfo {
  path: string;
  format: CaptureFormat | 'live' | null;
  compressed: boolean;
  linktypes: number[];
  frames: number;
  error: CaptureError | null;
  /** Frames whose timestamp the format does not allow (a fraction of a second of a second or more), and the first of them. */
  badTimestamps: number;
  badTimestampFrames: number[];
}

/** Frames with bad timestamps listed by number; more are counted. */
const MAX_LISTED_FRAMES = 32;

export class CaptureReader implements ReaderState {
  // ---- the current frame (valid after next() returned FRAME) ----
  buf: Buffer;
  off = 0;
  caplen = 0;
  len = 0;
  /** Timestamp in microseconds since the epoch (exact integer for real dates). */
  tsUs = 0;
  linktype = 0;
  ifIndex = 0;
  /** 1-based frame number within this file, as Wireshark numbers it. */
  frame = 0;

  error: CaptureError | null = null;
  bigEndian = false;
  /** Link types seen, for the report (interface order for pcapng). */
  readonly linktypes: number[] = [];
  sections = 0;
  badTimestamps = 0;
  readonly badTimestampFrames: number[] = [];

  // ---- the buffer window: buf[start, end) is unparsed; buf[0] is at stream offset base ----
  dv: DataView;
  start = 0;
  end = 0;
  eof = false;
  private base = 0;
  /** Bytes that must be buffered before parsing can go on. */
  private want = 0;
  /** A read that failed after some bytes were delivered: reported when parsing reaches it. */
  private ioErr: { at: number; message: string } | null = null;
  private parser: ContainerParser | null = null;

  private constructor(
    readonly path: string,
    private readonly src: ByteSource,
    chunk: number,
  ) {
    this.buf = Buffer.allocUnsafe(chunk);
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /**
   * Opens a capture; never throws: an unopenable file becomes `error`.
   * `chunk` (bytes read at a time) lets tests split records across reads.
   */
  static open(path: string, chunk = CHUNK): CaptureReader {
    let src: ByteSource;
    try {
      if (path === STDIN) {
        if (stdinIsTerminal()) throw new Error('standard input is a terminal: pipe a capture in (tcpdump -U -w - | arpaudit check -)');
        src = new AutoSource(new StdinSource());
      } else src = sniffGzip(path) ? new GzipSource(new FileSource(path)) : new FileSource(path);
    } catch (e) {
      const r = new CaptureReader(path, { read: () => 0, close() {}, compressed: false }, 16);
      r.error = new CaptureError(path, 0, 0, ioMessage(e), 'io');
      return r;
    }
    return new CaptureReader(path, src, chunk);
  }

  get compressed(): boolean {
    return this.src.compressed;
  }

  get format(): CaptureFormat | null {
    return this.parser?.format ?? null;
  }

  get position(): number {
    return this.base + this.start;
  }

  /** What the report says about this input. */
  info(): InputInfo {
    return {
      path: this.path, format: this.format, compressed: this.compressed, linktypes: this.linktypes.slice(), frames: this.frame, error: this.error,
      badTimestamps: this.badTimestamps, badTimestampFrames: this.badTimestampFrames.slice(),
    };
  }

  badTimestamp(): void {
    if (this.badTimestamps++ < MAX_LISTED_FRAMES) this.badTimestampFrames.push(this.frame + 1);
  }

  /** Advances to the next frame: FRAME, NEED_DATA (call fill()) or END. */
  next(): number {
    if (this.error !== null) return END;
    if (this.parser === null) {
      const p = this.sniff();
      if (typeof p === 'number') return p;
      this.parser = p;
    }
    return this.parser.next(this);
  }

  /** Reads more input. Returns false when nothing more can come. */
  async fill(): Promise<boolean> {
    if (this.eof || this.error) return false;
    if (this.start > 0) {
      this.buf.copyWithin(0, this.start, this.end);
      this.base += this.start;
      this.end -= this.start;
      this.start = 0;
    }
    if (this.want > this.buf.length) {
      const nb = Buffer.allocUnsafe(Math.max(this.want, this.buf.length * 2));
      this.buf.copy(nb, 0, 0, this.end);
      this.buf = nb;
      this.dv = new DataView(nb.buffer, nb.byteOffset, nb.byteLength);
    }
    let n: number;
    try {
      const r = this.src.read(this.buf, this.end, this.buf.length - this.end);
      n = typeof r === 'number' ? r : await r;
    } catch (e) {
      // what is buffered is still delivered; the error is reported where parsing reaches it
      this.ioErr = { at: this.base + this.end, message: ioMessage(e) };
      n = 0;
    }
    if (n === 0) {
      this.eof = true;
      this.close();
      return true;
    }
    this.end += n;
    return true;
  }

  close(): void {
    this.src.close();
  }

  // ---- ReaderState, for the container parsers ----

  needs(n: number): number {
    this.want = n;
    return this.eof ? END : NEED_DATA;
  }

  atEnd(): number {
    return this.ioErr === null ? END : this.fail('corrupt', '');
  }

  fail(kind: CaptureErrorKind, message: string, at = this.position): number {
    if (this.ioErr !== null) {
      kind = this.src.compressed ? 'corrupt' : 'io';
      message = this.ioErr.message;
      at = this.ioErr.at;
    }
    this.error = new CaptureError(this.path, at, this.frame + 1, message, kind);
    this.close();
    return END;
  }

  /** Recognises the container from its first bytes. */
  private sniff(): ContainerParser | number {
    const avail = this.end - this.start;
    if (avail < 4) {
      if (!this.eof) return this.needs(24);
      return this.fail('not-a-capture', avail === 0 ? 'empty file, not a capture' : `not a capture file (only ${avail} bytes)`);
    }
    const magic = this.dv.getUint32(this.start, false);
    if (magic === PCAPNG_SHB) return new Pcapng();
    const order = classicByteOrder(magic);
    if (order === null) {
      const head = this.buf.subarray(this.start, this.start + Math.min(8, avail)).toString('hex').replace(/(..)/g, '$1 ').trim();
      return this.fail('not-a-capture', `not a pcap or pcapng file (first bytes: ${head})`);
    }
    return ClassicPcap.open(this, order === 'le');
  }
}

function ioMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOENT': return 'no such file';
    case 'EACCES': return 'permission denied';
    case 'EISDIR': return 'is a directory, not a capture file';
    case 'Z_DATA_ERROR': return `corrupt gzip data (${err.message})`;
    case 'Z_BUF_ERROR': return 'truncated gzip stream';
    default: return err?.message ?? String(e);
  }
}
