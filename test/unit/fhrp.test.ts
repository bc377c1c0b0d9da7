// HSRP and GLBP decoders: the fields tcpdump shows, every truncation a
// status (never a throw), Ethernet padding kept out of the payload, and the
// virtual MACs that name a group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ethGlbp, ethHsrp } from '../lab/frames.js';
import { decodeGlbp, decodeHsrp, FHRP_OK, FHRP_TRUNCATED, FHRP_UNSUPPORTED } from '../../src/decode/fhrp.js';
import { decodeUdp4, UdpInfo } from '../../src/decode/udp.js';
import { VrrpFields } from '../../src/decode/vrrp.js';
import { fhrpGroup, formatIp, parseIp, parseMac, viewOf } from '../../src/util/addr.js';

const spec = { src: parseMac('00:00:0c:07:ac:07'), srcIp: parseIp('10.0.0.2'), group: 7, state: 16, priority: 150, vip: parseIp('10.0.0.254'), helloMs: 1000, holdMs: 3000 };

function udpOf(frame: Buffer): { dv: DataView; u: UdpInfo } {
  const dv = viewOf(frame);
  const u = new UdpInfo();
  assert.ok(decodeUdp4(dv, 14, frame.length, u));
  return { dv, u };
}

test('HSRP v1 hello, coup and resign decode into the fields of a VRRP advert', () => {
  for (const opcode of [0, 1, 2]) {
    const { dv, u } = udpOf(ethHsrp({ ...spec, opcode }));
    const f = new VrrpFields();
    assert.equal(decodeHsrp(dv, u.payload, u.end, f), FHRP_OK);
    assert.deepEqual(
      { p: f.protocol, op: f.opcode, group: f.vrid, prio: f.priority, hello: f.intervalMs, hold: f.holdMs, active: f.active, vip: f.vips4.map(formatIp), src: formatIp(u.src) },
      { p: 'hsrp', op: opcode, group: 7, prio: 150, hello: 1000, hold: 3000, active: true, vip: ['10.0.0.254'], src: '10.0.0.2' },
    );
  }
  const { dv, u } = udpOf(ethHsrp({ ...spec, state: 8 }));
  const f = new VrrpFields();
  decodeHsrp(dv, u.payload, u.end, f);
  assert.deepEqual([f.active, f.standby], [false, true]);
});

test('HSRP v2: the Group State TLV, a 12-bit group and millisecond timers, and v2 state numbers (6 Active, 5 Standby)', () => {
  const { dv, u } = udpOf(ethHsrp({ ...spec, version: 2, state: 6, src: parseMac('00:00:0c:9f:f4:01'), group: 1025, priority: 4000, helloMs: 250, holdMs: 750 }));
  const f = new VrrpFields();
  assert.equal(decodeHsrp(dv, u.payload, u.end, f), FHRP_OK);
  assert.deepEqual([f.version, f.vrid, f.priority, f.intervalMs, f.holdMs, f.active, f.vips4.map(formatIp)], [2, 1025, 4000, 250, 750, true, ['10.0.0.254']]);
  assert.equal(fhrpGroup(parseMac('00:00:0c:9f:f4:01'), 'hsrp'), 1025);
  // v1's numbers mean nothing of the kind in v2: 16 and 8 are neither active nor standby, 5 is standby
  for (const [state, active, standby] of [[16, false, false], [8, false, false], [5, false, true], [4, false, false]] as const) {
    const x = udpOf(ethHsrp({ ...spec, version: 2, state }));
    decodeHsrp(x.dv, x.u.payload, x.u.end, f);
    assert.deepEqual([f.active, f.standby], [active, standby], `v2 state ${state}`);
  }
});

test('an HSRP Advertise (opcode 3) is not a group message', () => {
  const frame = ethHsrp({ ...spec, opcode: 3 });
  const { dv, u } = udpOf(frame);
  assert.equal(decodeHsrp(dv, u.payload, u.payload + 16, new VrrpFields()), FHRP_UNSUPPORTED);
});

test('GLBP Hello TLV: group, state, priority, times and the virtual IP', () => {
  const { dv, u } = udpOf(ethGlbp({ ...spec, state: 0x20 }));
  const f = new VrrpFields();
  assert.equal(decodeGlbp(dv, u.payload, u.end, f), FHRP_OK);
  assert.deepEqual([f.protocol, f.vrid, f.priority, f.intervalMs, f.holdMs, f.active, f.vips4.map(formatIp)], ['glbp', 7, 150, 1000, 3000, true, ['10.0.0.254']]);
});

test('every truncation of HSRP and GLBP is a status, never a throw or a read past the end', () => {
  for (const [frame, decode] of [[ethHsrp(spec), decodeHsrp], [ethHsrp({ ...spec, version: 2 }), decodeHsrp], [ethGlbp(spec), decodeGlbp]] as const) {
    const { dv, u } = udpOf(frame);
    for (let end = u.payload; end < u.end; end++) {
      const st = decode(dv, u.payload, end, new VrrpFields());
      assert.ok(st === FHRP_TRUNCATED || st === FHRP_UNSUPPORTED, `cut at ${end - u.payload}: status ${st}`);
    }
  }
});

test('UDP payload ends where the UDP length says, not at the Ethernet padding', () => {
  const frame = ethHsrp(spec); // 62 bytes: no padding; pad it to 80
  const padded = Buffer.concat([frame, Buffer.alloc(18, 0xee)]);
  const { u } = udpOf(padded);
  assert.equal(u.end - u.payload, 20);
  // a UDP length beyond the captured bytes is cut to the capture
  const short = padded.subarray(0, 50);
  const v = new UdpInfo();
  assert.ok(decodeUdp4(viewOf(short), 14, short.length, v));
  assert.equal(v.end, 50);
});

test('virtual MACs name their HSRP or GLBP group', () => {
  assert.equal(fhrpGroup(parseMac('00:00:0c:07:ac:2a'), 'hsrp'), 42);
  assert.equal(fhrpGroup(parseMac('00:00:0c:9f:f1:00'), 'hsrp'), 256);
  assert.equal(fhrpGroup(parseMac('00:07:b4:00:01:02'), 'glbp'), 1);
  assert.equal(fhrpGroup(parseMac('00:07:b4:00:ff:01'), 'glbp'), 255);
  assert.equal(fhrpGroup(parseMac('00:07:b4:03:ff:01'), 'glbp'), 1023);
  assert.equal(fhrpGroup(parseMac('00:00:5e:00:01:01'), 'hsrp'), -1);
  assert.equal(fhrpGroup(parseMac('00:00:0c:07:ac:01'), 'glbp'), -1);
});
