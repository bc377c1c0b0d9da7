// Real-kernel LVS-DR scenarios in network namespaces: a director and two real
// servers with the VIP on lo. With default sysctls the kernel answers ARP for
// the VIP on every real server (the ARP race); with arp_ignore=1 and
// arp_announce=2 only the director does. tcpdump captures on the bridge and
// `arpaudit check` must give the verdict with exactly the MACs that answered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LVS_VIP as VIP, lvsCluster, netnsUnavailable } from '../helpers/netns.js';
import { runCli } from '../helpers/golden.js';

const why = netnsUnavailable();
const tmp = mkdtempSync(join(tmpdir(), 'arpaudit-netns-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

async function lvs(tag: string, fixed: boolean) {
  const { lan, client, dir, rs } = lvsCluster(tag, fixed);
  try {
    const file = join(tmp, `${tag}.pcap`);
    const cap = await lan.capture(file);
    // the client asks for the VIP again and again, forgetting the answer each time
    for (let i = 0; i < 3; i++) {
      lan.exec(client.ns, ['ip', 'neigh', 'flush', 'all']);
      // arping's exit status depends on how many replies it counted; the capture is the judge
      lan.exec(client.ns, ['sh', '-c', `arping -b -c 2 -I eth0 ${VIP} || true`], 10_000);
    }
    await new Promise((r) => setTimeout(r, 300));
    await lan.stop(cap);
    const r = await runCli(['check', file, '--format', 'json', '--fail-on', 'warning']);
    return { r, rep: JSON.parse(r.out), dir, rs, client };
  } finally {
    lan.close();
  }
}

test('LVS-DR, default sysctls: the real kernel answers ARP for the VIP from every real server', { skip: why ?? false, timeout: 90_000 }, async () => {
  const { r, rep, dir, rs } = await lvs('race', false);
  assert.equal(r.code, 1, r.out);
  const race = rep.findings.find((f: { code: string }) => f.code === 'arp.race.multi-responder');
  assert.ok(race, `race reported; findings: ${rep.findings.map((f: { code: string }) => f.code).join(', ')}`);
  assert.equal(race.ip, VIP);
  assert.deepEqual([...race.macs].sort(), [dir.mac, ...rs.map((x) => x.mac)].sort(), 'exactly the director and both real servers');
  assert.ok(race.details.multiResponderRequests >= 3);
  assert.ok(race.frames.length >= 4);
});

test('LVS-DR, arp_ignore=1 and arp_announce=2: only the director answers, no conflict', { skip: why ?? false, timeout: 90_000 }, async () => {
  const { r, rep, dir } = await lvs('fixed', true);
  assert.equal(r.code, 0, r.out);
  assert.ok(!rep.findings.some((f: { code: string }) => f.code.startsWith('arp.race') || f.code.startsWith('arp.binding') || f.code.startsWith('arp.leak')));
  const vip = rep.addresses.find((a: { ip: string }) => a.ip === VIP);
  assert.deepEqual(vip.macs.map((m: { mac: string }) => m.mac), [dir.mac]);
  assert.ok(vip.macs[0].counts.reply >= 3, 'the director answered every round');
});
