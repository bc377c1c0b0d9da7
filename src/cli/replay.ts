// `arpaudit replay`: plays captures through the engine at their recorded pace
// (or N times faster, or as fast as possible), as a story in text or in the
// dashboard; then the final report.
import { formatTime } from '../util/time.js';
import { Engine, type EngineOptions } from '../engine/engine.js';
import { MergedSource } from '../run/inputs.js';
import { buildReport, findingOf } from '../report/build.js';
import { renderText, terminalColumns } from '../report/text.js';
import { storyFinding, storyRetracted, storyLine } from '../report/story.js';
import { segmentLabel } from '../report/segment.js';
import { verdict } from './check.js';
import type { Severity } from '../engine/findings.js';
import type { Incident } from '../engine/incidents.js';
import { EXIT_USAGE } from './exit-codes.js';
import { htmlWritten } from './files.js';
import { VERSION } from '../version.js';
import { STDIN } from '../pcap/reader.js';
import { type Clock, Pacer, type Playback, realClock } from '../tui/playback.js';

/** How often a paused replay looks whether it may go on (ms). */
const PAUSE_POLL_MS = 50;
import type { CommandIo } from './io.js';


export interface ReplayOptions {
  files: string[];
  speed: number;
  tui: boolean;
  start?: string;
  filter?: string;
  failOn: Severity | 'none';
  addresses: 'involved' | 'all' | 'none';
  engine: Partial<EngineOptions>;
  /** --html FILE: the report as an HTML page too. */
  html?: string;
  /** Wall clock for pacing (tests); the real one by default. */
  clock?: Clock;
}

/** Parses --start: an ISO time, or +SECONDS from the first frame. Returns a function of the first frame's time. */
export function parseStart(text: string): ((firstUs: number) => number) | null {
  const rel = /^\+(\d+(?:\.\d+)?)s?$/.exec(text);
  if (rel) return (first) => first + Number(rel[1]) * 1e6;
  const t = Date.parse(text);
  if (Number.isNaN(t)) return null;
  return () => t * 1000;
}

/** A --filter as a line matcher: an IP, a MAC, or "vlan N". */
export function parseFilter(text: string): ((line: string) => boolean) | null {
  const t = text.trim().toLowerCase();
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(t)) {
    const re = new RegExp(`(^|[^\\d.])${esc(t)}($|[^\\d.])`);
    return (l) => re.test(l);
  }
  if (/^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/.test(t)) {
    const m = t.replace(/-/g, ':');
    return (l) => l.includes(m);
  }
  const v = /^(?:vlan\s*)?(\d{1,4})$/.exec(t);
  if (v) {
    const re = new RegExp(` vlan ${v[1]}(\\.|\\s|,|$)`);
    return (l) => re.test(l);
  }
  return null;
}

export async function replay(o: ReplayOptions, io: CommandIo): Promise<number> {
  const start = o.start ? parseStart(o.start) : null;
  if (o.start && !start) {
    io.err(`arpaudit: --start ${o.start}: expected an ISO time or +SECONDS\n`);
    return EXIT_USAGE;
  }
  const filter = o.filter ? parseFilter(o.filter) : null;
  if (o.filter && !filter) {
    io.err(`arpaudit: --filter ${o.filter}: expected an IP, a MAC or "vlan N"\n`);
    return EXIT_USAGE;
  }
  const engine = new Engine(o.engine);
  const src = new MergedSource(o.files);
  const pb: Playback = { speed: o.speed, paused: false, positionUs: 0, firstUs: -1, quit: false };
  const raised: Incident[] = [];
  /** Findings the story told, and those it told that the engine has since retracted (with the code that says them better). */
  const told = new Set<Incident>();
  const retracted: [Incident, string | null][] = [];
  engine.incidents.listener = (inc) => raised.push(inc);
  engine.incidents.onRetract = (inc, by) => {
    if (told.delete(inc)) retracted.push([inc, by]);
  };
  let dash: { stop: () => Promise<void>; setReportFindings: (n: number) => void } | null = null;
  if (o.tui) {
    const { openDashboard } = await import('../tui/dashboard.js');
    const keysFromTty = o.files.includes(STDIN);
    try {
      dash = openDashboard({ engine, title: `replay ${o.files.join(', ')}`, playback: pb, inputs: o.files, filter: o.filter ?? '', keysFromTty });
    } catch (e) {
      if (!keysFromTty) throw e;
      // the capture is on standard input and no terminal is there for keys: tell the story instead
      io.err(`arpaudit: no terminal for the dashboard's keys (${(e as NodeJS.ErrnoException).code ?? 'error'}): printing the story\n`);
      o = { ...o, tui: false };
    }
  }
  let startUs = -1;
  const clock = o.clock ?? realClock;
  const pacer = new Pacer(clock);
  let n = 0;
  while (!pb.quit && (await src.next())) {
    const us = src.us;
    if (pb.firstUs < 0) {
      pb.firstUs = us;
      startUs = start ? start(us) : us;
    }
    const playing = us >= startUs;
    if (playing) await pacer.wait(us, pb.speed);
    if (pb.paused) {
      while (pb.paused && !pb.quit) await clock.sleep(PAUSE_POLL_MS);
      pacer.restart();
    }
    engine.process(src.buf, src.off, src.caplen, src.len, us, src.linktype, src.ref);
    pb.positionUs = us;
    if (!o.tui && playing) {
      const line = storyLine(engine, src.buf, src.off, src.caplen, src.linktype, src.frame, us);
      if (line !== null && (!filter || filter(line))) io.out(`${o.files.length > 1 ? `${src.input}:` : ''}${line}\n`);
      for (const inc of raised) {
        const f = findingOf(engine, inc);
        if (!filter || filter(`${f.ip ?? ''} ${f.macs.join(' ')}${segmentLabel(f)}`)) {
          io.out(`${storyFinding(f)}\n`);
          told.add(inc);
        }
      }
      for (const [inc, by] of retracted) io.out(`${storyRetracted(findingOf(engine, inc), by)}\n`);
    }
    raised.length = 0;
    retracted.length = 0;
    // let timers (and the dashboard) run now and then when playing as fast as possible
    if (++n % 4096 === 0) await new Promise((r) => setImmediate(r));
  }
  // quit before the end: the report covers what was played, and says so
  const interrupted = pb.quit && !src.ended ? `replay interrupted at frame ${src.frame}${o.files.length > 1 ? ` of ${o.files[src.input]}` : ''} (${formatTime(pb.positionUs)}): the report covers the frames played up to it\n` : '';
  src.close();
  engine.incidents.listener = null;
  engine.incidents.onRetract = null;
  const report = buildReport(engine, src.infos(), { version: VERSION });
  if (dash) {
    dash.setReportFindings(report.findings.length);
    await dash.stop();
  }
  if (interrupted) io.out(interrupted);
  if (!o.tui) io.out('\n');
  io.out(renderText(report, { addresses: o.addresses, failOn: o.failOn, ...terminalColumns() }));
  for (const i of report.inputs) if (i.error) io.err(`arpaudit: ${i.file}: ${i.error.message}${i.error.kind === 'io' || i.error.kind === 'not-a-capture' ? '' : ` at byte offset ${i.error.offset} (frame ${i.error.frame})`}\n`);
  if (o.html && !(await htmlWritten(o.html, o.files.join(', '), [report], io))) return EXIT_USAGE;
  return verdict([report], o.failOn);
}
