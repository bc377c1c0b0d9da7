// The live capture's default filter takes every frame `check` analyses: ARP,
// VRRP, HSRP, GLBP and ND untagged or under up to four 802.1Q/802.1ad tags,
// and VXLAN and Geneve (their ARP is analysed per VNI). Checked with
// libpcap itself (tcpdump reading frames our encoder wrote), the same
// compiler live capture uses; frames the analysis ignores stay out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ethArp, ethHsrp, ethNd, ethOther, geneve, vxlan } from '../lab/frames.js';
import { PcapWriter, memorySink } from '../../src/pcap/writer.js';
import { DEFAULT_FILTER } from '../../src/live/session.js';

const haveTcpdump = spawnSync('sh', ['-c', 'command -v tcpdump']).status === 0;

/** The frame with an 802.1Q tag (VID `vid`) inserted after its MAC addresses. */
function tag(frame: Buffer, vid: number): Buffer {
  const t = Buffer.from([0x81, 0x00, vid >> 8, vid & 0xff]);
  return Buffer.concat([frame.subarray(0, 12), t, frame.subarray(12)]);
}

test('the default live filter takes QinQ, VXLAN and Geneve frames check analyses, and leaves other traffic out', { skip: haveTcpdump ? false : 'tcpdump is not installed' }, () => {
  const arp = ethArp({ op: 'request', sha: 0x020000000001, spa: 0x0a000001, tpa: 0x0a000002 });
  const t = { src: 0x020000000a01, dst: 0x020000000a02, srcIp: 0xc0a80001, dstIp: 0xc0a80002 };
  const wanted: [string, Buffer][] = [
    ['ARP', arp],
    ['ARP in one tag', ethArp({ op: 'request', sha: 0x020000000001, spa: 0x0a000001, tpa: 0x0a000002, vlans: [100] })],
    ['ARP in QinQ', ethArp({ op: 'request', sha: 0x020000000001, spa: 0x0a000001, tpa: 0x0a000002, vlans: [100, 200] })],
    ['ARP under three tags', ethArp({ op: 'request', sha: 0x020000000001, spa: 0x0a000001, tpa: 0x0a000002, vlans: [1, 2, 3] })],
    ['ARP under four tags', ethArp({ op: 'request', sha: 0x020000000001, spa: 0x0a000001, tpa: 0x0a000002, vlans: [1, 2, 3, 4] })],
    ['ARP in VXLAN', vxlan(t, 5000, arp)],
    ['ARP in Geneve', geneve(t, 6000, arp)],
    ['VXLAN in a VLAN', tag(vxlan(t, 5000, arp), 300)],
    ['Geneve in QinQ', tag(tag(geneve(t, 6000, arp), 301), 300)],
    ['HSRP in QinQ', tag(tag(ethHsrp({ src: 0x00000c07ac01, srcIp: 0x0a000002, group: 1, state: 16, priority: 100, vip: 0x0a0000fe }), 11), 10)],
    ['ND in QinQ', ethNd({ type: 'ns', src: 0x020000000001, srcIp: 'fe80::1', dstIp: 'ff02::1:ff00:2', target: 'fe80::2', ll: 0x020000000001, vlans: [10, 20] })],
  ];
  const unwanted: [string, Buffer][] = [
    ['TCP', ethOther(0x020000000011, 0x020000000012, 0x0800, 1514)],
    ['TCP in QinQ', tag(tag(ethOther(0x020000000011, 0x020000000012, 0x0800, 200), 2), 1)],
    ['IPv6', ethOther(0x020000000015, 0x020000000016, 0x86dd, 300)],
  ];
  const out = memorySink();
  const w = new PcapWriter(out.sink);
  [...wanted, ...unwanted].forEach(([, f], i) => w.write(f, Date.UTC(2024, 0, 1) * 1000 + i * 1000));
  w.flush();
  const dir = mkdtempSync(join(tmpdir(), 'arpaudit-filter-'));
  try {
    const file = join(dir, 'frames.pcap');
    writeFileSync(file, out.bytes());
    const r = spawnSync('tcpdump', ['-n', '-r', file, '-#', DEFAULT_FILTER], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    // a packet's first line starts with its number (tunnels continue on more lines)
    const taken = r.stdout.split('\n').map((l) => /^\s*(\d+)\s+\d\d:\d\d:/.exec(l)).filter((m) => m !== null).map((m) => Number(m[1]));
    const names = (nums: number[]) => nums.map((n) => [...wanted, ...unwanted][n - 1]![0]);
    assert.deepEqual(names(taken), wanted.map(([n]) => n), 'every frame check analyses, and nothing else');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
