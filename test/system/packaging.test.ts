// Packaging: the systemd unit passes systemd-analyze verify and its command
// line really runs (in a namespace, on lo, with its state and metrics
// files); the container image is built when a container engine answers,
// otherwise the Dockerfile's own build steps run on a copy of exactly what
// it COPYs, and the installed tree analyses a capture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { netnsUnavailable, toolMissing } from '../helpers/netns.js';
import { readState } from '../../src/state/store.js';

const tmp = mkdtempSync(join(tmpdir(), 'arpaudit-pkg-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const UNIT = readFileSync('packaging/systemd/arpaudit@.service', 'utf8');

/** systemd-analyze verify's complaints about a unit (it exits 0 on most of them: its output is the verdict). */
function verify(text: string, name: string): string {
  const dir = join(tmp, `unit-${name}`);
  mkdirSync(dir);
  const file = join(dir, name);
  writeFileSync(file, text);
  const r = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8', timeout: 30_000 });
  return `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim() && !/Failed to connect to bus|System has not been booted/.test(l)).join('\n') + (r.status ? `\nexit ${r.status}` : '');
}

test('the systemd unit passes systemd-analyze verify (with the binary where it is installed here); a broken one does not', { skip: toolMissing('systemd-analyze', 'systemd') ?? false, timeout: 60_000 }, () => {
  // verify checks ExecStart's binary exists: point it at this checkout's
  assert.match(UNIT, /^ExecStart=arpaudit live /m, 'found in systemd\'s search path (/usr/local/bin or /usr/bin), not one prefix');
  const here = UNIT.replace('ExecStart=arpaudit', `ExecStart=${resolve('bin/arpaudit.js')}`);
  assert.equal(verify(here, 'arpaudit@eth0.service'), '', 'no complaint');
  assert.match(verify(here.replace('AmbientCapabilities', 'AmbientCapabilites'), 'arpaudit@bad.service'), /Unknown key/, 'the check can fail');
  assert.match(UNIT, /^DynamicUser=yes$/m, 'no root');
  assert.match(UNIT, /^AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN$/m, 'capabilities instead');
  assert.match(UNIT, /^SuccessExitStatus=1$/m, 'findings are not a service failure');
});

test("the unit's command line runs: capture on an interface, NDJSON on stdout, the state and the metrics file written at exit", { skip: netnsUnavailable() ?? false, timeout: 60_000 }, () => {
  const exec = /^ExecStart=(.*)$/m.exec(UNIT)![1]!;
  const dir = join(tmp, 'var-lib');
  mkdirSync(dir);
  const argv = exec
    .replace(/\$ARPAUDIT_OPTS/, '--duration 1.5')
    .replaceAll('/var/lib/arpaudit', dir)
    .replaceAll('%I', 'lo')
    .replaceAll('%i', 'lo')
    .split(/\s+/)
    .filter(Boolean);
  assert.equal(argv[0], 'arpaudit');
  const ns = `aa${process.pid % 100000}unit`;
  spawnSync('ip', ['netns', 'add', ns]);
  try {
    spawnSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, resolve('bin/arpaudit.js'), ...argv.slice(1)], { encoding: 'utf8', timeout: 30_000 });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status} (signal ${r.signal}): ${r.stderr}`);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    assert.equal(events[0]!.type, 'start');
    assert.equal(events[events.length - 1]!.type, 'report');
    assert.deepEqual(Object.keys(readState(join(dir, 'lo.db')).sensors), ['lo']);
    assert.match(readFileSync(join(dir, 'lo.prom'), 'utf8'), /^arpaudit_capture_up\{sensor="lo"\} 0$/m);
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
});

function engineAnswers(): string | null {
  for (const e of ['docker', 'podman']) {
    const r = spawnSync(e, ['info'], { encoding: 'utf8', timeout: 20_000 });
    if (r.status === 0) return e;
  }
  return null;
}

