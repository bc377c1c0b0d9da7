// The JSON writer's address rows are written as bytes, for speed; they must
// be exactly JSON.stringify of the row objects the rest of the report uses, in
// the same order (VLAN, then IP), on every fixture and on generated traffic with VLANs,
// virtual MACs and times in several seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine.js';
import { runOne } from '../../src/run/inputs.js';
import { buildReport } from '../../src/report/build.js';
import { formatTime } from '../../src/util/time.js';
import { isoTime } from '../../src/util/text.js';
import { timeText } from '../../src/report/json-bytes.js';
import { writeMix } from '../helpers/mix.js';

async function compare(path: string): Promise<number> {
  const e = new Engine();
  const info = await runOne(path, e);
  const r = buildReport(e, [info], { version: 'test' });
  const objects = [...r.addresses()];
  const text = objects.map((a) => JSON.stringify(a));
  // the byte writer: the same rows with the writer's separators, byte for byte
  const chunks: Buffer[] = [];
  const rows = r.addressBytes((b) => chunks.push(Buffer.from(b)));
  assert.equal(rows, text.length, `${path} rows`);
  assert.equal(Buffer.concat(chunks).toString('latin1'), text.map((t, i) => (i ? ',\n    ' : '\n    ') + t).join(''), `${path} bytes`);
  // report order: VLAN path, then IPv4 by address, then IPv6 by address
  const ipNum = (ip: string): bigint => {
    if (!ip.includes(':')) return BigInt(ip.split('.').reduce((n, x) => n * 256 + Number(x), 0));
    const [h, t] = ip.split('::') as [string, string | undefined];
    const hs = h ? h.split(':') : [];
    const ts = t ? t.split(':') : [];
    const g = t === undefined ? hs : [...hs, ...Array<string>(8 - hs.length - ts.length).fill('0'), ...ts];
    return (1n << 128n) + g.reduce((n, x) => (n << 16n) + BigInt(parseInt(x || '0', 16)), 0n);
  };
  for (let i = 1; i < objects.length; i++) {
    const a = objects[i - 1]!;
    const b = objects[i]!;
    if (a.vlanPath.join('.') === b.vlanPath.join('.') && a.vni === b.vni) assert.ok(ipNum(a.ip) < ipNum(b.ip), `${path}: ${a.ip} before ${b.ip}`);
  }
  return text.length;
}

test('JSON address rows equal JSON.stringify of the row objects on every fixture', async () => {
  let rows = 0;
  for (const n of readdirSync('fixtures').filter((x) => /\.pcap(ng)?(\.gz)?$/.test(x))) rows += await compare(join('fixtures', n));
  assert.ok(rows > 50, `rows compared: ${rows}`);
});

test('JSON address rows equal JSON.stringify of the row objects on generated traffic', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'arpaudit-json-'));
  try {
    const p = join(dir, 'mix.pcap');
    writeMix(p, 30_000, 300, true);
    assert.ok((await compare(p)) > 300);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('formatTime() with its cached date part equals isoTime() for any time', () => {
  const samples = [0, 1, 999_999, 1_000_000, 1_709_251_200_123_456, 1_709_251_200_999_999, 1_709_251_201_000_000, -1, -1_000_001, 253_402_300_799_999_999, 253_402_300_800_000_000, 8.64e21, 1.5];
  for (const us of [...samples, ...samples.reverse()]) {
    const sec = Math.floor(us / 1e6);
    assert.equal(formatTime(us), isoTime(sec, Math.round((us - sec * 1e6) * 1000)), String(us));
  }
});

test('the row writer writes every time as formatTime() does, its date cache included', () => {
  // seconds 1024 apart share a cache slot; out-of-range dates, fractions and rounding take the string path
  const samples = [0, 1, 999_999, 1_000_000, 1_024_000_000, 1_024_999_999, 1_709_251_200_123_456, 1_709_252_224_000_001, 1_709_251_200_999_999,
    1_709_251_201_000_000, -1, -1_000_001, -1_024_000_001, 253_402_300_799_999_999, 253_402_300_800_000_000, 8.64e21, -8.64e21, 1.5, 0.9999996, NaN];
  for (const us of [...samples, ...samples.reverse(), ...samples]) assert.equal(timeText(us), formatTime(us), String(us));
});
