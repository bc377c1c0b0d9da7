// Text report for people: one block per incident, most severe first, with the
// evidence frames and the fix to try; then the address table for the
// addresses that matter. Colour only on a terminal (chalk honours NO_COLOR).
import chalk from 'chalk';
import { SEVERITIES, Severity } from '../engine/findings.js';
import { sanitize, plural, wrapText } from '../util/text.js';
import type { AddressJson, BaselineSummary, FindingJson, OverallSummary, Report } from './schema.js';
import { segmentColumn, segmentLabel } from './segment.js';
import { groupLabel } from '../engine/vrrp-state.js';
import { vendorOf } from '../util/vendor.js';
import { parseMac } from '../util/addr.js';

const SEV_STYLE: Record<Severity, (s: string) => string> = {
  error: (s) => chalk.bold.red(s),
  warning: (s) => chalk.yellow(s),
  notice: (s) => chalk.cyan(s),
  info: (s) => chalk.dim(s),
};

export interface TextOptions {
  /** 'involved' lists addresses with several MACs or a finding; 'all' every one; 'none' skips the table. */
  addresses: 'involved' | 'all' | 'none';
  failOn: Severity | 'none';
  /** The terminal's width when writing to one: `--addresses all` then uses the wide table if it fits. */
  columns?: number;
}

/** The ARP kinds in words (the JSON keeps the codes): singular and plural. */
const KIND_WORDS: Record<string, [string, string]> = {
  request: ['request', 'requests'],
  reply: ['reply', 'replies'],
  unsolicitedReply: ['unsolicited reply', 'unsolicited replies'],
  garpRequest: ['gratuitous request', 'gratuitous requests'],
  garpReply: ['gratuitous reply', 'gratuitous replies'],
  probe: ['probe', 'probes'],
  announcement: ['announcement', 'announcements'],
};

/** The width of the terminal stdout writes to, if it is one (for TextOptions.columns). */
export function terminalColumns(): { columns?: number } {
  return process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {};
}

