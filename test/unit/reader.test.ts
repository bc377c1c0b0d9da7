// The capture reader: every container variant, records split across reads,
// truncation at every byte, random corruption, and hostile lengths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CaptureReader, FRAME, NEED_DATA } from '../../src/pcap/reader.js';
import { memorySink, PcapngWriter } from '../../src/pcap/writer.js';
import { fixtureFiles, pcapBytes } from '../lab/fixtures.js';
import { lvsRace } from '../lab/scenarios.js';
import { ethOther } from '../../src/decode/encode.js';

const tmp = mkdtempSync(join(tmpdir(), 'arpaudit-reader-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

interface Read {
  frames: { us: number; len: number; caplen: number; linktype: number; bytes: string }[];
  error: string | null;
  kind: string | null;
}

async function readAll(bytes: Buffer, name = 'f.pcap', chunk?: number): Promise<Read> {
  const p = join(tmp, name);
  writeFileSync(p, bytes);
  const r = CaptureReader.open(p, chunk);
  const frames: Read['frames'] = [];
  for (;;) {
    const s = r.next();
    if (s === FRAME) frames.push({ us: r.tsUs, len: r.len, caplen: r.caplen, linktype: r.linktype, bytes: r.buf.subarray(r.off, r.off + r.caplen).toString('hex') });
    else if (s === NEED_DATA) await r.fill();
    else break;
  }
  r.close();
  return { frames, error: r.error?.toString() ?? null, kind: r.error?.kind ?? null };
}

const race = lvsRace();

test('all four classic pcap magics decode to the same frames and timestamps', async () => {
  const want = race.map((f) => ({ us: f.us, hex: f.frame.toString('hex') }));
  for (const o of [{}, { bigEndian: true }, { nanosecond: true }, { bigEndian: true, nanosecond: true }]) {
    const r = await readAll(pcapBytes(race, o));
    assert.equal(r.error, null);
    assert.deepEqual(r.frames.map((f) => ({ us: f.us, hex: f.bytes })), want, JSON.stringify(o));
  }
});

test('records split across reads of any size give the same frames', async () => {
  const bytes = fixtureFiles().find((f) => f.name === 'race-multi-if.pcapng')!.bytes;
  const whole = await readAll(bytes, 'a.pcapng');
  assert.equal(whole.error, null);
  assert.equal(whole.frames.length, race.length + 2);
  for (const chunk of [1, 3, 7, 16, 33, 64, 100]) {
    const split = await readAll(bytes, 'a.pcapng', chunk);
    assert.deepEqual(split, whole, `chunk ${chunk}`);
  }
  const pcap = pcapBytes(race);
  const w = await readAll(pcap);
  for (const chunk of [1, 5, 17]) assert.deepEqual(await readAll(pcap, 'b.pcap', chunk), w);
});

test('pcapng: two sections in both byte orders, three link types, if_tsresol 10^-9 and 2^-20, if_tsoffset, OPB, SPB, unknown blocks', async () => {
  const r = await readAll(fixtureFiles().find((f) => f.name === 'race-multi-if.pcapng')!.bytes, 'm.pcapng');
  assert.equal(r.error, null);
  const lts = new Set(r.frames.map((f) => f.linktype));
  assert.deepEqual([...lts].sort((a, b) => a - b), [1, 276]);
  // every ARP frame keeps its timestamp to the microsecond (2^-20 s ticks round down at most 1 µs)
  const arp = r.frames.filter((f) => f.len !== 98 && f.len !== 120);
  assert.equal(arp.length, race.length);
  arp.forEach((f, i) => assert.ok(Math.abs(f.us - race[i]!.us) <= 1, `frame ${i + 1}: ${f.us} vs ${race[i]!.us}`));
});

test('pcapng if_tsresol and if_tsoffset are applied exactly', async () => {
  const m = memorySink();
  const w = new PcapngWriter(m.sink, { bigEndian: true });
  const us = Date.UTC(2030, 0, 1) * 1000 + 123456;
  const ifs = [
    w.addInterface({ linktype: 1 }),
    w.addInterface({ linktype: 1, tsresol: 9 }),
    w.addInterface({ linktype: 1, tsresol: 3 }),
    w.addInterface({ linktype: 1, tsresol: 0x80 | 10 }),
    w.addInterface({ linktype: 1, tsresol: 6, tsoffset: 3600 }),
  ];
  const f = ethOther(2, 3, 0x0800, 60);
  for (const i of ifs) w.epb(i, f, us);
  w.flush();
  const r = await readAll(m.bytes(), 'r.pcapng');
  assert.equal(r.error, null);
  const got = r.frames.map((x) => x.us);
  // µs, ns and (offset) µs are exact; ms drops the sub-millisecond part
  assert.deepEqual([got[0], got[1], got[2], got[4]], [us, us, us - 456, us]);
  // 2^-10 s ticks: within one tick (977 µs) below the true time
  assert.ok(us - r.frames[3]!.us >= 0 && us - r.frames[3]!.us < 977);
});

test('truncation at every byte gives frames read so far and a located error, never a throw', async () => {
  const files = fixtureFiles().filter((f) => ['demo-lvs-dr.pcap', 'race-multi-if.pcapng', 'race-be-ns.pcap'].includes(f.name));
  for (const f of files) {
    const full = await readAll(f.bytes, f.name);
    for (let n = 0; n < f.bytes.length; n++) {
      const r = await readAll(f.bytes.subarray(0, n), f.name);
      assert.ok(r.frames.length <= full.frames.length);
      assert.deepEqual(r.frames, full.frames.slice(0, r.frames.length), `${f.name} cut at ${n}: frames read are intact`);
      if (r.error === null) {
        // a clean end is only possible at a record/block boundary with all earlier frames
        assert.ok(n > 0, 'an empty file is an error');
      } else {
        assert.match(r.error, new RegExp(`^${join(tmp, f.name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
        assert.ok(r.kind === 'truncated' || r.kind === 'not-a-capture' || r.kind === 'corrupt', `${n}: ${r.error}`);
      }
    }
  }
});

test('truncated gzip reports the break and keeps the frames inflated before it', async () => {
  const pcap = pcapBytes(lvsRace());
  const z = gzipSync(pcap);
  const r = await readAll(z.subarray(0, Math.floor(z.length * 0.8)), 't.pcap.gz');
  assert.ok(r.error?.includes('gzip'), String(r.error));
  const whole = await readAll(z, 'w.pcap.gz');
  assert.equal(whole.error, null);
  assert.deepEqual(r.frames, whole.frames.slice(0, r.frames.length));
});

test('random corruption never throws or hangs', async () => {
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const bases = fixtureFiles().filter((f) => ['demo-lvs-dr.pcap', 'race-multi-if.pcapng'].includes(f.name));
  for (const b of bases) {
    for (let i = 0; i < 300; i++) {
      const x = Buffer.from(b.bytes);
      const flips = 1 + Math.floor(rnd() * 4);
      for (let k = 0; k < flips; k++) x[Math.floor(rnd() * x.length)] = Math.floor(rnd() * 256);
      const r = await readAll(x, b.name);
      assert.ok(r.frames.length >= 0);
    }
  }
});

test('a record claiming 4 GB is an error, not an allocation', async () => {
  const f = fixtureFiles().find((x) => x.name === 'broken-4gb-record.pcap')!;
  const before = process.memoryUsage().rss;
  const r = await readAll(f.bytes, f.name);
  assert.equal(r.kind, 'corrupt');
  assert.match(r.error!, /record claims 4294967280 captured bytes .* at byte offset 328 \(frame 5\)/);
  assert.equal(r.frames.length, 4);
  assert.ok(process.memoryUsage().rss - before < 64 * 1024 * 1024);
});

test('not a capture, empty file and missing file say so', async () => {
  assert.match((await readAll(Buffer.from('hello world, not a pcap'), 'x.txt')).error!, /not a pcap or pcapng file \(first bytes: 68 65 6c 6c 6f 20 77 6f\)/);
  assert.match((await readAll(Buffer.alloc(0), 'e.pcap')).error!, /empty file/);
  const r = CaptureReader.open(join(tmp, 'does-not-exist.pcap'));
  assert.equal(r.next(), -1);
  assert.match(r.error!.toString(), /no such file/);
});
