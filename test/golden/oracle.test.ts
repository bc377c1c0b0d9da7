// tcpdump as an independent decoding oracle: the corpus's tcpdump__NAME.out
// files are what `tcpdump -# -n -tttt [options] -r tcpdump__NAME.pcap` printed.
// For every ARP request or reply tcpdump printed, our decoders must find ARP
// at the same frame number with the same operation and addresses; frames it
// calls unknown hardware must be decode anomalies for us; and every frame we
// decode as ARP must be one tcpdump printed as ARP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CaptureReader, FRAME, NEED_DATA } from '../../src/pcap/reader.js';
import { decodeLink, LinkInfo, LINK_OK } from '../../src/decode/link.js';
import { ArpFields, ARP_OK, decodeArp, ETHERTYPE_ARP } from '../../src/decode/arp.js';
import { linktypeSupported } from '../../src/decode/linktype.js';
import { formatIp, formatMac } from '../../src/util/addr.js';
import { decodeUdp4, UdpInfo } from '../../src/decode/udp.js';
import { decodeHsrp, FHRP_OK, UDP_HSRP } from '../../src/decode/fhrp.js';
import { VrrpFields } from '../../src/decode/vrrp.js';

// ../shared/corpus beside the repository (CI), or wherever ARPAUDIT_CORPUS points
const dir = process.env.ARPAUDIT_CORPUS ?? join('..', 'shared', 'corpus');
const present = existsSync(dir);

interface Ours {
  status: number;
  op: number;
  spa: string;
  tpa: string;
  sha: string;
  tha: string;
}

async function decodeAll(file: string): Promise<{ linktypes: number[]; frames: Map<number, Ours> }> {
  const r = CaptureReader.open(file);
  const li = new LinkInfo();
  const f = new ArpFields();
  const frames = new Map<number, Ours>();
  for (;;) {
    const s = r.next();
    if (s === FRAME) {
      const end = r.off + r.caplen;
      if (decodeLink(r.dv, r.off, end, r.linktype, li) === LINK_OK && li.ethertype === ETHERTYPE_ARP) {
        const st = decodeArp(r.dv, li.payload, end, f);
        frames.set(r.frame, { status: st, op: f.op, spa: formatIp(f.spa), tpa: formatIp(f.tpa), sha: formatMac(f.sha), tha: formatMac(f.tha) });
      }
    } else if (s === NEED_DATA) await r.fill();
    else break;
  }
  return { linktypes: r.linktypes, frames };
}

test('our ARP decoding agrees with tcpdump, frame by frame, on the public captures', { skip: present ? false : `corpus absent: ${dir} (it ships beside the repository in CI; set ARPAUDIT_CORPUS to use another copy)` }, async (t) => {
  const outs = readdirSync(dir).filter((n) => n.startsWith('tcpdump__') && n.endsWith('.out'));
  let compared = 0;
  let files = 0;
  for (const out of outs) {
    const pcap = join(dir, out.replace(/\.out$/, '.pcap'));
    if (!existsSync(pcap)) continue;
    const text = readFileSync(join(dir, out), 'latin1');
    if (!/\bARP\b/.test(text)) continue;
    const ours = await decodeAll(pcap);
    if (!ours.linktypes.every(linktypeSupported)) continue; // e.g. Broadcom DSA tags, ARCnet: not our link types
    files++;
    const theirs = new Set<number>();
    for (const line of text.split('\n')) {
      const m = /^\s*(\d+)\s+\S+\s+\S+\s+(.*)$/.exec(line);
      if (!m || !/\bARP\b/.test(m[2]!)) continue;
      // RARP (ethertype 0x8035) and inverse ARP print as "ARP" too; arpaudit analyses 0x0806 only
      if (/Reverse|RARP|Inverse|InARP/.test(m[2]!)) continue;
      const frame = Number(m[1]);
      const rest = m[2]!;
      theirs.add(frame);
      const o = ours.frames.get(frame);
      assert.ok(o, `${out} frame ${frame}: tcpdump printed ARP, we found none: ${rest}`);
      if (/Unknown (Hardware|Protocol)|\[\|ARP\]|truncated/i.test(rest)) {
        assert.notEqual(o.status, ARP_OK, `${out} frame ${frame}: tcpdump could not decode it, neither should we`);
        continue;
      }
      const req = /Request who-has (\S+?)(?: \(([0-9a-f:]+)\))? tell (\S+?),/.exec(rest);
      const rep = /Reply (\S+?) is-at ([0-9a-f:]+),/.exec(rest);
      if (!req && !rep) continue; // RARP, InARP and the like: not compared field by field
      assert.equal(o.status, ARP_OK, `${out} frame ${frame}`);
      if (req) {
        assert.deepEqual([o.op, o.tpa, o.spa], [1, req[1], req[3]], `${out} frame ${frame}: ${rest}`);
        if (req[2]) assert.equal(o.tha, req[2], `${out} frame ${frame}: target MAC`);
      } else {
        assert.deepEqual([o.op, o.spa, o.sha], [2, rep![1], rep![2]], `${out} frame ${frame}: ${rest}`);
      }
      compared++;
    }
    for (const [frame, o] of ours.frames) {
      if (o.status === ARP_OK) assert.ok(theirs.has(frame), `${out} frame ${frame}: we decoded ARP (${o.op === 1 ? `who-has ${o.tpa} tell ${o.spa}` : `${o.spa} is-at ${o.sha}`}) that tcpdump did not print as ARP`);
    }
  }
  t.diagnostic(`${compared} ARP frames in ${files} tcpdump test captures agree field by field`);
  assert.ok(compared >= 15 && files >= 5, `compared ${compared} frames in ${files} captures`);
});

