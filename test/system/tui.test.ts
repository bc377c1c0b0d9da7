// The dashboard in a real terminal: tmux runs `arpaudit replay --max` in an
// 80x24 and a 200x50 window; the screen is read with capture-pane and keys are
// sent with send-keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const why = spawnSync('sh', ['-c', 'command -v tmux']).status === 0 ? null : 'tmux is not installed (apt-get install tmux)';
const BIN = resolve('bin/arpaudit.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8', timeout: 10_000 });
}

async function screenUntil(s: string, re: RegExp, ms = 8000): Promise<string> {
  const end = Date.now() + ms;
  let text = '';
  while (Date.now() < end) {
    text = tmux('capture-pane', '-t', s, '-p');
    if (re.test(text)) return text;
    await sleep(150);
  }
  throw new Error(`screen never matched ${re}:\n${text}`);
}

for (const [w, h] of [[80, 24], [200, 50]] as const) {
  test(`dashboard in a ${w}x${h} terminal: the VIP, its MACs and the incident; Enter, /, q`, { skip: why ?? false, timeout: 60_000 }, async () => {
    const s = `arpaudit-${process.pid}-${w}`;
    tmux('new-session', '-d', '-s', s, '-x', String(w), '-y', String(h), `${process.execPath} ${BIN} replay fixtures/demo-lvs-dr.pcap --max --fail-on none; echo EXIT:$?; sleep 60`);
    try {
      const first = await screenUntil(s, /findings 2/);
      assert.match(first, /10\.0\.0\.10 +conflict/);
      assert.match(first, /02:00:00:00:00:d0/);
      if (w >= 200) assert.match(first, /02:00:00:00:01:01 02:00:00:00:01:02/, 'a wide terminal shows every MAC');
      assert.match(first, /ERROR +arp\.race\.multi-responder 10\.0\.0\.10/);
      tmux('send-keys', '-t', s, 'Enter');
      await screenUntil(s, /answered 6 requests, first 4 \(67% of rounds won\)/);
      tmux('send-keys', '-t', s, 'Escape');
      tmux('send-keys', '-t', s, '/');
      await screenUntil(s, /filter: IP, MAC or vlan N/);
      tmux('send-keys', '-t', s, '10.0.0.50', 'Enter');
      const filtered = await screenUntil(s, /addresses matching "10\.0\.0\.50"/);
      tmux('send-keys', '-t', s, 's');
      await screenUntil(s, /by IP; s sorts/);
      assert.match(filtered, /10\.0\.0\.50 +ok/);
      assert.doesNotMatch(filtered, /10\.0\.0\.10 +conflict/, 'the filter hides other addresses');
      tmux('send-keys', '-t', s, 'q');
      const after = await screenUntil(s, /EXIT:\d+/);
      assert.match(after, /EXIT:0/);
      assert.match(after, /summary: 1 error, 1 warning/, 'the final report is printed after the terminal is restored');
      // the report's address table after q: each row whole on one line of the terminal
      assert.match(after, /^ {2}10\.0\.0\.10 +02:00:00:00:00:d0 \d\d:\d\d:\d\d-\d\d:\d\d:\d\d +\d+ +\d+ +\d+ +\d+$/m, 'an address row fits the terminal');
    } finally {
      spawnSync('tmux', ['kill-session', '-t', s]);
    }
  });
}

test('replay - with the capture on a pipe: the dashboard reads its keys from the terminal', { skip: why ?? false, timeout: 60_000 }, async () => {
  const s = `arpaudit-${process.pid}-pipe`;
  tmux('new-session', '-d', '-s', s, '-x', '100', '-y', '30', `cat fixtures/demo-lvs-dr.pcap | ${process.execPath} ${BIN} replay - --max --fail-on none; echo EXIT:$?; sleep 60`);
  try {
    await screenUntil(s, /findings 2/);
    tmux('send-keys', '-t', s, 'Tab');
    tmux('send-keys', '-t', s, 'w');
    await screenUntil(s, /frames from standard input are not kept/);
    tmux('send-keys', '-t', s, 'q');
    const after = await screenUntil(s, /EXIT:\d+/);
    assert.match(after, /EXIT:0/);
    assert.match(after, /summary: 1 error, 1 warning/);
  } finally {
    spawnSync('tmux', ['kill-session', '-t', s]);
  }
});

