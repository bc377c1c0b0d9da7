// The --state file: an SQLite database (better-sqlite3), so a run costs in
// proportion to what it sees and changes, never to the size of the history.
// A new binding looks its one station up by primary key; a write interval is
// one transaction (the run's new stations and MACs, the times of the
// bindings active since the last write, the sensor's groups and routers),
// committed atomically in WAL mode with synchronous=FULL: a crash or kill -9
// at any moment leaves the last committed state, never a torn file.
//
// Schema (versioned by PRAGMA user_version, marked by PRAGMA application_id):
//   meta(key, value)                       format, written, writtenBy, run
//   sensors(id, name, created, learn_until, updated, stations, evicted, groups, routers)
//   macs(sensor, segment, ip, mac, first_us, last_us, learned, run, hostname)
// A station is (sensor, segment, ip); `learned` has a bit per way a MAC was
// learned (COUNT_NAMES, and arpwatch); `run` names the run that added the
// row, so a MAC is "loaded" (known before this run) when its run is older.
//
// A file that is not ours (another SQLite database, a damaged one, anything
// else) is refused with a StateError and never written. A JSON state of the
// first format is converted: in memory for a read-only run, on disk (the
// JSON kept beside it as FILE.v1.json) when the run writes.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync } from 'node:fs';
import { type SensorMeta, SensorRows } from './rows.js';

export type { SensorMeta } from './rows.js';
import { COUNT_NAMES } from '../engine/kinds.js';
import { formatMac, parseMac } from '../util/addr.js';
import { formatTime } from '../util/time.js';
import { vendorOf } from '../util/vendor.js';
import { isoToUs, parseState, segmentJson, segmentKey, STATE_FORMAT, StateError, type StateDoc, type StationJson } from './state-file.js';

/** The schema this code reads and writes (user_version); the JSON format was version 1. */
export const SCHEMA_VERSION = 2;
/** PRAGMA application_id of an arpaudit state: "ARPA". */
const APPLICATION_ID = 0x41525041;
const SQLITE_MAGIC = 'SQLite format 3\0';
/** SQLite's page cache (KiB) and the part of the file read through mmap (bytes). */
const CACHE_KIB = 65536;
const MMAP_BYTES = 1 << 30;
/** The learned bit of a MAC imported from arpwatch's arp.dat. */
const LEARNED_ARPWATCH = 1 << 20;

const SCHEMA = `
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE sensors(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created TEXT NOT NULL, learn_until TEXT, updated TEXT NOT NULL,
  stations INTEGER NOT NULL DEFAULT 0, evicted INTEGER NOT NULL DEFAULT 0, groups TEXT NOT NULL DEFAULT '[]', routers TEXT NOT NULL DEFAULT '[]');
CREATE TABLE macs(sensor INTEGER NOT NULL, segment INTEGER NOT NULL, ip TEXT NOT NULL, mac INTEGER NOT NULL,
  first_us INTEGER NOT NULL, last_us INTEGER NOT NULL, learned INTEGER NOT NULL, run INTEGER NOT NULL, hostname TEXT,
  PRIMARY KEY(sensor, segment, ip, mac)) WITHOUT ROWID;
`;


/** The names of the learned bits. */
export function learnedNames(bits: number): string[] {
  const out: string[] = [];
  COUNT_NAMES.forEach((n, i) => {
    if (bits & (1 << i)) out.push(n);
  });
  if (bits & LEARNED_ARPWATCH) out.push('arpwatch');
  return out.sort();
}

function learnedBits(names: readonly string[]): number {
  let bits = 0;
  for (const n of names) {
    if (n === 'arpwatch') bits |= LEARNED_ARPWATCH;
    const i = (COUNT_NAMES as readonly string[]).indexOf(n);
    if (i >= 0) bits |= 1 << i;
  }
  return bits;
}