/** tcpdump's TESTLIST: which capture each HSRP output was printed from (-v). */
const HSRP_OUTS: Record<string, string> = { 'tcpdump__hsrp_1-v.out': 'tcpdump__HSRP_coup.pcap', 'tcpdump__hsrp_2-v.out': 'tcpdump__HSRP_election.pcap', 'tcpdump__hsrp_3-v.out': 'tcpdump__HSRP_failover.pcap' };
const HSRP_STATES: Record<number, string> = { 0: 'initial', 1: 'learn', 2: 'listen', 4: 'speak', 8: 'standby', 16: 'active' };
const HSRP_OPS = ['hello', 'coup', 'resign'];

async function decodeHsrpAll(file: string): Promise<Map<number, string>> {
  const r = CaptureReader.open(file);
  const li = new LinkInfo();
  const u = new UdpInfo();
  const f = new VrrpFields();
  const out = new Map<number, string>();
  for (;;) {
    const s = r.next();
    if (s === FRAME) {
      const end = r.off + r.caplen;
      if (decodeLink(r.dv, r.off, end, r.linktype, li) === LINK_OK && li.ethertype === 0x0800 && decodeUdp4(r.dv, li.payload, end, u) && u.dport === UDP_HSRP) {
        const st = decodeHsrp(r.dv, u.payload, u.end, f);
        out.set(r.frame, st !== FHRP_OK ? `status ${st}` : `HSRPv${f.version - 1}-${HSRP_OPS[f.opcode]} state=${HSRP_STATES[f.state]} group=${f.vrid} addr=${f.vips4.map(formatIp).join()} hellotime=${f.intervalMs / 1000}s holdtime=${f.holdMs / 1000}s priority=${f.priority}`);
      }
    } else if (s === NEED_DATA) await r.fill();
    else break;
  }
  return out;
}

test('our HSRP decoding agrees with tcpdump -v, frame by frame', { skip: present ? false : `corpus absent: ${dir}` }, async (t) => {
  let compared = 0;
  for (const [out, pcap] of Object.entries(HSRP_OUTS)) {
    const ours = await decodeHsrpAll(join(dir, pcap));
    const lines = readFileSync(join(dir, out), 'latin1').split('\n');
    let frame = 0;
    const seen = new Set<number>();
    for (const line of lines) {
      const head = /^\s*(\d+)\s+\d{4}-/.exec(line);
      if (head) frame = Number(head[1]);
      const m = /(HSRPv\d-[a-z]+(?: \(\d+\))?) \d+: (.*)$/.exec(line);
      if (!m) continue;
      seen.add(frame);
      const o = ours.get(frame);
      assert.ok(o, `${pcap} frame ${frame}: tcpdump printed ${m[1]}, we found no HSRP`);
      if (!/-(hello|coup|resign)$/.test(m[1]!)) {
        assert.match(o, /^status /, `${pcap} frame ${frame}: ${m[1]} is not a group message for us either`);
        continue;
      }
      const want = `${m[1]} ${m[2]!.replace(/ auth=.*$/, '')}`;
      assert.equal(o, want, `${pcap} frame ${frame}`);
      compared++;
    }
    for (const f of ours.keys()) assert.ok(seen.has(f), `${pcap} frame ${f}: we decoded HSRP tcpdump did not print`);
  }
  t.diagnostic(`${compared} HSRP messages agree with tcpdump field by field`);
  assert.ok(compared >= 100, `compared ${compared}`);
});

