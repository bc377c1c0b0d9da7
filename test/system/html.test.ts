// The HTML report (--html) in a real browser: Debian's Chromium, headless,
// renders each page of the golden fixtures (a race, dark addresses, a GARP
// hijack, a healthy failover with an outage, a slow takeover, an IPv6
// failover, an HSRP coup). Its DOM (--dump-dom, what the browser parsed,
// not our text) must hold a figure per involved address and per failover,
// the lanes of the MACs involved, marks for the cited frames, the race and
// dark windows, the verdict lines, and links that all land on an element;
// a screenshot proves it draws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HTML_FIXTURES, runCli } from '../helpers/golden.js';
import type { FailoverJson, FindingJson, Report } from '../../src/report/schema.js';

function chromium(): string | null {
  for (const c of ['chromium', 'chromium-browser']) if (spawnSync('sh', ['-c', `command -v ${c}`]).status === 0) return c;
  return null;
}

const browser = chromium();
const why = browser ? null : 'chromium is not installed (apt-get install chromium)';
const tmp = mkdtempSync(join(tmpdir(), 'arpaudit-html-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

/** Chromium, headless, with a throwaway profile; bounded in time. */
function headless(args: string[]): string {
  const profile = mkdtempSync(join(tmp, 'profile-'));
  const r = spawnSync(browser!, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions', `--user-data-dir=${profile}`, ...args], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `chromium ${args[args.length - 2] ?? ''}: exit ${r.status} ${r.signal ?? ''}\n${(r.stderr ?? '').slice(-2000)}`);
  return r.stdout;
}

interface Page {
  report: Report;
  dom: string;
  file: string;
}

async function render(fixture: string): Promise<Page> {
  const file = join(tmp, `${fixture}.html`);
  const r = await runCli(['check', join('fixtures', fixture), '--format', 'json', '--html', file, '--fail-on', 'none']);
  assert.equal(r.code, 0, r.err);
  const dom = headless(['--dump-dom', `file://${resolve(file)}`]);
  assert.match(dom, /^<!DOCTYPE html>\s*<html lang="en">/, 'the browser returned a DOM');
  return { report: JSON.parse(r.out) as Report, dom, file };
}

/** The elements of one figure in the DOM, by its id. */
function figure(dom: string, id: string): string {
  const at = dom.indexOf(`id="${id}"`);
  assert.ok(at >= 0, `figure ${id} in the DOM`);
  const end = dom.indexOf('</figure>', at);
  return dom.slice(at, end);
}

function count(text: string, re: RegExp): number {
  return [...text.matchAll(re)].length;
}

const FAILOVER_CODES = new Set(['vrrp.failover', 'vrrp.failover.unhealthy', 'vrrp.failover.unjudged', 'vrrp.hijack']);

test('every fixture page: a figure per involved address and per failover, the MACs as lanes, a mark per described frame, and every link lands', { skip: why ?? false, timeout: 600_000 }, async () => {
  for (const fx of HTML_FIXTURES) {
    const { report, dom } = await render(fx);
    const involved = [...new Set(report.findings.filter((f) => f.ip !== null && !FAILOVER_CODES.has(f.code)).map((f) => `${f.ip}|${f.vlanPath.join('.')}`))];
    assert.equal(count(dom, /<figure class="address"/g), involved.length, `${fx}: address figures`);
    assert.equal(count(dom, /<figure class="failover/g), report.failovers.length, `${fx}: failover figures`);
    // the charts are SVG the browser parsed as SVG: one per figure, each with its lanes and axis
    assert.equal(count(dom, /<svg id="[^"]+" class="timeline"/g), involved.length + report.failovers.length, `${fx}: one SVG chart per figure`);
    involved.forEach((key, i) => {
      const fig = figure(dom, `addr-${i + 1}`);
      const [ip] = key.split('|');
      assert.ok(fig.includes(`data-ip="${ip}"`), `${fx}: figure ${i + 1} is ${ip}`);
      const findings = report.findings.filter((f) => f.ip === ip && !FAILOVER_CODES.has(f.code));
      for (const f of findings) for (const m of f.macs) assert.ok(fig.includes(`data-lane="${m}"`), `${fx}: ${ip}: a lane for ${m} (${f.code})`);
      // every cited frame the engine described is a mark, its frame number in the tooltip
      const described = new Set(report.evidenceFrames.map((e) => e.frame));
      const cited = new Set(findings.flatMap((f) => f.frames).filter((n) => described.has(n)));
      assert.equal(count(fig, /<g class="mark /g), cited.size, `${fx}: ${ip}: marks`);
      for (const n of cited) assert.match(fig, new RegExp(`<title>frame ${n}, `), `${fx}: ${ip}: frame ${n} in a tooltip`);
      // the moment each finding was raised, linked to it
      for (const f of findings) assert.ok(fig.includes(`href="#f-${f.id}"`), `${fx}: ${ip}: ${f.code} linked`);
    });
    // every in-page link lands on an element of the page
    const ids = new Set([...dom.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const hrefs = [...dom.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(hrefs.length > 0, `${fx}: links`);
    for (const h of hrefs) assert.ok(ids.has(h), `${fx}: link #${h} lands`);
    // every finding is listed with its code, severity and fix
    for (const f of report.findings) {
      const art = figureLike(dom, `f-${f.id}`);
      assert.ok(art.includes(`<code>${f.code}</code>`) && art.includes(f.severity.toUpperCase()), `${fx}: ${f.code} listed`);
    }
    assert.ok(!/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/.test(readFileSync(join(tmp, `${fx}.html`), 'utf8')), `${fx}: self-contained, nothing fetched`);
  }
});

function figureLike(dom: string, id: string): string {
  const at = dom.indexOf(`id="${id}"`);
  assert.ok(at >= 0, `#${id} in the DOM`);
  return dom.slice(at, dom.indexOf('</article>', at));
}

test('what each incident looks like: the race window, dark windows, the hijack, the failovers\' gaps, outages and verdicts', { skip: why ?? false, timeout: 300_000 }, async () => {
  const race = await render('demo-lvs-dr.pcap');
  const raceFig = figure(race.dom, 'addr-1');
  assert.match(raceFig, /data-kind="race"/, 'the race window');
  assert.ok(count(raceFig, /<g class="mark reply"/g) >= 6, 'replies from the racing MACs');

  const dark = await render('silent-hosts.pcap');
  assert.ok(count(dark.dom, /data-kind="dark"/g) >= 2, 'the dark windows of the silent addresses');

  const hijack = await render('garp-hijack.pcap');
  const h = figure(hijack.dom, 'addr-1');
  const f = hijack.report.findings.find((x) => x.code === 'arp.garp.hijack') as FindingJson;
  assert.ok(h.includes(`data-lane="${f.macs[0]}"`) && h.includes(`data-lane="${f.macs[1]}"`), 'the hijacker and the owner each have a lane');
  assert.match(h, /<g class="mark garp"/, 'the hijacker\'s gratuitous ARPs');
  assert.match(h, /<g class="mark reply"/, 'the owner still answering');
  assert.match(h, /data-kind="raised sev-error"/, 'the moment the hijack was raised');

  const outage = await render('vrrp-outage.pcap');
  const o = figure(outage.dom, 'failover-1');
  const fo = outage.report.failovers[0] as FailoverJson;
  assert.match(o, /data-kind="gap"/, 'the takeover gap');
  assert.match(o, /data-kind="expected"/, 'the expected takeover time');
  assert.match(o, /data-kind="dark"[^]*outage \d/, 'the clients\' outage');
  assert.match(o, /data-kind="verdict v-healthy"/, 'the verdict line');
  assert.equal(count(o, /data-kind="burst"/g), fo.garpBursts.length, 'a band per GARP burst');

  const slow = await render('vrrp-slow-takeover.pcap');
  const s = figure(slow.dom, 'failover-1');
  assert.match(s, /data-kind="verdict v-unhealthy"/);
  assert.match(s, /takeover took 8000 ms/);

  const v6 = await render('vrrp6-failover.pcap');
  assert.match(figure(v6.dom, 'failover-1'), /unsolicited NAs for 2001:db8/, 'IPv6 announcements named as NAs');

  const coup = await render('hsrp-coup-attack.pcap');
  assert.match(figure(coup.dom, 'failover-1'), /data-kind="verdict v-hijack"/, 'the coup is a hijack, drawn as such');
});

test('a screenshot of a page is a real picture', { skip: why ?? false, timeout: 120_000 }, async () => {
  const { file } = await render('vrrp-outage.pcap');
  const png = join(tmp, 'outage.png');
  headless(['--hide-scrollbars', '--window-size=1040,1400', `--screenshot=${png}`, `file://${resolve(file)}`]);
  const b = readFileSync(png);
  assert.equal(b.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'a PNG');
  assert.equal(b.readUInt32BE(16), 1040, 'the window width');
  assert.ok(statSync(png).size > 20_000, 'with something drawn in it');
});
