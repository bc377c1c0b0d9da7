// The station book: what earlier runs learned (per segment + address, every
// MAC with first and last time seen), held against this run. It is asked
// once per new binding (an address claimed by a MAC for the first time in
// this run), never per frame, and raises the findings that need history:
// a new station, an address claimed by a MAC never seen for it, an older MAC
// of the address back, a station back after a long absence.
//
// The book knows nothing of files: cli/state-file.ts loads it from and saves
// it to the --state file. Times are packet times (µs), like the rest of the
// engine, so a capture replayed against a state gives the same findings.
import type { FrameCtx } from './ctx.js';
import type { Tables } from './tables.js';
import type { VrrpTracker } from './vrrp.js';
import { IPV6 } from '../decode/link.js';
import { COUNT_NAMES, NCOUNTERS } from './kinds.js';

/** MACs remembered per address; the least recently seen goes first. */
export const MACS_PER_STATION = 16;

export interface KnownMac {
  mac: number;
  firstUs: number;
  lastUs: number;
  /** How the MAC was learned for the address: the ARP/ND kinds it was seen in (COUNT_NAMES). */
  learnedBy: string[];
  /** Known before this run (loaded from the state), as opposed to first seen in it. */
  loaded: boolean;
}

export interface Station {
  /** The segment key without the IPv6 bit (decode/link.ts), so IPv4 and IPv6 of one segment share it. */
  segment: number;
  ip: string;
  macs: KnownMac[];
}

export interface StationOptions {
  /** Until this packet time (µs) new stations are recorded, not reported (--learn); -Infinity: no learning; NaN: learnMs from the first station seen. */
  learnUntilUs: number;
  /** The learning period (ms) of a new state, from its first station. */
  learnMs: number;
  /** A station silent longer than this (µs) is reported when it is back (--absent-after). */
  absenceUs: number;
  /** Stations kept at most; past it the least recently seen are evicted (counted). */
  maxStations: number;
}

/** The book's map key of an address in a segment. */
export function stationKey(segment: number, ip: string): string {
  return `${segment}|${ip}`;
}

export class StationBook {
  readonly stations = new Map<string, Station>();
  /** Stations evicted for room, over the book's life (kept in the state). */
  evicted = 0;
  /** Stations first seen in this run. */
  added = 0;

  /** End of the learning period (µs), once known. */
  learnUntilUs: number;

  constructor(readonly opts: StationOptions) {
    this.learnUntilUs = opts.learnUntilUs;
  }

  /** Adds a station known before this run (the state's loader). */
  load(s: Station): void {
    for (const m of s.macs) m.loaded = true;
    this.stations.set(stationKey(s.segment, s.ip), s);
  }

  /**
   * A binding first seen in this run: `mac` claims `ip` (text) in segment key
   * `segKey` at the frame in ctx. Raises the history findings through `raise`.
   */
  seen(segKey: number, ip: string, mac: number, ctx: FrameCtx, raise: (code: StationCode, known: KnownMac | null, others: KnownMac[]) => void): void {
    const segment = segKey >= IPV6 ? segKey - IPV6 : segKey;
    const key = stationKey(segment, ip);
    const us = ctx.us;
    if (Number.isNaN(this.learnUntilUs)) this.learnUntilUs = us + this.opts.learnMs * 1000;
    let st = this.stations.get(key);
    if (!st) {
      st = { segment, ip, macs: [] };
      this.room();
      this.stations.set(key, st);
      this.added++;
      st.macs.push({ mac, firstUs: us, lastUs: us, learnedBy: [], loaded: false });
      if (us >= this.learnUntilUs) raise('station.new', null, []);
      return;
    }
    const before = st.macs.filter((m) => m.loaded);
    const m = st.macs.find((x) => x.mac === mac);
    if (!m) {
      if (st.macs.length >= MACS_PER_STATION) st.macs.splice(oldest(st.macs), 1);
      st.macs.push({ mac, firstUs: us, lastUs: us, learnedBy: [], loaded: false });
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

  /** Brings the book up to date with the tables at the end of a run or before a save: last seen, how learned. */
  update(tables: Tables, vlanKeys: readonly number[], ipText: (vlan: number, ip: number) => string): void {
    tables.forEachBinding((vlan, ip, b) => {
      const k = vlanKeys[vlan] ?? 0;
      const st = this.stations.get(stationKey(k >= IPV6 ? k - IPV6 : k, ipText(vlan, ip)));
      const m = st?.macs.find((x) => x.mac === tables.mac(b));
      if (!m) return; // a probe's binding, or a claim the book never heard of (loaded after it)
      m.lastUs = Math.max(m.lastUs, tables.lastUs(b));
      m.firstUs = Math.min(m.firstUs, tables.firstUs(b));
      for (let c = 0; c < NCOUNTERS; c++) {
        if (tables.count(b, c) > 0 && !m.learnedBy.includes(COUNT_NAMES[c]!)) m.learnedBy.push(COUNT_NAMES[c]!);
      }
    });
  }

  /** Keeps the book under its cap: evicts the least recently seen eighth when full. */
  private room(): void {
    if (this.stations.size < this.opts.maxStations) return;
    const all = [...this.stations.entries()].map(([k, s]) => [k, Math.max(...s.macs.map((m) => m.lastUs))] as const);
    all.sort((a, b) => a[1] - b[1]);
    const n = Math.max(1, Math.floor(all.length / 8));
    for (let i = 0; i < n; i++) this.stations.delete(all[i]![0]);
    this.evicted += n;
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