interface NdTheirs { src: string; dst: string; hlim: number; sumOk: boolean; what: string; target: string | null; flags: string; ll: string | null }

/** tcpdump -v's reading of each ND message of a capture, by frame number. */
function tcpdumpNd(file: string): Map<number, NdTheirs> {
  // no filter: with one, -# numbers the packets it printed, not the frames
  const r = spawnSync('tcpdump', ['-#', '-nn', '-v', '-r', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const out = new Map<number, NdTheirs>();
  let cur: NdTheirs | null = null;
  for (const line of r.stdout.split('\n')) {
    const m = /^\s*(\d+)\s+\S+ IP6 \(hlim (\d+),.*?\) (\S+) > (\S+): \[(icmp6 sum ok|bad icmp6 cksum[^\]]*)\] ICMP6, (router solicitation|router advertisement|neighbor solicitation|neighbor advertisement|redirect)(.*)$/.exec(line);
    if (m) {
      const rest = m[7]!;
      const tgt = /(?:who has|tgt is) ([0-9a-f:.]+)/.exec(rest);
      const flags = /Flags \[([^\]]*)\]/.exec(rest);
      cur = { src: m[3]!, dst: m[4]!.replace(/:$/, ''), hlim: Number(m[2]), sumOk: m[5] === 'icmp6 sum ok', what: m[6]!, target: tgt ? tgt[1]! : null, flags: flags ? flags[1]! : '', ll: null };
      out.set(Number(m[1]), cur);
      continue;
    }
    if (/^\s+\d+\s/.test(line)) cur = null;
    const ll = /^\s+(?:source|destination) link-address option \(\d\), length 8 \(1\): ([0-9a-f:]{17})$/.exec(line);
    if (cur && ll) cur.ll = ll[1]!;
  }
  return out;
}

test('our IPv6 neighbour discovery decoding agrees with tcpdump -v, frame by frame', { skip: spawnSync('sh', ['-c', 'command -v tcpdump']).status === 0 ? false : 'tcpdump is not installed' }, async (t) => {
  const { decodeNd, formatIp6, looksLikeNd, NdFields, ND_OK, ND_CHECKSUM, ND_HOP_LIMIT, ND_NA } = await import('../../src/decode/nd.js');
  const { TWO32 } = await import('../../src/util/addr.js');
  const NAMES = ['router solicitation', 'router advertisement', 'neighbor solicitation', 'neighbor advertisement', 'redirect'];
  const files = [...readdirSync('fixtures').filter((f) => f.startsWith('nd-') && f.endsWith('.pcap')).map((f) => join('fixtures', f))];
  if (present) for (const f of ['suricata-verify__smb2-ntlmssp-negotiateflags.pcap', 'distance__lan-invalid_mask.pcapng']) if (existsSync(join(dir, f))) files.push(join(dir, f));
  let compared = 0;
  for (const file of files) {
    const theirs = tcpdumpNd(file);
    const r = CaptureReader.open(file);
    const li = new LinkInfo();
    const f = new NdFields();
    const seen = new Set<number>();
    for (;;) {
      const s = r.next();
      if (s === NEED_DATA) {
        await r.fill();
        continue;
      }
      if (s !== FRAME) break;
      const end = r.off + r.caplen;
      if (decodeLink(r.dv, r.off, end, r.linktype, li) !== LINK_OK || li.ethertype !== 0x86dd || !looksLikeNd(r.dv, li.payload, end)) continue;
      seen.add(r.frame);
      const st = decodeNd(r.dv, li.payload, end, f);
      const th = theirs.get(r.frame);
      assert.ok(th, `${file} frame ${r.frame}: we decoded ND tcpdump did not print as ND`);
      if (!th.sumOk) {
        assert.equal(st, ND_CHECKSUM, `${file} frame ${r.frame}: tcpdump says the checksum is bad`);
        continue;
      }
      if (th.hlim !== 255) {
        assert.equal(st, ND_HOP_LIMIT, `${file} frame ${r.frame}: hop limit ${th.hlim}`);
        continue;
      }
      assert.equal(st, ND_OK, `${file} frame ${r.frame}`);
      assert.equal(NAMES[f.type - 133], th.what, `${file} frame ${r.frame}: type`);
      assert.deepEqual([formatIp6(f.src), formatIp6(f.dst)], [th.src, th.dst], `${file} frame ${r.frame}: addresses`);
      if (th.target) assert.equal(formatIp6(f.target), th.target, `${file} frame ${r.frame}: target`);
      if (f.type === ND_NA) assert.equal([f.router ? 'router' : '', f.solicited ? 'solicited' : '', f.override ? 'override' : ''].filter(Boolean).join(', '), th.flags, `${file} frame ${r.frame}: flags`);
      assert.equal(f.llHi >= 0 ? formatMac(f.llHi * TWO32 + (f.llLo >>> 0)) : null, th.ll, `${file} frame ${r.frame}: link-layer address option`);
      compared++;
    }
    for (const n of theirs.keys()) assert.ok(seen.has(n), `${file} frame ${n}: tcpdump printed ND we did not decode`);
  }
  t.diagnostic(`${compared} ND messages agree with tcpdump in ${files.length} captures`);
  assert.ok(compared >= 20, `compared ${compared}`);
});

