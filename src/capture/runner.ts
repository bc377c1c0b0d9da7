// Feeds capture files through an engine: one file in a tight loop, several
// files merged into one timeline by timestamp (ties go to the earlier input,
// so the order is deterministic).
import { CaptureError, CaptureReader, FRAME, NEED_DATA } from './reader.js';
import type { Engine } from '../engine/engine.js';
import { scanPcap } from '../engine/scan.js';
import { WasmScan } from '../engine/wasm-scan.js';
import { WasmArena } from '../engine/arena.js';

export const REF_INPUT = 4294967296;

export interface InputInfo {
  path: string;
  format: string | null;
  compressed: boolean;
  linktypes: number[];
  frames: number;
  error: CaptureError | null;
}

function info(r: CaptureReader): InputInfo {
  return { path: r.path, format: r.format, compressed: r.compressed, linktypes: r.linktypes.slice(), frames: r.frame, error: r.error };
}

/** The WebAssembly scan on the arena, or null where WebAssembly cannot run (the JavaScript scan then works on the same tables). */
function wasmScan(arena: WasmArena): WasmScan | null {
  try {
    return new WasmScan(arena);
  } catch {
    return null;
  }
}

/**
 * Frames in the first buffer (one slab, 1.06 MiB) from which the rest of the
 * file is read ahead: frames under ~170 bytes on average. With large frames
 * reading is the work, and it is fastest done where the data is then used.
 */
const READ_AHEAD_FRAMES = Math.floor((WasmArena.SLAB_PRE + WasmArena.SLAB_DATA) / 170);

/**
 * Reads one capture completely into the engine. `index` goes into frame refs.
 * Classic pcap records are walked by the engine's scan fast path: in
 * WebAssembly when the engine was given an arena, else in JavaScript. `scan`
 * 'js' forces the JavaScript scan and false sends every frame through
 * Engine.process() (the tests compare all three).
 */
export async function runOne(path: string, engine: Engine, index = 0, scan: boolean | 'js' = true): Promise<InputInfo> {
  const w = scan === true && engine.arena ? wasmScan(engine.arena) : null;
  const r = CaptureReader.open(path, undefined, w ? w.readBuffer() : null);
  const base = index * REF_INPUT;
  let decided = w === null;
  for (;;) {
    if (scan && r.scannable) {
      if (w && w.applies(engine, r)) w.scan(engine, r, base);
      scanPcap(engine, r, base);
      if (!decided && r.frame > 0) {
        decided = true;
        // a file of small frames: analysis is the work, so read the rest ahead beside it
        if (r.plainFile && r.frame >= READ_AHEAD_FRAMES) {
          r.readAhead(w!.slabs(), WasmArena.SLAB_PRE);
          w!.arena.readAhead = r.readingAhead;
        }
      }
    }
    const s = r.next();
    if (s === FRAME) engine.process(r.buf, r.off, r.caplen, r.len, r.tsUs, r.linktype, base + r.frame);
    else if (s === NEED_DATA) await r.fill();
    else break;
  }
  r.close();
  return info(r);
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

  constructor(paths: readonly string[]) {
    this.readers = paths.map((p) => CaptureReader.open(p));
    this.ready = this.readers.map(() => false);
    this.done = this.readers.map(() => false);
  }

  /** The frame refs use: input index * 2^32 + frame number. */
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
    if (best < 0) return false;
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
    return this.readers.map(info);
  }
}

/** Reads several captures as one timeline ordered by packet time. */
export async function runMerged(paths: readonly string[], engine: Engine): Promise<InputInfo[]> {
  if (paths.length === 1) return [await runOne(paths[0]!, engine, 0)];
  const src = new MergedSource(paths);
  while (await src.next()) engine.process(src.buf, src.off, src.caplen, src.len, src.us, src.linktype, src.ref);
  src.close();
  return src.infos();
}
