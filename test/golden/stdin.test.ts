// Captures on standard input: `tcpdump -w - | arpaudit check -` and
// `... | arpaudit replay -` give what the file gives (pcap, pcapng, gzip of
// either), a stream cut short behaves like a truncated file, and a terminal
// on stdin is refused with the fix. Runs the real bin/ entry point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

function cli(input: Buffer | null, ...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/arpaudit.js', ...args], { input: input ?? undefined, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The JSON report without the input's name. */
function verdict(out: string) {
  const r = JSON.parse(out) as { inputs: { file: string; compressed: boolean }[]; findings: unknown[]; stats: unknown; addresses: unknown[] };
  return { findings: r.findings, stats: r.stats, addresses: r.addresses };
}

test('check - reads pcap, pcapng and gzip from a pipe and gives the file\'s report', () => {
  for (const f of ['fixtures/demo-lvs-dr.pcap', 'fixtures/race-multi-if.pcapng', 'fixtures/vrrp-failover.pcap']) {
    const file = cli(null, 'check', f, '--format', 'json');
    const bytes = readFileSync(f);
    for (const [what, input] of [['plain', bytes], ['gzip', gzipSync(bytes)]] as const) {
      const piped = cli(input, 'check', '-', '--format', 'json');
      assert.equal(piped.code, file.code, `${f} ${what}: exit code`);
      assert.deepEqual(verdict(piped.out), verdict(file.out), `${f} ${what}: the same report`);
      assert.equal(JSON.parse(piped.out).inputs[0].compressed, what === 'gzip');
    }
  }
});

test('tcpdump -w - | arpaudit check -', { skip: spawnSync('sh', ['-c', 'command -v tcpdump']).status === 0 ? false : 'tcpdump is not installed' }, () => {
  const dump = spawnSync('tcpdump', ['-r', 'fixtures/demo-lvs-dr.pcap', '-w', '-'], { maxBuffer: 1 << 24 });
  assert.equal(dump.status, 0, dump.stderr.toString());
  const piped = cli(dump.stdout, 'check', '-', '--format', 'json');
  assert.deepEqual(verdict(piped.out).findings, verdict(cli(null, 'check', 'fixtures/demo-lvs-dr.pcap', '--format', 'json').out).findings);
});

test('a stream cut short is reported like a truncated file: what came before, the place it broke, exit 3', () => {
  const bytes = readFileSync('fixtures/demo-lvs-dr.pcap');
  const cut = cli(bytes.subarray(0, 500), 'check', '-');
  assert.equal(cut.code, 3);
  assert.match(cut.err, /^arpaudit: -: truncated record .* at byte offset 480 \(frame 7\)$/m);
  assert.match(cut.out, /^input: - \(pcap, EN10MB, 6 frames\) — STOPPED/m);
  const gz = cli(gzipSync(bytes).subarray(0, 200), 'check', '-');
  assert.equal(gz.code, 3);
  assert.match(gz.err, /truncated gzip stream/);
  const empty = cli(Buffer.alloc(0), 'check', '-');
  assert.equal(empty.code, 3);
  assert.equal(empty.out, '', 'nothing to report, no empty report');
  assert.match(empty.err, /^arpaudit: -: empty file, not a capture$/m);
});

test('replay - tells the same story from a pipe', () => {
  const file = cli(null, 'replay', 'fixtures/vrrp-failover.pcap', '--max', '--no-tui', '--addresses', 'none');
  const piped = cli(readFileSync('fixtures/vrrp-failover.pcap'), 'replay', '-', '--max', '--no-tui', '--addresses', 'none');
  assert.equal(piped.code, file.code);
  assert.equal(piped.out.replace(/^input: .*$/m, ''), file.out.replace(/^input: .*$/m, ''));
});

test('"-" twice is a usage error', () => {
  const r = cli(Buffer.alloc(0), 'check', '-', '-');
  assert.equal(r.code, 2);
  assert.match(r.err, /"-" \(standard input\) can be given once/);
});

test('a terminal on standard input is refused with the fix, not waited on', { skip: spawnSync('sh', ['-c', 'command -v script']).status === 0 ? false : 'script (util-linux) is not installed' }, () => {
  // script gives the command a pseudo-terminal as its standard input
  const r = spawnSync('script', ['-qec', `${process.execPath} bin/arpaudit.js check -`, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 3, r.stdout + r.stderr);
  assert.match(r.stdout, /standard input is a terminal: pipe a capture in \(tcpdump -U -w - \| arpaudit check -\)/);
});