/** What tshark decodes of each ND message: frame -> fields (its own dissector, an independent oracle). */
function tsharkNd(file: string): Map<number, { type: number; sumOk: boolean; hlim: number; target: string; flags: string; ll: string; prefixes: string[]; dns: string[]; lifetime: string }> | null {
  const fields = ['frame.number', 'icmpv6.type', 'icmpv6.checksum.status', 'ipv6.hlim', 'icmpv6.nd.ns.target_address', 'icmpv6.nd.na.target_address', 'icmpv6.nd.na.flag.r', 'icmpv6.nd.na.flag.s', 'icmpv6.nd.na.flag.o', 'icmpv6.opt.linkaddr', 'icmpv6.opt.prefix', 'icmpv6.opt.rdnss', 'icmpv6.nd.ra.router_lifetime'];
  const r = spawnSync('tshark', ['-r', file, '-Y', 'icmpv6.type >= 133 && icmpv6.type <= 137', '-T', 'fields', '-E', 'separator=|', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0 && !file.startsWith('fixtures')) return null; // a file tshark cannot read (a pcapng version it refuses): no oracle
  assert.equal(r.status, 0, r.stderr);
  const out = new Map<number, { type: number; sumOk: boolean; hlim: number; target: string; flags: string; ll: string; prefixes: string[]; dns: string[]; lifetime: string }>();
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const [n, type, sum, hlim, nsT, naT, fr, fs, fo, ll, pfx, dns, life] = line.split('|');
    // tshark lists every option of a kind; a tunnelled or nested header repeats fields: take the outer (first) one
    const first = (x: string | undefined) => (x ?? '').split(',')[0]!;
    out.set(Number(n), { type: Number(first(type)), sumOk: first(sum) === '1' || first(sum) === '2', hlim: Number(first(hlim)), target: first(nsT) || first(naT), flags: [first(fr), first(fs), first(fo)].join(''), ll: first(ll), prefixes: pfx ? pfx.split(',') : [], dns: dns ? dns.split(',') : [], lifetime: first(life) });
  }
  return out;
}

