// pcap and pcapng writers: the inverse of the reader. Used for fixtures, the
// benchmark, tests and evidence files. Output goes through a sink in chunks,
// so writing a gigabyte needs no more than the chunk in memory.
import { closeSync, openSync, writeSync } from 'node:fs';

export type Sink = (chunk: Buffer) => void;

export function fileSink(path: string): { sink: Sink; close: () => void } {
  const fd = openSync(path, 'w');
  return {
    sink: (c) => {
      let o = 0;
      while (o < c.length) o += writeSync(fd, c, o, c.length - o);
    },
    close: () => closeSync(fd),
  };
}

/** Collects everything written, for tests and small files. */
export function memorySink(): { sink: Sink; bytes: () => Buffer } {
  const parts: Buffer[] = [];
  return { sink: (c) => parts.push(Buffer.from(c)), bytes: () => Buffer.concat(parts) };
}

class ChunkedWriter {
  protected buf = Buffer.alloc(1 << 20);
  protected pos = 0;
  constructor(protected sink: Sink) {}
  protected room(n: number): void {
    if (this.pos + n > this.buf.length) {
      this.flush();
      if (n > this.buf.length) this.buf = Buffer.alloc(n);
    }
  }
  flush(): void {
    if (this.pos > 0) this.sink(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }
}

export interface PcapOptions {
  linktype?: number;
  snaplen?: number;
  bigEndian?: boolean;
  nanosecond?: boolean;
}

export class PcapWriter extends ChunkedWriter {
  private readonly be: boolean;
  private readonly ns: boolean;
  readonly snaplen: number;
  constructor(sink: Sink, o: PcapOptions = {}) {
    super(sink);
    this.be = o.bigEndian ?? false;
    this.ns = o.nanosecond ?? false;
    this.snaplen = o.snaplen ?? 262144;
    this.room(24);
    const b = this.buf;
    const p = this.pos;
    this.u32(p, this.ns ? 0xa1b23c4d : 0xa1b2c3d4);
    this.be ? b.writeUInt16BE(2, p + 4) : b.writeUInt16LE(2, p + 4);
    this.be ? b.writeUInt16BE(4, p + 6) : b.writeUInt16LE(4, p + 6);
    this.u32(p + 8, 0);
    this.u32(p + 12, 0);
    this.u32(p + 16, this.snaplen);
    this.u32(p + 20, o.linktype ?? 1);
    this.pos += 24;
  }
  private u32(o: number, v: number): void {
    if (this.be) this.buf.writeUInt32BE(v >>> 0, o);
    else this.buf.writeUInt32LE(v >>> 0, o);
  }
  /** Writes one record; `us` is the timestamp in microseconds (nsExtra adds sub-µs ns for ns files). */
  write(frame: Uint8Array, us: number, origLen = frame.length, caplen = Math.min(frame.length, this.snaplen), nsExtra = 0): void {
    this.room(16 + caplen);
    const p = this.pos;
    const sec = Math.floor(us / 1e6);
    const frac = us - sec * 1e6;
    this.u32(p, sec);
    this.u32(p + 4, this.ns ? frac * 1000 + nsExtra : frac);
    this.u32(p + 8, caplen);
    this.u32(p + 12, origLen);
    this.buf.set(frame.subarray(0, caplen), p + 16);
    this.pos += 16 + caplen;
  }
}

export interface NgInterface {
  linktype: number;
  snaplen?: number;
  /** if_tsresol byte: 6 = µs (default), 9 = ns, 0x80|n = 2^-n. */
  tsresol?: number;
  /** if_tsoffset in seconds. */
  tsoffset?: number;
  name?: string;
}

export class PcapngWriter extends ChunkedWriter {
  private be: boolean;
  private ifs: NgInterface[] = [];
  constructor(sink: Sink, o: { bigEndian?: boolean } = {}) {
    super(sink);
    this.be = o.bigEndian ?? false;
    this.section(this.be);
  }
  private u16(o: number, v: number): void {
    if (this.be) this.buf.writeUInt16BE(v, o);
    else this.buf.writeUInt16LE(v, o);
  }
  private u32(o: number, v: number): void {
    if (this.be) this.buf.writeUInt32BE(v >>> 0, o);
    else this.buf.writeUInt32LE(v >>> 0, o);
  }
  /** Starts a new section (a new SHB), possibly in the other byte order. */
  section(bigEndian: boolean): void {
    this.be = bigEndian;
    this.ifs = [];
    this.room(28);
    const p = this.pos;
    this.buf.writeUInt32BE(0x0a0d0d0a, p);
    this.u32(p + 4, 28);
    this.u32(p + 8, 0x1a2b3c4d);
    this.u16(p + 12, 1);
    this.u16(p + 14, 0);
    this.buf.writeInt32BE(-1, p + 16);
    this.buf.writeInt32BE(-1, p + 20);
    this.u32(p + 24, 28);
    this.pos += 28;
  }
  /** Adds an interface description; returns its interface id. */
  addInterface(i: NgInterface): number {
    const opts: Buffer[] = [];
    const opt = (code: number, val: Buffer) => {
      const h = Buffer.alloc(4);
      if (this.be) {
        h.writeUInt16BE(code, 0);
        h.writeUInt16BE(val.length, 2);
      } else {
        h.writeUInt16LE(code, 0);
        h.writeUInt16LE(val.length, 2);
      }
      opts.push(h, val, Buffer.alloc((4 - (val.length % 4)) % 4));
    };
    if (i.name) opt(2, Buffer.from(i.name));
    if (i.tsresol !== undefined) opt(9, Buffer.from([i.tsresol]));
    if (i.tsoffset !== undefined) {
      const v = Buffer.alloc(8);
      if (this.be) v.writeBigInt64BE(BigInt(i.tsoffset));
      else v.writeBigInt64LE(BigInt(i.tsoffset));
      opt(14, v);
    }
    if (opts.length) opts.push(Buffer.alloc(4)); // opt_endofopt
    const body = Buffer.concat(opts);
    const len = 20 + body.length;
    this.room(len);
    const p = this.pos;
    this.u32(p, 1);
    this.u32(p + 4, len);
    this.u16(p + 8, i.linktype);
    this.u16(p + 10, 0);
    this.u32(p + 12, i.snaplen ?? 0);
    body.copy(this.buf, p + 16);
    this.u32(p + len - 4, len);
    this.pos += len;
    this.ifs.push(i);
    return this.ifs.length - 1;
  }
  private ticks(ifid: number, us: number): [number, number] {
    const i = this.ifs[ifid]!;
    const res = i.tsresol ?? 6;
    let t = BigInt(Math.round(us)) - BigInt(i.tsoffset ?? 0) * 1000000n;
    if (res & 0x80) t = (t * (1n << BigInt(res & 0x7f))) / 1000000n;
    else if (res >= 6) t *= 10n ** BigInt(res - 6);
    else t /= 10n ** BigInt(6 - res);
    return [Number(t >> 32n), Number(t & 0xffffffffn)];
  }
  /**
   * Writes one block: type, length, `head` bytes of fixed fields (filled by
   * `fields` at the offset just after the length), the data padded to 32
   * bits, and the trailing length.
   */
  private block(type: number, head: number, data: Uint8Array, fields: (p: number) => void): void {
    const pad = (4 - (data.length % 4)) % 4;
    const len = 12 + head + data.length + pad;
    this.room(len);
    const p = this.pos;
    this.u32(p, type);
    this.u32(p + 4, len);
    fields(p + 8);
    this.buf.set(data, p + 8 + head);
    this.buf.fill(0, p + 8 + head + data.length, p + len - 4);
    this.u32(p + len - 4, len);
    this.pos += len;
  }
  /** Enhanced packet block. */
  epb(ifid: number, frame: Uint8Array, us: number, origLen = frame.length): void {
    const [hi, lo] = this.ticks(ifid, us);
    this.block(6, 20, frame, (o) => {
      this.u32(o, ifid);
      this.u32(o + 4, hi);
      this.u32(o + 8, lo);
      this.u32(o + 12, frame.length);
      this.u32(o + 16, origLen);
    });
  }
  /** Obsolete packet block (pcapng drafts; Wireshark still reads it). */
  opb(ifid: number, frame: Uint8Array, us: number): void {
    const [hi, lo] = this.ticks(ifid, us);
    this.block(2, 20, frame, (o) => {
      this.u16(o, ifid);
      this.u16(o + 2, 0);
      this.u32(o + 4, hi);
      this.u32(o + 8, lo);
      this.u32(o + 12, frame.length);
      this.u32(o + 16, frame.length);
    });
  }
  /** Simple packet block: interface 0, no timestamp. */
  spb(frame: Uint8Array): void {
    this.block(3, 4, frame, (o) => this.u32(o, frame.length));
  }
  /** A block of a type the reader must skip (custom/unknown). */
  unknownBlock(type: number, body: Uint8Array): void {
    this.block(type, 0, body, () => undefined);
  }
}
