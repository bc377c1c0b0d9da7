// `arpaudit check FILE...`: analyse captures, print the report, and turn the
// verdict into an exit code for CI.
import { Engine, type EngineOptions } from '../engine/engine.js';
import { evaluateExpectations, type Expectation } from '../engine/expect.js';
import { type Severity, severityRank } from '../engine/findings.js';
import { runMerged, type InputInfo } from '../run/inputs.js';
import { buildReport } from '../report/build.js';
import { expectFindings } from '../report/expect.js';
import { reportObject, writeJson } from '../report/json.js';
import type { Report } from '../report/schema.js';
import { EXIT_FINDINGS, EXIT_INPUT, EXIT_OK } from './exit-codes.js';
import { VERSION } from '../version.js';

export interface CheckOptions {
  format: 'text' | 'json';
  failOn: Severity | 'none';
  separate: boolean;
  addresses: 'involved' | 'all' | 'none';
  expectations: Expectation[];
  engine: Partial<EngineOptions>;
}

export interface CheckResult {
  code: number;
  reports: Report[];
}

async function analyse(files: string[], opts: CheckOptions): Promise<Report> {
  const engine = new Engine(opts.engine);
  const inputs: InputInfo[] = await runMerged(files, engine);
  engine.finish();
  const extra = opts.expectations.length ? expectFindings(evaluateExpectations(engine, opts.expectations), Math.max(engine.stats.lastUs, 0)) : [];
  return buildReport(engine, inputs, { version: VERSION, extra });
}

/** The exit code for reports: input errors first, then findings at or above failOn. */
export function verdict(reports: Report[], failOn: Severity | 'none'): number {
  if (reports.some((r) => r.inputs.some((i) => i.error))) return EXIT_INPUT;
  if (failOn === 'none') return EXIT_OK;
  const bar = severityRank(failOn);
  return reports.some((r) => r.findings.some((f) => severityRank(f.severity) >= bar)) ? EXIT_FINDINGS : EXIT_OK;
}

export async function check(files: string[], opts: CheckOptions, write: (s: string) => void, writeBytes?: (b: Uint8Array) => void): Promise<CheckResult> {
  const reports: Report[] = [];
  if (opts.separate) for (const f of files) reports.push(await analyse([f], opts));
  else reports.push(await analyse(files, opts));
  if (opts.format === 'json') {
    if (reports.length === 1) writeJson(reports[0]!, write, writeBytes);
    else write(JSON.stringify({ schemaVersion: reports[0]!.schemaVersion, separate: true, reports: reports.map(reportObject) }, null, 2) + '\n');
  } else {
    // the text renderer (and chalk) only when text is asked for: JSON runs in CI start faster without them
    const { renderText } = await import('../report/text.js');
    reports.forEach((r, i) => {
      if (i) write('\n');
      write(renderText(r, { addresses: opts.addresses, failOn: opts.failOn }));
    });
  }
  return { code: verdict(reports, opts.failOn), reports };
}
