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

test('every JSON output has a versioned schema in docs/ that its real output validates against: codes, host, events', async () => {
  const { assertValid, validator } = await import('../helpers/schemas.js');
  for (const n of ['report', 'baseline', 'events', 'codes', 'probe', 'host'] as const) assert.ok(validator(n), `docs/${n}.schema.json compiles`);
  const codes = JSON.parse((await runCli(['codes', '--format', 'json'])).out) as { schemaVersion: number; codes: unknown[] };
  assertValid('codes', codes, 'codes --format json');
  assert.equal(codes.schemaVersion, 1);
  // host, on a /proc tree of its own
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const root = mkdtempSync(join(tmpdir(), 'arpaudit-schema-'));
  try {
    for (const i of ['all', 'eth0']) {
      mkdirSync(join(root, 'sys', 'net', 'ipv4', 'conf', i), { recursive: true });
      writeFileSync(join(root, 'sys', 'net', 'ipv4', 'conf', i, 'arp_ignore'), '0\n');
    }
    writeFileSync(join(root, 'ip-addr.json'), JSON.stringify([
      { ifname: 'lo', flags: ['LOOPBACK', 'UP'], link_type: 'loopback', addr_info: [{ family: 'inet', local: '10.0.0.10', prefixlen: 32, scope: 'global', label: 'lo:0' }] },
      { ifname: 'eth0', flags: ['BROADCAST', 'UP'], link_type: 'ether', addr_info: [{ family: 'inet', local: '10.0.0.21', prefixlen: 24, scope: 'global' }] },
    ]));
    const host = await runCli(['host', '--proc', root, '--format', 'json']);
    assertValid('host', JSON.parse(host.out), 'host --format json');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  // a finding event and a report event have the shapes live prints (the system tests validate a real live run)
  const rep = JSON.parse((await runCli(['check', 'fixtures/vrrp-failover.pcap', '--format', 'json'])).out) as { findings: object[] };
  const observer = { host: 'sensor-1', interface: 'eth0', vlan: null };
  assertValid('events', { type: 'finding', schemaVersion: 1, observer, ...rep.findings[0] }, 'a finding event');
  assertValid('events', { type: 'report', observer, ...rep }, 'a report event');
  assert.ok(!validator('events')({ type: 'finding', observer, ...rep.findings[0] }), 'an event without schemaVersion is refused');
  assert.ok(!validator('events')({ type: 'finding', schemaVersion: 1, ...rep.findings[0] }), 'an event without its observer is refused');
});
