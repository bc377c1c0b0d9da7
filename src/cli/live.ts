// `arpaudit live`: capture on one or more LAN ports, print findings as they
// are raised, and the full report per port when the capture ends
// (--duration, -c, SIGINT, SIGTERM). As a monitor it also keeps a station
// baseline (--state), serves Prometheus metrics (--metrics) or writes them
// for node_exporter's textfile collector (--metrics-file).
import { hostname } from 'node:os';
import { LiveSession } from '../live/session.js';
import { CaptureUnavailable } from '../live/cap.js';
import { buildReport, changeFinding, findingOf } from '../report/build.js';
import { formatTime } from '../util/time.js';
import { segmentLabel, segmentOf } from '../report/segment.js';
import { refFrame } from '../engine/ctx.js';
import { groupLabel } from '../engine/vrrp-state.js';
import { renderText, terminalColumns } from '../report/text.js';
import { reportObject } from '../report/json.js';
import { expectFindings } from '../report/expect.js';
import { evaluateExpectations, type ExpectedRouter, type Expectation } from '../engine/expect.js';
import { verdict } from './check.js';
import { EXIT_CAPTURE_UNAVAILABLE, EXIT_USAGE } from './exit-codes.js';
import type { EngineOptions } from '../engine/engine.js';
import type { Severity } from '../engine/findings.js';
import { sanitize } from '../util/text.js';
import { formatMac } from '../util/addr.js';
import { VERSION } from '../version.js';
import { SCHEMA_VERSION, type Report } from '../report/schema.js';
import type { CommandIo } from './io.js';
import { type StateCliOptions, StateSession } from './state.js';
import { StateError } from '../state/state-file.js';
import { htmlWritten, writeFileAtomic } from './files.js';
import { inSplitBrain } from '../engine/split-brain.js';
import type { Metrics, MetricSource } from '../report/metrics.js';
import { type MetricsServer, parseListen, serveMetrics } from './metrics-server.js';
import type { LiveEventJson } from '../contract/events.js';

export interface LiveCliOptions {
  /** Interfaces (-i, repeatable); empty: the first up, non-loopback one. */
  ifaces: string[];
  filter?: string;
  duration?: number;
  /** Stop after this many frames (-c), per interface. */
  count?: number;
  write?: string;
  format: 'text' | 'json';
  tui: boolean;
  user?: string;
  ringBits?: number;
  failOn: Severity | 'none';
  addresses: 'involved' | 'all' | 'none';
  engine: Partial<EngineOptions>;
  expectations: Expectation[];
  /** --expect "routers": the IPv6 routers allowed to advertise; null: no list. */
  routers?: ExpectedRouter[] | null;
  /** --state, with its interval (s). */
  state?: Omit<StateCliOptions, 'write'> & { intervalS: number };
  /** --metrics HOST:PORT. */
  metrics?: string;
  /** --metrics-file FILE. */
  metricsFile?: string;
  /** What NDJSON events say of who saw them. */
  observer: { host: string | null; vlan: number | null };
  /** --html FILE: the final report as an HTML page too. */
  html?: string;
}

/** How often --metrics-file is rewritten while capturing (ms). */
const METRICS_FILE_MS = 15_000;

/** A finding told live, kept to retract it if it stops standing. */
interface Told {
  code: string;
  ip: string | null;
  vlanPath: number[];
  vni?: number;
  at: number;
}

interface Sensor {
  s: LiveSession;
  state: StateSession | null;
  writes: number;
  writeErrors: number;
  lastError: string;
}

