// One sensor's stations in the --state database (store.ts): what the
// engine's station book asks (the MACs of one station, by primary key) and
// tells (a new station or MAC, the times of a binding seen since the last
// write). A run's cost follows what it sees, never the size of the history.
import type Database from 'better-sqlite3';
import type { KnownMac, StationRows } from '../engine/stations.js';
import { type GroupJson, type RouterJson, StateError } from './state-file.js';

/** A sensor's row of the sensors table. */
export interface SensorMeta {
  id: number;
  name: string;
  created: string;
  learnUntil: string | null;
  updated: string;
  stations: number;
  evicted: number;
  groups: GroupJson[];
  routers: RouterJson[];
}

/** A station first seen since the last write: kept here and inserted once, with its final times, when the write comes. */
interface NewStation {
  segment: number;
  ip: string;
  macs: { mac: number; firstUs: number; lastUs: number; learned: number }[];
}

/**
 * One sensor's stations: what the station book asks and tells. Known
 * stations are rows found by primary key; stations new since the last write
 * wait in memory and are inserted once at the write (flush()), so a new
 * station costs one statement, and while the state held nothing when it was
 * opened, a lookup of an unknown station costs none. They are bounded as the
 * stations are (--max-addresses: evict() flushes them first).
 */
export class SensorRows implements StationRows {
  private readonly qMacs: Database.Statement;
  private readonly qAdd: Database.Statement;
  private readonly qRemove: Database.Statement;
  private readonly qTouch: Database.Statement;
  private readonly fresh = new FreshStations();
  /** Stations in the database (at open, plus those flushed since). */
  private stored: number;

  constructor(
    private readonly db: Database.Database,
    readonly meta: SensorMeta,
    private readonly run: number,
    private readonly maxStations: number,
  ) {
    this.qMacs = db.prepare('SELECT mac, first_us, last_us, run FROM macs WHERE sensor = ? AND segment = ? AND ip = ?').raw();
    this.qAdd = db.prepare('INSERT OR REPLACE INTO macs(sensor, segment, ip, mac, first_us, last_us, learned, run) VALUES(?, ?, ?, ?, ?, ?, ?, ?)');
    this.qRemove = db.prepare('DELETE FROM macs WHERE sensor = ? AND segment = ? AND ip = ? AND mac = ?');
    this.qTouch = db.prepare('UPDATE macs SET first_us = min(first_us, ?), last_us = max(last_us, ?), learned = learned | ? WHERE sensor = ? AND segment = ? AND ip = ? AND mac = ?');
    this.stored = meta.stations;
  }

  get count(): number {
    return this.meta.stations;
  }
  get evicted(): number {
    return this.meta.evicted;
  }

  macs(segment: number, ip: string): KnownMac[] {
    const n = this.fresh.get(segment, ip);
    if (n) return n.macs.map((m) => ({ mac: m.mac, firstUs: m.firstUs, lastUs: m.lastUs, loaded: false }));
    if (this.stored === 0) return NO_MACS;
    try {
      const rows = this.qMacs.all(this.meta.id, segment, ip) as [number, number, number, number][];
      return rows.map(([mac, firstUs, lastUs, run]) => ({ mac, firstUs, lastUs, loaded: run !== this.run }));
    } catch (e) {
      throw damaged(this.db, e);
    }
  }

  add(segment: number, ip: string, m: KnownMac, fresh: boolean): void {
    const n = this.fresh.get(segment, ip);
    if (fresh || n) {
      if (fresh && this.meta.stations >= this.maxStations) this.evict();
      const row = { mac: m.mac, firstUs: m.firstUs, lastUs: m.lastUs, learned: 0 };
      if (n) n.macs.push(row);
      else this.fresh.set({ segment, ip, macs: [row] });
      if (fresh) this.meta.stations++;
      return;
    }
    try {
      this.qAdd.run(this.meta.id, segment, ip, m.mac, m.firstUs, m.lastUs, 0, this.run);
    } catch (e) {
      throw damaged(this.db, e);
    }
  }

  remove(segment: number, ip: string, mac: number): void {
    const n = this.fresh.get(segment, ip);
    if (n) {
      n.macs = n.macs.filter((x) => x.mac !== mac);
      return;
    }
    try {
      this.qRemove.run(this.meta.id, segment, ip, mac);
    } catch (e) {
      throw damaged(this.db, e);
    }
  }

  touch(segment: number, ip: string, mac: number, firstUs: number, lastUs: number, learned: number): void {
    const x = this.fresh.size ? this.fresh.get(segment, ip)?.macs.find((r) => r.mac === mac) : undefined;
    if (x) {
      x.firstUs = Math.min(x.firstUs, firstUs);
      x.lastUs = Math.max(x.lastUs, lastUs);
      x.learned |= learned;
      return;
    }
    if (this.stored === 0) return;
    try {
      this.qTouch.run(firstUs, lastUs, learned, this.meta.id, segment, ip, mac);
    } catch (e) {
      throw damaged(this.db, e);
    }
  }

  /** Inserts the stations new since the last write (before a commit, or to make room). */
  flush(): void {
    try {
      for (const n of this.fresh.values()) {
        for (const m of n.macs) this.qAdd.run(this.meta.id, n.segment, n.ip, m.mac, m.firstUs, m.lastUs, m.learned, this.run);
        this.stored++;
      }
    } catch (e) {
      throw damaged(this.db, e);
    }
    this.fresh.clear();
  }

  /** Room for a station: the least recently seen eighth goes (one pass, once per maxStations/8 new stations). */
  private evict(): void {
    this.flush();
    const n = Math.max(1, Math.floor(this.meta.stations / 8));
    const r = this.db
      .prepare('DELETE FROM macs WHERE sensor = @sensor AND (segment, ip) IN (SELECT segment, ip FROM macs WHERE sensor = @sensor GROUP BY segment, ip ORDER BY max(last_us), segment, ip LIMIT @n)')
      .run({ sensor: this.meta.id, n });
    if (r.changes > 0) {
      this.meta.stations -= n;
      this.meta.evicted += n;
      this.stored -= n;
    }
  }
}

/** No MACs known (shared: the callers only read it). */
const NO_MACS: KnownMac[] = [];

/** The stations new since the last write, by segment then address text: no key string made per lookup. */
class FreshStations {
  private readonly bySegment = new Map<number, Map<string, NewStation>>();
  size = 0;

  get(segment: number, ip: string): NewStation | undefined {
    return this.bySegment.get(segment)?.get(ip);
  }

  set(n: NewStation): void {
    let m = this.bySegment.get(n.segment);
    if (m === undefined) this.bySegment.set(n.segment, (m = new Map()));
    if (!m.has(n.ip)) this.size++;
    m.set(n.ip, n);
  }

  *values(): Generator<NewStation> {
    for (const m of this.bySegment.values()) yield* m.values();
  }

  clear(): void {
    this.bySegment.clear();
    this.size = 0;
  }
}

/** An SQLite failure while a run uses the state: a StateError naming the file (exit 2). */
export function damaged(db: Database.Database, e: unknown): StateError {
  return new StateError(`${db.name}: a damaged or unusable state file (${(e as Error).message}); restore a backup or move it away to start a new state`);
}

