// The dashboard in a real terminal: tmux runs `arpaudit replay --max` in an
// 80x24 and a 200x50 window; the screen is read with capture-pane and keys are
// sent with send-keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

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