export function renderText(r: Report, opts: TextOptions): string {
  const out: string[] = [];
  const s = r.stats;
  for (const inp of r.inputs) {
    const err = inp.error ? ` — ${inp.error.kind === 'not-a-capture' || inp.error.kind === 'io' ? 'ERROR' : 'STOPPED'}: ${sanitize(inp.error.message)}${inp.error.kind === 'io' || inp.error.kind === 'not-a-capture' ? '' : ` at byte offset ${inp.error.offset} (frame ${inp.error.frame})`}` : '';
    out.push(`input: ${sanitize(inp.file)} (${inp.format ?? 'unknown format'}${inp.compressed ? ', gzip' : ''}${inp.linktypes.length ? `, ${inp.linktypes.join('/')}` : ''}, ${plural(inp.frames, 'frame')})${err}`);
  }
  const kindText = Object.entries(s.kinds).filter(([, v]) => v > 0).map(([k, v]) => plural(v, KIND_WORDS[k]?.[0] ?? k, KIND_WORDS[k]?.[1])).join(', ');
  out.push(`frames: ${s.frames}, ARP: ${s.arpFrames}${kindText ? ` (${kindText})` : ''}; addresses: ${s.addresses}`);
  out.push(`span: ${s.first ?? '-'} .. ${s.last ?? '-'}`);
  const short: Record<string, string> = { routerSolicitation: 'RS', routerAdvertisement: 'RA', neighbourSolicitation: 'NS', neighbourAdvertisement: 'NA', redirect: 'redirect' };
  const nd = Object.entries(s.nd.messages).filter(([, v]) => v > 0).map(([k, v]) => `${short[k] ?? k} ${v}`);
  if (nd.length) out.push(`IPv6 neighbour discovery: ${nd.join(', ')}${s.nd.anomalies ? `; dropped as malformed or forged: ${s.nd.anomalies}` : ''}`);
  const health: string[] = [];
  const h = (n: number, label: string) => {
    if (n > 0) health.push(`${label} ${n}`);
  };
  h(s.snaplenTruncated, 'snaplen-truncated');
  h(s.unsupportedLink, 'unsupported-link');
  h(s.duplicateReplies, 'duplicate replies');
  h(s.evictedAddresses, 'evicted addresses');
  h(s.pendingRequestsOverwritten, 'requests overwritten');
  h(s.timeWentBackwards, 'timestamps going backwards');
  if (health.length) out.push(`capture health: ${health.join(', ')}`);
  if (r.state) {
    const st = r.state;
    const learning = st.learnUntil && r.stats.last !== null && st.learnUntil > r.stats.last ? `; learning until ${st.learnUntil} (new stations recorded, not reported)` : '';
    out.push(`state: sensor ${sanitize(st.sensor)} of ${sanitize(st.file)}: ${plural(st.stationsBefore, 'station')} known, ${st.stationsNew} new in this run${st.evicted ? `, ${st.evicted} evicted for room` : ''}${learning}${st.written ? '' : ' (read only)'}`);
  }
  out.push('');
  if (r.findings.length === 0) out.push(chalk.green('No findings.'));
  r.findings.forEach((f, i) => {
    out.push(...findingBlock(f, i + 1));
    out.push('');
  });
  if (r.failovers.length) out.push(...failoverSection(r), '');
  if (r.vrrp.length) out.push(...vrrpSection(r), '');
  if (r.ipv6Routers.length) {
    out.push(`IPv6 routers: ${r.ipv6Routers.length}`);
    for (const x of r.ipv6Routers) out.push(`  ${x.ip}${segmentLabel(x)} ${x.mac}: ${x.lifetime ? `default router (lifetime ${x.lifetime} s)` : 'not a default router'}${x.managed ? ', managed' : ''}${x.other ? ', other config' : ''}${x.prefixes.length ? `, prefixes ${x.prefixes.join(' ')}` : ''}${x.routes.length ? `, routes ${x.routes.join(', ')}` : ''}${x.dns.length ? `, DNS ${x.dns.join(' ')}` : ''}; ${plural(x.adverts, 'advert')}, ${x.first} .. ${x.last}`);
    out.push('');
  }
  if (r.unanswered.addresses || r.unanswered.untrackedRequests) out.push(...unansweredSection(r), '');
  if (opts.addresses !== 'none') out.push(...addressTable(r, opts.addresses, opts.addresses === 'all' && (opts.columns ?? 0) >= WIDE_WIDTH));
  // counted as the verdict line on stderr counts them: findings a baseline accepts apart
  const known = r.findings.filter((f) => f.baseline === 'known').length;
  const accepted = r.findings.filter((f) => f.baseline === 'accepted').length;
  const by = { ...r.summary.bySeverity };
  for (const f of r.findings) if (f.baseline === 'known' || f.baseline === 'accepted') by[f.severity]--;
  const counts = SEVERITIES.slice().reverse().filter((sv) => by[sv] > 0).map((sv) => plural(by[sv], sv, sv === 'info' ? 'info' : `${sv}s`));
  if (known) counts.push(`${known} known (baseline)`);
  if (accepted) counts.push(`${accepted} accepted (written to the baseline)`);
  out.push(`summary: ${counts.length ? counts.join(', ') : 'no findings'}${opts.failOn === 'none' ? '' : ` (fail on ${opts.failOn})`}`);
  if (r.baseline) out.push(...baselineLines(r.baseline));
  return out.join('\n') + '\n';
}

function findingBlock(f: FindingJson, n: number): string[] {
  const lines: string[] = [];
  const where = f.ip ? ` ${f.ip}${segmentLabel(f)}` : '';
  const tag = f.baseline === 'known' ? ` ${chalk.dim('[known]')}` : f.baseline === 'accepted' ? ` ${chalk.dim('[accepted now]')}` : f.baseline === 'expired' ? ` ${chalk.yellow('[baseline entry expired]')}` : f.baseline === 'new' ? ` ${chalk.bold('[new]')}` : '';
  lines.push(`${n}. ${SEV_STYLE[f.severity](f.severity.toUpperCase())} ${chalk.bold(f.code)}${where} — ${f.title}${tag}`);
  lines.push(`   ${sanitize(f.summary)}`);
  if (f.code === 'arp.race.multi-responder') {
    const d = f.details;
    for (const r of d.responders) {
      lines.push(`     ${r.mac}${r.virtual ? ` (${r.virtual})` : ''}  answered ${r.answered} of ${d.requests}, first ${r.firstAnswers} (${Math.round(r.winShare * 100)}%)`);
    }
  }
  if (f.code === 'arp.garp.burst') {
    const d = f.details;
    for (const b of d.bursts.slice(0, 8)) lines.push(`     ${clockOf(b.start)} ${b.mac}  ${plural(b.count, f.ip?.includes(':') ? 'unsolicited NA' : 'GARP')} over ${b.spanMs} ms, frame ${b.firstFrame}`);
    if (d.bursts.length > 8) lines.push(`     ... ${d.bursts.length - 8} more bursts`);
  }
  const frames = f.frames.map((fr, i) => (f.frameInputs ? `${f.frameInputs[i]}:${fr}` : String(fr)));
  const more = f.framesTotal > f.frames.length ? ` (${f.framesTotal} in all)` : '';
  if (frames.length) lines.push(`   frames: ${frames.join(', ')}${more}`);
  lines.push(`   id: ${f.id}`);
  if (f.first) lines.push(`   seen: ${f.first}${f.last !== f.first ? ` .. ${f.last}` : ''}${f.count > 1 ? `, ${f.count} times` : ''}`);
  lines.push(`   fix: ${f.fix}`);
  return lines;
}

