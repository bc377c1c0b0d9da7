// Packet times as text.
import { isoTime } from '../util/text.js';

// date parts of recent seconds, direct-mapped: rows sorted by IP jump between
// the seconds of a capture, and formatting a Date costs a microsecond
const TS_CACHE = 1024;
const tsSec = new Float64Array(TS_CACHE).fill(NaN);
const tsBase: string[] = new Array<string>(TS_CACHE).fill('');
/** ISO time of a packet time in µs: isoTime(), with the date part of its second cached. */
export function ts(us: number): string {
  const sec = Math.floor(us / 1e6);
  const nsec = Math.round((us - sec * 1e6) * 1000);
  const slot = sec & (TS_CACHE - 1);
  if (tsSec[slot] !== sec) {
    const full = isoTime(sec, 0);
    // an out-of-range date has no ISO form: isoTime says so its own way
    if (!full.endsWith('Z')) return isoTime(sec, nsec);
    tsSec[slot] = sec;
    tsBase[slot] = full.slice(0, 20);
  }
  const base = tsBase[slot]!;
  const micro = Math.floor(nsec / 1000);
  return `${base}${micro < 100000 ? String(1000000 + micro).slice(1) : micro}Z`;
}
