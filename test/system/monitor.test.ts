// `arpaudit live` as a monitor, against the real kernel: a real Prometheus
// server (Debian's package, started here on the lab's loopback with its own
// config and data directory) scrapes --metrics during an LVS-DR ARP race and
// is asked for it through its HTTP API; promtool lints the exposition; a
// restart with the same --state reports no known station as new; kill -9 of
// a live monitor while it writes its state never leaves a torn file; two
// interfaces in one process; real arpwatch's arp.dat imported and exported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { type Lan, LVS_VIP as VIP, lvsCluster, netnsUnavailable, toolMissing } from '../helpers/netns.js';
import { assertValid } from '../helpers/schemas.js';
import { runCli } from '../helpers/golden.js';
import { readState } from '../../src/state/store.js';

function capUnavailable(): string | null {
  try {
    createRequire(import.meta.url)('cap');
    return null;
  } catch (e) {
    return `the optional cap package is not built (${(e as Error).message.split('\n')[0]})`;
  }
}

const why = netnsUnavailable() ?? capUnavailable();
const tmp = mkdtempSync(join(tmpdir(), 'arpaudit-monitor-'));
chmodSync(tmp, 0o777);
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const BIN = resolve('bin/arpaudit.js');

type Event = Record<string, unknown> & { type: string; observer?: { host: string; interface: string; vlan: number | null } };
type Finding = { code: string; ip: string | null; macs: string[] };

/** Starts `arpaudit live` in the lab's bridge namespace; resolves once every interface is capturing. */
async function startLive(lan: Lan, args: string[], ifaces = ['br0']): Promise<{ proc: ChildProcess; done: Promise<{ code: number | null; signal: string | null; events: Event[]; err: string }> }> {
  const proc = spawn('ip', ['netns', 'exec', lan.br, process.execPath, BIN, 'live', ...ifaces.flatMap((i) => ['-i', i]), '--no-tui', '--format', 'json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  lan.track(proc);
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  let started: () => void;
  const ready = new Promise<void>((r) => (started = r));
  proc.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if ((out.match(/"type":"start"/g) ?? []).length === ifaces.length) started();
  });
  const done = new Promise<{ code: number | null; signal: string | null; events: Event[]; err: string }>((res) => {
    proc.on('exit', (code, signal) => {
      started();
      const lines = out.split('\n').filter(Boolean);
      // a kill -9 can cut the last line: only whole lines are events
      const events = lines.flatMap((l) => {
        try {
          return [JSON.parse(l) as Event];
        } catch {
          return [];
        }
      });
      if (signal === null) events.forEach((e, i) => assertValid('events', e, `live event ${i + 1} (${e.type})`));
      res({ code, signal, events, err });
    });
  });
  await Promise.race([ready, new Promise((r) => setTimeout(r, 15_000))]);
  if (proc.exitCode !== null) throw new Error(`live exited ${proc.exitCode} before capturing: ${err}`);
  return { proc, done };
}

function askForVip(lan: Lan, ns: string, rounds: number): void {
  for (let i = 0; i < rounds; i++) {
    lan.exec(ns, ['ip', 'neigh', 'flush', 'all']);
    lan.exec(ns, ['sh', '-c', `arping -b -c 2 -I eth0 ${VIP} >/dev/null || true`], 10_000);
  }
}

/** GET a URL from inside the lab's namespace (its loopback is not the test's). */
function fetchIn(lan: Lan, url: string): string {
  const r = spawnSync('ip', ['netns', 'exec', lan.br, process.execPath, '-e', `fetch(${JSON.stringify(url)}).then((r) => r.text()).then((t) => process.stdout.write(t), (e) => { console.error(String(e)); process.exit(1); })`], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`GET ${url}: ${r.stderr}`);
  return r.stdout;
}

type PromResult = { metric: Record<string, string>; value: [number, string] }[];

function promQuery(lan: Lan, port: number, q: string): PromResult {
  const body = JSON.parse(fetchIn(lan, `http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(q)}`)) as { status: string; data: { result: PromResult } };
  assert.equal(body.status, 'success', q);
  return body.data.result;
}

/** Polls a query until `ok` holds of its result (Prometheus scrapes every second); the last result either way. */
async function promWait(lan: Lan, port: number, q: string, ok: (r: PromResult) => boolean, ms = 30_000): Promise<PromResult> {
  const until = Date.now() + ms;
  let r: PromResult = [];
  while (Date.now() < until) {
    try {
      r = promQuery(lan, port, q);
      if (ok(r)) return r;
    } catch {
      /* Prometheus still starting */
    }
    await new Promise((res) => setTimeout(res, 500));
  }
  return r;
}

