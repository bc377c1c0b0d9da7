// A finding told as it happened and later superseded by one that says it
// better is retracted by the engine at the frame that supersedes it, naming
// the code that does (live prints a `retracted` event there, replay a line).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import { ethArp } from '../lab/frames.js';

const T0 = Date.UTC(2024, 2, 1, 2) * 1000;
const ip = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

test('one-sided spoofing told, then retracted at the request that proves it an impersonation, naming it', () => {
  const e = new Engine();
  const events: string[] = [];
  e.incidents.listener = (inc) => events.push(`told ${inc.code} #${e.ctx.ref}`);
  e.incidents.onRetract = (inc, by) => events.push(`retracted ${inc.code} by ${by} #${e.ctx.ref}`);
  const evil = 0x0200000bad00;
  const client = 0x020000000050;
  const gw = ip(10, 0, 0, 1);
  const frames = [
    ethArp({ op: 'request', sha: client, spa: ip(10, 0, 0, 50), tpa: ip(10, 0, 0, 7) }),
    ethArp({ op: 'reply', sha: 0x020000000007, spa: ip(10, 0, 0, 7), tha: client, tpa: ip(10, 0, 0, 50) }),
    // arpspoof -t: the gateway's address claimed to the client, unasked, every 2 s
    ...[0, 1, 2, 3].map(() => ethArp({ op: 'reply', sha: evil, spa: gw, tha: client, tpa: ip(10, 0, 0, 50) })),
    // then the impostor asks who has the gateway's address, from its own
    ethArp({ op: 'request', sha: evil, spa: ip(10, 0, 0, 66), tpa: gw }),
  ];
  frames.forEach((f, i) => e.process(f, 0, f.length, f.length, T0 + i * 2e6, 1, i + 1));
  assert.deepEqual(events, ['told arp.spoof.one-sided #5', 'told arp.claim.impersonation #7', 'retracted arp.spoof.one-sided by arp.claim.impersonation #7']);
  e.finish();
  assert.deepEqual(e.findings().map((f) => f.code), ['arp.claim.impersonation']);
});
