// Byte sources for the capture reader: a plain file read with fs.readSync into
// the reader's own buffer, or a gzip stream inflated in bounded chunks.
import { openSync, readSync, closeSync, createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

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

/** Inflates a gzip file as a stream; memory stays at one chunk plus zlib's window. */
export class GzipSource implements ByteSource {
  readonly compressed = true;
  private iter: AsyncIterator<Buffer>;
  private pending: Buffer | null = null;
  private pendingOff = 0;
  private stream;
  constructor(path: string) {
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    this.stream = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(gunzip);
    this.iter = this.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }
  async read(dst: Buffer, off: number, len: number): Promise<number> {
    if (this.pending === null) {
      const r = await this.iter.next();
      if (r.done) return 0;
      this.pending = r.value;
      this.pendingOff = 0;
    }
    const p = this.pending;
    const n = Math.min(len, p.length - this.pendingOff);
    p.copy(dst, off, this.pendingOff, this.pendingOff + n);
    this.pendingOff += n;
    if (this.pendingOff >= p.length) this.pending = null;
    return n;
  }
  close(): void {
    this.stream.destroy();
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
