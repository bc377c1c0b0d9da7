// Screenshots of the golden HTML reports for the README and docs: headless
// Chromium renders fixtures/golden/*.html into docs/img/*.png. Run after
// `npm run fixtures` when the pages change: node scripts/html-screenshots.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const pages = [
  ['demo-lvs-dr.pcap', 'html-race.png', 620],
  ['garp-hijack.pcap', 'html-hijack.png', 600],
  ['vrrp-slow-takeover.pcap', 'html-failover.png', 960],
];
const profile = mkdtempSync(join(tmpdir(), 'arpaudit-shot-'));
try {
  for (const [fixture, png, height] of pages) {
    const r = spawnSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--user-data-dir=${profile}`, `--window-size=1040,${height}`, `--screenshot=${resolve('docs/img', png)}`, `file://${resolve('fixtures/golden', `${fixture}.html`)}`], { stdio: 'inherit', timeout: 90_000 });
    if (r.status !== 0) process.exit(1);
  }
} finally {
  rmSync(profile, { recursive: true, force: true });
}