/** What the first bytes of a file say it is. */
function kindOf(path: string): 'missing' | 'sqlite' | 'json' | 'other' {
  if (!existsSync(path)) return 'missing';
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    if (n === 16 && head.toString('latin1') === SQLITE_MAGIC) return 'sqlite';
    const text = head.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').trimStart();
    return text.startsWith('{') ? 'json' : 'other';
  } catch (e) {
    throw new StateError(`${path}: cannot read the state file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

export class StateStore {
  /** This run's number: rows it adds carry it. */
  readonly run: number;
  /** The file held a JSON state of the first format, converted on opening. */
  converted = false;
  private open = true;
  private users = 0;

  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
    readonly write: boolean,
  ) {
    // a big state is looked up at random: pages are read through a map of the file and kept in a large cache
    db.pragma(`cache_size = -${CACHE_KIB}`);
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
    this.run = Number(this.meta('run') ?? '0') + 1;
    db.exec('BEGIN');
    if (write) this.setMeta('run', String(this.run));
  }

  /**
   * Opens a state file. A missing file is a new state: created when the run
   * writes, else kept in memory. Throws StateError for anything not ours.
   */
  static open(path: string, write: boolean): StateStore {
    const kind = kindOf(path);
    if (kind === 'other') throw new StateError(`${path}: not an arpaudit state file (neither its SQLite database nor a JSON state); give another --state file`);
    if (kind === 'json') return StateStore.fromJson(path, write);
    if (kind === 'missing') return new StateStore(path, create(write ? path : ':memory:', write), write);
    let db: Database.Database | null = null;
    try {
      db = new Database(path, { fileMustExist: true });
      check(db, path);
      if (write) tune(db);
      return new StateStore(path, db, write);
    } catch (e) {
      db?.close();
      if (e instanceof StateError) throw e;
      throw new StateError(`${path}: a damaged state file (${(e as Error).message}); restore a backup or move it away to start a new state`);
    }
  }

  /** A JSON state of the first format: validated, then converted (on disk only when the run writes). */
  private static fromJson(path: string, write: boolean): StateStore {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new StateError(`${path}: cannot read the state file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    const doc = parseState(text, path);
    if (!write) {
      const s = new StateStore(path, create(':memory:', false), false);
      s.importDoc(doc);
      s.converted = true;
      return s;
    }
    const tmp = `${path}.tmp-${process.pid}`;
    rmSync(tmp, { force: true });
    const conv = new StateStore(tmp, create(tmp, true), true);
    conv.importDoc(doc);
    conv.commit();
    conv.close();
    renameSync(path, `${path}.v1.json`);
    renameSync(tmp, path);
    const s = StateStore.open(path, true);
    s.converted = true;
    return s;
  }

  /** Another session (sensor) uses this store; close() closes it when the last one is done. */
  share(): this {
    this.users++;
    return this;
  }

  meta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  names(): string[] {
    return (this.db.prepare('SELECT name FROM sensors ORDER BY name').pluck().all() as string[]);
  }

  sensor(name: string): SensorMeta | null {
    const r = this.db.prepare('SELECT * FROM sensors WHERE name = ?').get(name) as Record<string, unknown> | undefined;
    if (!r) return null;
    return {
      id: r.id as number, name, created: r.created as string, learnUntil: (r.learn_until as string | null) ?? null, updated: r.updated as string,
      stations: r.stations as number, evicted: r.evicted as number, groups: JSON.parse(r.groups as string), routers: JSON.parse(r.routers as string),
    };
  }

  /** The sensor's meta row, created when new (with `created` as its start). */
  ensureSensor(name: string, created: string): SensorMeta {
    const s = this.sensor(name);
    if (s) return s;
    this.db.prepare('INSERT INTO sensors(name, created, learn_until, updated) VALUES(?, ?, NULL, ?)').run(name, created, created);
    return this.sensor(name)!;
  }

  saveSensor(m: SensorMeta): void {
    this.db
      .prepare('UPDATE sensors SET created = ?, learn_until = ?, updated = ?, stations = ?, evicted = ?, groups = ?, routers = ? WHERE id = ?')
      .run(m.created, m.learnUntil, m.updated, m.stations, m.evicted, JSON.stringify(m.groups), JSON.stringify(m.routers), m.id);
  }

  /** The station rows of one sensor, as the engine's station book sees them. */
  rows(m: SensorMeta, maxStations: number): SensorRows {
    return new SensorRows(this.db, m, this.run, maxStations);
  }

  /** Makes everything since the last commit durable, in one transaction. */
  commit(): void {
    this.db.exec('COMMIT');
    this.db.exec('BEGIN');
  }

  /** Closes the store (once its last user is done); what was not committed is dropped. */
  close(): void {
    if (!this.open || --this.users > 0) return;
    this.open = false;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.db.close();
  }

  /** The whole state as the JSON document (show, export, tests): O(stations). */
  toDoc(): StateDoc {
    const doc: StateDoc = { format: STATE_FORMAT, schemaVersion: SCHEMA_VERSION, written: this.meta('written') ?? '', writtenBy: this.meta('writtenBy') ?? '', sensors: {} };
    const rows = this.db.prepare('SELECT segment, ip, mac, first_us, last_us, learned, hostname FROM macs WHERE sensor = ? ORDER BY segment, ip, first_us, mac');
    for (const name of this.names()) {
      const m = this.sensor(name)!;
      const stations: StationJson[] = [];
      let cur: StationJson | null = null;
      let curSeg = -1;
      for (const r of rows.iterate(m.id) as Iterable<{ segment: number; ip: string; mac: number; first_us: number; last_us: number; learned: number; hostname: string | null }>) {
        if (!cur || curSeg !== r.segment || cur.ip !== r.ip) {
          curSeg = r.segment;
          cur = { ...segmentJson(r.segment), ip: r.ip, macs: [] };
          stations.push(cur);
        }
        cur.macs.push({ mac: formatMac(r.mac), vendor: vendorOf(r.mac), firstSeen: formatTime(r.first_us), lastSeen: formatTime(r.last_us), learnedBy: learnedNames(r.learned), ...(r.hostname ? { hostname: r.hostname } : {}) });
      }
      doc.sensors[name] = { created: m.created, learnUntil: m.learnUntil, updated: m.updated, evicted: m.evicted, stations, groups: m.groups, routers: m.routers };
    }
    return doc;
  }

  /** Replaces (or adds) the sensors a document holds with their contents (import, conversion): O(stations). */
  importDoc(doc: StateDoc, only?: readonly string[]): void {
    const ins = this.db.prepare('INSERT OR REPLACE INTO macs(sensor, segment, ip, mac, first_us, last_us, learned, run, hostname) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const [name, s] of Object.entries(doc.sensors)) {
      if (only && !only.includes(name)) continue;
      const m = this.ensureSensor(name, s.created);
      this.db.prepare('DELETE FROM macs WHERE sensor = ?').run(m.id);
      for (const st of s.stations) {
        const seg = segmentKey(st.vlanPath, st.vni, name);
        for (const x of st.macs) ins.run(m.id, seg, st.ip, parseMac(x.mac), isoToUs(x.firstSeen), isoToUs(x.lastSeen), learnedBits(x.learnedBy ?? []), 0, x.hostname ?? null);
      }
      this.saveSensor({ ...m, created: s.created, learnUntil: s.learnUntil, updated: s.updated, stations: s.stations.length, evicted: s.evicted, groups: s.groups, routers: s.routers });
    }
    if (doc.written) this.setMeta('written', doc.written);
    if (doc.writtenBy) this.setMeta('writtenBy', doc.writtenBy);
  }
}