/** The time of day of an ISO time, to the microsecond (the date is in the finding's and the capture's span). */
function clockOf(iso: string): string {
  return /^\d{4}-\d\d-\d\dT/.test(iso) ? iso.slice(11, 26) : iso;
}

/** Terminal columns a text table keeps within: an 80-column terminal without wrapping. */
export const TEXT_WIDTH = 79;
/** The wide address table (first and last seen to the millisecond, every count) needs this many columns. */
export const WIDE_WIDTH = 112;

function addressTable(r: Report, mode: 'involved' | 'all', wide: boolean): string[] {
  const involved = new Set(r.findings.filter((f) => f.ip).map((f) => `${segmentColumn(f)}|${f.ip}`));
  const rows: AddressJson[] = [];
  for (const a of r.addresses()) if (mode === 'all' || a.macs.length > 1 || involved.has(`${segmentColumn(a)}|${a.ip}`)) rows.push(a);
  const lines: string[] = [];
  const hidden = r.addressCount - rows.length;
  lines.push(`addresses${mode === 'involved' ? ' with several MACs or a finding' : ''}: ${rows.length}${hidden > 0 ? ` (${hidden} more: --addresses all)` : ''}`);
  if (rows.length === 0) return [...lines, ''];
  // times of day (the date is in the span line); a capture over several days shows the date
  const oneDay = r.stats.first !== null && r.stats.last !== null && r.stats.first.slice(0, 10) === r.stats.last.slice(0, 10);
  lines.push(...(wide ? wideRows(rows, oneDay) : narrowRows(rows, oneDay)));
  lines.push(...vendorLines(rows, wide ? WIDE_WIDTH : TEXT_WIDTH));
  lines.push('');
  return lines;
}

/**
 * The table in 80 columns: when each MAC was seen as one column (first and
 * last time of day to the second), and the counts that tell a conflict
 * (requests, replies, unsolicited replies, gratuitous ARP). A VLAN label or
 * an address too long for its column gets a line of its own above its MACs.
 */
function narrowRows(rows: AddressJson[], oneDay: boolean): string[] {
  const vlans = rows.some((a) => segmentColumn(a) !== '-');
  const vw = vlans ? 6 : 0;
  const iw = 15;
  const seen = (first: string, last: string) => {
    if (oneDay) return `${first.slice(11, 19)}-${last.slice(11, 19)}`;
    const days = Math.round((Date.parse(last.slice(0, 10)) - Date.parse(first.slice(0, 10))) / 86_400_000);
    return `${first.slice(5, 10)} ${first.slice(11, 16)}-${days ? `+${days}d ` : ''}${last.slice(11, 16)}`;
  };
  const sw = oneDay ? 17 : 21;
  const lead = (vlan: string, ip: string) => `  ${vlans ? `${vlan.padEnd(vw)} ` : ''}${ip.padEnd(iw)} `;
  const out = [`${lead('VLAN', 'IP')}${'MAC'.padEnd(17)} ${'seen'.padEnd(sw)} req rep uns garp`];
  for (const a of rows) {
    const vlan = segmentColumn(a);
    const own = a.ip.length > iw || (vlans && vlan.length > vw);
    if (own) out.push(`  ${vlans ? `${vlan} ` : ''}${a.ip}`);
    a.macs.forEach((m, i) => {
      const first = i === 0 && !own;
      out.push(`${lead(first ? vlan : '', first ? a.ip : '')}${m.mac} ${seen(m.first, m.last).padEnd(sw)} ${conflictCounts(m.counts)}`);
    });
  }
  return out;
}

/** The req, rep, uns and garp columns both tables share. */
function conflictCounts(c: Record<string, number>): string {
  const garp = (c.garpRequest ?? 0) + (c.garpReply ?? 0);
  return `${[c.request, c.reply, c.unsolicitedReply].map((v) => String(v).padStart(3)).join(' ')} ${String(garp).padStart(4)}`;
}