test('our IPv6 neighbour discovery decoding agrees with tshark, frame by frame, and the report counts what tshark counts', { skip: spawnSync('sh', ['-c', 'command -v tshark']).status === 0 ? false : 'tshark is not installed (apt-get install tshark)' }, async (t) => {
  const { decodeNd, formatIp6, looksLikeNd, NdFields, ND_OK, ND_CHECKSUM, ND_HOP_LIMIT, ND_NA, ND_RA } = await import('../../src/decode/nd.js');
  const { TWO32 } = await import('../../src/util/addr.js');
  const { runCli } = await import('../helpers/golden.js');
  const files = [...readdirSync('fixtures').filter((f) => (f.startsWith('nd-') || f.startsWith('vrrp6-')) && f.endsWith('.pcap')).map((f) => join('fixtures', f))];
  // the public captures that carry IPv6 at all (tshark takes a quarter of a second per file: the rest cannot hold ND)
  const hasIpv6 = async (file: string) => {
    const r = CaptureReader.open(file);
    const li = new LinkInfo();
    for (;;) {
      const s = r.next();
      if (s === NEED_DATA) await r.fill();
      else if (s !== FRAME) return false;
      else if (decodeLink(r.dv, r.off, r.off + r.caplen, r.linktype, li) === LINK_OK && li.ethertype === 0x86dd) return true;
    }
  };
  if (present) for (const f of readdirSync(dir).filter((x) => /\.(pcap|pcapng)$/.test(x))) if (await hasIpv6(join(dir, f))) files.push(join(dir, f));
  let compared = 0;
  let withNd = 0;
  const TYPES = ['routerSolicitation', 'routerAdvertisement', 'neighbourSolicitation', 'neighbourAdvertisement', 'redirect'];
  for (const file of files) {
    const theirs = tsharkNd(file);
    if (theirs === null || (theirs.size === 0 && !file.startsWith('fixtures'))) continue;
    withNd++;
    const r = CaptureReader.open(file);
    const li = new LinkInfo();
    const f = new NdFields();
    const seen = new Set<number>();
    for (;;) {
      const s = r.next();
      if (s === NEED_DATA) {
        await r.fill();
        continue;
      }
      if (s !== FRAME) break;
      const end = r.off + r.caplen;
      if (decodeLink(r.dv, r.off, end, r.linktype, li) !== LINK_OK || li.ethertype !== 0x86dd || !looksLikeNd(r.dv, li.payload, end)) continue;
      const th = theirs.get(r.frame);
      if (!th) continue; // a truncated or non-ND message tshark does not show as ND: checked below from its side
      seen.add(r.frame);
      const st = decodeNd(r.dv, li.payload, end, f);
      const at = `${file} frame ${r.frame}`;
      if (!th.sumOk) {
        assert.equal(st, ND_CHECKSUM, `${at}: tshark says the checksum is bad`);
        continue;
      }
      if (th.hlim !== 255) {
        assert.equal(st, ND_HOP_LIMIT, `${at}: hop limit ${th.hlim}`);
        continue;
      }
      assert.equal(st, ND_OK, at);
      assert.equal(f.type, th.type, `${at}: type`);
      if (th.target) assert.equal(formatIp6(f.target), th.target, `${at}: target`);
      if (f.type === ND_NA) assert.equal(`${f.router ? 1 : 0}${f.solicited ? 1 : 0}${f.override ? 1 : 0}`, th.flags, `${at}: R, S, O flags`);
      assert.equal(f.llHi >= 0 ? formatMac(f.llHi * TWO32 + (f.llLo >>> 0)) : '', th.ll, `${at}: link-layer address option`);
      if (f.type === ND_RA) {
        assert.equal(String(f.routerLifetime), th.lifetime, `${at}: router lifetime`);
        // tshark lists prefix information and route information prefixes together, in option order
        const ours = [...Array.from({ length: f.prefixCount }, (_, i) => formatIp6(f.prefixes, 4 * i)), ...Array.from({ length: f.routeCount }, (_, i) => formatIp6(f.routes, 4 * i))].sort();
        assert.deepEqual(ours, [...th.prefixes].sort(), `${at}: prefixes and routes`);
        assert.deepEqual(Array.from({ length: f.dnsCount }, (_, i) => formatIp6(f.dns, 4 * i)), th.dns, `${at}: DNS servers`);
      }
      compared++;
    }
    for (const n of theirs.keys()) assert.ok(seen.has(n), `${file} frame ${n}: tshark shows ND we did not decode`);
    // the report's count of ND messages by type is tshark's
    const rep = JSON.parse((await runCli(['check', file, '--format', 'json', '--fail-on', 'none'])).out) as { stats: { nd: { received: Record<string, number> } } };
    const counts: Record<string, number> = Object.fromEntries(TYPES.map((k) => [k, 0]));
    for (const x of theirs.values()) counts[TYPES[x.type - 133]!]!++;
    assert.deepEqual(rep.stats.nd.received, counts, `${file}: ND messages by type`);
  }
  t.diagnostic(`${compared} ND messages agree with tshark field by field in ${withNd} captures with ND`);
  assert.ok(compared >= 100, `compared ${compared}`);
});

