// `arpaudit check FILE...`: analyse captures, print the report, and turn the
// verdict into an exit code for CI.
import { Engine, type EngineOptions } from '../engine/engine.js';
import { evaluateExpectations, type ExpectedRouter, type Expectation } from '../engine/expect.js';
import { SEVERITIES, type Severity, severityRank } from '../engine/findings.js';
import { runMerged, type InputInfo } from '../run/inputs.js';
import { buildReport } from '../report/build.js';
import { expectFindings } from '../report/expect.js';
import { reportObject, writeJson } from '../report/json.js';
import type { OverallSummary, Report } from '../report/schema.js';
import { EXIT_FINDINGS, EXIT_INPUT, EXIT_OK } from './exit-codes.js';
import { VERSION } from '../version.js';
import { applyBaseline, baselineOf, failing, markAccepted, today } from '../report/baseline.js';
import type { BaselineFile } from '../report/schema.js';
import { writeBaseline as writeBaselineFile } from './baseline-file.js';
import { plural } from '../util/text.js';
import type { StateSession } from './state.js';
import { writeFileAtomic } from './files.js';

export interface CheckOptions {
  format: 'text' | 'json';
  failOn: Severity | 'none';
  /** Several files as one timeline; by default each file is analysed on its own. */
  merge: boolean;
  addresses: 'involved' | 'all' | 'none';
  expectations: Expectation[];
  /** --expect "routers": the IPv6 routers allowed to advertise; null: no list. */
  routers?: ExpectedRouter[] | null;
  engine: Partial<EngineOptions>;
  /** --baseline: findings accepted by id. */
  baseline?: { file: string; doc: BaselineFile };
  /** --write-baseline: accept every finding of this run, keeping notes and expiry dates of --baseline. */
  writeBaseline?: string;
  /** Today (YYYY-MM-DD, UTC) for baseline expiry. */
  day?: string;
  /** --metrics-file: the run's metrics in Prometheus text format (node_exporter's textfile collector). */
  metricsFile?: string;
  /** --state: the station baseline every input is held against (and, with --write-state, written back). */
  state?: StateSession;
}

export interface CheckResult {
  code: number;
  reports: Report[];
  /** What --write-baseline wrote: entries, and old entries dropped as fixed. */
  wrote?: { file: string; entries: number; dropped: number };
}

async function analyse(files: string[], opts: CheckOptions, engines: Engine[]): Promise<Report> {
  const engine = new Engine(opts.engine);
  engines.push(engine);
  if (opts.state) engine.useStations(opts.state.book);
  if (opts.routers) engine.expectRouters(opts.routers);
  const inputs: InputInfo[] = await runMerged(files, engine);
  engine.finish();
  const extra = opts.expectations.length ? expectFindings(evaluateExpectations(engine, opts.expectations), engine.stats.lastUs) : [];
  return buildReport(engine, inputs, { version: VERSION, extra, ...(opts.state ? { state: opts.state.summary() } : {}) });
}

/** --metrics-file: one sensor per report (the input's path; the --state sensor or "capture" for one timeline). */
async function writeMetrics(file: string, files: string[], engines: Engine[], opts: CheckOptions): Promise<void> {
  const { Metrics } = await import('../report/metrics.js');
  const one = engines.length === 1;
  const m = new Metrics(
    () => engines.map((engine, i) => ({ sensor: one ? (opts.state?.sensor ?? 'capture') : files[i]!, engine, capture: () => null, up: () => false, now: () => engine.stats.lastUs, expectations: opts.expectations })),
    VERSION,
  );
  writeFileAtomic(file, await m.text(), 'the metrics file');
}