/** The whole state file as its JSON document (a missing file is an empty state); throws StateError. */
export function readState(path: string): StateDoc {
  const s = StateStore.open(path, false);
  try {
    return s.toDoc();
  } finally {
    s.close();
  }
}

function create(path: string, write: boolean): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (e) {
    throw new StateError(`${path}: cannot create the state file (${(e as Error).message})`);
  }
  if (write) tune(db);
  db.exec(SCHEMA);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  db.prepare("INSERT INTO meta(key, value) VALUES('format', ?)").run(STATE_FORMAT);
  return db;
}

/** WAL with a full sync at each commit: a commit survives a crash, a kill -9 never tears the file. */
function tune(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
}

/** Refuses a database that is not an arpaudit state of a version this code reads (nothing is written before). */
function check(db: Database.Database, path: string): void {
  const app = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (app !== APPLICATION_ID) throw new StateError(`${path}: not an arpaudit state file (an SQLite database of another program); give another --state file`);
  if (version > SCHEMA_VERSION) throw new StateError(`${path}: written by a newer arpaudit (state schema ${version}, this one reads ${SCHEMA_VERSION}); upgrade arpaudit, the file is left as it is`);
  if (version < SCHEMA_VERSION) throw new StateError(`${path}: state schema ${version} is not one this arpaudit reads`);
  // deeper damage shows when a page is read: SensorRows turns it into a StateError
  if (db.prepare("SELECT value FROM meta WHERE key = 'format'").pluck().get() !== STATE_FORMAT) throw new StateError(`${path}: not an arpaudit state file (no format mark)`);
}
