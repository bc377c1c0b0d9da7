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
import { ethOther } from '../lab/frames.js';

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
      // every frame lies inside the file and within its own record; a stop is a typed, located error
      let bytes = 0;
      for (const fr of r.frames) {
        assert.equal(fr.bytes.length, 2 * fr.caplen, 'the frame is as long as its caplen');
        bytes += fr.caplen;
      }
      assert.ok(bytes <= x.length, `frames hold ${bytes} bytes of a ${x.length}-byte file`);
      if (r.error !== null) assert.ok(['not-a-capture', 'truncated', 'corrupt', 'io'].includes(r.kind ?? ''), `${r.kind}: ${r.error}`);
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

test('gzip: every member is read, trailing data is named after everything before it, and cuts are located', async () => {
  const big = Array.from({ length: 3000 }, (_, i) => ({ us: 1_700_000_000_000_000 + i * 1000, frame: ethOther(0x020000000000 + i, 0x020000000001, 0x0800, 60 + (i % 1400)) }));
  const plain = pcapBytes(big);
  const whole = await readAll(plain, 'gz-plain.pcap');
  assert.equal(whole.frames.length, 3000);
  // two members (cat a.gz b.gz), the split inside a record
  const cut = Math.floor(plain.length / 3);
  const two = await readAll(Buffer.concat([gzipSync(plain.subarray(0, cut)), gzipSync(plain.subarray(cut))]), 'gz-two.pcap.gz');
  assert.equal(two.error, null);
  assert.deepEqual(two.frames, whole.frames);
  // trailing garbage: gzip -dc recovers every byte and warns; so do we, with the place
  const junk = await readAll(Buffer.concat([gzipSync(plain), Buffer.from('GARBAGE after the stream')]), 'gz-junk.pcap.gz');
  assert.deepEqual(junk.frames, whole.frames, 'every frame before the garbage');
  assert.match(junk.error!, new RegExp(`trailing data after the gzip stream.* at byte offset ${plain.length} \\(frame 3001\\)`));
  // a header with a file name (gzip's default) and a stream cut in the middle
  const named = Buffer.from(gzipSync(plain));
  const withName = Buffer.concat([named.subarray(0, 3), Buffer.from([named[3]! | 8]), named.subarray(4, 10), Buffer.from('capture.pcap\0'), named.subarray(10)]);
  assert.deepEqual((await readAll(withName, 'gz-name.pcap.gz')).frames, whole.frames);
  const half = await readAll(named.subarray(0, Math.floor(named.length / 2)), 'gz-half.pcap.gz');
  assert.ok(half.frames.length > 100 && half.frames.length < 3000, `${half.frames.length} frames before the cut`);
  assert.deepEqual(half.frames, whole.frames.slice(0, half.frames.length));
  assert.match(half.error!, /truncated gzip stream at byte offset \d+ \(frame \d+\)/);
});

test('a pcap version other than 2.x is refused; a fraction of a second of a second or more is counted and reported', async () => {
  const good = pcapBytes(race);
  const v3 = Buffer.from(good);
  v3.writeUInt16LE(3, 4);
  assert.match((await readAll(v3, 'v3.pcap')).error!, /unsupported pcap file version 3\.4/);
  v3.writeUInt16LE(2, 4);
  v3.writeUInt16LE(5, 6);
  assert.match((await readAll(v3, 'v25.pcap')).error!, /unsupported pcap file version 2\.5/, 'as libpcap 1.10 says');
  v3.writeUInt16LE(1, 4);
  assert.match((await readAll(v3, 'v1.pcap')).error!, /archaic pcap file format/);
  // frames 2 and 5 carry 1,000,000 and 1,500,000 microseconds
  const bad = Buffer.from(good);
  let o = 24;
  for (let i = 1; i <= 5; i++) {
    if (i === 2) bad.writeUInt32LE(1_000_000, o + 4);
    if (i === 5) bad.writeUInt32LE(1_500_000, o + 4);
    o += 16 + bad.readUInt32LE(o + 8);
  }
  const p = join(tmp, 'badts.pcap');
  writeFileSync(p, bad);
  const { runCli } = await import('../helpers/golden.js');
  const r = JSON.parse((await runCli(['check', p, '--format', 'json', '--fail-on', 'none'])).out);
  const f = r.findings.find((x: { code: string }) => x.code === 'capture.bad-timestamps');
  assert.ok(f, 'capture.bad-timestamps reported');
  assert.deepEqual(f.frames, [2, 5]);
  assert.equal(f.details.fractionOutOfRange, 2);
  assert.equal(r.inputs[0].error, null, 'the file is still read to its end');
  const clean = JSON.parse((await runCli(['check', join(tmp, 'f.pcap'), '--format', 'json', '--fail-on', 'none'])).out);
  assert.ok(!clean.findings.some((x: { code: string }) => x.code === 'capture.bad-timestamps'));
});

test('pcapng times before 1970 (a negative if_tsoffset) keep the span and the order count right, and are reported', async () => {
  const m = memorySink();
  const w = new PcapngWriter(m.sink);
  const i = w.addInterface({ linktype: 1, tsoffset: -2_000_000_000 });
  race.forEach((f) => w.epb(i, f.frame, f.us - 2_000_000_000 * 1e6));
  w.flush();
  const p = join(tmp, 'pre1970.pcapng');
  writeFileSync(p, m.bytes());
  const { runCli } = await import('../helpers/golden.js');
  const r = JSON.parse((await runCli(['check', p, '--format', 'json', '--fail-on', 'none'])).out);
  assert.equal(r.stats.timeWentBackwards, 0, 'ordered frames are not counted as going backwards');
  assert.match(r.stats.first, /^19[0-6]\d-/);
  assert.ok(r.stats.first <= r.stats.last, 'the span runs from the first frame to the last');
  const f = r.findings.find((x: { code: string }) => x.code === 'capture.bad-timestamps');
  assert.equal(f.details.before1970, race.length);
  assert.ok(r.findings.some((x: { code: string }) => x.code === 'arp.race.multi-responder'), 'the analysis is unchanged');
});