test('the container image: built by a container engine when one answers, else its build steps run on a copy of what the Dockerfile COPYs', { timeout: 600_000 }, async () => {
  const dockerfile = readFileSync('Dockerfile', 'utf8');
  const engine = engineAnswers();
  if (engine) {
    const tag = `arpaudit-test:${process.pid}`;
    const b = spawnSync(engine, ['build', '-t', tag, '.'], { encoding: 'utf8', timeout: 580_000 });
    assert.equal(b.status, 0, b.stderr);
    try {
      const v = spawnSync(engine, ['run', '--rm', tag, '--version'], { encoding: 'utf8' });
      assert.equal(v.stdout.trim(), JSON.parse(readFileSync('package.json', 'utf8')).version);
    } finally {
      spawnSync(engine, ['rmi', tag]);
    }
    return;
  }
  // no engine: the build stage's COPY lines and its RUN of the build script, on a temporary tree
  const stage = dockerfile.split(/^FROM /m)[1]!;
  const src = join(tmp, 'image-src');
  const app = join(tmp, 'image-app');
  mkdirSync(src);
  let copies = 0;
  for (const m of stage.matchAll(/^COPY (?!--from)(.+)$/gm)) {
    const parts = m[1]!.trim().split(/\s+/);
    const dest = parts.pop()!;
    for (const p of parts) {
      const to = dest.endsWith('/') && dest !== './' ? join(src, dest, p.split('/').filter(Boolean).pop()!) : join(src, dest === './' ? p : dest);
      cpSync(p, p.endsWith('/') ? join(src, dest) : to, { recursive: true });
      copies++;
    }
  }
  assert.ok(copies >= 10, `${copies} COPY sources`);
  const run = /^RUN sh (scripts\/container-build\.sh) \/src \/app$/m.exec(stage);
  assert.ok(run, 'the build stage runs the build script');
  // SQLite is not compiled again here (the image build does; the steps are what is tested): see sqlitePrebuild()
  const prebuild = await sqlitePrebuild();
  let r;
  try {
    r = spawnSync('sh', [join(src, run[1]!), src, app], { encoding: 'utf8', timeout: 540_000, env: { ...process.env, npm_config_loglevel: 'error' } });
  } finally {
    if (prebuild) rmSync(prebuild, { force: true });
  }
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  // the runtime stage's check, on the installed tree: it runs alone (no dev dependencies, no sources)
  assert.ok(!existsSync(join(app, 'node_modules', 'typescript')), 'dev dependencies are pruned');
  assert.ok(existsSync(join(app, 'node_modules', 'prom-client')));
  const v = spawnSync(process.execPath, [join(app, 'bin', 'arpaudit.js'), 'check', join(app, 'fixtures', 'demo-lvs-dr.pcap'), '--format', 'json'], { encoding: 'utf8' });
  assert.equal(v.status, 1, v.stderr);
  assert.ok((JSON.parse(v.stdout) as { findings: { code: string }[] }).findings.some((f) => f.code === 'arp.race.multi-responder'));
});