const promWhy = why ?? toolMissing('prometheus') ?? toolMissing('promtool', 'prometheus');

test('live --metrics scraped by a real Prometheus during an ARP race; the race and the VIP\'s MACs queried through its API; promtool lints the names', { skip: promWhy ?? false, timeout: 180_000 }, async () => {
  const { lan, client, dir, rs } = lvsCluster('pm', false);
  try {
    const expect = join(tmp, 'expect.json');
    writeFileSync(expect, JSON.stringify({ addresses: [{ ip: VIP, macs: [dir.mac], note: 'only the director' }] }));
    const metricsFile = join(tmp, 'arpaudit.prom');
    const { proc: live, done } = await startLive(lan, ['--duration', '60', '--metrics', '127.0.0.1:9850', '--metrics-file', metricsFile, '--expect', expect, '--observer-name', 'sensor-a', '--observer-vlan', '77']);
    const data = join(tmp, 'prom-data');
    mkdirSync(data);
    const config = join(tmp, 'prometheus.yml');
    writeFileSync(config, `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - ${resolve('packaging/prometheus/arpaudit-alerts.yml')}\nscrape_configs:\n  - job_name: arpaudit\n    static_configs:\n      - targets: ["127.0.0.1:9850"]\n`);
    const prom = spawn('ip', ['netns', 'exec', lan.br, 'prometheus', `--config.file=${config}`, `--storage.tsdb.path=${data}`, '--web.listen-address=127.0.0.1:9851', '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
    lan.track(prom);
    let promErr = '';
    prom.stderr!.on('data', (d: Buffer) => (promErr += d.toString()));
    try {
      const up = await promWait(lan, 9851, 'up{job="arpaudit"}', (r) => r.length === 1 && r[0]!.value[1] === '1');
      assert.equal(up[0]?.value[1], '1', `Prometheus scrapes arpaudit: ${promErr} ${(() => {
        try {
          return fetchIn(lan, 'http://127.0.0.1:9851/api/v1/targets');
        } catch (e) {
          return String(e);
        }
      })()}`);
      askForVip(lan, client.ns, 3);
      const race = await promWait(lan, 9851, 'arpaudit_findings_total{code="arp.race.multi-responder"}', (r) => r.length === 1 && Number(r[0]!.value[1]) >= 1);
      assert.equal(race.length, 1, 'the race is in Prometheus');
      assert.deepEqual({ ...race[0]!.metric, instance: undefined }, { __name__: 'arpaudit_findings_total', code: 'arp.race.multi-responder', severity: 'error', sensor: 'br0', job: 'arpaudit', instance: undefined });
      assert.equal(race[0]!.value[1], '1', 'one finding: one raced address');
      const unexpected = await promWait(lan, 9851, `arpaudit_expected_address_macs{ip="${VIP}",allowed="false"}`, (r) => r.length === 1 && r[0]!.value[1] === String(rs.length));
      assert.equal(unexpected[0]?.value[1], String(rs.length), 'both real servers answer for the VIP: the MACs --expect does not allow');
      const several = promQuery(lan, 9851, 'arpaudit_addresses_with_several_macs');
      assert.equal(several[0]?.value[1], '1');
      const replies = promQuery(lan, 9851, 'arpaudit_arp_messages_total{kind="reply"}');
      assert.ok(Number(replies[0]?.value[1]) >= 6, `replies counted: ${JSON.stringify(replies)}`);
      assert.equal(promQuery(lan, 9851, 'arpaudit_capture_up')[0]?.value[1], '1');
      // the shipped alerting rules fire on it
      const alerts = await promWait(lan, 9851, 'ALERTS{alertstate="firing"}', (r) => ['ArpauditArpRace', 'ArpauditUnexpectedMac'].every((a) => r.some((x) => x.metric.alertname === a)));
      assert.deepEqual(alerts.map((a) => a.metric.alertname).sort(), ['ArpauditArpRace', 'ArpauditUnexpectedMac'], 'the race and the disallowed MACs alert, nothing else');
      // labels stay bounded: no series carries a MAC, and an IP only on the --expect metric
      const series = JSON.parse(fetchIn(lan, 'http://127.0.0.1:9851/api/v1/series?match[]={job="arpaudit"}')) as { data: Record<string, string>[] };
      for (const s of series.data.filter((x) => x.__name__!.startsWith('arpaudit_'))) {
        for (const [k, v] of Object.entries(s)) {
          assert.doesNotMatch(v, /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/, `${s.__name__}{${k}} is not a MAC`);
          if (k === 'ip') assert.equal(s.__name__, 'arpaudit_expected_address_macs');
        }
      }
    } finally {
      prom.kill('SIGTERM');
      await new Promise((r) => (prom.exitCode !== null ? r(null) : prom.once('exit', r)));
      // done asking: end the capture as an operator would (Ctrl-C); the report and the textfile follow
      live.kill('SIGINT');
    }
    const run = await done;
    assert.equal(run.code, 1, run.err);
    for (const e of run.events) assert.deepEqual(e.observer, { host: 'sensor-a', interface: 'br0', vlan: 77 }, 'every event says who saw it');
    // the textfile written at exit: the same metrics, and Prometheus's own linter has nothing to say about their names
    const text = readFileSync(metricsFile, 'utf8');
    assert.match(text, /^arpaudit_findings_total\{sensor="br0",code="arp\.race\.multi-responder",severity="error"\} 1$/m);
    assert.match(text, /^arpaudit_build_info\{version="[^"]+",nodejs="[^"]+"\} 1$/m);
    assert.match(text, /^arpaudit_capture_up\{sensor="br0"\} 0$/m, 'the capture is down once it ended');
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(lint.status, 0, `promtool check metrics: ${lint.stdout}${lint.stderr}`);
    assert.equal(`${lint.stdout}${lint.stderr}`.trim(), '', 'no naming or help complaints');
  } finally {
    lan.close();
  }
});

test('a restart with the same --state reports no known station as new; a new one still is; kill -9 while it writes never tears the file', { skip: why ?? false, timeout: 180_000 }, async () => {
  const { lan, client, dir, rs } = lvsCluster('ps', true);
  try {
    const state = join(tmp, 'monitor-state.db');
    let { done } = await startLive(lan, ['--duration', '6', '--state', state, '--state-interval', '1']);
    askForVip(lan, client.ns, 2);
    let run = await done;
    assert.equal(run.code, 0, run.err);
    const firstNew = run.events.filter((e) => e.type === 'finding' && e.code === 'station.new') as unknown as Finding[];
    assert.ok(firstNew.some((f) => f.ip === VIP && f.macs[0] === dir.mac), 'the first run learns the VIP on the director');
    assert.ok(firstNew.some((f) => f.ip === client.ip), 'and the client');
    const s1 = readState(state).sensors.br0!;
    assert.ok(s1.stations.some((s) => s.ip === VIP && s.macs.some((m) => m.mac === dir.mac && m.learnedBy.includes('reply'))));
    // restart: the same hosts are known; a host that joins is new
    const late = lan.host('n', '10.77.0.40');
    ({ done } = await startLive(lan, ['--duration', '6', '--state', state]));
    askForVip(lan, client.ns, 1);
    lan.exec(late.ns, ['sh', '-c', `arping -c 1 -I eth0 ${client.ip} >/dev/null || true`], 10_000);
    run = await done;
    assert.equal(run.code, 0, run.err);
    const secondNew = (run.events.filter((e) => e.type === 'finding' && e.code === 'station.new') as unknown as Finding[]).map((f) => f.ip);
    assert.deepEqual(secondNew, ['10.77.0.40'], 'only the newcomer is new');
    const report = run.events.find((e) => e.type === 'report') as unknown as { state: { stationsBefore: number; stationsNew: number } };
    assert.equal(report.state.stationsBefore, s1.stations.length);
    assert.equal(report.state.stationsNew, 1);
    void rs;
    // kill -9 at random points of a monitor writing its state ten times a second, while the LAN talks
    let written = readState(state).written;
    let rewritten = 0;
    for (let round = 0; round < 4; round++) {
      const { proc, done: d } = await startLive(lan, ['--duration', '30', '--state', state, '--state-interval', '0.1']);
      askForVip(lan, client.ns, 1);
      await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 700)));
      spawnSync('pkill', ['-KILL', '-P', String(proc.pid)]);
      proc.kill('SIGKILL');
      await d;
      const doc = readState(state);
      assert.ok(doc.sensors.br0!.stations.length >= s1.stations.length, `round ${round}: the state is whole and keeps every station`);
      if (doc.written !== written) rewritten++;
      written = doc.written;
    }
    // the kills fell among periodic writes: the file kept changing under them
    assert.ok(rewritten >= 1, `the monitor rewrote its state while running (${rewritten} of 4 rounds)`);
  } finally {
    lan.close();
  }
});

