// `arpaudit live`: capture on a LAN port, print findings as they are raised,
// and the full report when the capture ends (--duration, SIGINT, SIGTERM).
import { LiveSession } from '../live/session.js';
import { CaptureUnavailable } from '../live/cap.js';
import { buildReport, findingOf } from '../report/build.js';
import { formatTime } from '../report/time.js';
import { segmentLabel, segmentOf } from '../report/segment.js';
import { refFrame } from '../engine/ctx.js';
import { groupLabel } from '../engine/vrrp-state.js';
import { renderText } from '../report/text.js';
import { reportObject } from '../report/json.js';
import { verdict } from './check.js';
import { EXIT_CAPTURE_UNAVAILABLE } from './exit-codes.js';
import type { EngineOptions } from '../engine/engine.js';
import type { Severity } from '../engine/findings.js';
import { sanitize } from '../util/text.js';
import { formatMac } from '../util/addr.js';
import { VERSION } from '../version.js';
import { SCHEMA_VERSION } from '../report/schema.js';
import type { CommandIo } from './io.js';

export interface LiveCliOptions {
  iface?: string;
  filter?: string;
  duration?: number;
  /** Stop after this many frames (-c). */
  count?: number;
  write?: string;
  format: 'text' | 'json';
  tui: boolean;
  user?: string;
  ringBits?: number;
  failOn: Severity | 'none';
  addresses: 'involved' | 'all' | 'none';
  engine: Partial<EngineOptions>;
}

export async function live(o: LiveCliOptions, io: CommandIo): Promise<number> {
  // --duration, -c COUNT, SIGINT and SIGTERM all end the capture through `end`
  let end: () => void = () => undefined;
  const s = new LiveSession({ iface: o.iface, filter: o.filter, write: o.write, user: o.user, engine: o.engine, ringBits: o.ringBits, count: o.count, onLimit: () => end() });
  try {
    s.start();
  } catch (e) {
    if (e instanceof CaptureUnavailable) {
      io.err(`arpaudit: ${sanitize(e.message)}\n`);
      return EXIT_CAPTURE_UNAVAILABLE;
    }
    throw e;
  }
  const json = o.format === 'json';
  const line = (obj: Record<string, unknown>) => io.out(JSON.stringify(obj) + '\n');
  if (o.tui && process.stdout.isTTY && !json) {
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
    s.stop();
    const report = buildReport(s.engine, [s.inputInfo()], { version: VERSION, capture: s.captureStats() });
    dash.setReportFindings(report.findings.length);
    if (why) dash.notice(`${why}: q to quit and print the report`);
    await dash.stop();
    io.out(renderText(report, { addresses: o.addresses, failOn: o.failOn }));
    return verdict([report], o.failOn);
  }
  if (json) line({ type: 'start', schemaVersion: SCHEMA_VERSION, interface: s.iface, filter: s.filter, linktype: s.linktypeName, runningAs: s.droppedTo?.name ?? null, write: o.write ?? null });
  else io.err(`arpaudit: capturing on ${s.iface} (${s.linktypeName}), filter "${s.filter}"${s.droppedTo ? `, running as ${s.droppedTo.name}` : ''}${o.duration ? ` for ${o.duration} s` : ''}; Ctrl-C to stop\n`);
  // a master change is news at once; its GARPs and neighbours follow in the report's failovers
  s.engine.vrrp.onChange = (c) => {
    const e = { protocol: c.state.protocol, vrid: c.state.vrid, ...segmentOf(s.engine, c.state.vlan), from: c.from ? { ip: c.from.ip, mac: formatMac(c.from.mac) } : null, to: { ip: c.to.ip, mac: formatMac(c.to.mac) }, cause: c.cause, at: formatTime(c.atUs), frame: refFrame(c.ref), gapMs: c.gapUs === null ? null : Math.round(c.gapUs) / 1000, expectedGapMs: c.expectedGapUs === null ? null : Math.round(c.expectedGapUs) / 1000 };
    if (json) line({ type: 'master-change', schemaVersion: SCHEMA_VERSION, ...e });
    else io.out(`${e.at} MASTER CHANGE ${groupLabel(e.protocol, e.vrid)}${segmentLabel(e)}: ${e.from ? `${e.from.ip} ${e.from.mac}` : '-'} -> ${e.to.ip} ${e.to.mac} (${e.cause}), gap ${e.gapMs} ms, expected ${e.expectedGapMs} ms\n`);
  };
  s.engine.incidents.listener = (inc) => {
    const f = findingOf(s.engine, inc);
    if (json) line({ type: 'finding', schemaVersion: SCHEMA_VERSION, ...f });
    else io.out(`${formatTime(inc.firstUs)} ${f.severity.toUpperCase()} ${f.code}${f.ip ? ` ${f.ip}` : ''}${segmentLabel(f)} — ${sanitize(f.summary)}\n`);
  };
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
  s.stop();
  s.engine.incidents.listener = null;
  const report = buildReport(s.engine, [s.inputInfo()], { version: VERSION, capture: s.captureStats() });
  if (json) line({ type: 'report', ...reportObject(report) });
  else {
    const c = s.captureStats();
    io.out(`\ncapture: ${c.frames} frames on ${c.interface}; ring ${c.ringSlots} slots, high water ${c.ringHighWater}, drops ${c.ringDrops}, truncated ${c.truncatedFrames}; kernel drops ${c.kernelDrops ?? `unknown (${c.kernelDropsNote})`}\n`);
    io.out(renderText(report, { addresses: o.addresses, failOn: o.failOn }));
  }
  return verdict([report], o.failOn);
}
