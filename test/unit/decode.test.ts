// Pure decoders: ARP encode/decode symmetry, every anomaly status, link
// layers and stacked VLAN tags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArpFields, ARP_BAD_HLN, ARP_BAD_HTYPE, ARP_BAD_OP, ARP_BAD_PLN, ARP_BAD_PTYPE, ARP_OK, ARP_TRUNCATED, decodeArp, encodeArp } from '../../src/decode/arp.js';
import { decodeLink, LinkInfo, LINK_OK, LINK_TOO_MANY_TAGS, LINK_TRUNCATED, LINK_UNSUPPORTED, vlanPath } from '../../src/decode/link.js';
import { ethArp, sll2Arp, sllArp } from '../lab/frames.js';
import { formatIp, formatMac, macAt, parseIp, parseMac, virtualMacLabel, viewOf } from '../../src/util/addr.js';
import { sanitize } from '../../src/util/text.js';

test('ARP encode/decode round trip over many random packets', () => {
  let seed = 7;
  const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
  const buf = new Uint8Array(28);
  for (let i = 0; i < 2000; i++) {
    const f = { op: 1 + (rnd() & 1), sha: (rnd() & 0xffff) * 4294967296 + rnd(), spa: rnd(), tha: (rnd() & 0xffff) * 4294967296 + rnd(), tpa: rnd() };
    encodeArp(buf, 0, f);
    const g = new ArpFields();
    assert.equal(decodeArp(viewOf(buf), 0, 28, g), ARP_OK);
    assert.deepEqual(
      { htype: g.htype, ptype: g.ptype, hln: g.hln, pln: g.pln, op: g.op, sha: g.sha, spa: g.spa, tha: g.tha, tpa: g.tpa },
      { ...f, htype: 1, ptype: 0x0800, hln: 6, pln: 4 },
    );
  }
});

test('ARP anomalies are statuses, never exceptions', () => {
  const base = () => {
    const b = new Uint8Array(28);
    encodeArp(b, 0, { op: 1, sha: 0x020000000001, spa: parseIp('10.0.0.1'), tha: 0, tpa: parseIp('10.0.0.2') });
    return b;
  };
  const out = new ArpFields();
  for (let n = 0; n < 28; n++) assert.equal(decodeArp(viewOf(base()), 0, n, out), ARP_TRUNCATED, `length ${n}`);
  const cases: [number, number, number][] = [[1, 2, ARP_BAD_HTYPE], [3, 0xdd, ARP_BAD_PTYPE], [4, 8, ARP_BAD_HLN], [5, 16, ARP_BAD_PLN], [7, 3, ARP_BAD_OP]];
  for (const [off, v, status] of cases) {
    const b = base();
    b[off] = v;
    assert.equal(decodeArp(viewOf(b), 0, 28, out), status, `byte ${off} = ${v}`);
  }
  const ieee = base();
  ieee[1] = 6; // IEEE 802 hardware type is Ethernet-like
  assert.equal(decodeArp(viewOf(ieee), 0, 28, out), ARP_OK);
});

