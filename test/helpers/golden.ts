// Golden outputs: what `arpaudit check` prints for each fixture, in text and
// JSON, with the exit code. The fixtures test compares against the files in
// fixtures/golden/; scripts/make-fixtures.ts writes them.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

export interface Golden {
  name: string;
  text: string;
}

export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  // bytes as the real entry point writes them (large JSON tables), appended as text
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s), outBytes: (b) => (out += Buffer.from(b).toString('utf8')) });
  return { code, out, err };
}

/** Paths in goldens are relative to the repository, so they are the same on every machine. */
export async function goldenOutputs(dir: string): Promise<Golden[]> {
  const files = readdirSync(dir).filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f)).sort();
  const res: Golden[] = [];
  for (const f of files) {
    const rel = join('fixtures', f);
    const text = await runCli(['check', rel, '--addresses', 'all']);
    res.push({ name: `${f}.txt`, text: `${text.out}${text.err ? `--- stderr\n${text.err}` : ''}--- exit ${text.code}\n` });
    const json = await runCli(['check', rel, '--format', 'json']);
    res.push({ name: `${f}.json`, text: json.out });
  }
  return res;
}

/** Fixtures whose HTML report (--html) is golden too: a race, a dark address, a hijack, failovers (healthy with an outage, slow, IPv6, a coup). */
export const HTML_FIXTURES = ['demo-lvs-dr.pcap', 'silent-hosts.pcap', 'garp-hijack.pcap', 'vrrp-outage.pcap', 'vrrp-slow-takeover.pcap', 'vrrp6-failover.pcap', 'hsrp-coup-attack.pcap'];

/** check --html pages of HTML_FIXTURES. */
export async function htmlGoldens(dir: string): Promise<Golden[]> {
  const out = mkdtempSync(join(tmpdir(), 'arpaudit-html-'));
  try {
    const res: Golden[] = [];
    for (const f of HTML_FIXTURES) {
      const page = join(out, `${f}.html`);
      const r = await runCli(['check', join('fixtures', f), '--html', page, '--fail-on', 'none']);
      if (r.code !== 0) throw new Error(`check --html ${f}: exit ${r.code}: ${r.err}`);
      res.push({ name: `${f}.html`, text: readFileSync(page, 'utf8') });
    }
    void dir;
    return res;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Where the --state golden runs keep their state: relative, so reports name it the same everywhere (dist/ is not in git). */
const RUN_STATE = 'dist/golden-run-state.db';

/**
 * Runs beyond check FILE, each step's JSON report golden: options and files
 * the per-fixture goldens do not use (--expect, a small --max-addresses, a
 * --state across days). Between them and the per-fixture goldens every
 * finding code is in some golden report, but the two only live capture can
 * raise (test/golden/fixtures.test.ts says which).
 */
export const GOLDEN_RUNS: { name: string; steps: string[][] }[] = [
  { name: 'expect-unexpected-mac', steps: [['check', 'fixtures/demo-lvs-dr.pcap', '--expect', 'fixtures/demo-lvs-dr.expect.json']] },
  { name: 'expect-owner-silent', steps: [['check', 'fixtures/vrrp-failover.pcap', '--expect', 'fixtures/owner-silent.expect.json']] },
  { name: 'table-evicted', steps: [['check', 'fixtures/arp-scan.pcap', '--max-addresses', '16']] },
  {
    name: 'stations',
    steps: [
      ['check', 'fixtures/stations-day1.pcap', '--state', RUN_STATE, '--write-state'],
      ['check', 'fixtures/stations-day2.pcap', '--state', RUN_STATE, '--write-state'],
      ['check', 'fixtures/stations-day3.pcap', '--state', RUN_STATE, '--write-state'],
      ['check', 'fixtures/stations-later.pcap', '--state', RUN_STATE],
    ],
  },
];

/** The golden runs' reports: run-NAME-STEP.json, each with its exit code in the file name's golden text. */
export async function runGoldens(): Promise<Golden[]> {
  const res: Golden[] = [];
  for (const run of GOLDEN_RUNS) {
    for (const f of [RUN_STATE, `${RUN_STATE}-wal`, `${RUN_STATE}-shm`]) rmSync(f, { force: true });
    for (const [i, step] of run.steps.entries()) {
      const r = await runCli([...step, '--format', 'json', '--fail-on', 'none']);
      if (r.code !== 0) throw new Error(`golden run ${run.name} step ${i + 1}: exit ${r.code}: ${r.err}`);
      res.push({ name: `run-${run.name}-${i + 1}.json`, text: r.out });
    }
  }
  for (const f of [RUN_STATE, `${RUN_STATE}-wal`, `${RUN_STATE}-shm`]) rmSync(f, { force: true });
  return res;
}

/** replay --no-tui --max stories for the scenario fixtures. */
export async function replayGoldens(dir: string): Promise<Golden[]> {
  const files = readdirSync(dir).filter((f) => /\.pcap$/.test(f) && !f.startsWith('broken-') && !f.startsWith('race-')).sort();
  const res: Golden[] = [];
  for (const f of files) {
    const r = await runCli(['replay', join('fixtures', f), '--max', '--no-tui', '--addresses', 'none']);
    res.push({ name: `${f}.replay.txt`, text: `${r.out}--- exit ${r.code}\n` });
  }
  return res;
}
