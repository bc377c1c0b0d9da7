// Every JSON report arpaudit prints validates against the published JSON
// Schema (docs/report.schema.json): each fixture's report, the --separate
// form, a report with expectations, and a report of a cut file. And the
// schema is strict enough to fail: a report with a misspelt field does not pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { runCli } from '../helpers/golden.js';

const schema = JSON.parse(readFileSync('docs/report.schema.json', 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(schema);

function valid(doc: unknown, what: string): void {
  const ok = validate(doc);
  assert.ok(ok, `${what}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
}

test('every fixture report validates against docs/report.schema.json', async () => {
  const files = readdirSync('fixtures').filter((f) => /\.(pcap|pcapng)(\.gz)?$/.test(f)).sort();
  const codes = new Set<string>();
  for (const f of files) {
    const r = await runCli(['check', join('fixtures', f), '--format', 'json']);
    const doc = JSON.parse(r.out) as { findings: { code: string }[] };
    valid(doc, f);
    for (const x of doc.findings) codes.add(x.code);
  }
  assert.ok(codes.size >= 20, `finding codes validated: ${[...codes].sort().join(' ')}`);
});

test('the several-input form, --merge and a report with expectations validate', async () => {
  const sep = await runCli(['check', 'fixtures/spoof.pcap', 'fixtures/vrrp-failover.pcap', '--format', 'json']);
  valid(JSON.parse(sep.out), '--separate');
  const merged = await runCli(['check', 'fixtures/spoof.pcap', 'fixtures/vrrp-failover.pcap', '--merge', '--format', 'json']);
  const m = JSON.parse(merged.out) as { findings: { frameInputs?: number[] }[] };
  valid(m, 'merged');
  assert.ok(m.findings.some((f) => f.frameInputs), 'merged inputs carry frameInputs');
  const exp = await runCli(['check', 'fixtures/demo-lvs-dr.pcap', '--expect', 'fixtures/demo-lvs-dr.expect.json', '--format', 'json']);
  valid(JSON.parse(exp.out), '--expect');
});

test('the schema rejects a report with a field it does not define or a wrong type', async () => {
  const r = await runCli(['check', 'fixtures/demo-lvs-dr.pcap', '--format', 'json']);
  const doc = JSON.parse(r.out) as { findings: Record<string, unknown>[]; stats: Record<string, unknown> };
  valid(doc, 'as printed');
  const extra = structuredClone(doc);
  extra.findings[0]!.sumary = 'typo';
  assert.equal(validate(extra), false, 'an unknown finding field fails');
  const wrong = structuredClone(doc);
  wrong.stats.frames = '12';
  assert.equal(validate(wrong), false, 'a string where a count belongs fails');
  const details = structuredClone(doc);
  (details.findings[0]!.details as Record<string, unknown>).requests = -1;
  assert.equal(validate(details), false, 'a race with a negative request count fails');
});
