// Options and helpers the commands share: ranged numbers and durations, the
// engine's thresholds, --state, colour, --expect, capture errors.
import { type Command, InvalidArgumentError, Option, type OptionValues } from '@commander-js/extra-typings';
import type { Severity } from '../engine/findings.js';
import { DEFAULT_OPTIONS, type EngineOptions } from '../engine/engine.js';
import { MAX_ADDRESSES, MIN_ADDRESSES } from '../engine/options.js';
import { SEVERITIES } from '../engine/findings.js';
import { ExpectError } from '../engine/expect.js';
import { type ExpectFile, loadExpectations } from './expectations.js';
import { EXIT_CAPTURE_UNAVAILABLE } from './exit-codes.js';
import { sanitize } from '../util/text.js';
import type { CommandIo } from './io.js';
import type { StateSession } from './state.js';

/**
 * A numeric option with its unit and range: a value outside it is refused
 * with one line that says the range, never changed silently.
 */
export function ranged(name: string, unit: string, min: number, max: number, integer = false) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      // an identifier ("VLAN ID") reads as one; amounts read "a whole number of ms"
      const what = unit.endsWith(' ID') ? `a ${unit}` : `${integer ? 'a whole number' : 'a number'} of ${unit}`;
      throw new InvalidArgumentError(`${name} takes ${what} from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`);
    }
    return n;
  };
}

/** Repeatable -r FILE. */
export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** Options every analysing command shares: verdict threshold, engine thresholds, address table (typed: the action sees their types). */
export function engineOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>) {
  return cmd
    .addOption(new Option('--fail-on <severity>', 'lowest severity that makes the exit code 1').choices([...SEVERITIES, 'none'] as const).default('warning' as const))
    .option('--window <ms>', 'response window in ms: replies this long after a request answer it', ranged('--window', 'ms', 1, 60_000), DEFAULT_OPTIONS.windowMs)
    .option('--burst-gap <ms>', 'gratuitous ARPs closer than this (ms) form one burst', ranged('--burst-gap', 'ms', 1, 60_000), DEFAULT_OPTIONS.burstGapMs)
    .option('--storm-rate <n>', 'gratuitous ARPs per second from one IP+MAC that make a storm', ranged('--storm-rate', 'GARPs per second', 1, 1_000_000, true), DEFAULT_OPTIONS.stormRate)
    .option('--max-addresses <n>', 'address table cap; past it the least recently seen are evicted (counted)', ranged('--max-addresses', 'addresses', MIN_ADDRESSES, MAX_ADDRESSES, true), DEFAULT_OPTIONS.maxAddresses)
    .option('--garp-wait <ms>', 'a VRRP master change with no GARP for a VIP this long (ms) after it is missing its GARP burst', ranged('--garp-wait', 'ms', 1, 600_000), DEFAULT_OPTIONS.garpWaitMs)
    .option('--expect-garps <n>', 'GARPs expected per VIP in that time (keepalived: 5; 1 for routers that send one)', ranged('--expect-garps', 'GARPs', 1, 1000, true), DEFAULT_OPTIONS.expectGarps)
    .option('--failover-window <ms>', 'GARPs, replies and neighbours this long (ms) after a master change belong to its timeline', ranged('--failover-window', 'ms', 1, 3_600_000), DEFAULT_OPTIONS.failoverWindowMs)
    .option('--scan-rate <n>', 'requests per second from one MAC that make its targets kept for a request storm', ranged('--scan-rate', 'requests per second', 1, 1_000_000, true), DEFAULT_OPTIONS.scanRate)
    .option('--scan-targets <n>', 'distinct addresses one MAC asks for within a minute that never answer, making a scan', ranged('--scan-targets', 'addresses', 2, 65_536, true), DEFAULT_OPTIONS.scanTargets)
    .option('--request-storm-rate <n>', 'requests per second re-asking for the same addresses that make a request storm', ranged('--request-storm-rate', 'requests per second', 1, 1_000_000, true), DEFAULT_OPTIONS.requestStormRate)
    .addOption(new Option('--addresses <which>', 'address table in text output').choices(['involved', 'all', 'none'] as const).default('involved' as const))
    .addOption(new Option('--color <when>', 'colour in text output: auto (on a terminal, unless NO_COLOR is set), always, never').choices(['auto', 'always', 'never'] as const).default('auto' as const));
}

/** What engineOptions() gives an action. */
export interface EngineFlags {
  failOn: Severity | 'none';
  window: number;
  burstGap: number;
  stormRate: number;
  maxAddresses: number;
  garpWait: number;
  expectGarps: number;
  failoverWindow: number;
  scanRate: number;
  scanTargets: number;
  requestStormRate: number;
  addresses: 'involved' | 'all' | 'none';
  color: 'auto' | 'always' | 'never';
}