test('link layers: Ethernet, SLL, SLL2 and up to four stacked tags', () => {
  const spec = { op: 'request' as const, sha: 0x020000000001, spa: 1, tpa: 2, src: 0x020000000009 };
  const li = new LinkInfo();
  for (const [frame, lt] of [[ethArp(spec), 1], [sllArp(spec), 113], [sll2Arp(spec), 276]] as const) {
    assert.equal(decodeLink(viewOf(frame), 0, frame.length, lt, li), LINK_OK);
    assert.equal(li.ethertype, 0x0806);
    assert.equal(macAt(viewOf(frame), li.srcOff), 0x020000000009, `linktype ${lt} source MAC`);
    const f = new ArpFields();
    assert.equal(decodeArp(viewOf(frame), li.payload, frame.length, f), ARP_OK);
    assert.equal(f.sha, 0x020000000001);
  }
  const q4 = ethArp({ ...spec, vlans: [100, 200, 300, 400] });
  assert.equal(decodeLink(viewOf(q4), 0, q4.length, 1, li), LINK_OK);
  assert.deepEqual(vlanPath(li.vlanKey), [100, 200, 300, 400]);
  const q5 = ethArp({ ...spec, vlans: [1, 2, 3, 4, 5] });
  assert.equal(decodeLink(viewOf(q5), 0, q5.length, 1, li), LINK_TOO_MANY_TAGS);
  const prio = ethArp({ ...spec, vlans: [0] });
  assert.equal(decodeLink(viewOf(prio), 0, prio.length, 1, li), LINK_OK);
  assert.equal(li.vlanKey, 0, 'a priority tag (VID 0) is the untagged LAN');
  assert.equal(decodeLink(viewOf(q4), 0, 15, 1, li), LINK_TRUNCATED);
  assert.equal(decodeLink(viewOf(q4), 0, q4.length, 105, li), LINK_UNSUPPORTED);
  // 802.3 + LLC/SNAP carrying ARP (arp-scan --llc)
  const eth = ethArp(spec);
  const snap = Buffer.concat([eth.subarray(0, 12), Buffer.from([0, 36, 0xaa, 0xaa, 3, 0, 0, 0, 8, 6]), eth.subarray(14, 42)]);
  assert.equal(decodeLink(viewOf(snap), 0, snap.length, 1, li), LINK_OK);
  assert.equal(li.ethertype, 0x0806);
  // the same inside an 802.1Q tag: the length field comes after the tag
  const tagged = Buffer.concat([eth.subarray(0, 12), Buffer.from([0x81, 0, 0, 42, 0, 36, 0xaa, 0xaa, 3, 0, 0, 0, 8, 6]), eth.subarray(14, 42)]);
  assert.equal(decodeLink(viewOf(tagged), 0, tagged.length, 1, li), LINK_OK);
  assert.equal(li.ethertype, 0x0806);
  assert.equal(li.vlanKey, 42);
  assert.equal(decodeArp(viewOf(tagged), li.payload, tagged.length, new ArpFields()), ARP_OK);
  // 802.3 without SNAP (spanning tree, NetBIOS) is not ARP, tagged or not
  const stp = Buffer.concat([eth.subarray(0, 12), Buffer.from([0x81, 0, 0, 42, 0, 38, 0x42, 0x42, 3, 0, 0, 0, 0, 0]), Buffer.alloc(30)]);
  assert.equal(decodeLink(viewOf(stp), 0, stp.length, 1, li), LINK_UNSUPPORTED);
});

test('address helpers and virtual MAC labels', () => {
  assert.equal(formatMac(parseMac('AA:bb:0C:00:00:01')), 'aa:bb:0c:00:00:01');
  assert.equal(formatMac(parseMac('aabb.0c00.0001')), 'aa:bb:0c:00:00:01');
  assert.equal(parseMac('aa:bb:cc'), -1);
  assert.equal(formatIp(parseIp('192.168.255.1')), '192.168.255.1');
  assert.equal(parseIp('256.1.1.1'), -1);
  assert.equal(virtualMacLabel(parseMac('00:00:5e:00:01:07')), 'VRRP VRID 7');
  assert.equal(virtualMacLabel(parseMac('00:00:0c:07:ac:0a')), 'HSRP group 10');
  assert.equal(virtualMacLabel(parseMac('00:00:0c:9f:f0:2a')), 'HSRPv2 group 42');
  assert.match(virtualMacLabel(parseMac('00:07:b4:00:01:02'))!, /^GLBP/);
  assert.equal(virtualMacLabel(parseMac('02:00:00:00:00:01')), null);
});

test('terminal control characters are neutralised', () => {
  assert.equal(sanitize('a\x1b[31mred\x07\u009b\u202eb'), 'a\\x1b[31mred\\x07\\x9b\\u202eb');
});