test('at 80x24: the help fits, details read as text (not JSON), the final count is the report\'s, and q mid-replay says where it stopped', { skip: why ?? false, timeout: 60_000 }, async () => {
  const s = `arpaudit-${process.pid}-small`;
  tmux('new-session', '-d', '-s', s, '-x', '80', '-y', '24', `${process.execPath} ${BIN} replay fixtures/vrrp-split-brain.pcap --max --fail-on none; echo EXIT:$?; sleep 60`);
  try {
    const end = await screenUntil(s, /end of capture: q to quit/);
    const report = spawnSync(process.execPath, [BIN, 'check', 'fixtures/vrrp-split-brain.pcap', '--format', 'json'], { encoding: 'utf8' });
    const n = (JSON.parse(report.stdout) as { findings: unknown[] }).findings.length;
    assert.match(end, new RegExp(`findings ${n}\\b`), `the status counts the report's ${n} findings`);
    tmux('send-keys', '-t', s, '?');
    const help = await screenUntil(s, /q {12}quit and print the report/);
    assert.match(help, /up\/down j\/k {2}move in the focused list/, 'the first and the last help lines are both on screen');
    tmux('send-keys', '-t', s, 'Escape');
    tmux('send-keys', '-t', s, 'Tab');
    tmux('send-keys', '-t', s, 'Enter');
    const details = await screenUntil(s, /details \(esc to close\)/);
    assert.match(details, /vrid: 51/);
    assert.doesNotMatch(details, /^x\s*[{}]\s*x?$|"vrid"/m, 'no raw JSON');
    tmux('send-keys', '-t', s, 'Escape');
    tmux('send-keys', '-t', s, 'q');
    await screenUntil(s, /EXIT:0/);
  } finally {
    spawnSync('tmux', ['kill-session', '-t', s]);
  }
  // at the recorded pace the 20-second capture is still playing when q comes
  const p = `arpaudit-${process.pid}-quit`;
  tmux('new-session', '-d', '-s', p, '-x', '80', '-y', '24', `${process.execPath} ${BIN} replay fixtures/vrrp-split-brain.pcap --fail-on none; echo EXIT:$?; sleep 60`);
  try {
    await screenUntil(p, /findings/);
    await sleep(1500);
    tmux('send-keys', '-t', p, 'q');
    // the pane wraps at 80 columns: join the lines back
    const after = (await screenUntil(p, /EXIT:\d+/)).replace(/\n/g, '');
    assert.match(after, /replay interrupted at frame \d+ \(2024-03-01T02:00:\d\d\.\d+Z\): the report covers the frames played up to it/);
  } finally {
    spawnSync('tmux', ['kill-session', '-t', p]);
  }
});

test('at 80x24 while playing: PAUSED and the speed on the status line, a frame rate above 0, the help inside its border, the w message on one line', { skip: why ?? false, timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'arpaudit-tui-'));
  const s = `arpaudit-${process.pid}-status`;
  // the working directory is a scratch one: w writes its pcap there
  tmux('new-session', '-d', '-s', s, '-x', '80', '-y', '24', '-c', dir, `${process.execPath} ${BIN} replay ${resolve('fixtures/vrrp-split-brain.pcap')} --speed 2 --fail-on none; echo EXIT:$?; sleep 60`);
  try {
    // playing, with an incident to select for w
    const playing = await screenUntil(s, /frames [1-9]\d* \((?!0\.0\/s)[\d.]+\/s\).*findings [1-9]/, 20_000);
    assert.match(playing.split('\n')[0]!, /^speed 2x {2}capture \d\d:\d\d:\d\d\.\d{3} {2}wall \d+s/, 'the speed first');
    tmux('send-keys', '-t', s, ' ');
    const paused = await screenUntil(s, /^PAUSED {2}speed 2x/m);
    assert.ok(paused.split('\n').every((l) => l.length <= 80), 'nothing wider than the terminal');
    tmux('send-keys', '-t', s, '?');
    const help = await screenUntil(s, /quit and print the report/);
    for (const line of help.split('\n').filter((l) => /^x\s+x {2}\S/.test(l))) assert.match(line, / {2}x\s+x$/, `a help line ends inside its border: ${line}`);
    assert.match(help, /space +pause \/ resume \(replay: the playback; live: the view\) +x/);
    tmux('send-keys', '-t', s, 'Escape');
    tmux('send-keys', '-t', s, 'Tab');
    await sleep(300);
    tmux('send-keys', '-t', s, 'w');
    const wrote = await screenUntil(s, /^wrote \.\/arpaudit-\S+\.pcap \(\d+ frames?\)/m);
    assert.match(wrote.split('\n')[1]!, /^frames \d+/, 'the stats row stays where it is');
    tmux('send-keys', '-t', s, ' ');
    tmux('send-keys', '-t', s, 'q');
    await screenUntil(s, /EXIT:\d+/, 30_000);
    assert.ok(readdirSync(dir).some((f) => /^arpaudit-.*\.pcap$/.test(f)), 'the pcap is where the message says');
  } finally {
    spawnSync('tmux', ['kill-session', '-t', s]);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('dashboard with IPv6: the VIP in RFC 5952 form with its MACs, the ND race in the incidents, its details in ND words, a filter by IPv6 address', { skip: why ?? false, timeout: 60_000 }, async () => {
  const s = `arpaudit-${process.pid}-v6`;
  tmux('new-session', '-d', '-s', s, '-x', '160', '-y', '40', `${process.execPath} ${BIN} replay fixtures/nd-race.pcap --max --fail-on none; echo EXIT:$?; sleep 60`);
  try {
    const first = await screenUntil(s, /findings \d/);
    assert.match(first, /2001:db8::10 +conflict/, 'the IPv6 VIP is a row of the addresses pane');
    assert.match(first, /02:00:00:00:00:d0/);
    assert.match(first, /ERROR +arp\.race\.multi-responder 2001:db8::10/);
    tmux('send-keys', '-t', s, 'Enter');
    const details = await screenUntil(s, /answered solicitation round/);
    assert.match(details, /2001:db8::10: 2 MACs/);
    assert.match(details, /solicited NA 3/, 'counts in ND words');
    assert.match(details, /answered 3 solicitations, first 3/);
    tmux('send-keys', '-t', s, 'Escape');
    tmux('send-keys', '-t', s, '/');
    await screenUntil(s, /filter: IP, MAC or vlan N/);
    tmux('send-keys', '-t', s, '2001:db8::10', 'Enter');
    const filtered = await screenUntil(s, /addresses matching "2001:db8::10"/);
    assert.match(filtered, /2001:db8::10 +conflict/);
    tmux('send-keys', '-t', s, 'q');
    const after = await screenUntil(s, /EXIT:\d+/);
    assert.match(after, /EXIT:0/);
  } finally {
    spawnSync('tmux', ['kill-session', '-t', s]);
  }
});
