// Streaming reader for classic pcap and pcapng (optionally gzip-compressed).
//
// Pull model, zero copy: next() leaves the current frame's fields on the reader
// (buf/off/caplen/len/tsUs/linktype/ifIndex/frame) pointing into the reader's
// own buffer. The caller must use the frame before calling fill() again. Memory
// is one buffer that only grows to fit the largest legal record (bounded by
// MAX_RECORD), so a 10 GB file needs no more than a few MiB.
//
// Corrupt input never throws: next() returns END and `error` says what broke,
// where (byte offset in the uncompressed stream) and at which frame.
import { closeSync, read, readSync } from 'node:fs';
import { ByteSource, FileSource, GzipSource, sniffGzip } from './source.js';

export const FRAME = 1;
export const NEED_DATA = 0;
export const END = -1;

/** Largest record or block accepted; anything claiming more is corruption. */
export const MAX_RECORD = 16 * 1024 * 1024;
const MAX_INTERFACES = 65536;
/** Bytes read at a time. */
const CHUNK = 1024 * 1024;

const PCAP_MAGIC_US = 0xa1b2c3d4;
const PCAP_MAGIC_NS = 0xa1b23c4d;
const PCAP_MAGIC_US_SWAPPED = 0xd4c3b2a1;
const PCAP_MAGIC_NS_SWAPPED = 0x4d3cb2a1;
const PCAP_MAGIC_KUZNETZOV = 0xa1b2cd34;
const PCAP_MAGIC_KUZNETZOV_SWAPPED = 0x34cdb2a1;
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BOM = 0x1a2b3c4d;
const BLOCK_IDB = 1;
const BLOCK_OPB = 2;
const BLOCK_SPB = 3;
const BLOCK_EPB = 6;

export class CaptureError {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly frame: number,
    readonly message: string,
    readonly kind: 'not-a-capture' | 'corrupt' | 'truncated' | 'io',
  ) {}
  toString(): string {
    const where = this.kind === 'io' || this.kind === 'not-a-capture' ? '' : ` at byte offset ${this.offset} (frame ${this.frame})`;
    return `${this.file}: ${this.message}${where}`;
  }
}

/** The state of a read-ahead (CaptureReader.readAhead). */
interface Ahead {
  fd: number;
  bufs: Buffer[];
  views: DataView[];
  /** Spare bytes before each slab's data, and the data bytes read into each. */
  pre: number;
  size: number;
  /** File offset of the next read to issue. */
  pos: number;
  reads: (Promise<number> | null)[];
  /** File offset each slab's read started at. */
  at: number[];
  /** The slab to take next, and the one the reader is in (-1: its own buffer). */
  next: number;
  cur: number;
}

export type CaptureFormat = 'pcap' | 'pcap-ns' | 'pcap-kuznetzov' | 'pcapng';

export class CaptureReader {
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

  format: CaptureFormat | null = null;
  bigEndian = false;
  error: CaptureError | null = null;
  /** Link types seen, for the report (interface order for pcapng). */
  readonly linktypes: number[] = [];
  sections = 0;

  // The buffer window and classic-pcap parameters are also read by the
  // engine's scan fast path (engine/scan.ts), which walks complete records in
  // place and hands the reader back the position it stopped at (advance()).
  /** @internal */ dv: DataView;
  /** @internal */ start = 0;
  /** @internal */ end = 0;
  private base = 0; // absolute stream offset of buf[0]
  private eof = false;
  /** Read-ahead on the thread pool (readAhead()), once started. */
  private ahead: Ahead | null = null;
  /** Where a tail longer than a slab's spare room is gathered. */
  private own: Buffer;
  private ownDv: DataView;
  private ioErr: { at: number; message: string } | null = null;
  private want = 0; // bytes that must be buffered before parsing can go on
  /** @internal */ le = true;
  private headerDone = false;
  // classic pcap
  /** @internal */ nsRes = false;
  /** @internal */ recHdr = 16;
  /** @internal */ fileLinktype = 0;
  /** @internal */ maxRecord = MAX_RECORD;
  // pcapng, per interface of the current section
  private ifLink: number[] = [];
  private ifSnap: number[] = [];
  private ifDiv: number[] = []; // 1 = units are µs, 1000 = ns, 0 = use ifMul
  private ifMul: number[] = [];
  private ifOffUs: number[] = [];

