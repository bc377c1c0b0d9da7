// Feeds capture files through an engine: one file in a tight loop, several
// files merged into one timeline by timestamp (ties go to the earlier input,
// so the order is deterministic).
import { CaptureError, CaptureReader, END, FRAME, NEED_DATA } from './reader.js';
import type { Engine } from '../engine/engine.js';

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

/** Reads one capture completely into the engine. `index` goes into frame refs. */
export async function runOne(path: string, engine: Engine, index = 0): Promise<InputInfo> {
  const r = CaptureReader.open(path);
  const base = index * REF_INPUT;
  for (;;) {
    const s = r.next();
    if (s === FRAME) engine.process(r.buf, r.off, r.caplen, r.len, r.tsUs, r.linktype, base + r.frame);
    else if (s === NEED_DATA) await r.fill();
    else break;
  }
  r.close();
  return info(r);
}

/** Reads several captures as one timeline ordered by packet time. */
export async function runMerged(paths: readonly string[], engine: Engine): Promise<InputInfo[]> {
  if (paths.length === 1) return [await runOne(paths[0]!, engine, 0)];
  const readers = paths.map((p) => CaptureReader.open(p));
  const ready = readers.map(() => false);
  const done = readers.map(() => false);
  for (;;) {
    let best = -1;
    for (let i = 0; i < readers.length; i++) {
      if (done[i]) continue;
      const r = readers[i]!;
      while (!ready[i]) {
        const s = r.next();
        if (s === FRAME) ready[i] = true;
        else if (s === NEED_DATA) await r.fill();
        else {
          done[i] = true;
          break;
        }
      }
      if (ready[i] && (best < 0 || r.tsUs < readers[best]!.tsUs)) best = i;
    }
    if (best < 0) break;
    const r = readers[best]!;
    engine.process(r.buf, r.off, r.caplen, r.len, r.tsUs, r.linktype, best * REF_INPUT + r.frame);
    ready[best] = false;
  }
  for (const r of readers) r.close();
  return readers.map(info);
}

export { END };