export async function live(o: LiveCliOptions, io: CommandIo): Promise<number> {
  const names = o.ifaces.length ? o.ifaces : [undefined];
  if (names.length > 1 && o.write) {
    io.err('arpaudit: -w writes one capture: give one -i with it\n');
    return EXIT_USAGE;
  }
  if (names.length > 1 && o.state?.sensor) {
    io.err('arpaudit: --sensor names one section of the state: with several -i each interface is its own sensor\n');
    return EXIT_USAGE;
  }
  if (o.metrics) {
    try {
      parseListen(o.metrics);
    } catch (e) {
      io.err(`arpaudit: --metrics ${sanitize(o.metrics)}: ${(e as Error).message}\n`);
      return EXIT_USAGE;
    }
  }
  // --duration, -c COUNT, SIGINT and SIGTERM all end the capture through `end`
  let end: () => void = () => undefined;
  let limits = 0;
  const sensors: Sensor[] = names.map((iface) => ({
    s: new LiveSession({ iface, filter: o.filter, write: o.write, user: o.user, engine: o.engine, ringBits: o.ringBits, count: o.count, onLimit: () => ++limits === names.length && end() }),
    state: null,
    writes: 0,
    writeErrors: 0,
    lastError: '',
  }));
  const stopAll = () => sensors.forEach((x) => x.s.stop());
  if (o.routers) for (const x of sensors) x.s.engine.expectRouters(o.routers);
  try {
    for (const x of sensors) x.s.start();
  } catch (e) {
    stopAll();
    if (e instanceof CaptureUnavailable) {
      io.err(`arpaudit: ${sanitize(e.message)}\n`);
      return EXIT_CAPTURE_UNAVAILABLE;
    }
    throw e;
  }
  // the state is opened once the handles are open and root is dropped: it is written as the user that runs
  if (o.state) {
    try {
      const files = new Map();
      for (const x of sensors) {
        x.state = StateSession.open({ ...o.state, write: true }, x.s.iface, o.engine.maxAddresses ?? 1 << 20, files);
        if (x.state.conversionNote) io.err(`arpaudit: ${sanitize(x.state.conversionNote)}\n`);
        x.s.engine.useStations(x.state.book);
      }
    } catch (e) {
      stopAll();
      if (e instanceof StateError) {
        io.err(`arpaudit: ${sanitize(e.message)}\n`);
        return EXIT_USAGE;
      }
      throw e;
    }
  }
  const saveState = (x: Sensor, last: boolean) => {
    if (!x.state) return;
    try {
      x.state.save([x.s.engine]);
      x.writes++;
    } catch (e) {
      x.writeErrors++;
      const msg = e instanceof Error ? e.message : String(e);
      // said once per distinct failure (a full disk every minute is one line, not hundreds), and at exit
      if (msg !== x.lastError || last) io.err(`arpaudit: ${sanitize(msg)}${last ? '' : '; will retry'}\n`);
      x.lastError = msg;
    }
  };
  const metrics = o.metrics || o.metricsFile ? await metricsOf(sensors, o) : null;
  let server: MetricsServer | null = null;
  if (o.metrics && metrics) {
    try {
      server = await serveMetrics(o.metrics, metrics);
    } catch (e) {
      stopAll();
      io.err(`arpaudit: --metrics ${sanitize(o.metrics)}: ${sanitize((e as Error).message)}\n`);
      return EXIT_USAGE;
    }
  }
  const writeMetricsFile = async () => {
    if (!o.metricsFile || !metrics) return;
    try {
      writeFileAtomic(o.metricsFile, await metrics.text(), 'the metrics file');
    } catch (e) {
      io.err(`arpaudit: ${sanitize((e as Error).message)}\n`);
    }
  };
  const timers: NodeJS.Timeout[] = [];
  if (o.state) timers.push(setInterval(() => sensors.forEach((x) => saveState(x, false)), o.state.intervalS * 1000));
  if (o.metricsFile) timers.push(setInterval(() => void writeMetricsFile(), METRICS_FILE_MS));
  const finish = async (): Promise<Report[]> => {
    for (const t of timers) clearInterval(t);
    stopAll();
    for (const x of sensors) saveState(x, true);
    for (const x of sensors) x.state?.close();
    const reports = sensors.map((x) => reportOf(x, o));
    await writeMetricsFile();
    await server?.close();
    return reports;
  };

  const json = o.format === 'json';
  const line = (event: LiveEventJson) => io.out(JSON.stringify(event) + '\n');
  if (o.tui && process.stdout.isTTY && !json && sensors.length > 1) io.err(`arpaudit: the dashboard shows one interface; printing text for ${sensors.length}\n`);
  if (o.tui && process.stdout.isTTY && !json && sensors.length === 1) {
    const s = sensors[0]!.s;
    const { openDashboard } = await import('../tui/dashboard.js');
    let quit: () => void = () => undefined;
    const quitted = new Promise<void>((r) => (quit = r));
    const dash = openDashboard({ engine: s.engine, title: `live ${s.iface} (${s.linktypeName})`, ring: () => ({ fill: s.ring.fill, slots: s.ring.slots, drops: s.ring.drops }), onQuit: () => quit() });
    // the capture ends (duration, count): the dashboard stays open with the final picture until q
    let timer: NodeJS.Timeout | null = null;
    const ended = new Promise<string>((r) => {
      end = () => r(`capture ended after ${s.frames} frames (-c)`);
      if (o.duration) timer = setTimeout(() => r(`capture ended after ${o.duration} s (--duration)`), o.duration * 1000);
    });
    const why = await Promise.race([quitted.then(() => ''), ended]);
    if (timer) clearTimeout(timer);
    const [report] = await finish();
    dash.setReportFindings(report!.findings.length);
    if (why) dash.notice(`${why}: q to quit and print the report`);
    await dash.stop();
    io.out(renderText(report!, { addresses: o.addresses, failOn: o.failOn, ...terminalColumns() }));
    if (o.html && !(await htmlWritten(o.html, `live ${s.iface}`, [report!], io))) return EXIT_USAGE;
    return verdict([report!], o.failOn);
  }
  const host = o.observer.host ?? hostname();
  const several = sensors.length > 1;
  // what was told as it happened, by sensor: a finding the final report no longer holds is retracted then
  const told = sensors.map(() => new Map<string, Told>());
  /** Says that a finding told live no longer stands: superseded by the findings named, or disproved (none named). */
  const retract = (si: number, id: string, t: Told, by: string[]): void => {
    const iface = sensors[si]!.s.iface;
    if (json) line({ type: 'retracted', schemaVersion: SCHEMA_VERSION, observer: { host, interface: iface, vlan: o.observer.vlan }, id, code: t.code, ip: t.ip, vlanPath: t.vlanPath, ...(t.vni !== undefined ? { vni: t.vni } : {}), supersededBy: by });
    else io.out(`${several ? `[${sanitize(iface)}] ` : ''}RETRACTED ${t.code}${t.ip ? ` ${t.ip}` : ''}${segmentLabel(t)} (told at ${formatTime(t.at)}): ${by.length ? `superseded by ${by.join(', ')}` : 'later evidence disproved it'}\n`);
  };
  for (const [si, { s }] of sensors.entries()) {
    const observer = { host, interface: s.iface, vlan: o.observer.vlan };
    const tag = several ? `[${sanitize(s.iface)}] ` : '';
    if (json) line({ type: 'start', schemaVersion: SCHEMA_VERSION, observer, interface: s.iface, filter: s.filter, linktype: s.linktypeName, runningAs: s.droppedTo?.name ?? null, write: o.write ?? null });
    else io.err(`arpaudit: capturing on ${sanitize(s.iface)} (${s.linktypeName}), filter "${sanitize(s.filter)}"${s.droppedTo ? `, running as ${s.droppedTo.name}` : ''}${o.duration ? ` for ${o.duration} s` : ''}; Ctrl-C to stop\n`);
    // a master change is news at once; its GARPs and neighbours follow in the report's failovers
    s.engine.vrrp.onChange = (c) => {
      const e = { protocol: c.state.protocol, vrid: c.state.vrid, ...segmentOf(s.engine, c.state.vlan), from: c.from ? { ip: c.from.ip, mac: formatMac(c.from.mac) } : null, to: { ip: c.to.ip, mac: formatMac(c.to.mac) }, cause: c.cause, at: formatTime(c.atUs), frame: refFrame(c.ref), gapMs: c.gapUs === null ? null : Math.round(c.gapUs) / 1000, expectedGapMs: c.expectedGapUs === null ? null : Math.round(c.expectedGapUs) / 1000 };
      if (json) line({ type: 'master-change', schemaVersion: SCHEMA_VERSION, observer, ...e });
      else io.out(`${tag}${e.at} MASTER CHANGE ${groupLabel(e.protocol, e.vrid)}${segmentLabel(e)}: ${e.from ? `${e.from.ip} ${e.from.mac}` : '-'} -> ${e.to.ip} ${e.to.mac} (${e.cause}), gap ${e.gapMs} ms, expected ${e.expectedGapMs} ms\n`);
    };
    s.engine.incidents.listener = (inc) => {
      const f = findingOf(s.engine, inc);
      told[si]!.set(f.id, { code: f.code, ip: f.ip, vlanPath: f.vlanPath, ...(f.vni !== undefined ? { vni: f.vni } : {}), at: inc.firstUs });
      if (json) line({ type: 'finding', schemaVersion: SCHEMA_VERSION, observer, ...f });
      else io.out(`${tag}${formatTime(inc.firstUs)} ${f.severity.toUpperCase()} ${f.code}${f.ip ? ` ${f.ip}` : ''}${segmentLabel(f)} — ${sanitize(f.summary)}\n`);
    };
    // a finding told that later evidence disproved (an IPv6 router that proved a redundancy group's) or that
    // another now says better (a split brain's dual master, a hijack, spoofing seen from both sides): retracted at once
    s.engine.incidents.onRetract = (inc, by) => {
      const id = findingOf(s.engine, inc).id;
      const t = told[si]!.get(id);
      if (!t) return;
      told[si]!.delete(id);
      retract(si, id, t, by ? [by] : []);
    };
    // a master change's verdict when its evidence is complete, and again whenever later evidence changes it
    s.engine.failovers.listener = (c, was) => {
      // a change of a split brain is told in its dual-master finding, as in the report
      if (inSplitBrain(s.engine, c)) return;
      const f = changeFinding(s.engine, c);
      told[si]!.set(f.id, { code: f.code, ip: f.ip, vlanPath: f.vlanPath, ...(f.vni !== undefined ? { vni: f.vni } : {}), at: c.judgedUs });
      if (json) line({ type: 'finding', schemaVersion: SCHEMA_VERSION, observer, ...f });
      else io.out(`${tag}${formatTime(c.judgedUs)} ${f.severity.toUpperCase()} ${f.code}${f.ip ? ` ${f.ip}` : ''}${segmentLabel(f)}${was ? ` (verdict was ${was})` : ''} — ${sanitize(f.summary)}\n`);
    };
  }
  if (server && !json) io.err(`arpaudit: metrics on http://${server.address}/metrics\n`);
  await new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | null = null;
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      if (timer) clearTimeout(timer);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
    end = done;
    if (o.duration) timer = setTimeout(done, o.duration * 1000);
  });
  for (const { s } of sensors) {
    s.engine.incidents.listener = null;
    s.engine.incidents.onRetract = null;
    s.engine.failovers.listener = null;
  }
  const reports = await finish();
  sensors.forEach((x, i) => {
    const report = reports[i]!;
    // findings told live that the whole capture superseded or disproved: said before the report
    const standing = new Set(report.findings.map((f) => f.id));
    for (const [id, t] of told[i]!) {
      if (standing.has(id)) continue;
      const by = report.findings.filter((f) => f.ip === t.ip && f.vlanPath.join('.') === t.vlanPath.join('.') && f.vni === t.vni).map((f) => f.code);
      retract(i, id, t, [...new Set(by)]);
    }
    if (json) line({ type: 'report', observer: { host, interface: x.s.iface, vlan: o.observer.vlan }, ...reportObject(report) });
    else {
      const c = x.s.captureStats();
      io.out(`${i ? '\n' : ''}\ncapture: ${c.frames} frames on ${sanitize(c.interface)}; ring ${c.ringSlots} slots, high water ${c.ringHighWater}, drops ${c.ringDrops}, truncated ${c.truncatedFrames}; kernel drops ${c.kernelDrops ?? `unknown (${c.kernelDropsNote})`}\n`);
      io.out(renderText(report, { addresses: o.addresses, failOn: o.failOn, ...terminalColumns() }));
    }
  });
  if (o.html && !(await htmlWritten(o.html, `live ${sensors.map((x) => x.s.iface).join(', ')}`, reports, io))) return EXIT_USAGE;
  return verdict(reports, o.failOn);
}

function reportOf(x: Sensor, o: LiveCliOptions): Report {
  const e = x.s.engine;
  const extra = o.expectations.length ? expectFindings(evaluateExpectations(e, o.expectations), e.stats.lastUs) : [];
  return buildReport(e, [x.s.inputInfo()], { version: VERSION, capture: x.s.captureStats(), extra, ...(x.state ? { state: x.state.summary() } : {}) });
}

/** The metrics registry over the sensors (prom-client is loaded only when metrics are asked for). */
async function metricsOf(sensors: Sensor[], o: LiveCliOptions): Promise<Metrics> {
  const { Metrics } = await import('../report/metrics.js');
  const sources: MetricSource[] = sensors.map((x) => ({
    sensor: x.s.iface,
    engine: x.s.engine,
    capture: () => x.s.captureStats(),
    up: () => x.s.running,
    now: () => Math.max(x.s.engine.stats.lastUs, Date.now() * 1000),
    ...(x.state ? { state: () => ({ stations: x.state!.book.size, writes: x.writes, writeErrors: x.writeErrors }) } : {}),
    expectations: o.expectations,
  }));
  return new Metrics(() => sources, VERSION);
}