test('the packed package installed with npm install -g into a fresh prefix: npm warns only for the approved install steps, and live counts kernel drops under a flood', { skip: netnsUnavailable() ?? toolMissing('python3') ?? false, timeout: 420_000 }, async (t) => {
  const { Lan } = await import('../helpers/netns.js');
  const { spawn } = await import('node:child_process');
  const pack = spawnSync('npm', ['pack', '--pack-destination', tmp, '--silent'], { encoding: 'utf8', timeout: 180_000 });
  assert.equal(pack.status, 0, pack.stderr);
  const tarball = join(tmp, pack.stdout.trim().split('\n').pop()!);
  const prefix = join(tmp, 'prefix');
  // better-sqlite3 would compile SQLite again (a minute): its installer takes a prebuilt binary from npm's
  // prebuild cache first, so the one npm ci built here is put there for this install, and removed after
  const prebuild = await sqlitePrebuild();
  // from npm's cache (the dependencies CI already installed): no registry needed; the approval the README gives
  // (a tarball is approved by its path: npm matches a file spec, not the name inside it)
  let inst;
  try {
    inst = spawnSync('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', `--allow-scripts=better-sqlite3,cap,${tarball}`, tarball], { encoding: 'utf8', timeout: 360_000 });
  } finally {
    if (prebuild) rmSync(prebuild, { force: true });
  }
  assert.equal(inst.status, 0, `${inst.stdout}${inst.stderr}`);
  const warnings = `${inst.stdout}${inst.stderr}`.split('\n').filter((l) => /npm warn/i.test(l));
  assert.deepEqual(warnings, [], 'no npm warning once the install steps are approved');
  const bin = join(prefix, 'bin', 'arpaudit');
  assert.ok(existsSync(bin), 'the arpaudit command is installed');
  // its SQLite binding loads: a --state written and read back
  const db = join(tmp, 'packaged-state.db');
  const st = spawnSync(bin, ['check', resolve('fixtures/stations-day1.pcap'), '--state', db, '--write-state', '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(st.status, 0, st.stderr);
  assert.equal((JSON.parse(st.stdout) as { state: { stationsNew: number } }).state.stationsNew, 3, 'three stations written by the installed command');
  const lan = new Lan('pk');
  try {
    const f = lan.host('f', '10.77.0.66');
    const proc = spawn('ip', ['netns', 'exec', lan.br, bin, 'live', '-i', 'br0', '--no-tui', '--format', 'json', '--filter', 'arp', '--ring-bits', '4', '--fail-on', 'none'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    const exited = new Promise<number | null>((r) => proc.on('exit', r));
    const kill = setTimeout(() => proc.kill('SIGKILL'), 60_000);
    for (let i = 0; i < 150 && !out.includes('"type":"start"'); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(out.includes('"type":"start"'), `the installed live started: ${err}`);
    // frozen for the first second of a two-second flood: the kernel's capture buffer overflows
    proc.kill('SIGSTOP');
    const resume = setTimeout(() => proc.kill('SIGCONT'), 1000);
    const flood = spawnSync('ip', ['netns', 'exec', f.ns, 'python3', resolve('test/helpers/arpflood.py'), 'eth0', '2'], { encoding: 'utf8', timeout: 30_000 });
    clearTimeout(resume);
    proc.kill('SIGCONT');
    assert.ok(Number(flood.stdout.trim()) > 10_000, `flood sent ${flood.stdout.trim()} frames`);
    proc.kill('SIGINT');
    assert.equal(await exited, 0, err);
    clearTimeout(kill);
    const report = JSON.parse(out.trim().split('\n').pop()!) as { type: string; capture: { kernelDrops: number | null; kernelDropsNote?: string; frames: number } };
    assert.equal(report.type, 'report');
    assert.equal(typeof report.capture.kernelDrops, 'number', `kernel drops known from a packaged install: ${JSON.stringify(report.capture)}`);
    assert.ok(report.capture.kernelDrops! > 0, `the frozen second overflowed the kernel's buffer: ${report.capture.kernelDrops}`);
    t.diagnostic(`packaged install: ${report.capture.frames} frames analysed, ${report.capture.kernelDrops} kernel drops`);
  } finally {
    lan.close();
  }
});

/**
 * better-sqlite3's binary as built by npm ci, put where its installer
 * (prebuild-install) looks before downloading or compiling: npm's prebuild
 * cache, under the name of the release it would fetch. Returns the file it
 * made (null when one was there already, or the binary is not built).
 */
async function sqlitePrebuild(): Promise<string | null> {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const dir = resolve('node_modules', 'better-sqlite3');
  if (!existsSync(join(dir, 'build', 'Release', 'better_sqlite3.node'))) return null;
  const util = require('prebuild-install/util') as { getDownloadUrl(o: unknown): string; cachedPrebuild(url: string): string };
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  const url = util.getDownloadUrl({ pkg, platform: process.platform, arch: process.arch, runtime: 'node', abi: process.versions.modules, libc: '', 'tag-prefix': 'v' });
  const file = util.cachedPrebuild(url);
  if (existsSync(file)) return null;
  mkdirSync(join(file, '..'), { recursive: true });
  const tar = spawnSync('tar', ['-czf', file, '-C', dir, 'build/Release/better_sqlite3.node'], { encoding: 'utf8' });
  return tar.status === 0 ? file : null;
}