  private constructor(
    readonly path: string,
    private src: ByteSource,
    chunk = CHUNK,
    buffer: Buffer | null = null,
  ) {
    this.buf = buffer ?? Buffer.allocUnsafe(chunk);
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.own = Buffer.allocUnsafe(0);
    this.ownDv = new DataView(this.own.buffer, this.own.byteOffset, 0);
  }

  get compressed(): boolean {
    return this.src.compressed;
  }

  /**
   * Opens a capture; never throws: an unopenable file becomes `error`.
   * `chunk` (bytes read at a time) is for tests that split records across reads.
   * `buffer`, when given, is the buffer to read into (the WebAssembly scan's
   * memory); a record larger than it moves the reader to a buffer of its own.
   */
  static open(path: string, chunk = CHUNK, buffer: Buffer | null = null): CaptureReader {
    let src: ByteSource;
    try {
      src = sniffGzip(path) ? new GzipSource(path) : new FileSource(path);
    } catch (e) {
      const r = new CaptureReader(path, { read: () => 0, close() {}, compressed: false });
      r.error = new CaptureError(path, 0, 0, ioMessage(e), 'io');
      return r;
    }
    return new CaptureReader(path, src, chunk, buffer);
  }

  /** Absolute offset (in the uncompressed stream) of the next unread byte. */
  get position(): number {
    return this.base + this.start;
  }

