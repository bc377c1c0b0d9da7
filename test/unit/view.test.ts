// The dashboard's view model: snapshot -> rows and strings, no terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import { runOne } from '../../src/run/inputs.js';
import { addressDetails, buildView, incidentDetails, sparkline } from '../../src/tui/view.js';
import { vendorOf } from '../../src/util/vendor.js';
import { parseMac } from '../../src/util/addr.js';

async function engineFor(file: string): Promise<Engine> {
  const e = new Engine();
  await runOne(file, e);
  return e;
}

const base = { source: 'test', wallStartMs: 0, nowMs: 1000, rates: [0, 5, 10], filter: '', selectedKey: null, width: 140 };

test('address table: conflicts first, every MAC, states, filter by IP/MAC/VLAN', async () => {
  const e = await engineFor('fixtures/demo-lvs-dr.pcap');
  const v = buildView(e, base);
  assert.equal(v.addresses[0]!.ip, '10.0.0.10');
  assert.equal(v.addresses[0]!.state, 'conflict');
  assert.deepEqual(v.addresses[0]!.macs, ['02:00:00:00:00:d0', '02:00:00:00:01:01', '02:00:00:00:01:02']);
  assert.match(v.addresses[0]!.text, /3 MACs: 02:00:00:00:00:d0 02:00:00:00:01:01 02:00:00:00:01:02/);
  assert.ok(v.addresses.slice(1).every((r) => r.state === 'ok'));
  assert.ok(v.addresses.every((r) => r.text.length === 140), 'rows are fitted to the width');
  assert.deepEqual(buildView(e, { ...base, filter: '10.0.0.50' }).addresses.map((r) => r.ip), ['10.0.0.50']);
  assert.deepEqual(buildView(e, { ...base, filter: '02:00:00:00:01:02' }).addresses.map((r) => r.ip), ['10.0.0.10']);
  const vl = await engineFor('fixtures/vlans.pcap');
  const only20 = buildView(vl, { ...base, filter: 'vlan 20' }).addresses;
  assert.ok(only20.length > 0 && only20.every((r) => r.vlan === '20'), JSON.stringify(only20.map((r) => r.vlan)));
});

test('address table sorts by state, IP, last seen or MAC count', async () => {
  const e = await engineFor('fixtures/demo-lvs-dr.pcap');
  const ips = (sort: 'state' | 'ip' | 'last' | 'macs') => buildView(e, { ...base, sort }).addresses.map((r) => r.ip);
  assert.deepEqual(ips('state'), ['10.0.0.10', '10.0.0.50', '10.0.0.1']);
  assert.deepEqual(ips('ip'), ['10.0.0.1', '10.0.0.10', '10.0.0.50']);
  assert.deepEqual(ips('last'), ['10.0.0.10', '10.0.0.50', '10.0.0.1']);
  assert.deepEqual(ips('macs')[0], '10.0.0.10');
});

test('incidents newest first; status with sparkline; details with vendor, counts, race share and frames', async () => {
  const e = await engineFor('fixtures/demo-lvs-dr.pcap');
  const v = buildView(e, base);
  assert.deepEqual(v.incidents.map((i) => i.key.split('|')[0]), ['arp.leak.vip-sender', 'arp.race.multi-responder']);
  assert.match(v.status[1]!, /frames 26 \(5\.0\/s\) .* {2}ARP 26 {2}addresses 3 {2}findings 2/, 'the rate is the mean of the last seconds, never a one-tick 0');
  assert.equal(sparkline([0, 5, 10], 10), '▁▄█');
  // at 80 columns the state and the speed come first, where a cut line keeps them
  const narrow = buildView(e, { ...base, width: 76, paused: true, speed: 2, source: 'replay /a/very/long/path/to/some/capture-file-name.pcap' });
  assert.match(narrow.status[0]!, /^PAUSED {2}speed 2x {2}capture 02:00:06\.000 {2}wall 1s {2}replay \/a\/very/);
  assert.ok(narrow.status.every((l) => l.length <= 76), narrow.status.join('\n'));
  const d = addressDetails(e, v.addresses[0]!.key).join('\n');
  assert.match(d, /02:00:00:00:00:d0 {2}local/);
  assert.match(d, /answered 6 requests, first 4 \(67% of rounds won\)/);
  assert.match(d, /ERROR arp\.race\.multi-responder/);
  assert.match(d, /frames: 3, 4, 5/);
  const id = incidentDetails(e, v.incidents[1]!.key).join('\n');
  assert.match(id, /fix: On every real server/);
});

test('failover timeline for the selected VIP', async () => {
  const e = await engineFor('fixtures/vrrp-failover.pcap');
  const v = buildView(e, base);
  const vip = v.addresses.find((r) => r.ip === '10.0.0.254')!;
  assert.equal(vip.state, 'failover');
  const sel = buildView(e, { ...base, selectedKey: vip.key });
  assert.match(sel.timelineTitle, /failover VRID 51 10\.0\.0\.254: 02:00:00:00:0a:01 -> 02:00:00:00:0a:02 healthy/);
  assert.ok(sel.timeline.some((l) => /first advert of the new master/.test(l)));
  assert.ok(sel.timeline.some((l) => /GARP burst/.test(l)));
});

test('vendors from the IEEE registry; virtual and local MACs labelled', () => {
  assert.equal(vendorOf(parseMac('00:0c:29:12:34:56')), 'VMware, Inc.');
  assert.equal(vendorOf(parseMac('00:00:5e:00:01:07')), 'VRRP VRID 7');
  assert.equal(vendorOf(parseMac('00:00:0c:07:ac:0a')), 'HSRP group 10');
  assert.equal(vendorOf(parseMac('02:00:00:00:00:01')), 'local');
});
