// Runs capture files through an engine: one file in a tight record loop, or
// several merged into one timeline by timestamp (ties go to the earlier
// input, so the order is deterministic). The reader only reads; this module
// is what drives the engine.
import { CaptureReader, FRAME, NEED_DATA, type InputInfo } from '../pcap/reader.js';
import type { Engine } from '../engine/engine.js';
import { REF_INPUT } from '../engine/ctx.js';

export type { InputInfo };

/** Reads one capture completely into the engine; `index` goes into the frames' evidence references. */
export async function runOne(path: string, engine: Engine, index = 0, chunk?: number): Promise<InputInfo> {
  const r = CaptureReader.open(path, chunk);
  const base = index * REF_INPUT;
  const ctx = engine.ctx;
  for (;;) {
    const s = r.next();
    if (s === FRAME) {
      ctx.us = r.tsUs;
      ctx.ref = base + r.frame;
      engine.processFrame(r.buf, r.off, r.caplen, r.len, r.linktype);
    } else if (s === NEED_DATA) await r.fill();
    else break;
  }
  r.close();
  return r.info();
}

/**
 * Several captures as one timeline ordered by packet time (ties go to the
 * earlier input). next() leaves the current frame on the source's fields.
 */
export class MergedSource {
  readonly readers: CaptureReader[];
  private readonly ready: boolean[];
  private readonly done: boolean[];
  private last = -1;
  buf: Buffer = Buffer.alloc(0);
  off = 0;
  caplen = 0;
  len = 0;
  us = 0;
  linktype = 0;
  frame = 0;
  input = 0;
  /** Every input was read to its end (or its error). */
  ended = false;

  constructor(paths: readonly string[]) {
    this.readers = paths.map((p) => CaptureReader.open(p));
    this.ready = this.readers.map(() => false);
    this.done = this.readers.map(() => false);
  }

  /** The current frame's evidence reference. */
  get ref(): number {
    return this.input * REF_INPUT + this.frame;
  }

  async next(): Promise<boolean> {
    if (this.last >= 0) this.ready[this.last] = false;
    let best = -1;
    for (let i = 0; i < this.readers.length; i++) {
      if (this.done[i]) continue;
      const r = this.readers[i]!;
      while (!this.ready[i]) {
        const s = r.next();
        if (s === FRAME) this.ready[i] = true;
        else if (s === NEED_DATA) await r.fill();
        else {
          this.done[i] = true;
          break;
        }
      }
      if (this.ready[i] && (best < 0 || r.tsUs < this.readers[best]!.tsUs)) best = i;
    }
    this.last = best;
    if (best < 0) {
      this.ended = true;
      return false;
    }
    const r = this.readers[best]!;
    this.buf = r.buf;
    this.off = r.off;
    this.caplen = r.caplen;
    this.len = r.len;
    this.us = r.tsUs;
    this.linktype = r.linktype;
    this.frame = r.frame;
    this.input = best;
    return true;
  }

  close(): void {
    for (const r of this.readers) r.close();
  }

  infos(): InputInfo[] {
    return this.readers.map((r) => r.info());
  }
}

/** Reads several captures as one timeline ordered by packet time. */
export async function runMerged(paths: readonly string[], engine: Engine): Promise<InputInfo[]> {
  if (paths.length === 1) return [await runOne(paths[0]!, engine, 0)];
  const src = new MergedSource(paths);
  const ctx = engine.ctx;
  while (await src.next()) {
    ctx.us = src.us;
    ctx.ref = src.ref;
    engine.processFrame(src.buf, src.off, src.caplen, src.len, src.linktype);
  }
  src.close();
  return src.infos();
}