test('our HSRP v1 and v2 decoding agrees with tshark, field by field, on frames our encoder writes', { skip: spawnSync('sh', ['-c', 'command -v tshark']).status === 0 ? false : 'tshark is not installed (apt-get install tshark)' }, async () => {
  const { ethHsrp } = await import('../lab/frames.js');
  const { PcapWriter, memorySink } = await import('../../src/pcap/writer.js');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const out = memorySink();
  const w = new PcapWriter(out.sink);
  const specs: { version: 1 | 2; state: number; opcode: number; group: number; priority: number; helloMs: number; holdMs: number }[] = [];
  for (const version of [1, 2] as const) {
    for (let state = 0; state <= 16; state++) {
      for (const opcode of [0, 1, 2]) {
        const s = { version, state, opcode, group: version === 2 ? 1000 + state : state, priority: version === 2 ? 200 + state : 100 + state, helloMs: version === 2 ? 250 : 3000, holdMs: version === 2 ? 750 : 10000 };
        specs.push(s);
        w.write(ethHsrp({ src: 0x00000c9ff000 + state, srcIp: 0x0a000002, vip: 0x0a0000fe, ...s }), Date.UTC(2024, 0, 1) * 1000 + specs.length * 1000);
      }
    }
  }
  w.flush();
  const dir = mkdtempSync(join(tmpdir(), 'arpaudit-hsrp-'));
  const file = join(dir, 'hsrp.pcap');
  writeFileSync(file, out.bytes());
  try {
    const fields = ['frame.number', 'hsrp.state', 'hsrp.opcode', 'hsrp.group', 'hsrp.priority', 'hsrp.hellotime', 'hsrp.holdtime', 'hsrp.virt_ip', 'hsrp2.state', 'hsrp2.opcode', 'hsrp2.group', 'hsrp2.priority', 'hsrp2.hellotime', 'hsrp2.holdtime', 'hsrp2.virt_ip'];
    const r = spawnSync('tshark', ['-r', file, '-T', 'fields', '-E', 'separator=|', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    // tshark's state names (its value_strings): v1 a bit each, v2 a count
    const v1Names: Record<number, string> = { 0: 'initial', 1: 'learn', 2: 'listen', 4: 'speak', 8: 'standby', 16: 'active' };
    const tsharkStates = spawnSync('tshark', ['-r', file, '-V'], { encoding: 'utf8', timeout: 60_000 }).stdout.match(/^\s+State: .*$/gm) ?? [];
    const rows = r.stdout.trim().split('\n').map((l) => l.split('|'));
    assert.equal(rows.length, specs.length);
    rows.forEach((row, i) => {
      const s = specs[i]!;
      const frame = ethHsrp({ src: 0x00000c9ff000 + s.state, srcIp: 0x0a000002, vip: 0x0a0000fe, ...s });
      const dv = new DataView(frame.buffer, frame.byteOffset, frame.length);
      const u = new UdpInfo();
      assert.ok(decodeUdp4(dv, 14, frame.length, u));
      const f = new VrrpFields();
      assert.equal(decodeHsrp(dv, u.payload, u.end, f), FHRP_OK, `frame ${i + 1}`);
      const [, st1, op1, g1, p1, h1, hold1, vip1, st2, op2, g2, p2, h2, hold2, vip2] = row;
      const theirs = s.version === 1
        ? { state: Number(st1), opcode: Number(op1), group: Number(g1), priority: Number(p1), hello: Number(h1) * 1000, hold: Number(hold1) * 1000, vip: vip1 }
        : { state: Number(st2), opcode: Number(op2), group: Number(g2), priority: Number(p2), hello: Number(h2), hold: Number(hold2), vip: vip2 };
      assert.deepEqual({ state: f.state, opcode: f.opcode, group: f.vrid, priority: f.priority, hello: f.intervalMs, hold: f.holdMs, vip: formatIp(f.vips4[0]!) }, theirs, `frame ${i + 1} (v${s.version})`);
      // what tshark calls the state is what we take for active and standby
      const name = (tsharkStates[i] ?? '').trim().replace(/^State: /, '').replace(/ \(\d+\)$/, '').toLowerCase();
      const expected = s.version === 1 ? v1Names[s.state] ?? 'unknown' : name;
      if (s.version === 1) assert.equal(name, expected, `frame ${i + 1}: tshark's v1 state name`);
      assert.equal(f.active, name === 'active', `frame ${i + 1} v${s.version} state ${s.state} (tshark: ${name}): active`);
      assert.equal(f.standby, name === 'standby', `frame ${i + 1} v${s.version} state ${s.state} (tshark: ${name}): standby`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
