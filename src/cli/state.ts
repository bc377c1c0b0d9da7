// --state for check and live, and `arpaudit state import|export|show`.
import { readFileSync } from 'node:fs';
import type { Engine } from '../engine/engine.js';
import type { StationBook } from '../engine/stations.js';
import { exportArpDat, importArpDat } from '../state/arpwatch.js';
import { bookOf, readState, sensorAfter, stateText, StateError, type StateDoc, withSensor, writeDurable } from '../state/state-file.js';
import type { StateSummaryJson } from '../report/schema.js';
import { VERSION } from '../version.js';
import { sanitize } from '../util/text.js';
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

  private constructor(
    readonly o: StateCliOptions,
    private readonly doc: StateDoc,
    /** The file's document as this process last wrote it (shared by the sensors of one file). */
    private readonly shared: { doc: StateDoc },
    readonly sensor: string,
    maxStations: number,
  ) {
    this.book = bookOf(doc, sensor, { learnMs: o.learnMs, absenceUs: o.absenceMs * 1000, maxStations });
    this.before = this.book.stations.size;
  }

  /**
   * Opens the state file (a missing one is a new state); throws StateError.
   * Sessions opened with the same `files` map (the sensors of one live run)
   * share the file's document, so each write keeps the others' sections.
   */
  static open(o: StateCliOptions, defaultSensor: string | null, maxStations: number, files = new Map<string, { doc: StateDoc }>()): StateSession {
    let doc = files.get(o.file);
    if (!doc) {
      doc = { doc: readState(o.file) };
      files.set(o.file, doc);
    }
    return StateSession.of(o, doc, defaultSensor, maxStations);
  }

  private static of(o: StateCliOptions, shared: { doc: StateDoc }, defaultSensor: string | null, maxStations: number): StateSession {
    const doc = shared.doc;
    const names = Object.keys(doc.sensors);
    let sensor = o.sensor ?? defaultSensor;
    if (sensor === null) {
      if (names.length > 1) throw new StateError(`${o.file} holds several sensors (${names.join(', ')}): name one with --sensor`);
      sensor = names[0] ?? 'capture';
    }
    return new StateSession(o, doc, shared, sensor, maxStations);
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

  /** Writes the sensor's section back with what `engines` learned, replacing the file atomically. Throws StateError. */
  save(engines: Engine[]): void {
    if (!this.o.write) return;
    // the other sensors' sections as this process last wrote them (several -i share one file; one
    // file per process: another process writing it too would lose its sections)
    const doc = withSensor(this.shared.doc, this.sensor, sensorAfter(this.doc.sensors[this.sensor], engines, this.book), `arpaudit ${VERSION}`);
    writeDurable(this.o.file, stateText(doc));
    this.shared.doc = doc;
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

/** `arpaudit state import ARP.DAT... --state FILE`: arpwatch's history into a state file. */
export function stateImport(files: string[], o: { state: string; sensor?: string }, io: CommandIo): number {
  return stateCommand(io, () => {
    let doc = readState(o.state);
    const counts: Record<string, number> = {};
    for (const f of files) {
      let text: string;
      try {
        text = readFileSync(f === '-' ? 0 : f, 'utf8');
      } catch (e) {
        throw new StateError(`${f}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      }
      const r = importArpDat(text, f, doc, o.sensor);
      doc = r.doc;
      for (const [k, n] of Object.entries(r.lines)) counts[k] = (counts[k] ?? 0) + n;
    }
    doc = { ...doc, written: new Date().toISOString(), writtenBy: `arpaudit ${VERSION}` };
    writeDurable(o.state, stateText(doc));
    const per = Object.entries(counts).map(([k, n]) => `${n} to sensor ${k}`).join(', ') || 'nothing';
    io.err(`arpaudit: imported ${per} into ${o.state}\n`);
    return EXIT_OK;
  });
}

/** `arpaudit state export --state FILE`: the IPv4 stations as arpwatch's arp.dat on stdout. */
export function stateExport(o: { state: string; sensor?: string; allVlans: boolean }, io: CommandIo): number {
  return stateCommand(io, () => {
    const doc = readState(o.state);
    const sensors = o.sensor ? [o.sensor] : Object.keys(doc.sensors).sort();
    if (o.sensor && !doc.sensors[o.sensor]) throw new StateError(`${o.state}: no sensor "${o.sensor}" (it holds: ${Object.keys(doc.sensors).join(', ') || 'none'})`);
    const r = exportArpDat(doc, sensors, o.allVlans);
    io.out(r.text);
    io.err(`arpaudit: exported ${r.lines} pair${r.lines === 1 ? '' : 's'}${r.skipped ? `; ${r.skipped} left out (IPv6 or tagged; --all-vlans to include tagged IPv4)` : ''}\n`);
    return EXIT_OK;
  });
}

/** `arpaudit state show --state FILE`: what a state holds, per sensor. */
export function stateShow(o: { state: string; format: 'text' | 'json' }, io: CommandIo): number {
  return stateCommand(io, () => {
    const doc = readState(o.state);
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