  /** Reads more input. Returns false when nothing more can come. */
  async fill(): Promise<boolean> {
    if (this.eof || this.error) return false;
    if (this.ahead !== null) return this.fillAhead(this.ahead);
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
      return this.readFailed(this.base + this.end, e);
    }
    if (n === 0) return this.endOfInput();
    this.end += n;
    return true;
  }

  /**
   * A read failed: what is buffered is still delivered, and the error is
   * reported when parsing reaches `at`.
   */
  private readFailed(at: number, e: unknown): boolean {
    this.ioErr = { at, message: ioMessage(e) };
    return this.endOfInput();
  }

  private endOfInput(): boolean {
    this.eof = true;
    this.close();
    return true;
  }

  /** True once readAhead() has taken over the reading. */
  get readingAhead(): boolean {
    return this.ahead !== null;
  }

  /** True for an uncompressed file still read with plain reads, whose reading a read-ahead can take over. */
  get plainFile(): boolean {
    return this.src instanceof FileSource && this.ahead === null && !this.eof && this.error === null;
  }

  /**
   * Reads the rest of the file ahead on the thread pool, into `slabs` (the
   * first of which must be the buffer the reader was opened with): while the
   * caller analyses one slab, the others are being read. Each slab's first
   * `pre` bytes are spare room where the unparsed tail of the slab before is
   * copied, so a record stays contiguous; a longer tail is gathered in a
   * buffer of the reader's own.
   */
  readAhead(slabs: Buffer[], pre: number): void {
    if (!(this.src instanceof FileSource) || slabs[0]!.buffer !== this.buf.buffer || slabs[0]!.byteOffset !== this.buf.byteOffset) return;
    const a: Ahead = {
      fd: this.src.takeFd(),
      bufs: slabs,
      views: slabs.map((b) => new DataView(b.buffer, b.byteOffset, b.byteLength)),
      pre,
      size: slabs[0]!.length - pre,
      pos: this.base + this.end,
      reads: slabs.map(() => null),
      at: slabs.map(() => 0),
      next: 1 % slabs.length,
      cur: 0,
    };
    this.ahead = a;
    for (let i = 1; i < slabs.length; i++) this.issue(a, i);
  }

  private issue(a: Ahead, i: number): void {
    const at = a.pos;
    a.pos += a.size;
    a.at[i] = at;
    const p = new Promise<number>((resolve, reject) => read(a.fd, a.bufs[i]!, a.pre, a.size, at, (err, n) => (err ? reject(err) : resolve(n))));
    p.catch(() => {}); // awaited in fillAhead; a read never awaited (after an error) must not be unhandled
    a.reads[i] = p;
  }

  /** Read-ahead: moves on to the next slab once its read has completed. */
  private async fillAhead(a: Ahead): Promise<boolean> {
    const i = a.next;
    const want = this.base + this.end; // where the next bytes must come from
    let n: number;
    try {
      n = await a.reads[i]!;
      a.reads[i] = null;
      if (a.at[i] !== want) {
        // a short read before this one (not the end of the file): read the right bytes now and go on from them
        n = readSync(a.fd, a.bufs[i]!, a.pre, a.size, want);
        a.at[i] = want;
        a.pos = want + n;
      }
    } catch (e) {
      return this.readFailed(want, e);
    }
    if (n === 0) return this.endOfInput();
    const tail = this.end - this.start;
    const pos = this.base + this.start;
    const slab = a.bufs[i]!;
    const prev = a.cur;
    if (tail <= a.pre) {
      this.buf.copy(slab, a.pre - tail, this.start, this.end);
      this.buf = slab;
      this.dv = a.views[i]!;
      this.start = a.pre - tail;
      this.end = a.pre + n;
      a.cur = i;
    } else {
      let own = this.own;
      if (own.length < tail + n) own = Buffer.allocUnsafe(Math.max(tail + n, own.length * 2));
      if (own === this.buf) own.copyWithin(0, this.start, this.end);
      else this.buf.copy(own, 0, this.start, this.end);
      slab.copy(own, tail, a.pre, a.pre + n);
      if (own !== this.own) {
        this.own = own;
        this.ownDv = new DataView(own.buffer, own.byteOffset, own.byteLength);
      }
      this.buf = own;
      this.dv = this.ownDv;
      this.start = 0;
      this.end = tail + n;
      a.cur = -1;
    }
    this.base = pos - this.start;
    a.next = (i + 1) % a.bufs.length;
    // refill the slabs left behind, in ring order, so the reads stay in file order
    if (prev >= 0) this.issue(a, prev);
    if (a.cur === -1) this.issue(a, i); // its bytes were copied out
    return true;
  }

  close(): void {
    this.src.close();
    const a = this.ahead;
    if (a !== null && a.fd >= 0) {
      // reads may still be in flight: the descriptor is closed once they are done
      const fd = a.fd;
      a.fd = -1;
      void Promise.allSettled(a.reads.filter((p) => p !== null)).then(() => closeSync(fd));
    }
  }

  /**
   * True when the buffered records are classic pcap records that a scanner
   * may walk in place (header read, no error). Anything it does not take
   * (an incomplete or oversized record) it leaves to next().
   */
  get scannable(): boolean {
    return this.headerDone && this.error === null && this.format !== 'pcapng';
  }

  /** Records that a scanner consumed `frames` records, up to `start`. */
  advance(start: number, frames: number): void {
    this.start = start;
    this.frame += frames;
  }

  /** Advances to the next frame: FRAME, NEED_DATA (call fill()) or END. */
  next(): number {
    if (this.error !== null) return END;
    if (!this.headerDone) {
      const r = this.readFileHeader();
      if (r !== FRAME) return r;
    }
    return this.format === 'pcapng' ? this.nextBlock() : this.nextRecord();
  }

  private needs(n: number): number {
    this.want = n;
    return this.eof ? END : NEED_DATA;
  }

  private atEnd(): number {
    return this.ioErr === null ? END : this.fail('corrupt', '');
  }

  private fail(kind: CaptureError['kind'], message: string, at = this.position): number {
    if (this.ioErr !== null) {
      kind = this.src.compressed ? 'corrupt' : 'io';
      message = this.ioErr.message;
      at = this.ioErr.at;
    }
    this.error = new CaptureError(this.path, at, this.frame + 1, message, kind);
    this.close();
    return END;
  }

  private readFileHeader(): number {
    const avail = this.end - this.start;
    if (avail < 4) {
      if (!this.eof) return this.needs(24);
      return this.fail('not-a-capture', avail === 0 ? 'empty file, not a capture' : `not a capture file (only ${avail} bytes)`);
    }
    const magic = this.dv.getUint32(this.start, false);
    if (magic === PCAPNG_SHB) {
      this.format = 'pcapng';
      this.headerDone = true;
      return FRAME;
    }
    let le: boolean;
    switch (magic) {
      case PCAP_MAGIC_US: case PCAP_MAGIC_NS: case PCAP_MAGIC_KUZNETZOV: le = false; break;
      case PCAP_MAGIC_US_SWAPPED: case PCAP_MAGIC_NS_SWAPPED: case PCAP_MAGIC_KUZNETZOV_SWAPPED: le = true; break;
      default: {
        const head = this.buf.subarray(this.start, this.start + Math.min(8, avail)).toString('hex').replace(/(..)/g, '$1 ').trim();
        return this.fail('not-a-capture', `not a pcap or pcapng file (first bytes: ${head})`);
      }
    }
    if (avail < 24) {
      if (!this.eof) return this.needs(24);
      return this.fail('truncated', `truncated pcap file header (${avail} of 24 bytes)`, this.base + this.end);
    }
    const m = this.dv.getUint32(this.start, le);
    this.le = le;
    this.bigEndian = !le;
    this.nsRes = m === PCAP_MAGIC_NS;
    this.recHdr = m === PCAP_MAGIC_KUZNETZOV ? 24 : 16;
    this.format = this.nsRes ? 'pcap-ns' : this.recHdr === 24 ? 'pcap-kuznetzov' : 'pcap';
    const snaplen = this.dv.getUint32(this.start + 16, le);
    this.fileLinktype = this.dv.getUint32(this.start + 20, le) & 0xffff;
    this.linktypes.push(this.fileLinktype);
    this.maxRecord = Math.max(262144, Math.min(snaplen, MAX_RECORD));
    this.start += 24;
    this.headerDone = true;
    this.sections = 1;
    return FRAME;
  }

  private nextRecord(): number {
    const hdr = this.recHdr;
    const avail = this.end - this.start;
    if (avail < hdr) {
      if (!this.eof) return this.needs(hdr);
      if (avail === 0) return this.atEnd();
      return this.fail('truncated', `truncated record header (${avail} of ${hdr} bytes)`);
    }
    const dv = this.dv;
    const p = this.start;
    const le = this.le;
    const incl = dv.getUint32(p + 8, le);
    if (incl > this.maxRecord) {
      return this.fail('corrupt', `record claims ${incl} captured bytes (limit ${this.maxRecord}); the file is corrupt`);
    }
    if (avail < hdr + incl) {
      if (!this.eof) return this.needs(hdr + incl);
      return this.fail('truncated', `truncated record (${avail - hdr} of ${incl} bytes)`);
    }
    const sec = dv.getUint32(p, le);
    const frac = dv.getUint32(p + 4, le);
    this.tsUs = sec * 1e6 + (this.nsRes ? Math.floor(frac / 1000) : frac);
    this.caplen = incl;
    this.len = dv.getUint32(p + 12, le);
    this.off = p + hdr;
    this.linktype = this.fileLinktype;
    this.ifIndex = 0;
    this.start = p + hdr + incl;
    this.frame++;
    return FRAME;
  }

  private nextBlock(): number {
    const dv = this.dv;
    for (;;) {
      const avail = this.end - this.start;
      if (avail < 12) {
        if (!this.eof) return this.needs(12);
        if (avail === 0) return this.atEnd();
        return this.fail('truncated', `truncated pcapng block header (${avail} of 12 bytes)`);
      }
      const p = this.start;
      const type = dv.getUint32(p, this.le);
      if (type === PCAPNG_SHB) {
        const bom = dv.getUint32(p + 8, true);
        if (bom === PCAPNG_BOM) this.le = true;
        else if (bom === 0x4d3c2b1a) this.le = false;
        else return this.fail('corrupt', `bad pcapng byte-order magic 0x${bom.toString(16)} in section header`);
      }
      const le = this.le;
      const blen = dv.getUint32(p + 4, le);
      if (blen < 12 || (blen & 3) !== 0) return this.fail('corrupt', `bad pcapng block length ${blen} (block type 0x${type.toString(16)})`);
      if (blen > MAX_RECORD) return this.fail('corrupt', `pcapng block claims ${blen} bytes (limit ${MAX_RECORD}); the file is corrupt`);
      if (avail < blen) {
        if (!this.eof) return this.needs(blen);
        return this.fail('truncated', `truncated pcapng block (${avail} of ${blen} bytes, block type 0x${type.toString(16)})`);
      }
      if (dv.getUint32(p + blen - 4, le) !== blen) {
        return this.fail('corrupt', `pcapng block length mismatch (leading ${blen}, trailing ${dv.getUint32(p + blen - 4, le)})`);
      }
      switch (type) {
        case PCAPNG_SHB: {
          if (blen < 28) return this.fail('corrupt', `section header block too short (${blen} bytes)`);
          const major = dv.getUint16(p + 12, le);
          if (major !== 1) return this.fail('corrupt', `unsupported pcapng version ${major}.${dv.getUint16(p + 14, le)}`);
          this.bigEndian = !le;
          this.sections++;
          this.ifLink.length = this.ifSnap.length = this.ifDiv.length = this.ifMul.length = this.ifOffUs.length = 0;
          break;
        }
        case BLOCK_IDB: {
          if (blen < 20) return this.fail('corrupt', `interface description block too short (${blen} bytes)`);
          if (this.ifLink.length >= MAX_INTERFACES) return this.fail('corrupt', `more than ${MAX_INTERFACES} interfaces in one section`);
          const r = this.readIdb(p, blen);
          if (r !== null) return this.fail('corrupt', r);
          break;
        }
        case BLOCK_EPB:
        case BLOCK_OPB: {
          const epb = type === BLOCK_EPB;
          if (blen < 32) return this.fail('corrupt', `${epb ? 'enhanced' : 'obsolete'} packet block too short (${blen} bytes)`);
          const ifid = epb ? dv.getUint32(p + 8, le) : dv.getUint16(p + 8, le);
          if (ifid >= this.ifLink.length) {
            return this.fail('corrupt', `packet block names interface ${ifid} but the section defines ${this.ifLink.length}`);
          }
          const cap = dv.getUint32(p + 20, le);
          if (cap > blen - 32) return this.fail('corrupt', `packet block captured length ${cap} exceeds its block (${blen} bytes)`);
          this.setTime(ifid, dv.getUint32(p + 12, le), dv.getUint32(p + 16, le));
          this.caplen = cap;
          this.len = dv.getUint32(p + 24, le);
          this.off = p + 28;
          this.emit(ifid, p + blen);
          return FRAME;
        }
        case BLOCK_SPB: {
          if (blen < 16) return this.fail('corrupt', `simple packet block too short (${blen} bytes)`);
          if (this.ifLink.length === 0) return this.fail('corrupt', 'simple packet block before any interface description');
          const orig = dv.getUint32(p + 8, le);
          let cap = Math.min(orig, blen - 16);
          const snap = this.ifSnap[0]!;
          if (snap > 0 && cap > snap) cap = snap;
          // SPBs carry no timestamp: keep the previous frame's, so the timeline stays ordered
          this.caplen = cap;
          this.len = orig;
          this.off = p + 12;
          this.emit(0, p + blen);
          return FRAME;
        }
        default:
          break; // NRB, ISB, DSB, custom and unknown blocks are skipped
      }
      this.start = p + blen;
    }
  }

  private emit(ifid: number, next: number): void {
    this.linktype = this.ifLink[ifid]!;
    this.ifIndex = ifid;
    this.start = next;
    this.frame++;
  }

  private setTime(ifid: number, hi: number, lo: number): void {
    const div = this.ifDiv[ifid]!;
    let us: number;
    if (div === 1) us = hi * 4294967296 + lo;
    else if (div === 1000) {
      // exact 64-bit division by 1000 without BigInt: split the high word
      const qh = Math.floor(hi / 1000);
      const rh = hi - qh * 1000;
      us = qh * 4294967296 + Math.floor((rh * 4294967296 + lo) / 1000);
    } else us = Math.floor((hi * 4294967296 + lo) * this.ifMul[ifid]!);
    this.tsUs = us + this.ifOffUs[ifid]!;
  }

  /** Parses an IDB at p; returns an error message or null. */
  private readIdb(p: number, blen: number): string | null {
    const dv = this.dv;
    const le = this.le;
    const link = dv.getUint16(p + 8, le);
    const snap = dv.getUint32(p + 12, le);
    let div = 1;
    let mul = 1;
    let offUs = 0;
    let o = p + 16;
    const endOpts = p + blen - 4;
    while (o + 4 <= endOpts) {
      const code = dv.getUint16(o, le);
      const olen = dv.getUint16(o + 2, le);
      if (code === 0) break;
      if (o + 4 + olen > endOpts) return `interface option ${code} overruns its block`;
      if (code === 9 && olen >= 1) {
        const v = this.buf[o + 4]!;
        const exp = v & 0x7f;
        if (v & 0x80) {
          if (exp > 63) return `interface if_tsresol 2^-${exp} out of range`;
          mul = 1e6 / 2 ** exp;
          div = 0;
        } else {
          if (exp > 18) return `interface if_tsresol 10^-${exp} out of range`;
          if (exp === 6) div = 1;
          else if (exp === 9) div = 1000;
          else {
            div = 0;
            mul = 10 ** (6 - exp);
          }
        }
      } else if (code === 14 && olen >= 8) {
        const hi = dv.getInt32(o + 4 + (le ? 4 : 0), le);
        const lo = dv.getUint32(o + 4 + (le ? 0 : 4), le);
        offUs = (hi * 4294967296 + lo) * 1e6;
      }
      o += 4 + ((olen + 3) & ~3);
    }
    this.ifLink.push(link);
    this.ifSnap.push(snap);
    this.ifDiv.push(div);
    this.ifMul.push(mul);
    this.ifOffUs.push(offUs);
    if (!this.linktypes.includes(link)) this.linktypes.push(link);
    return null;
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