/** The exit code for reports: input errors first, then findings at or above failOn that a baseline does not accept. */
export function verdict(reports: Report[], failOn: Severity | 'none'): number {
  if (reports.some((r) => r.inputs.some((i) => i.error))) return EXIT_INPUT;
  return reports.some((r) => failing(r, failOn).length > 0) ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * The one-line verdict for a CI log (stderr, every format):
 * "arpaudit: 3 inputs, 1 unreadable, 2 errors, 1 warning, 1 known (baseline) -> exit 1".
 */
export function summaryLine(reports: Report[], code: number): string {
  const inputs = reports.reduce((n, r) => n + r.inputs.length, 0);
  const unreadable = reports.reduce((n, r) => n + r.inputs.filter((i) => i.error).length, 0);
  const counts: Record<Severity, number> = { info: 0, notice: 0, warning: 0, error: 0 };
  let known = 0;
  let accepted = 0;
  for (const r of reports) {
    for (const f of r.findings) {
      if (f.baseline === 'known') known++;
      else if (f.baseline === 'accepted') accepted++;
      else counts[f.severity]++;
    }
  }
  const parts = [plural(inputs, 'input')];
  if (unreadable) parts.push(`${unreadable} unreadable`);
  for (const sv of [...SEVERITIES].reverse()) if (counts[sv]) parts.push(plural(counts[sv], sv, sv === 'info' ? 'info' : `${sv}s`));
  if (known) parts.push(`${known} known (baseline)`);
  if (accepted) parts.push(`${accepted} accepted (written to the baseline)`);
  if (parts.length === 1) parts.push('no findings');
  return `arpaudit: ${parts.join(', ')} -> exit ${code}`;
}

/** The verdict over several separate reports: totals, the worst severity, and the exit code. */
export function overallSummary(reports: Report[], failOn: Severity | 'none'): OverallSummary {
  const bySeverity: Record<Severity, number> = { info: 0, notice: 0, warning: 0, error: 0 };
  let worst: Severity | null = null;
  for (const r of reports) {
    for (const sv of SEVERITIES) bySeverity[sv] += r.summary.bySeverity[sv];
    const w = r.summary.worst;
    if (w !== null && (worst === null || severityRank(w) > severityRank(worst))) worst = w;
  }
  return {
    inputs: reports.length,
    inputErrors: reports.filter((r) => r.inputs.some((i) => i.error)).length,
    findings: reports.reduce((n, r) => n + r.summary.findings, 0),
    bySeverity,
    worst,
    exitCode: verdict(reports, failOn),
  };
}

export async function check(files: string[], opts: CheckOptions, write: (s: string) => void, writeBytes?: (b: Uint8Array) => void): Promise<CheckResult> {
  const reports: Report[] = [];
  const engines: Engine[] = [];
  if (opts.merge || files.length === 1) reports.push(await analyse(files, opts, engines));
  else for (const f of files) reports.push(await analyse([f], opts, engines));
  opts.state?.save(engines);
  opts.state?.close();
  if (opts.metricsFile) await writeMetrics(opts.metricsFile, files, engines, opts);
  // the baseline in effect at the end of the run: the one written, else the one given
  let wrote: CheckResult['wrote'];
  let base = opts.baseline;
  if (opts.writeBaseline) {
    const doc = baselineOf(reports, opts.baseline?.doc ?? null);
    writeBaselineFile(opts.writeBaseline, doc);
    const ids = new Set(doc.findings.map((e) => e.id));
    wrote = { file: opts.writeBaseline, entries: doc.findings.length, dropped: (opts.baseline?.doc.findings ?? []).filter((e) => !ids.has(e.id)).length };
    base = { file: opts.writeBaseline, doc };
  }
  const summary = base ? applyBaseline(reports, base.doc, base.file, opts.day ?? today()) : undefined;
  if (summary && opts.writeBaseline) markAccepted(reports, opts.baseline?.doc ?? null, summary);
  if (summary && reports.length === 1) reports[0]!.baseline = summary;
  const overall = reports.length > 1 ? { ...overallSummary(reports, opts.failOn), ...(summary ? { baseline: summary } : {}) } : null;
  if (opts.format === 'json') {
    if (overall === null) writeJson(reports[0]!, write, writeBytes);
    else write(JSON.stringify({ schemaVersion: reports[0]!.schemaVersion, separate: true, summary: overall, reports: reports.map(reportObject) }, null, 2) + '\n');
  } else {
    // the text renderer (and chalk) only when text is asked for: JSON runs in CI start faster without them
    const { renderText, renderOverall, terminalColumns } = await import('../report/text.js');
    // an input that could not be opened at all has no report to show: its one-line error says it all
    const shown = reports.filter((r) => !r.inputs.every((i) => i.error && i.frames === 0 && (i.error.kind === 'io' || i.error.kind === 'not-a-capture')));
    shown.forEach((r, i) => {
      if (i) write('\n');
      write(renderText(r, { addresses: opts.addresses, failOn: opts.failOn, ...terminalColumns() }));
    });
    if (overall) write(`\n${renderOverall(overall, opts.failOn)}`);
  }
  return { code: verdict(reports, opts.failOn), reports, ...(wrote ? { wrote } : {}) };
}