/** The wide table (--addresses all on a terminal of WIDE_WIDTH columns or more): times to the millisecond and every count. */
function wideRows(rows: AddressJson[], oneDay: boolean): string[] {
  const when = (t: string) => (oneDay ? t.slice(11, 23) : `${t.slice(5, 10)} ${t.slice(11, 19)}`);
  const tw = oneDay ? 12 : 14;
  const vw = Math.max(4, ...rows.map((a) => segmentColumn(a).length));
  // IPv6 addresses widen the column (and the table) as far as they need
  const iw = Math.max(15, ...rows.map((a) => a.ip.length));
  const out = [`  ${'VLAN'.padEnd(vw)} ${'IP'.padEnd(iw)} ${'MAC'.padEnd(17)}  ${'first'.padEnd(tw)}  ${'last'.padEnd(tw)}  req rep uns garp prb ann tgt`];
  for (const a of rows) {
    a.macs.forEach((m, i) => {
      const c = m.counts;
      const d = [c.probe, c.announcement, c.replyTarget].map((v) => String(v).padStart(3)).join(' ');
      out.push(`  ${(i === 0 ? segmentColumn(a) : '').padEnd(vw)} ${(i === 0 ? a.ip : '').padEnd(iw)} ${m.mac}  ${when(m.first)}  ${when(m.last)}  ${conflictCounts(c)} ${d}`);
    });
  }
  return out;
}

/** MAC vendors under the table, within `width` columns: one line per vendor or virtual-MAC label. */
function vendorLines(rows: AddressJson[], width: number): string[] {
  const by = new Map<string, string[]>();
  for (const a of rows) {
    for (const m of a.macs) {
      const label = m.virtual ? `${m.virtual} (virtual)` : vendorOf(parseMac(m.mac)) || 'unknown vendor';
      const list = by.get(label) ?? [];
      if (!list.includes(m.mac)) list.push(m.mac);
      by.set(label, list);
    }
  }
  const out: string[] = [];
  for (const [label, macs] of [...by].sort((x, y) => x[0].localeCompare(y[0]))) {
    const head = `  ${label === 'local' ? 'locally administered' : label}: `;
    // the MACs wrapped under the label within the width, four lines at most
    const wrapped: string[] = [];
    let line = head;
    for (const [i, m] of macs.entries()) {
      const item = `${m}${i < macs.length - 1 ? ',' : ''}`;
      if (line.length + item.length + 1 > width - 2 && line.trim() !== head.trim()) {
        wrapped.push(line.trimEnd());
        line = ' '.repeat(4);
        if (wrapped.length === 4) {
          line += `... ${macs.length - i} more`;
          break;
        }
      }
      line += `${item} `;
    }
    wrapped.push(line.trimEnd());
    out.push(...wrapped);
  }
  return out.length ? ['  MAC vendors:', ...out.map((l) => `  ${l}`)] : [];
}

function failoverSection(r: Report): string[] {
  const lines = [`failovers: ${r.failovers.length}`];
  r.failovers.forEach((f, i) => {
    const who = f.vrid === null ? `${f.vips.join(', ')}${segmentLabel(f)}` : `${groupLabel(f.protocol ?? 'vrrp', f.vrid)}${segmentLabel(f)} (${f.vips.join(', ') || 'no VIPs'})`;
    const from = f.from ? `${f.from.ip ?? ''}${f.from.ip ? ' ' : ''}${f.from.mac}` : '-';
    const gap = f.gapMs === null ? '' : `, gap ${f.gapMs} ms (expected ${f.expectedGapMs} ms)`;
    const problems = f.problems.length ? `${f.verdict === 'hijack' ? 'HIJACK' : 'PROBLEMS'}: ${f.problems.map((p) => p.text).join('; ')}` : '';
    const unjudged = f.unjudged ? `${f.verdict === 'pending' ? 'PENDING' : 'NOT JUDGED'}: ${f.unjudged}` : '';
    const verdict = f.healthy ? chalk.green('healthy') : (f.verdict === 'hijack' ? chalk.red : chalk.yellow)([problems, unjudged].filter(Boolean).join('; '));
    // 80 columns: the heading and each event wrapped under itself
    lines.push(...wrapText('', `  ${i + 1}. ${who}: ${from} -> ${f.to.ip ?? ''}${f.to.ip ? ' ' : ''}${f.to.mac}, ${f.cause}${gap}; ${verdict}`, TEXT_WIDTH, '     '));
    for (const t of f.timeline.slice(0, 24)) {
      const head = `     ${clockOf(t.at)}  frame ${String(t.frame).padStart(6)}  `;
      lines.push(...wrapText(head, sanitize(t.event), TEXT_WIDTH, ' '.repeat(head.length)));
    }
    if (f.timeline.length > 24) lines.push(`     ... ${f.timeline.length - 24} more events (JSON report)`);
  });
  return lines;
}

