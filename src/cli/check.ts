// `arpaudit check FILE...`: analyse captures, print the report, and turn the
// verdict into an exit code for CI.
import { DEFAULT_OPTIONS, Engine, EngineOptions, PENDING_BITS } from '../engine/engine.js';
import { WasmArena } from '../engine/arena.js';
import { evaluateExpectations, Expectation } from '../engine/expect.js';
import { Severity, severityRank } from '../engine/catalog.js';
import { runMerged, runOne, type InputInfo } from '../capture/runner.js';
import { buildReport, Report } from '../report/model.js';
import { writeJson, reportObject } from '../report/json.js';
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

async function analyse(files: string[], opts: CheckOptions): Promise<{ engine: Engine; inputs: InputInfo[] }> {
  // one input: the tables go in the WebAssembly scan's memory (several inputs are merged frame by frame in JavaScript)
  const arena = files.length === 1 ? WasmArena.create(opts.engine.maxAddresses ?? DEFAULT_OPTIONS.maxAddresses, PENDING_BITS) : null;
  const engine = new Engine(opts.engine, arena);
  const inputs = files.length === 1 ? [await runOne(files[0]!, engine, 0)] : await runMerged(files, engine);
  return { engine, inputs };
}

function report(engine: Engine, inputs: InputInfo[], opts: CheckOptions): Report {
  engine.finish();
  const extra = opts.expectations.length ? evaluateExpectations(engine, opts.expectations) : [];
  return buildReport(engine, inputs, extra, VERSION);
}

export function verdict(reports: Report[], failOn: Severity | 'none'): number {
  if (reports.some((r) => r.inputs.some((i) => i.error))) return EXIT_INPUT;
  if (failOn === 'none') return EXIT_OK;
  const bar = severityRank(failOn);
  return reports.some((r) => r.findings.some((f) => severityRank(f.severity) >= bar)) ? EXIT_FINDINGS : EXIT_OK;
}

export async function check(files: string[], opts: CheckOptions, write: (s: string) => void, writeBytes?: (b: Uint8Array) => void): Promise<CheckResult> {
  const reports: Report[] = [];
  if (opts.separate) {
    for (const f of files) {
      const { engine, inputs } = await analyse([f], opts);
      reports.push(report(engine, inputs, opts));
    }
  } else {
    const { engine, inputs } = await analyse(files, opts);
    reports.push(report(engine, inputs, opts));
  }
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
