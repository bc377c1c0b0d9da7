// docs/ci.md's example is what a team copies: this test extracts its shell
// block and runs it as written, on fixtures in a scratch directory (with
// `arpaudit` on PATH): the baseline makes the known race pass, a new race
// fails, the JUnit file parses as JUnit (Python's XML parser, as CI tools
// use a real parser) with the failure in the right test case, and the
// GitHub annotations and job summary name the new finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const tmp = mkdtempSync(join(tmpdir(), 'arpaudit-ci-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function example(): string[] {
  const doc = readFileSync('docs/ci.md', 'utf8');
  const block = /<!-- ci-example:start -->\n```sh\n([\s\S]*?)```\n<!-- ci-example:end -->/.exec(doc);
  assert.ok(block, 'docs/ci.md has the ci-example block');
  return block[1]!.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
}

test('docs/ci.md: the documented commands gate a known race, fail a new one, and write JUnit and annotations CI tools parse', () => {
  const [writeCmd, checkCmd] = example();
  assert.ok(writeCmd && checkCmd, 'two commands');
  const bin = join(tmp, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'arpaudit'), `#!/bin/sh\nexec "${process.execPath}" "${resolve('bin/arpaudit.js')}" "$@"\n`);
  chmodSync(join(bin, 'arpaudit'), 0o755);
  const work = join(tmp, 'repo');
  mkdirSync(join(work, 'captures'), { recursive: true });
  copyFileSync('fixtures/demo-lvs-dr.pcap', join(work, 'captures', 'cluster.pcap'));
  const summaryFile = join(tmp, 'step-summary.md');
  const run = (cmd: string) => spawnSync('sh', ['-c', cmd], { cwd: work, encoding: 'utf8', timeout: 60_000, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, GITHUB_STEP_SUMMARY: summaryFile } });

  const first = run(writeCmd);
  assert.equal(first.status, 0, first.stderr);
  const clean = run(checkCmd);
  assert.equal(clean.status, 0, `the known race passes: ${clean.stderr}`);
  assert.match(clean.stderr, /arpaudit: 1 input, 2 known \(baseline\) -> exit 0/);
  assert.doesNotMatch(clean.stdout, /^::(error|warning)/m, 'known findings are not annotated');

  // a new capture with another race
  copyFileSync('fixtures/race-qinq.pcap', join(work, 'captures', 'new.pcap'));
  writeFileSync(summaryFile, '');
  const failed = run(checkCmd);
  assert.equal(failed.status, 1, failed.stderr);
  const ann = failed.stdout.split('\n').filter((l) => l.startsWith('::'));
  const race = ann.find((l) => l.startsWith('::error ') && l.includes('arp.race.multi-responder'));
  assert.ok(race, `an error annotation for the new race:\n${ann.join('\n')}`);
  assert.match(race, /^::error title=arp.race.multi-responder [0-9.]+( vlan [0-9.]+)?,file=captures\/new.pcap::ERROR arp.race.multi-responder .*\[id [0-9a-f]{16}\]$/);
  for (const l of ann) assert.match(l, /^::(error|warning|notice) [^:]*::[^\n]*$/, 'one well-formed command per line');

  const py = spawnSync('python3', ['-c', `
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
out = []
for s in root.iter('testsuite'):
    for c in s.iter('testcase'):
        out.append({'suite': s.get('name'), 'name': c.get('name'), 'failure': (c.find('failure').text if c.find('failure') is not None else None)})
print(json.dumps({'tag': root.tag, 'tests': root.get('tests'), 'failures': root.get('failures'), 'cases': out}))
`, join(work, 'arpaudit-junit.xml')], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const j = JSON.parse(py.stdout) as { tag: string; tests: string; failures: string; cases: { name: string; failure: string | null }[] };
  assert.deepEqual([j.tag, j.tests, j.failures], ['testsuites', '2', '1']);
  const byName = Object.fromEntries(j.cases.map((c) => [c.name, c.failure]));
  assert.equal(byName['captures/cluster.pcap'], null, 'the known race passes');
  assert.match(byName['captures/new.pcap'] ?? '', /ERROR arp.race.multi-responder .*\(frames [0-9, .…]+\) \[id [0-9a-f]{16}\]/);

  const summary = readFileSync(summaryFile, 'utf8');
  assert.match(summary, /^## arpaudit: exit 1$/m);
  assert.match(summary, /^### captures\/new.pcap: 2 failing findings/m);
  assert.match(summary, /\| error \| `arp.race.multi-responder` \|/);
  assert.match(summary, /\| error \(known\) \| `arp.race.multi-responder` \|/);
});

test('--github with --format json is refused: both want stdout', () => {
  const r = spawnSync(process.execPath, ['bin/arpaudit.js', 'check', 'fixtures/demo-lvs-dr.pcap', '--github', '--format', 'json'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--github prints annotations on stdout/);
});

test('annotation text and properties are escaped as the runner expects (%, CR, LF; and : , in properties)', async () => {
  const { githubAnnotations } = await import('../../src/report/ci.js');
  const f = { code: 'arp.scan', id: '0123456789abcdef', severity: 'warning', ip: '10.0.0.1', vlanPath: [], macs: [], frames: [1], framesTotal: 1, summary: '100% of 64: done' };
  const rep = { inputs: [{ file: 'a,b:c.pcap' }], findings: [f] } as unknown as Parameters<typeof githubAnnotations>[0][number];
  assert.equal(githubAnnotations([rep]), '::warning title=arp.scan 10.0.0.1,file=a%2Cb%3Ac.pcap::WARNING arp.scan 10.0.0.1: 100%25 of 64: done (frames 1) [id 0123456789abcdef]\n');
});
