// The scan fast path, in WebAssembly (scan.wat, driven by wasm-scan.ts) and in
// JavaScript (scan.ts), must leave the engine exactly as Engine.process()
// alone would: the whole JSON report and the engine's counters are compared,
// byte for byte, for all three, on
// every fixture, on the corpus when present, and on generated traffic built to
// cross the fast path's boundaries (new hosts, second MACs, races, duplicate
// replies, GARPs, probes, VLAN tags, bad senders, Ethernet mismatches, a full
// address table that compacts mid-chunk, a reply arriving late or early).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_OPTIONS, Engine, PENDING_BITS, type EngineOptions } from '../src/engine/engine.js';
import { WasmArena } from '../src/engine/arena.js';
import { runOne } from '../src/capture/runner.js';
import { buildReport } from '../src/report/model.js';
import { reportObject } from '../src/report/json.js';
import { writeMix } from './helpers/mix.js';
import { writeArpMix, writeMixed } from '../bench/generate.js';

const tmp = mkdtempSync(join(tmpdir(), 'arpaudit-scan-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
/** A fresh directory for one test's files (all removed when the run ends). */
const scratch = (): string => mkdtempSync(join(tmp, 't-'));

/**
 * Runs the capture three ways: the WebAssembly scan (an engine with an arena),
 * the JavaScript scan, and process() alone. The JavaScript scan must equal
 * process() here; `fast` (WebAssembly) is compared by the callers.
 */
async function both(path: string, opts: Partial<EngineOptions> = {}): Promise<{ fast: string; slow: string; handedOver: number; wasmFrames: number; newHosts: number; readAhead: boolean }> {
  const out: string[] = [];
  let handedOver = 0;
  let wasmFrames = 0;
  let newHosts = 0;
  let readAhead = false;
  for (const scan of ['wasm', 'js', 'none'] as const) {
    const arena = scan === 'wasm' ? WasmArena.create(opts.maxAddresses ?? DEFAULT_OPTIONS.maxAddresses, PENDING_BITS) : null;
    if (scan === 'wasm') assert.ok(arena, 'the arena was created');
    const e = new Engine(opts, arena);
    if (scan === 'wasm') {
      // count the frames the fast path hands to process()
      const process = e.process.bind(e);
      e.process = (...a: Parameters<Engine['process']>) => {
        handedOver++;
        process(...a);
      };
    }
    const info = await runOne(path, e, 0, scan === 'wasm' ? true : scan === 'js' ? 'js' : false);
    if (arena) {
      wasmFrames = arena.scannedFrames;
      newHosts = arena.newHosts;
      readAhead = arena.readAhead;
    }
    const rep = reportObject(buildReport(e, [info], [], 'test'));
    const extra = {
      overwritten: e.pendingOverwritten,
      evicted: e.tables.evicted,
      compactions: e.tables.compactions,
      lastVlanKey: e.lastVlanKey,
      lastKind: e.lastKind,
      lastRank: e.lastRank,
      ctx: [e.ctx.us, e.ctx.ref],
    };
    out.push(JSON.stringify({ rep, extra }, null, 1));
  }
  assert.equal(out[1], out[2], `${path}: the JavaScript scan against process() alone`);
  return { fast: out[0]!, slow: out[2]!, handedOver, wasmFrames, newHosts, readAhead };
}

test('scan fast path: every fixture gives the same report with and without it', async () => {
  const names = readdirSync('fixtures').filter((n) => /\.pcap(ng)?(\.gz)?$/.test(n));
  assert.ok(names.length > 20);
  for (const n of names) {
    const { fast, slow } = await both(join('fixtures', n));
    assert.equal(fast, slow, `fixture ${n}`);
  }
});

test('scan fast path: generated traffic across its boundaries gives the same report and state', async () => {
  const dir = scratch();
  const p = join(dir, 'mix.pcap');
  writeMix(p, 60_000, 40);
  const plain = await both(p);
  assert.equal(plain.fast, plain.slow, 'mixed traffic');
  // the report is not trivially equal: it found things and most frames took the fast path
  const rep = JSON.parse(plain.fast).rep as { findings: { code: string }[]; stats: { arpFrames: number; frames: number } };
  assert.ok(rep.findings.length >= 5, `findings: ${rep.findings.map((f) => f.code).join(' ')}`);
  assert.ok(rep.stats.arpFrames > 40_000);
  assert.ok(plain.handedOver < rep.stats.arpFrames / 2, `the fast path took most frames (${plain.handedOver} handed over)`);
  assert.ok(plain.wasmFrames > rep.stats.frames / 2, `the WebAssembly scan analysed most frames (${plain.wasmFrames})`);
  assert.ok(plain.newHosts > 0, 'the WebAssembly scan added hosts itself');
  // VRRP adverts: from the first one on, every ARP frame goes through process()
  const v = join(dir, 'vrrp.pcap');
  writeMix(v, 20_000, 40, true);
  const withVrrp = await both(v);
  assert.equal(withVrrp.fast, withVrrp.slow, 'with VRRP');
  // a small address table: compaction happens while records are being scanned
  const q = join(dir, 'many.pcap');
  writeMix(q, 60_000, 3000);
  const small = await both(q, { maxAddresses: 256 });
  assert.equal(small.fast, small.slow, 'with a 256-address cap');
  assert.ok(JSON.parse(small.fast).extra.compactions > 0, 'the cap was reached');
  assert.ok(small.newHosts > 256, `hosts added by the WebAssembly scan across compactions (${small.newHosts})`);
  // past 64k bindings the scan also reads records ahead (loads only): same report
  const big = join(dir, 'big.pcap');
  writeMix(big, 240_000, 90_000);
  const wide = await both(big);
  assert.equal(wide.fast, wide.slow, 'with 90k hosts');
  assert.ok(JSON.parse(wide.fast).rep.stats.bindings > 65_536, 'the read-ahead threshold was crossed');
  assert.ok(wide.newHosts > 45_000, `most hosts were added by the WebAssembly scan (${wide.newHosts})`);
  // a 1-second window and a short burst gap move the pending-request boundary
  const tight = await both(p, { windowMs: 1, burstGapMs: 5, stormRate: 3 });
  assert.equal(tight.fast, tight.slow, 'with a 1 ms window');
});

/** Rewrites a little-endian µs pcap as Kuznetzov's modified format (24-byte record headers). */
function toKuznetzov(src: string, dst: string): void {
  const b = readFileSync(src);
  const parts: Buffer[] = [Buffer.from(b.subarray(0, 24))];
  parts[0]!.writeUInt32LE(0xa1b2cd34, 0);
  for (let p = 24; p + 16 <= b.length; ) {
    const incl = b.readUInt32LE(p + 8);
    const extra = Buffer.alloc(8);
    extra.writeUInt32LE(2, 0); // ifindex
    extra.writeUInt16LE(0x0806, 4); // protocol
    parts.push(b.subarray(p, p + 16), extra, b.subarray(p + 16, p + 16 + incl));
    p += 16 + incl;
  }
  writeFileSync(dst, Buffer.concat(parts));
}

/** Rewrites a little-endian µs pcap as big-endian with nanosecond timestamps. */
function toBigEndianNs(src: string, dst: string): void {
  const b = Buffer.from(readFileSync(src));
  b.writeUInt32BE(0xa1b23c4d, 0);
  for (const o of [4, 6]) b.writeUInt16BE(b.readUInt16LE(o), o);
  for (const o of [8, 12, 16, 20]) b.writeUInt32BE(b.readUInt32LE(o), o);
  for (let p = 24; p + 16 <= b.length; ) {
    const incl = b.readUInt32LE(p + 8);
    b.writeUInt32BE(b.readUInt32LE(p), p);
    b.writeUInt32BE(b.readUInt32LE(p + 4) * 1000, p + 4);
    b.writeUInt32BE(incl, p + 8);
    b.writeUInt32BE(b.readUInt32LE(p + 12), p + 12);
    p += 16 + incl;
  }
  writeFileSync(dst, b);
}

test('scan fast path: a file of small frames is read ahead on the thread pool, with the same report', async () => {
  const dir = scratch();
  const p = join(dir, 'arp.pcap');
  // the benchmark's ARP mix: 60-byte frames, VLAN 100, GARP pairs
  writeArpMix(p, 300_000, 500);
  const r = await both(p);
  assert.equal(r.fast, r.slow);
  assert.ok(r.readAhead, 'the rest of the file was read ahead');
  assert.ok(r.wasmFrames > 250_000, `the WebAssembly scan analysed most frames (${r.wasmFrames})`);
  // and a cut in the middle of a record far into the file gives the same located error
  const q = join(dir, 'arp-cut.pcap');
  writeFileSync(q, readFileSync(p).subarray(0, 15_000_001));
  const c = await both(q);
  assert.equal(c.fast, c.slow);
  assert.ok(c.readAhead);
  assert.equal(JSON.parse(c.fast).rep.inputs[0].error.kind, 'truncated');
  // a file of large frames is read where it is analysed, not ahead
  const m = join(dir, 'mixed.pcap');
  writeMixed(m, 6e6);
  const big = await both(m);
  assert.equal(big.fast, big.slow);
  assert.ok(!big.readAhead, 'large frames: no read-ahead');
  assert.ok(big.wasmFrames > 0, 'the WebAssembly scan ran');
});

test('scan fast path: Kuznetzov and big-endian nanosecond pcap give the same report as the plain file', async () => {
  const dir = scratch();
  const p = join(dir, 'mix.pcap');
  writeMix(p, 20_000, 40);
  const findingsOf = (json: string) => {
    const r = JSON.parse(json).rep as { findings: unknown; stats: unknown; addresses: unknown };
    return JSON.stringify({ findings: r.findings, stats: r.stats, addresses: r.addresses });
  };
  const plain = await both(p);
  for (const [name, convert] of [['kuznetzov', toKuznetzov], ['be-ns', toBigEndianNs]] as const) {
    const q = join(dir, `${name}.pcap`);
    convert(p, q);
    const r = await both(q);
    assert.equal(r.fast, r.slow, name);
    assert.equal(findingsOf(r.fast), findingsOf(plain.fast), `${name} against the plain file`);
  }
});

test('scan fast path: a record larger than the read buffer moves the reader off the arena, and the scan on with it', async () => {
  const dir = scratch();
  const p = join(dir, 'mix.pcap');
  writeMix(p, 20_000, 40);
  // splice a 3 MiB frame (snaplen raised to allow it) into the middle of the file
  const b = readFileSync(p);
  b.writeUInt32LE(8 << 20, 16);
  let at = 24;
  for (let i = 0; i < 10_000; i++) at += 16 + b.readUInt32LE(at + 8);
  const big = Buffer.alloc(16 + (3 << 20));
  big.writeUInt32LE(b.readUInt32LE(at), 0);
  big.writeUInt32LE(3 << 20, 8);
  big.writeUInt32LE(3 << 20, 12);
  big.writeUInt16BE(0x0800, 16 + 12);
  const q = join(dir, 'big-record.pcap');
  writeFileSync(q, Buffer.concat([b.subarray(0, at), big, b.subarray(at)]));
  let frames = 0;
  for (let o = 24; o < b.length; o += 16 + b.readUInt32LE(o + 8)) frames++;
  const r = await both(q);
  assert.equal(r.fast, r.slow);
  assert.equal(JSON.parse(r.fast).rep.stats.frames, frames + 1);
});

test('scan fast path: randomly corrupted captures give the same report (and the same located error) with and without it', async () => {
  const dir = scratch();
  const p = join(dir, 'mix.pcap');
  writeMix(p, 8_000, 30);
  const clean = readFileSync(p);
  let seed = 99;
  const rnd = (n: number) => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return (seed >>> 8) % n;
  };
  let errors = 0;
  for (let k = 0; k < 12; k++) {
    const b = Buffer.from(clean);
    // a few random bytes anywhere (record headers included), and now and then a cut
    for (let j = 0; j < 1 + rnd(40); j++) b[24 + rnd(b.length - 24)] = rnd(256);
    const q = join(dir, `bad-${k}.pcap`);
    writeFileSync(q, k % 3 === 2 ? b.subarray(0, 24 + rnd(b.length - 24)) : b);
    const r = await both(q);
    assert.equal(r.fast, r.slow, `corruption ${k}`);
    if (JSON.parse(r.fast).rep.inputs[0].error) errors++;
  }
  assert.ok(errors > 0, 'some corruptions broke the file');
});

const corpusDir = process.env.ARPAUDIT_CORPUS ?? join('..', 'shared', 'corpus');
const corpusPresent = existsSync(corpusDir);
test('scan fast path: corpus captures give the same report with and without it', { skip: corpusPresent ? false : `corpus absent: ${corpusDir} (it ships beside the repository in CI; set ARPAUDIT_CORPUS to use another copy)` }, async () => {
  const dir = corpusDir;
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (/\.(pcap|pcapng|cap)(\.gz)?$/.test(e.name)) files.push(join(d, e.name));
    }
  };
  walk(dir);
  assert.ok(files.length > 0, `no captures under ${dir}`);
  for (const f of files) {
    const { fast, slow } = await both(f);
    assert.equal(fast, slow, f);
  }
});
