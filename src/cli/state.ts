// --state for check and live, and `arpaudit state import|export|show`.
import { existsSync, readFileSync } from 'node:fs';
import type { Engine } from '../engine/engine.js';
import { StationBook } from '../engine/stations.js';
import { exportArpDat, importArpDat } from '../state/arpwatch.js';
import { isoToUs, parseState, sensorAfter, stateText, StateError, type StateDoc } from '../state/state-file.js';
import { readState, type SensorMeta, StateStore } from '../state/store.js';
import type { StateSummaryJson } from '../report/schema.js';
import { VERSION } from '../version.js';
import { sanitize } from '../util/text.js';
import { formatTime } from '../util/time.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { CommandIo } from './io.js';

export interface StateCliOptions {
  file: string;
  /** The section to use; by default the interface (live) or the file's only one (check). */
  sensor?: string;
  /** --learn: new stations are recorded, not reported, for this long from the state's start (ms). */
  learnMs: number;
  /** --absent-after: a station silent longer than this is reported when it is back (ms). */
  absenceMs: number;
  /** Write the state back (live always; check with --write-state). */
  write: boolean;
}

/** One sensor's section of a state file, held open for a run. */
export class StateSession {
  readonly book: StationBook;
  private readonly before: number;
  /** The sensor's times and groups as the state holds them (null: new in this run). */
  private held: SensorMeta | null;
  private readonly meta: SensorMeta;

  private constructor(
    readonly o: StateCliOptions,
    private readonly store: StateStore,
    readonly sensor: string,
    maxStations: number,
  ) {
    this.held = store.sensor(sensor);
    this.meta = this.held ?? store.ensureSensor(sensor, formatTime(Date.now() * 1000));
    // the learning period runs from the state's start (its first station), whatever --learn later runs give
    const learnUntil = !this.held ? (o.learnMs > 0 ? NaN : -Infinity) : this.held.learnUntil ? isoToUs(this.held.learnUntil) : -Infinity;
    this.book = new StationBook({ learnUntilUs: learnUntil, learnMs: o.learnMs, absenceUs: o.absenceMs * 1000 }, store.rows(this.meta, maxStations));
    this.before = this.meta.stations;
  }

  /**
   * Opens the state file (a missing one is a new state); throws StateError.
   * Sessions opened with the same `files` map (the sensors of one live run)
   * share the file's store.
   */
  static open(o: StateCliOptions, defaultSensor: string | null, maxStations: number, files = new Map<string, StateStore>()): StateSession {
    let store = files.get(o.file);
    if (!store) {
      store = StateStore.open(o.file, o.write);
      files.set(o.file, store);
    }
    const names = store.names();
    let sensor = o.sensor ?? defaultSensor;
    if (sensor === null) {
      if (names.length > 1) {
        store.close();
        throw new StateError(`${o.file} holds several sensors (${names.join(', ')}): name one with --sensor`);
      }
      sensor = names[0] ?? 'capture';
    }
    return new StateSession(o, store.share(), sensor, maxStations);
  }

  /** A line to tell the user when the file held a JSON state of the first format and this run converted it on disk; null otherwise. */
  get conversionNote(): string | null {
    return this.store.converted && this.o.write ? `${this.o.file}: a JSON state of arpaudit 0.1, converted to SQLite (the JSON is kept as ${this.o.file}.v1.json)` : null;
  }

  /** What the report says of the state. */
  summary(): StateSummaryJson {
    const lu = this.book.learnUntilUs;
    return {
      file: this.o.file,
      sensor: this.sensor,
      stationsBefore: this.before,
      stationsNew: this.book.added,
      learnUntil: Number.isFinite(lu) ? new Date(lu / 1000).toISOString() : null,
      evicted: this.book.evicted,
      written: this.o.write,
    };
  }

  /** Writes what `engines` learned since the last save, in one transaction. Throws StateError. */
  save(engines: Engine[]): void {
    if (!this.o.write) return;
    try {
      const after = sensorAfter(this.held, engines, this.book);
      Object.assign(this.meta, after);
      this.store.saveSensor(this.meta);
      this.held = { ...this.meta };
      this.store.setMeta('written', new Date().toISOString());
      this.store.setMeta('writtenBy', `arpaudit ${VERSION}`);
      this.store.commit();
    } catch (e) {
      if (e instanceof StateError) throw e;
      throw new StateError(`${this.o.file}: cannot write the state file (${(e as Error).message})`);
    }
  }

  /** Closes the state; what was not saved is dropped (a read-only run leaves the file as it was). */
  close(): void {
    this.store.close();
  }
}

