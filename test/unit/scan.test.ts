// Scans and request storms by distinct unanswered targets, counted as the
// evidence arrives: slow sweeps, a sweep cut by the end of the capture, a
// router asking for a dead range, and the LANs that must stay quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import { ethArp } from '../lab/frames.js';
import { K_UNSOLICITED } from '../../src/engine/kinds.js';
import { unansweredJson } from '../../src/report/sections.js';

const T0 = Date.UTC(2024, 2, 1, 2) * 1000;
const SCANNER = 0x02000000aa01;
const ip = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

class Wire {
  readonly e = new Engine();
  private ref = 0;
  request(us: number, sha: number, spa: number, tpa: number): void {
    this.send(us, ethArp({ op: 'request', sha, spa, tpa }));
  }
  reply(us: number, sha: number, spa: number, tha: number, tpa: number): void {
    this.send(us, ethArp({ op: 'reply', sha, spa, tha, tpa }));
  }
  private send(us: number, f: Buffer): void {
    this.e.process(f, 0, f.length, f.length, us, 1, ++this.ref);
  }
  codes(): string[] {
    this.e.finish();
    return this.e.findings().map((f) => `${f.code} ${f.ip >= 0 ? f.ip : ''}`.trim());
  }
}

/** A LAN background: 20 hosts asking each other, all answering. */
function background(w: Wire, fromUs: number, toUs: number): void {
  for (let us = fromUs, k = 0; us < toUs; us += 50_000, k++) {
    const a = k % 20;
    const b = (k * 7 + 3) % 20;
    if (a === b) continue;
    w.request(us, 0x020000000100 + a, ip(10, 0, 0, 100 + a), ip(10, 0, 0, 100 + b));
    w.reply(us + 200, 0x020000000100 + b, ip(10, 0, 0, 100 + b), 0x020000000100 + a, ip(10, 0, 0, 100 + a));
  }
}

/** Merges timed events in time order (each a closure at a time). */
function play(events: [number, () => void][]): void {
  events.sort((x, y) => x[0] - y[0]).forEach(([, f]) => f());
}

test('a slow sweep of 155 addresses at 20-37 requests/s is a scan, raised while it runs', () => {
  const w = new Wire();
  const ev: [number, () => void][] = [];
  let us = T0;
  for (let h = 1; h <= 155; h++) {
    us += h % 2 ? 27_000 : 50_000; // 20 to 37 per second
    const t = us;
    ev.push([t, () => w.request(t, SCANNER, ip(10, 0, 0, 250), ip(10, 0, 1, h))]);
  }
  const end = us + 60e6;
  // the LAN goes on for a minute after the sweep
  play(ev);
  background(w, us + 100_000, end);
  const scan = w.e.findings().find((f) => f.code === 'arp.scan');
  assert.ok(scan, 'the scan is raised before the capture ends');
  assert.ok(scan.firstUs < us, 'from the sweep itself');
  assert.deepEqual(w.codes(), ['arp.scan 167772410']);
  const d = scan.data as { watch: { silentTotal: number; mac: number } };
  assert.equal(d.watch.silentTotal, 155);
  assert.equal(d.watch.mac, SCANNER);
});

test('an arp-scan of a /24 cut by the end of the capture is a scan: pending requests count at the end', () => {
  const w = new Wire();
  background(w, T0, T0 + 10e6);
  let us = T0 + 10e6;
  // 255 targets in 2.5 s, three answer; the capture ends 5 ms after the last request
  for (let h = 1; h <= 255; h++) {
    us += 10_000;
    w.request(us, SCANNER, ip(10, 0, 0, 250), ip(10, 0, 0, h));
    if (h >= 100 && h < 103) w.reply(us + 300, 0x020000000100 + h - 100, ip(10, 0, 0, h), SCANNER, ip(10, 0, 0, 250));
  }
  w.reply(us + 5_000, 0x020000000100, ip(10, 0, 0, 100), 0x020000000101, ip(10, 0, 0, 101));
  assert.ok(w.codes().includes('arp.scan 167772410'));
});

test('a router asking ~20/s for 300 dead addresses, twice each over 30 s, is a scan of a dead range', () => {
  const w = new Wire();
  const router = 0x020000000001;
  for (let i = 0; i < 600; i++) {
    const us = T0 + i * 50_000;
    w.request(us, router, ip(10, 0, 0, 1), ip(10, 0, 2 + (i % 2), (i >> 1) % 150 + 1 + ((i & 1) ? 100 : 0)));
  }
  background(w, T0, T0 + 40e6);
  const codes = w.codes();
  assert.ok(codes.includes(`arp.scan ${ip(10, 0, 0, 1)}`), codes.join(', '));
});

