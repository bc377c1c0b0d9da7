// The station book: what earlier runs learned (per segment + address, every
// MAC with first and last time seen), held against this run. It is asked
// once per new binding (an address claimed by a MAC for the first time in
// this run), never per frame, and raises the findings that need history:
// a new station, an address claimed by a MAC never seen for it, an older MAC
// of the address back, a station back after a long absence.
//
// The book keeps nothing of the history in memory: it asks a StationRows
// store (state/store.ts: SQLite) for the one station a new binding names,
// and tells it what changed, so its cost follows what this run sees, never
// the size of the history. Times are packet times (µs), like the rest of
// the engine, so a capture replayed against a state gives the same findings.
import type { FrameCtx } from './ctx.js';
import type { Tables } from './tables.js';
import type { VrrpTracker } from './vrrp.js';
import { IPV6 } from '../decode/link.js';
import { NCOUNTERS } from './kinds.js';

/** MACs remembered per address; the least recently seen goes first. */
export const MACS_PER_STATION = 16;

export interface KnownMac {
  mac: number;
  firstUs: number;
  lastUs: number;
  /** Known before this run (the store had it), as opposed to first seen in it. */
  loaded: boolean;
}

/** Where the book's stations live: a station is (segment key without the IPv6 bit, address text). */
export interface StationRows {
  /** The MACs known for a station (loaded ones, and those this run added); empty when unknown. */
  macs(segment: number, ip: string): KnownMac[];
  /** A MAC new for a station (`fresh`: the station itself is new). */
  add(segment: number, ip: string, m: KnownMac, fresh: boolean): void;
  remove(segment: number, ip: string, mac: number): void;
  /** What this run saw of a known MAC: its times widen, `learned` (a bit per COUNT_NAMES kind) is added. */
  touch(segment: number, ip: string, mac: number, firstUs: number, lastUs: number, learned: number): void;
  /** Everything told so far is in the store (before it commits). */
  flush(): void;
  /** Stations known, and stations the store evicted for room over its life. */
  readonly count: number;
  readonly evicted: number;
}

export interface StationOptions {
  /** Until this packet time (µs) new stations are recorded, not reported (--learn); -Infinity: no learning; NaN: learnMs from the first station seen. */
  learnUntilUs: number;
  /** The learning period (ms) of a new state, from its first station. */
  learnMs: number;
  /** A station silent longer than this (µs) is reported when it is back (--absent-after). */
  absenceUs: number;
}

export class StationBook {
  /** Stations first seen in this run. */
  added = 0;
  /** End of the learning period (µs), once known. */
  learnUntilUs: number;
  /** Packet time up to which the tables were last brought into the rows (update()). */
  private updatedUs = -Infinity;

  constructor(
    readonly opts: StationOptions,
    readonly rows: StationRows,
  ) {
    this.learnUntilUs = opts.learnUntilUs;
  }

  get size(): number {
    return this.rows.count;
  }
  get evicted(): number {
    return this.rows.evicted;
  }

  /**
   * A binding first seen in this run: `mac` claims `ip` (text) in segment key
   * `segKey` at the frame in ctx. Raises the history findings through `raise`.
   */
  seen(segKey: number, ip: string, mac: number, ctx: FrameCtx, raise: (code: StationCode, known: KnownMac | null, others: KnownMac[]) => void): void {
    const segment = segKey >= IPV6 ? segKey - IPV6 : segKey;
    const us = ctx.us;
    if (Number.isNaN(this.learnUntilUs)) this.learnUntilUs = us + this.opts.learnMs * 1000;
    const macs = this.rows.macs(segment, ip);
    if (macs.length === 0) {
      this.added++;
      this.rows.add(segment, ip, { mac, firstUs: us, lastUs: us, loaded: false }, true);
      if (us >= this.learnUntilUs) raise('station.new', null, []);
      return;
    }
    const before = macs.filter((m) => m.loaded);
    const m = macs.find((x) => x.mac === mac);
    if (!m) {
      if (macs.length >= MACS_PER_STATION) this.rows.remove(segment, ip, macs[oldest(macs)]!.mac);
      this.rows.add(segment, ip, { mac, firstUs: us, lastUs: us, loaded: false }, false);
      // an address new in this run with a second MAC is the run's own analysis (race, move)
      if (before.length) raise('station.changed', null, before);
      return;
    }
    if (!m.loaded) return;
    // back on a MAC another one replaced: a MAC first seen after this one was last seen (MACs
    // answering side by side, as in a race or a VRRP pair, overlap in time and are not replaced)
    const latest = before.reduce((a, b) => (b.firstUs > a.firstUs ? b : a));
    if (latest !== m && latest.firstUs > m.lastUs) raise('station.reused', m, [latest]);
    else if (us - m.lastUs > this.opts.absenceUs) raise('station.returned', m, []);
  }

  /**
   * Brings the rows up to date with the tables before a save: last seen and
   * how learned, for the bindings active since the last update (a cost that
   * follows this run's traffic, not the size of the history).
   */
  update(tables: Tables, vlanKeys: readonly number[], ipText: (vlan: number, ip: number) => string): void {
    const since = this.updatedUs;
    let upTo = since;
    tables.forEachBinding((vlan, ip, b) => {
      const last = tables.lastUs(b);
      if (last < since) return;
      if (last > upTo) upTo = last;
      const k = vlanKeys[vlan] ?? 0;
      let learned = 0;
      for (let c = 0; c < NCOUNTERS; c++) if (tables.count(b, c) > 0) learned |= 1 << c;
      // a probe's binding, or a claim the book never heard of, matches no row and changes nothing
      this.rows.touch(k >= IPV6 ? k - IPV6 : k, ipText(vlan, ip), tables.mac(b), tables.firstUs(b), last, learned);
    });
    this.updatedUs = upTo;
    this.rows.flush();
  }
}

export type StationCode = 'station.new' | 'station.changed' | 'station.reused' | 'station.returned';

function oldest(macs: KnownMac[]): number {
  let o = 0;
  for (let i = 1; i < macs.length; i++) if (macs[i]!.lastUs < macs[o]!.lastUs) o = i;
  return o;
}

/** True when a MAC change on `ip` is a VRRP/HSRP/GLBP router of the address's group taking it (failovers are judged there). */
export function isGroupMove(vrrp: VrrpTracker, vlan: number, ip: number, mac: number): boolean {
  return vrrp.active && vrrp.isGroupMac(vlan, ip, mac);
}