test('two interfaces in one process: a report, events and a state section per interface', { skip: why ?? false, timeout: 120_000 }, async () => {
  const { lan, client } = lvsCluster('pi', false);
  try {
    const state = join(tmp, 'two-ports.db');
    const { done } = await startLive(lan, ['--duration', '6', '--state', state], ['br0', 'p-c']);
    askForVip(lan, client.ns, 2);
    const run = await done;
    assert.equal(run.code, 1, run.err);
    const reports = run.events.filter((e) => e.type === 'report') as unknown as (Event & { findings: Finding[]; capture: { interface: string } })[];
    assert.deepEqual(reports.map((r) => [r.observer!.interface, r.capture.interface]), [['br0', 'br0'], ['p-c', 'p-c']]);
    for (const r of reports) assert.ok(r.findings.some((f) => f.code === 'arp.race.multi-responder' && f.ip === VIP), `${r.capture.interface} sees the race`);
    const raised = run.events.filter((e) => e.type === 'finding' && e.code === 'arp.race.multi-responder');
    assert.deepEqual(raised.map((e) => e.observer!.interface).sort(), ['br0', 'p-c']);
    assert.deepEqual(Object.keys(readState(state).sensors).sort(), ['br0', 'p-c']);
    // the usage errors of several interfaces
    const w = await runCli(['live', '-i', 'br0', '-i', 'p-c', '-w', join(tmp, 'x.pcap'), '--no-tui']);
    assert.equal(w.code, 2);
    assert.match(w.err, /-w writes one capture/);
  } finally {
    lan.close();
  }
});

