// The JSON contract has one definition (src/contract/, TypeBox): the types the
// code compiles against are inferred from it, and docs/*.schema.json are
// written from it by `npm run docs`. Here: the published files are not stale,
// and the schemas the contract writes are strict enough to refuse a misspelt
// field in a finding's details.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { renderSchemas } from '../../src/contract/render.js';

test('docs/*.schema.json are what src/contract/ writes (npm run docs regenerates them)', () => {
  const files = renderSchemas();
  assert.deepEqual(files.map((f) => f.path).sort(), ['docs/baseline.schema.json', 'docs/codes.schema.json', 'docs/events.schema.json', 'docs/host.schema.json', 'docs/probe.schema.json', 'docs/report.schema.json']);
  for (const f of files) assert.equal(readFileSync(f.path, 'utf8'), f.text, `${f.path} is stale: run npm run docs`);
});

test('a finding\'s details are checked by its code: each code has a details schema, and a wrong field fails', () => {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
  for (const f of renderSchemas()) ajv.addSchema(JSON.parse(f.text) as object);
  const finding = ajv.getSchema('urn:arpaudit:schema:report:1#/$defs/finding')!;
  const base = { code: 'arp.scan', id: '0123456789abcdef', severity: 'warning', title: 't', ip: '10.0.0.1', vlan: null, vlanPath: [], macs: ['02:00:00:00:00:01'], count: 1, frames: [1], framesTotal: 1, first: '2026-01-01T00:00:00.000000Z', last: '2026-01-01T00:00:00.000000Z', summary: 's', fix: 'f' };
  const details = { sender: { ip: '10.0.0.1', mac: '02:00:00:00:00:01' }, requests: 70, addresses: 70, range: ['10.0.0.2', '10.0.0.90'], unanswered: 70, first: '2026-01-01T00:00:00.000000Z', last: '2026-01-01T00:00:01.000000Z', durationMs: 1000, perSecond: 70, peakPerSecond: 70, stormWindows: 1 };
  assert.ok(finding({ ...base, details }), JSON.stringify(finding.errors));
  assert.equal(finding({ ...base, details: { ...details, unanswerd: 1 } }), false, 'a misspelt details field fails');
  assert.equal(finding({ ...base, details: { ...details, range: ['10.0.0.2'] } }), false, 'a range of one address fails');
  assert.equal(finding({ ...base, code: 'arp.garp.storm', details }), false, "a scan's details under a storm's code fail");
  assert.equal(finding({ ...base, code: 'arp.no-such-code', details }), false, 'an unknown code fails');
});