/** Runs a `state` subcommand: a StateError is its one line and exit 2. */
function stateCommand(io: CommandIo, body: () => number): number {
  try {
    return body();
  } catch (e) {
    if (e instanceof StateError) {
      io.err(`arpaudit: ${sanitize(e.message)}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

/** `arpaudit state import FILE... --state STATE`: arpwatch's arp.dat history, or a JSON state document, into a state. */
export function stateImport(files: string[], o: { state: string; sensor?: string }, io: CommandIo): number {
  return stateCommand(io, () => {
    const store = StateStore.open(o.state, true);
    try {
      let doc: StateDoc = store.toDoc();
      const counts: Record<string, number> = {};
      const touched = new Set<string>();
      for (const f of files) {
        let text: string;
        try {
          text = readFileSync(f === '-' ? 0 : f, 'utf8');
        } catch (e) {
          throw new StateError(`${f}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
        }
        if (text.replace(/^\uFEFF/, '').trimStart().startsWith('{')) {
          // a JSON state document (state show --format json, or a state file of the first format): its sensors replace those of the same name
          const j = parseState(text, f);
          for (const [name, sec] of Object.entries(j.sensors)) {
            const to = o.sensor ?? name;
            doc.sensors[to] = sec;
            touched.add(to);
            counts[to] = (counts[to] ?? 0) + sec.stations.length;
          }
          continue;
        }
        const r = importArpDat(text, f, doc, o.sensor);
        doc = r.doc;
        for (const [k, n] of Object.entries(r.lines)) {
          counts[k] = (counts[k] ?? 0) + n;
          touched.add(k);
        }
      }
      store.importDoc(doc, [...touched]);
      store.setMeta('written', new Date().toISOString());
      store.setMeta('writtenBy', `arpaudit ${VERSION}`);
      store.commit();
      const per = Object.entries(counts).map(([k, n]) => `${n} MAC/IP pair${n === 1 ? '' : 's'} to sensor ${k}`).join(', ') || 'nothing';
      io.err(`arpaudit: imported ${per} into ${o.state}\n`);
      return EXIT_OK;
    } finally {
      store.close();
    }
  });
}

/** `arpaudit state export --state FILE`: the IPv4 stations as arpwatch's arp.dat on stdout. */
export function stateExport(o: { state: string; sensor?: string; allVlans: boolean }, io: CommandIo): number {
  return stateCommand(io, () => {
    const doc = readDoc(o.state);
    const sensors = o.sensor ? [o.sensor] : Object.keys(doc.sensors).sort();
    if (o.sensor && !doc.sensors[o.sensor]) throw new StateError(`${o.state}: no sensor "${o.sensor}" (it holds: ${Object.keys(doc.sensors).join(', ') || 'none'})`);
    const r = exportArpDat(doc, sensors, o.allVlans);
    io.out(r.text);
    io.err(`arpaudit: exported ${r.lines} MAC/IP pair${r.lines === 1 ? '' : 's'}${r.skipped ? `; ${r.skipped} left out (IPv6 or tagged; --all-vlans to include tagged IPv4)` : ''}\n`);
    return EXIT_OK;
  });
}

/** `arpaudit state show --state FILE`: what a state holds, per sensor. */
export function stateShow(o: { state: string; format: 'text' | 'json' }, io: CommandIo): number {
  return stateCommand(io, () => {
    const doc = readDoc(o.state);
    if (o.format === 'json') {
      io.out(stateText(doc));
      return EXIT_OK;
    }
    const names = Object.keys(doc.sensors).sort();
    if (!names.length) io.out(`${sanitize(o.state)}: no sensors yet\n`);
    for (const n of names) {
      const s = doc.sensors[n]!;
      const macs = s.stations.reduce((k, st) => k + st.macs.length, 0);
      io.out(`sensor ${sanitize(n)}: ${s.stations.length} stations (${macs} MACs), ${s.groups.length} VRRP/HSRP/GLBP groups, ${s.routers.length} IPv6 routers; since ${s.created}, updated ${s.updated}${s.learnUntil ? `, learning until ${s.learnUntil}` : ''}${s.evicted ? `, ${s.evicted} evicted` : ''}\n`);
      for (const st of s.stations) {
        const seg = `${st.vni !== undefined ? `vni ${st.vni} ` : ''}${st.vlanPath.length ? `vlan ${st.vlanPath.join('.')} ` : ''}`;
        for (const m of st.macs) io.out(`  ${seg}${sanitize(st.ip).padEnd(15)}  ${m.mac}  ${m.firstSeen}  ${m.lastSeen}  ${sanitize(m.learnedBy.join(','))}${m.vendor ? `  ${sanitize(m.vendor)}` : ''}\n`);
      }
    }
    return EXIT_OK;
  });
}

/** The state as its JSON document (show, export); a missing file is an error here, not an empty state. */
function readDoc(path: string): StateDoc {
  if (!existsSync(path)) throw new StateError(`${path}: no such state file`);
  return readState(path);
}