test('real arpwatch\'s arp.dat: imported into a state and exported back the same', { skip: why ?? toolMissing('arpwatch') ?? false, timeout: 60_000 }, async () => {
  const { lan, client } = lvsCluster('pw', true);
  try {
    const dat = join(tmp, 'arpwatch', 'arp.dat');
    mkdirSync(join(tmp, 'arpwatch'));
    chmodSync(join(tmp, 'arpwatch'), 0o777);
    writeFileSync(dat, '');
    chmodSync(dat, 0o666);
    // on the client's port (arpwatch wants an interface with an IPv4 network); it resolves names:
    // in the lab namespace there is nothing to ask (-N: no bogon reports, -Q: no mail)
    const aw = spawn('ip', ['netns', 'exec', client.ns, 'arpwatch', '-d', '-i', 'eth0', '-f', dat, '-u', 'root', '-N', '-Q'], { stdio: ['ignore', 'ignore', 'ignore'] });
    lan.track(aw);
    await new Promise((r) => setTimeout(r, 1500));
    askForVip(lan, client.ns, 2);
    for (const h of ['d', 'r1', 'r2']) lan.exec(lan.hosts.get(h)!.ns, ['sh', '-c', `arping -c 1 -I eth0 ${client.ip} >/dev/null || true`], 10_000);
    await new Promise((r) => setTimeout(r, 1000));
    aw.kill('SIGTERM'); // arpwatch writes arp.dat as it exits
    await new Promise((r) => (aw.exitCode !== null ? r(null) : aw.once('exit', r)));
    const lines = readFileSync(dat, 'utf8').trim().split('\n').filter(Boolean);
    assert.ok(lines.length >= 3, `arpwatch recorded stations: ${lines.join(' | ')}`);
    const state = join(tmp, 'from-arpwatch.db');
    const imp = await runCli(['state', 'import', dat, '--state', state]);
    assert.equal(imp.code, 0, imp.err);
    const exp = await runCli(['state', 'export', '--state', state]);
    assert.equal(exp.code, 0, exp.err);
    const norm = (ls: string[]) => ls.map((l) => l.split('\t').slice(0, 3).join('\t')).sort();
    assert.deepEqual(norm(exp.out.trim().split('\n')), norm(lines), 'every MAC, IP and time comes back');
    assert.ok(existsSync(state));
    assert.deepEqual(Object.keys(readState(state).sensors), ['eth0'], 'the interface arpwatch wrote is the sensor');
  } finally {
    lan.close();
  }
});
