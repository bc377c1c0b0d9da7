// Packet times as text.
import { isoTime } from './text.js';

// date parts of recent seconds, direct-mapped: rows sorted by IP jump between
// the seconds of a capture, and formatting a Date costs a microsecond
const CACHE = 1024;
const cachedSec = new Float64Array(CACHE).fill(NaN);
const cachedPart: string[] = new Array<string>(CACHE).fill('');

/** "YYYY-MM-DDTHH:MM:SS." of a second since the epoch, cached; null when the date has no ISO form. */
export function datePart(sec: number): string | null {
  const slot = sec & (CACHE - 1);
  if (cachedSec[slot] !== sec) {
    const full = isoTime(sec, 0);
    if (!full.endsWith('Z')) return null;
    cachedSec[slot] = sec;
    cachedPart[slot] = full.slice(0, 20);
  }
  return cachedPart[slot]!;
}

/** ISO time of a packet time in µs: isoTime(), with the date part of its second cached. */
export function formatTime(us: number): string {
  const sec = Math.floor(us / 1e6);
  const nsec = Math.round((us - sec * 1e6) * 1000);
  const base = datePart(sec);
  // an out-of-range date: isoTime says so its own way
  if (base === null) return isoTime(sec, nsec);
  const micro = Math.floor(nsec / 1000);
  return `${base}${micro < 100000 ? String(1000000 + micro).slice(1) : micro}Z`;
}

/** Parses an ISO time (with up to microseconds) into µs; NaN when not one. */
export function isoToUs(text: unknown): number {
  if (typeof text !== 'string') return NaN;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?Z$/.exec(text);
  if (!m) return NaN;
  const ms = Date.parse(`${m[1]}Z`);
  return Number.isNaN(ms) ? NaN : ms * 1000 + (m[2] ? Number(m[2].padEnd(6, '0')) : 0);
}