test('quiet: a home router refreshing 25 clients in bursts of 16-24 requests/s, a 2,000-host LAN, one dead address asked again and again', () => {
  const w = new Wire();
  const router = 0x020000000001;
  for (let round = 0; round < 20; round++) {
    const start = T0 + round * 30e6;
    for (let c = 0; c < 25; c++) {
      const us = start + c * 50_000;
      w.request(us, router, ip(192, 168, 1, 1), ip(192, 168, 1, 10 + c));
      w.reply(us + 400, 0x020000001000 + c, ip(192, 168, 1, 10 + c), router, ip(192, 168, 1, 1));
    }
    // a host asking for one address that never answers, every second
    for (let k = 0; k < 30; k++) w.request(start + k * 1e6 + 7, 0x020000002000, ip(192, 168, 1, 50), ip(192, 168, 1, 99));
  }
  // 2,000 hosts, each asked by a gateway once a minute, every one answering
  const gw = 0x020000000002;
  for (let h = 0; h < 2000; h++) {
    const us = T0 + 600e6 + h * 30_000;
    w.request(us, gw, ip(10, 1, 0, 1), ip(10, 1, 8 + (h >> 8), h & 0xff));
    w.reply(us + 300, 0x020000100000 + h, ip(10, 1, 8 + (h >> 8), h & 0xff), gw, ip(10, 1, 0, 1));
  }
  const codes = w.codes().filter((c) => c.startsWith('arp.scan') || c.startsWith('arp.request.storm'));
  assert.deepEqual(codes, []);
  assert.ok(w.e.findings().some((f) => f.code === 'arp.silent.address') || w.e.silence.unheard.size === 1, 'the dead address is a silent/unanswered address, not a scan');
});

test('a gateway asking for ever-new addresses among thousands that answer is no scan, and keeps only the scan window\'s targets', () => {
  const w = new Wire();
  const gw = 0x020000000002;
  let dead = 0;
  for (let i = 0; i < 40_000; i++) {
    const us = T0 + i * 2_000;
    if (i % 12 === 0) {
      w.request(us, gw, ip(10, 1, 0, 1), (ip(10, 128, 0, 0) + dead++) >>> 0);
      continue;
    }
    const h = i % 2000;
    w.request(us, gw, ip(10, 1, 0, 1), ip(10, 1, 8 + (h >> 8), h & 0xff));
    w.reply(us + 300, 0x020000100000 + h, ip(10, 1, 8 + (h >> 8), h & 0xff), gw, ip(10, 1, 0, 1));
  }
  assert.deepEqual(w.codes().filter((c) => c.startsWith('arp.scan')), []);
  const watch = w.e.requests.watches.find((x) => x.mac === gw)!;
  // the counts are kept as the evidence arrives; no list of targets is walked
  assert.ok(watch.silentTotal > 3000, `distinct dead targets counted: ${watch.silentTotal}`);
  // 80 s of capture: the targets of the first epoch were dropped when the third began
  assert.ok(watch.silent.size < watch.silentTotal * 0.9, `targets kept per scan window only: ${watch.silent.size} of ${watch.silentTotal}`);
});

test('a storm re-asks within the window: a gateway refreshing 2,000 neighbours that answer at 400/s is none; one request looped 200 times a second is one', () => {
  const busy = new Wire();
  const gw = 0x020000000002;
  // 40 seconds at 400 requests/s over 2,000 hosts: each re-asked every 5 s, every one answered
  for (let i = 0; i < 16_000; i++) {
    const us = T0 + i * 2_500;
    const h = i % 2000;
    busy.request(us, gw, ip(10, 1, 0, 1), ip(10, 1, 8 + (h >> 8), h & 0xff));
    busy.reply(us + 300, 0x020000100000 + h, ip(10, 1, 8 + (h >> 8), h & 0xff), gw, ip(10, 1, 0, 1));
  }
  assert.deepEqual(busy.codes().filter((c) => c.startsWith('arp.request.storm') || c.startsWith('arp.scan')), []);
  assert.ok(busy.e.requests.watches.some((w) => w.mac === gw && w.fast), 'the gateway was watched per request (it passed --scan-rate)');

  const loop = new Wire();
  const host = 0x020000000077;
  // a bridging loop: one host's request for its gateway, seen 200 times a second for 5 s, and answered
  for (let i = 0; i < 1_000; i++) {
    const us = T0 + i * 5_000;
    loop.request(us, host, ip(10, 1, 0, 77), ip(10, 1, 0, 1));
    if (i % 50 === 0) loop.reply(us + 300, gw, ip(10, 1, 0, 1), host, ip(10, 1, 0, 77));
  }
  assert.deepEqual(loop.codes().filter((c) => c.startsWith('arp.request.storm')), [`arp.request.storm ${ip(10, 1, 0, 77)}`]);
});

