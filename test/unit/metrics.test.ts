// The metrics as Prometheus reads them: names by its conventions, bounded
// labels (no MAC, an IP only for --expect addresses), every metric
// documented, and values that match the report of the same capture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/golden.js';

const tmp = mkdtempSync(join(tmpdir(), 'arpaudit-metrics-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

interface Family {
  name: string;
  type: string;
  help: string;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

/** Parses the text exposition format (what Prometheus scrapes). */
function parse(text: string): Map<string, Family> {
  const fams = new Map<string, Family>();
  let cur: Family | null = null;
  for (const line of text.split('\n')) {
    let m = /^# HELP (\S+) (.*)$/.exec(line);
    if (m) {
      cur = { name: m[1]!, type: '', help: m[2]!, samples: [] };
      fams.set(cur.name, cur);
      continue;
    }
    m = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (m) {
      fams.get(m[1]!)!.type = m[2]!;
      continue;
    }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m && cur) {
      const labels: Record<string, string> = {};
      for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
      cur.samples.push({ name: m[1]!, labels, value: Number(m[3]) });
    }
  }
  return fams;
}

test('metrics of a race: named by Prometheus conventions, bounded labels, documented, and equal to the report', async () => {
  const file = join(tmp, 'race.prom');
  const r = await runCli(['check', 'fixtures/demo-lvs-dr.pcap', '--expect', 'fixtures/demo-lvs-dr.expect.json', '--metrics-file', file, '--format', 'json']);
  assert.equal(r.code, 1, r.err);
  const report = JSON.parse(r.out) as { findings: { code: string }[]; stats: { frames: number; kinds: Record<string, number> } };
  const fams = parse(readFileSync(file, 'utf8'));
  const doc = readFileSync('docs/monitoring.md', 'utf8');
  const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/;
  assert.ok(fams.size >= 20, `${fams.size} metrics`);
  for (const f of fams.values()) {
    assert.match(f.name, /^arpaudit_[a-z0-9_]+$/, 'prefix and snake case');
    assert.equal(f.name.endsWith('_total'), f.type === 'counter', `${f.name}: _total exactly on counters`);
    assert.doesNotMatch(f.name, /_(ms|milliseconds|us|microseconds|bytes_total_total)$/, `${f.name}: base units`);
    assert.ok(f.help.length > 10, `${f.name} has help`);
    assert.ok(doc.includes(`\`${f.name}\``), `${f.name} is in docs/monitoring.md`);
    for (const s of f.samples) {
      if (f.name !== 'arpaudit_build_info') assert.equal(s.labels.sensor, 'capture', `${s.name} has the sensor label`);
      for (const [k, v] of Object.entries(s.labels)) {
        assert.doesNotMatch(v, MAC, `${s.name}{${k}} is not a MAC`);
        if (k === 'ip') assert.equal(f.name, 'arpaudit_expected_address_macs', 'an IP is a label only for --expect addresses');
      }
    }
  }
  const one = (name: string, labels: Record<string, string> = {}) => {
    const hits = fams.get(name)!.samples.filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    assert.equal(hits.length, 1, `${name} ${JSON.stringify(labels)}`);
    return hits[0]!.value;
  };
  assert.equal(one('arpaudit_frames_total'), report.stats.frames);
  assert.equal(one('arpaudit_arp_messages_total', { kind: 'reply' }), report.stats.kinds.reply);
  assert.equal(one('arpaudit_findings_total', { code: 'arp.race.multi-responder' }), report.findings.filter((f) => f.code === 'arp.race.multi-responder').length);
  assert.equal(one('arpaudit_findings_total', { code: 'arp.spoof.unsolicited-reply' }), 0, 'codes not raised are there at 0');
  assert.equal(one('arpaudit_expected_address_macs', { ip: '10.0.0.10', allowed: 'false' }), 2, 'the two real servers answer for the VIP');
  assert.equal(one('arpaudit_expected_address_macs', { ip: '10.0.0.10', allowed: 'true' }), 1);
  assert.equal(one('arpaudit_capture_up'), 0, 'offline: no capture running');
  assert.equal(fams.get('arpaudit_kernel_dropped_frames_total')?.samples.length ?? 0, 0, 'offline: kernel drops unknown, so no sample (never a made-up 0)');
});

test('failover metrics: verdicts, masters, and the announcement delay histogram', async () => {
  const file = join(tmp, 'vrrp.prom');
  await runCli(['check', 'fixtures/vrrp-missing-garp.pcap', '--metrics-file', join(tmp, 'missing.prom')]);
  const missing = parse(readFileSync(join(tmp, 'missing.prom'), 'utf8'));
  assert.equal(missing.get('arpaudit_failover_verdicts')!.samples.find((s) => s.labels.protocol === 'vrrp' && s.labels.verdict === 'unhealthy')!.value, 1);
  await runCli(['check', 'fixtures/vrrp-failover.pcap', '--metrics-file', file]);
  const f = parse(readFileSync(file, 'utf8'));
  assert.equal(f.get('arpaudit_failover_verdicts')!.samples.find((s) => s.labels.protocol === 'vrrp' && s.labels.verdict === 'healthy')!.value, 1);
  assert.equal(f.get('arpaudit_failovers_total')!.samples.find((s) => s.labels.protocol === 'vrrp')!.value, 1);
  assert.deepEqual(f.get('arpaudit_fhrp_masters')!.samples.map((s) => [s.labels.vrid, s.labels.vlan, s.labels.family, s.value]), [['51', 'untagged', 'ipv4', 1]]);
  const h = f.get('arpaudit_failover_announcement_delay_seconds')!;
  assert.equal(h.type, 'histogram');
  assert.equal(h.samples.find((s) => s.name.endsWith('_count'))!.value, 1);
  // the fixture's first GARP is 200 µs after the new master's first advert
  assert.equal(h.samples.find((s) => s.name.endsWith('_sum'))!.value, 0.0002);
  assert.equal(h.samples.find((s) => s.labels.le === '0.001')!.value, 1);
});

test('the metrics port closes idle connections and holds a bounded number of them', { timeout: 60_000 }, async () => {
  const { serveMetrics } = await import('../../src/cli/metrics-server.js');
  const { connect } = await import('node:net');
  const metrics = { text: async () => 'arpaudit_up 1\n', contentType: 'text/plain; version=0.0.4' } as unknown as import('../../src/report/metrics.js').Metrics;
  const server = await serveMetrics('127.0.0.1:0', metrics, { maxConnections: 8, idleMs: 1000 });
  const [host, port] = [server.address.slice(0, server.address.lastIndexOf(':')), Number(server.address.slice(server.address.lastIndexOf(':') + 1))];
  try {
    // 20 sockets that connect and say nothing: the server holds 8 at most, and none once they are idle
    const closed: boolean[] = [];
    let most = 0;
    const sockets = Array.from({ length: 20 }, (_, i) => {
      const s = connect(port, host);
      closed[i] = false;
      s.on('error', () => {});
      s.on('close', () => (closed[i] = true));
      return s;
    });
    const deadline = Date.now() + 30_000;
    let held = -1;
    while (held !== 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      held = await server.connections();
      most = Math.max(most, held);
    }
    assert.equal(held, 0, 'the server closed every idle connection');
    assert.ok(most <= 8, `held at most the cap: ${most}`);
    assert.ok(closed.filter(Boolean).length >= 12, `the clients saw their connections closed: ${closed.filter(Boolean).length} of 20`);
    for (const s of sockets) s.destroy();
    // and a scrape still works
    const body = await new Promise<string>((resolve, reject) => {
      const s = connect(port, host, () => s.write('GET /metrics HTTP/1.0\r\n\r\n'));
      let text = '';
      s.on('data', (d) => (text += d.toString()));
      s.on('end', () => resolve(text));
      s.on('error', reject);
    });
    assert.match(body, /^HTTP\/1\.1 200/);
    assert.match(body, /arpaudit_up 1/);
  } finally {
    await server.close();
  }
});