function vrrpSection(r: Report): string[] {
  // the heading VRRP users know, unless HSRP or GLBP groups are listed too
  const fhrp = r.vrrp.some((v) => v.protocol !== 'vrrp');
  const lines = [fhrp ? `VRRP, HSRP, GLBP: ${plural(r.vrrp.length, 'group')}` : `VRRP: ${plural(r.vrrp.length, 'virtual router')}`];
  for (const v of r.vrrp) {
    const m = v.master ? `master ${v.master.ip} ${v.master.mac} priority ${v.master.priority} every ${v.master.intervalMs} ms` : 'no master';
    const b = v.backups.length ? `; backups seen: ${v.backups.map((x) => `${x.ip} ${x.mac} (priority ${x.priority})`).join(', ')}` : '';
    lines.push(...wrapText('', `  ${groupLabel(v.protocol, v.vrid)}${v.family === 6 ? ' IPv6' : ''}${segmentLabel(v)} [${v.vips.join(', ')}]${v.virtualMac ? ' (virtual MAC)' : ''}: ${m}${b}; ${v.adverts} adverts, ${plural(v.masterChanges, 'master change')}`, TEXT_WIDTH, '    '));
  }
  return lines;
}

/** The last lines of a run over several inputs analysed on their own. */
export function renderOverall(o: OverallSummary, failOn: Severity | 'none'): string {
  const counts = SEVERITIES.slice().reverse().filter((sv) => o.bySeverity[sv] > 0).map((sv) => plural(o.bySeverity[sv], sv, sv === 'info' ? 'info' : `${sv}s`));
  const errors = o.inputErrors ? `, ${plural(o.inputErrors, 'input')} not read to the end` : '';
  const line = `overall: ${plural(o.inputs, 'input')} analysed separately${errors}; ${counts.length ? counts.join(', ') : 'no findings'}${failOn === 'none' ? '' : ` (fail on ${failOn})`}; exit ${o.exitCode}`;
  return [line, ...(o.baseline ? baselineLines(o.baseline) : [])].join('\n') + '\n';
}

/** Fixed baseline entries listed in text; JSON lists all. */
const FIXED_TEXT = 16;

function baselineLines(b: BaselineSummary): string[] {
  const lines = [`baseline ${sanitize(b.file)}: ${b.new} new, ${b.known} known, ${b.accepted ? `${b.accepted} accepted now, ` : ''}${b.expired} expired, ${b.fixed.length} fixed (in the baseline, not found this run)`];
  for (const e of b.fixed.slice(0, FIXED_TEXT)) lines.push(`  fixed: ${e.id} ${sanitize(e.code)}${e.ip ? ` ${sanitize(e.ip)}` : ''}${e.note ? ` (${sanitize(e.note)})` : ''}`);
  if (b.fixed.length > FIXED_TEXT) lines.push(`  ... ${b.fixed.length - FIXED_TEXT} more (JSON report)`);
  return lines;
}

/** Addresses listed in text under "unanswered"; JSON lists more. */
const UNANSWERED_TEXT = 8;

function unansweredSection(r: Report): string[] {
  const u = r.unanswered;
  const lines = [`unanswered: ${plural(u.addresses, 'address', 'addresses')} asked for that never answered (${plural(u.requests, 'request')})`];
  if (u.untrackedRequests > 0) lines.push(`  and ${plural(u.untrackedRequests, 'request')} for more such addresses, not told apart`);
  for (const x of u.listed.slice(0, UNANSWERED_TEXT)) {
    // 80 columns: times of day to the millisecond, the first requesters (JSON lists them all)
    const who = x.requesters.length > 2 ? `${x.requesters.slice(0, 2).map((q) => q.ip).join(', ')} +${x.requesters.length - 2}` : x.requesters.map((q) => q.ip).join(', ');
    lines.push(`  ${x.ip}${segmentLabel(x)}: ${plural(x.requests, 'request')} from ${who} ${clockOf(x.first).slice(0, 8)}-${clockOf(x.last).slice(0, 8)}, frames ${x.firstFrame}..${x.lastFrame}`);
  }
  if (u.listed.length > UNANSWERED_TEXT || u.addresses > u.listed.length) lines.push(`  ... ${u.addresses - Math.min(u.listed.length, UNANSWERED_TEXT)} more (JSON report)`);
  return lines;
}