test('a sweep dated far in the future (a capture with a broken clock, year 9000) is a scan as any other', () => {
  const w = new Wire();
  const far = Date.UTC(9000, 0, 1) * 1000; // its 30-second epoch is past 2^31
  assert.ok(far / 30e6 > 2 ** 31);
  let us = far;
  // two passes: each target counted once within the scan window
  for (let pass = 0; pass < 2; pass++) {
    for (let h = 1; h <= 155; h++) {
      us += 40_000;
      w.request(us, SCANNER, ip(10, 0, 0, 250), ip(10, 0, 1, h));
    }
  }
  background(w, us + 100_000, us + 60e6);
  assert.deepEqual(w.codes(), ['arp.scan 167772410']);
  const d = w.e.findings().find((f) => f.code === 'arp.scan')!.data as { watch: { silentTotal: number } };
  assert.equal(d.watch.silentTotal, 155, 'each silent target counted once');
});

/** Unanswered requests the silence check was told of, of `dead` asked; the engine finished. */
function busy(w: Wire, perSecond: number, seconds: number, deadEvery: number): { dead: number; asked: number } {
  const hosts = 3000;
  const step = Math.round(1e6 / perSecond);
  const n = perSecond * seconds;
  let dead = 0;
  let asked = 0;
  for (let k = 0, us = T0; k < n; k++, us += step) {
    const a = k % hosts;
    const mac = 0x020000010000 + a;
    const from = ip(10, 1, a >> 8, a & 255);
    if (k % deadEvery === 7 % deadEvery) {
      // a dead address, asked once; those in the last second are cut short by the end (scans count them, silence does not)
      w.request(us, mac, from, ip(10, 9, (k >> 8) & 255, k & 255));
      if (k < n - perSecond) dead++;
      continue;
    }
    const b = (k * 7 + 11) % hosts;
    if (b === a) continue;
    w.request(us, mac, from, ip(10, 1, b >> 8, b & 255));
    w.reply(us + 50, 0x020000010000 + b, ip(10, 1, b >> 8, b & 255), mac, from);
    asked++;
  }
  w.e.finish();
  return { dead, asked };
}

test('a busy segment (6,000 requests a second, 5% for dead addresses): the requests waiting for an answer keep their slots, so each unanswered one is reported and each answer matched', () => {
  const w = new Wire();
  const { dead } = busy(w, 6000, 6, 20);
  assert.equal(w.e.stats.kinds[K_UNSOLICITED], 0, 'every answer matched its request');
  const reported = w.e.silence.unansweredRequests;
  // a request still waiting is lost only where both slots of its pair hold one (some 3% here): counted as overwritten
  assert.ok(reported >= dead * 0.95 && reported <= dead, `unanswered requests reported: ${reported} of ${dead}`);
});

test('a sweep of 6,000 dead addresses a second on a busy segment: the pending table grows, so the requests it leaves unanswered are reported', () => {
  const w = new Wire();
  const { dead } = busy(w, 12_000, 5, 2);
  const p = w.e.pending;
  assert.ok(p.size > 8192, `grew from 8,192 slots: ${p.size}`);
  assert.equal(w.e.stats.kinds[K_UNSOLICITED], 0, 'every answer matched its request');
  const reported = w.e.silence.unansweredRequests;
  assert.ok(reported >= dead * 0.95 && reported <= dead, `unanswered requests reported: ${reported} of ${dead}`);
});

test('a sweep of 10,000 dead addresses: the first 4,096 are listed and counted, requests for the rest are counted apart, never as addresses', () => {
  const w = new Wire();
  for (let k = 0; k < 10_000; k++) w.request(T0 + k * 2000, SCANNER, ip(10, 0, 0, 9), ip(10, 200, k >> 8, k & 255));
  w.e.finish();
  const u = unansweredJson(w.e);
  assert.equal(u.addresses, 4096);
  assert.equal(u.requests, 4096);
  // every unanswered request judged is counted once: the last second's are cut short by the end (scans count them)
  assert.equal(u.requests + u.untrackedRequests, w.e.silence.unansweredRequests);
  assert.ok(u.untrackedRequests > 5000, `requests for the addresses past the first 4,096: ${u.untrackedRequests}`);
});