/** "90", "90s", "15m", "12h", "7d" as milliseconds; NaN when not a duration. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)?$/.exec(text.trim());
  if (!m) return NaN;
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 's') as 's']!;
}

/** A duration option: "90", "90s", "15m", "12h", "7d", within a range of seconds. */
export function duration(name: string, maxDays: number) {
  return (v: string): number => {
    const ms = parseDuration(v);
    if (Number.isNaN(ms) || ms > maxDays * 86_400_000) throw new InvalidArgumentError(`${name} takes a duration: seconds, or a number with s, m, h or d (7d), up to ${maxDays} days`);
    return ms;
  };
}

/** --state and its companions, for check and live (live adds --state-interval, check --write-state). */
export function stateOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(cmd: Command<A, O, G>, live: boolean) {
  return cmd
    .option('--state <file>', live ? 'keep what was learned (stations, groups, routers) in this file across runs: read at start, written atomically every --state-interval and at exit' : 'hold the capture against the station baseline in this file (see arpaudit state); read only unless --write-state')
    .option('--sensor <name>', live ? 'the section of the --state file to use (default: the interface name)' : 'the section of the --state file to use (default: its only one)')
    .option('--learn <duration>', 'with a new --state: record new stations without reporting them for this long from its first station (e.g. 7d)', duration('--learn', 3650), 0)
    .addOption(new Option('--absent-after <duration>', 'a station silent longer than this is reported when it is back (station.returned)').argParser(duration('--absent-after', 36500)).default(180 * 86_400_000, '180d'));
}

/** What stateOptions() gives an action. */
export interface StateFlags {
  state?: string;
  sensor?: string;
  learn: number;
  absentAfter: number;
  maxAddresses: number;
}

/** Opens --state (exit 2 on a bad file); undefined without --state. The state modules load only then. */
export async function openState(o: StateFlags, defaultSensor: string | null, write: boolean, io: CommandIo): Promise<StateSession | undefined | null> {
  if (!o.state) return undefined;
  const { StateSession } = await import('./state.js');
  const { StateError } = await import('../state/state-file.js');
  try {
    const session = StateSession.open({ file: o.state, sensor: o.sensor, learnMs: o.learn, absenceMs: o.absentAfter, write }, defaultSensor, o.maxAddresses);
    if (session.conversionNote) io.err(`arpaudit: ${sanitize(session.conversionNote)}\n`);
    return session;
  } catch (e) {
    if (e instanceof StateError) {
      io.err(`arpaudit: ${sanitize(e.message)}\n`);
      return null;
    }
    throw e;
  }
}

/**
 * Colour is decided before the text renderer (and chalk) is loaded: chalk reads
 * FORCE_COLOR when it loads; NO_COLOR (no-color.org) turns colour off in auto mode,
 * and the dashboard reads it too.
 */
export function applyColor(when: unknown): void {
  const noColor = Boolean(process.env.NO_COLOR);
  if (when === 'never' || (when === 'auto' && noColor)) {
    process.env.FORCE_COLOR = '0';
    process.env.NO_COLOR = '1';
  } else if (when === 'always') {
    process.env.FORCE_COLOR = '1';
    delete process.env.NO_COLOR;
  }
}

export function engineOpts(o: EngineFlags): Partial<EngineOptions> {
  return {
    windowMs: o.window,
    burstGapMs: o.burstGap,
    stormRate: o.stormRate,
    maxAddresses: o.maxAddresses,
    garpWaitMs: o.garpWait,
    expectGarps: o.expectGarps,
    failoverWindowMs: o.failoverWindow,
    scanRate: o.scanRate,
    scanTargets: o.scanTargets,
    requestStormRate: o.requestStormRate,
  };
}

/**
 * Runs a command body that needs libpcap; a CaptureUnavailable becomes its
 * one-line message and exit code 4 (cap is loaded only here, lazily).
 */
export async function withCapture(io: CommandIo, body: () => Promise<number>): Promise<number> {
  const { CaptureUnavailable } = await import('../live/cap.js');
  try {
    return await body();
  } catch (e) {
    if (e instanceof CaptureUnavailable) {
      io.err(`arpaudit: ${sanitize(e.message)}\n`);
      return EXIT_CAPTURE_UNAVAILABLE;
    }
    throw e;
  }
}

/** Reads --expect (exit 2 on a bad file): its addresses and allowed routers; null after an error was said. */
export function readExpect(o: { expect?: string }, io: CommandIo): ExpectFile | null {
  if (!o.expect) return { addresses: [], routers: null };
  try {
    return loadExpectations(o.expect);
  } catch (e) {
    if (e instanceof ExpectError) {
      io.err(`arpaudit: invalid expectations: ${e.message}\n`);
      return null;
    }
    throw e;
  }
}
