// Interoperability and robustness on the public captures in ../shared/corpus
// (present in CI; absent in a user's clone, where this test skips saying why).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine.js';
import { runOne } from '../../src/run/inputs.js';
import { buildReport } from '../../src/report/build.js';
import { writeJson } from '../../src/report/json.js';
import { renderText } from '../../src/report/text.js';

// ../shared/corpus beside the repository (CI), or wherever ARPAUDIT_CORPUS points
const dir = process.env.ARPAUDIT_CORPUS ?? join('..', 'shared', 'corpus');
const present = existsSync(dir);

test('every corpus capture is read to the end or to a located error, without a throw or a hang', { timeout: 600_000, skip: present ? false : `corpus absent: ${dir} (it ships beside the repository in CI; set ARPAUDIT_CORPUS to use another copy)` }, async () => {
  const files = readdirSync(dir).filter((f) => /\.(pcap|pcapng|cap|gz)$/.test(f)).sort();
  assert.ok(files.length > 50, `corpus has ${files.length} captures`);
  let arp = 0;
  let errors = 0;
  for (const f of files) {
    const e = new Engine();
    const info = await runOne(join(dir, f), e);
    const rep = buildReport(e, [info], { version: 'test' });
    let json = '';
    writeJson(rep, (s) => (json += s));
    JSON.parse(json);
    renderText(rep, { addresses: 'involved', failOn: 'warning' });
    if (info.error) {
      errors++;
      assert.match(info.error.toString(), new RegExp(`^${dir.replace(/\./g, '\\.')}/`), 'errors name the file');
    }
    arp += e.stats.arpFrames;
  }
  assert.ok(arp > 1000, `ARP frames across the corpus: ${arp}`);
  assert.ok(errors < files.length / 2, `${errors} of ${files.length} files failed to read`);
});

test('ARP in public tunnel captures: VXLAN and Geneve analysed by VNI, GRE, ERSPAN and PBB counted', { skip: present ? false : `corpus absent: ${dir}` }, async () => {
  const { runCli } = await import('../helpers/golden.js');
  const report = async (f: string) => JSON.parse((await runCli(['check', join(dir, f), '--format', 'json', '--fail-on', 'none'])).out);
  const vx = await report('tcpdump__vxlan.pcap');
  assert.deepEqual(vx.addresses.map((a: { ip: string; vni?: number }) => `${a.vni}/${a.ip}`), ['100/192.168.203.3', '100/192.168.203.5'], 'tcpdump prints this ARP as VXLAN vni 100');
  assert.equal(vx.stats.kinds.request + vx.stats.kinds.reply, 2);
  const gen = await report('zeek__geneve-arp.pcap');
  assert.deepEqual(gen.addresses.map((a: { ip: string; vni?: number }) => `${a.vni}/${a.ip}`), ['1/10.0.0.1'], 'Geneve vni 0x1, bare ARP');
  assert.equal((await report('suricata-verify__decode-arp-3-arp-encap.pcap')).stats.tunnelledArp.gre, 1);
  assert.ok((await report('tcpdump__erspan-type-ii-3.pcap')).stats.tunnelledArp.erspan > 0);
  assert.equal((await report('zeek__pbb.pcap')).stats.tunnelledArp.pbb, 1);
});

test('HSRP and GLBP in public captures: elections, a failure, a coup followed like VRRP', { skip: present ? false : `corpus absent: ${dir}` }, async () => {
  const { runCli } = await import('../helpers/golden.js');
  const report = async (f: string) => JSON.parse((await runCli(['check', join(dir, f), '--format', 'json', '--fail-on', 'none'])).out);
  const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);
  const election = await report('tcpdump__HSRP_election.pcap');
  assert.deepEqual(election.vrrp.map((v: { protocol: string; vrid: number; master: { ip: string } }) => `${v.protocol} ${v.vrid} ${v.master.ip}`), ['hsrp 1 192.168.0.10'], 'tcpdump: 192.168.0.10 state=active priority 200');
  assert.deepEqual(codes(election), [], 'an election is not a failover');
  const failure = await report('tcpdump__HSRP_failover.pcap');
  assert.equal(failure.failovers.length, 1);
  const f = failure.failovers[0];
  assert.deepEqual([f.protocol, f.cause, f.from.ip, f.to.ip], ['hsrp', 'failure', '192.168.0.10', '192.168.0.30']);
  assert.ok(f.gapMs >= f.expectedGapMs, `the standby waited out the hold time: gap ${f.gapMs} ms, hold ${f.expectedGapMs} ms`);
  assert.deepEqual(codes(failure), ['vrrp.failover.unjudged'], 'no ARP in the capture: the announcements are not judged');
  const coup = await report('tcpdump__HSRP_coup.pcap');
  assert.deepEqual(coup.failovers.map((x: { cause: string; to: { ip: string } }) => `${x.cause} ${x.to.ip}`), ['preemption 192.168.0.10'], 'the coup from 192.168.0.10 (priority 200)');
  assert.ok(!codes(coup).includes('vrrp.dual-master'), 'the old active router speaks after the coup: not a split brain');
  const glbp = await report('packetlife__GLBP_election.cap');
  assert.deepEqual(glbp.vrrp.map((v: { protocol: string; vrid: number; vips: string[] }) => `${v.protocol} ${v.vrid} ${v.vips.join()}`), ['glbp 1 192.168.0.1']);
  assert.deepEqual(codes(glbp), []);
});
