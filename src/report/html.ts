// The HTML report (--html FILE): one self-contained page (inline CSS and
// SVG, nothing fetched, no script) with the summary, an ownership timeline
// per involved address, a timeline per failover, and every finding as in
// the text report, each linked from the pictures. Drawn from the report's
// own data only (findings, failovers, evidenceFrames), so the same capture
// gives the same page byte for byte. Bounded: the most severe addresses and
// failovers are drawn, the rest counted.
import type { EvidenceFrameJson, FailoverJson, FindingJson, Report } from './schema.js';
import { type Band, type Chart, esc, type Lane, type Mark, type Moment, renderChart, type Shape } from './svg-timeline.js';
import { isoToUs } from '../util/time.js';
import { groupLabel } from '../engine/vrrp-state.js';
import { severityRank } from '../engine/findings.js';
import { REF_INPUT } from '../engine/ctx.js';
import { segmentLabel } from './segment.js';
import { FAILOVER_CODES } from './failovers.js';

/** Pictures drawn at most per report; findings listed at most. */
export const MAX_ADDRESS_CHARTS = 60;
export const MAX_FAILOVER_CHARTS = 40;
export const MAX_FINDINGS_LISTED = 2000;

const KIND_MARK: Record<EvidenceFrameJson['kind'], { shape: Shape; cls: string; words: string }> = {
  request: { shape: 'ring', cls: 'request', words: 'request' },
  reply: { shape: 'dot', cls: 'reply', words: 'reply' },
  unsolicitedReply: { shape: 'diamond', cls: 'unsolicited', words: 'unsolicited reply' },
  garpRequest: { shape: 'tri', cls: 'garp', words: 'gratuitous ARP' },
  garpReply: { shape: 'tri', cls: 'garp', words: 'gratuitous ARP (reply)' },
  announcement: { shape: 'tri', cls: 'garp', words: 'announcement' },
  probe: { shape: 'square', cls: 'probe', words: 'probe' },
  advert: { shape: 'bar', cls: 'advert', words: 'VRRP/HSRP/GLBP advert' },
  routerAdvert: { shape: 'bar', cls: 'advert', words: 'router advertisement' },
  other: { shape: 'dot', cls: 'other', words: 'frame' },
};

/** IPv6 words for the same kinds (neighbour discovery). */
const ND_WORDS: Partial<Record<EvidenceFrameJson['kind'], string>> = { request: 'neighbour solicitation', reply: 'solicited NA', unsolicitedReply: 'unsolicited NA', garpRequest: 'unsolicited NA', garpReply: 'unsolicited NA', probe: 'DAD probe (NS from ::)' };

export interface HtmlInput {
  /** What the page is about (the inputs or the interface). */
  title: string;
  reports: Report[];
}

export function renderHtml(h: HtmlInput): string {
  const body = h.reports.map((r, i) => reportSection(r, h.reports.length > 1 ? `r${i}-` : '', h.reports.length > 1)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="arpaudit">
<title>arpaudit: ${esc(h.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>arpaudit report</h1><p class="about">${esc(h.title)}</p></header>
${body}
<footer><p>Made by arpaudit from the report's own data. Frame numbers are Wireshark's (1-based): open them with <code>tshark -r FILE -Y 'frame.number == N'</code>.</p></footer>
</body>
</html>
`;
}

function reportSection(r: Report, p: string, several: boolean): string {
  const out: string[] = [`<section class="report" id="${p}report">`];
  if (several) out.push(`<h2>${esc(r.inputs.map((i) => i.file).join(', '))}</h2>`);
  out.push(summary(r));
  const groups = addressGroups(r);
  const ev = evidenceIndex(r.evidenceFrames);
  const drawnAddr = groups.slice(0, MAX_ADDRESS_CHARTS);
  const drawnFo = r.failovers.slice(0, MAX_FAILOVER_CHARTS);
  const chartOf = new Map<string, string>();
  out.push(`<nav><h2>Contents</h2><ul>${drawnAddr.map((g) => `<li><a href="#${p}${g.id}">${esc(g.label)}</a> <span class="codes">${esc(uniq(g.findings.map((f) => f.code)).join(', '))}</span></li>`).join('')}${drawnFo.map((f, i) => `<li><a href="#${p}failover-${i + 1}">${esc(failoverName(f))}</a> <span class="codes">${esc(f.verdict)}</span></li>`).join('')}<li><a href="#${p}findings">Findings (${r.findings.length})</a></li></ul></nav>`);
  if (drawnAddr.length) {
    out.push(`<section class="addresses"><h2>Who answered for each address</h2><p class="legend">${LEGEND}</p>`);
    for (const g of drawnAddr) {
      out.push(addressFigure(g, ev, p));
      for (const f of g.findings) if (!chartOf.has(f.id)) chartOf.set(f.id, `${p}${g.id}`);
    }
    if (groups.length > drawnAddr.length) out.push(`<p class="more">${groups.length - drawnAddr.length} more involved addresses not drawn (their findings are listed below).</p>`);
    out.push('</section>');
  }
  if (drawnFo.length) {
    out.push('<section class="failovers"><h2>Failovers</h2>');
    drawnFo.forEach((f, i) => {
      out.push(failoverFigure(r, f, i + 1, p));
      const fid = failoverFindingId(r, f);
      if (fid && !chartOf.has(fid)) chartOf.set(fid, `${p}failover-${i + 1}`);
    });
    if (r.failovers.length > drawnFo.length) out.push(`<p class="more">${r.failovers.length - drawnFo.length} more failovers not drawn (JSON report).</p>`);
    out.push('</section>');
  }
  out.push(findingsList(r, p, chartOf));
  out.push('</section>');
  return out.join('\n');
}

function summary(r: Report): string {
  const s = r.summary;
  const sev = (['error', 'warning', 'notice', 'info'] as const).filter((k) => s.bySeverity[k] > 0).map((k) => `<span class="sev sev-${k}">${s.bySeverity[k]} ${k}</span>`).join(' ');
  const inputs = r.inputs.map((i) => `${esc(i.file)} (${esc(i.format ?? "unknown format")}${i.linktypes.length ? `, ${esc(i.linktypes.join(', '))}` : ''}, ${i.frames} frames)${i.error ? ` <strong class="bad">read error: ${esc(i.error.message)}</strong>` : ''}`).join('<br>');
  const st = r.stats;
  const unseen = r.findings.filter((f) => f.code.startsWith('capture.') || f.code === 'table.evicted');
  return `<section class="summary"><h2>Summary</h2><dl>
<dt>Input</dt><dd>${inputs}</dd>
<dt>Span</dt><dd>${esc(st.first ?? '-')} .. ${esc(st.last ?? '-')}</dd>
<dt>Frames</dt><dd>${st.frames} (${st.arpFrames} ARP); ${st.addresses} addresses</dd>
<dt>Findings</dt><dd>${s.findings ? sev : 'none'}</dd>
</dl>${unseen.length ? `<div class="unseen"><h3>What this capture could not show</h3><ul>${unseen.map((f) => `<li><a href="#f-${f.id}">${esc(f.code)}</a>: ${esc(f.summary)}</li>`).join('')}</ul></div>` : ''}</section>`;
}

interface AddressGroup {
  id: string;
  label: string;
  ip: string;
  v6: boolean;
  findings: FindingJson[];
}

/** Findings about one address (and segment), most severe groups first. */
function addressGroups(r: Report): AddressGroup[] {
  const by = new Map<string, AddressGroup>();
  for (const f of r.findings) {
    if (f.ip === null || FAILOVER_CODES.has(f.code)) continue;
    const key = `${f.ip}|${f.vlanPath.join('.')}|${f.vni ?? ''}`;
    let g = by.get(key);
    if (!g) by.set(key, (g = { id: `addr-${by.size + 1}`, label: `${f.ip}${segmentLabel(f)}`, ip: f.ip, v6: f.ip.includes(':'), findings: [] }));
    g.findings.push(f);
  }
  const worst = (g: AddressGroup) => Math.max(...g.findings.map((f) => severityRank(f.severity)));
  const first = (g: AddressGroup) => Math.min(...g.findings.map((f) => isoToUs(f.first) || 0));
  return [...by.values()].sort((a, b) => worst(b) - worst(a) || first(a) - first(b) || (a.id < b.id ? -1 : 1));
}

function evidenceIndex(list: EvidenceFrameJson[]): Map<number, EvidenceFrameJson> {
  const m = new Map<number, EvidenceFrameJson>();
  for (const e of list) m.set((e.input ?? 0) * REF_INPUT + e.frame, e);
  return m;
}

function frameName(frame: number, input: number | undefined): string {
  return input === undefined ? `frame ${frame}` : `input ${input + 1} frame ${frame}`;
}

function addressFigure(g: AddressGroup, ev: Map<number, EvidenceFrameJson>, p: string): string {
  const lanes: Lane[] = [];
  const laneOf = new Set<string>();
  const addLane = (mac: string, sub?: string) => {
    if (laneOf.has(mac)) return;
    laneOf.add(mac);
    lanes.push({ key: mac, label: mac, ...(sub ? { sub } : {}) });
  };
  for (const f of g.findings) for (const m of f.macs) addLane(m);
  const marks: Mark[] = [];
  const bands: Band[] = [];
  const moments: Moment[] = [];
  const seen = new Set<number>();
  let clients = false;
  for (const f of g.findings) {
    const href = `#${p}f-${f.id}`;
    f.frames.forEach((frame, i) => {
      const input = f.frameInputs?.[i];
      const ref = (input ?? 0) * REF_INPUT + frame;
      const e = ev.get(ref);
      if (!e || seen.has(ref)) return;
      seen.add(ref);
      const k = KIND_MARK[e.kind];
      const words = (g.v6 ? ND_WORDS[e.kind] : undefined) ?? k.words;
      const asks = e.kind === 'request' || e.kind === 'probe';
      let lane = e.mac ?? 'clients';
      if (!laneOf.has(lane)) {
        if (asks || e.mac === null) {
          lane = 'clients';
          clients = true;
        } else addLane(lane);
      }
      marks.push({ lane, us: isoToUs(e.at), shape: k.shape, cls: k.cls, title: `${frameName(frame, input)}, ${e.at}: ${words} from ${e.mac ?? 'unknown MAC'} (${f.code})`, href });
    });
    bands.push(...findingBands(f, href, () => (clients = true)));
    moments.push({ us: isoToUs(f.first), cls: `raised sev-${f.severity}`, label: f.code.split('.').slice(1).join('.'), title: `${f.severity} ${f.code} raised at ${f.first}: ${f.title}`, href });
  }
  if (clients) lanes.push({ key: 'clients', label: 'clients', sub: g.v6 ? 'solicitations' : 'requests' });
  if (!lanes.length) lanes.push({ key: 'clients', label: 'no MAC' });
  const chart: Chart = { id: `${p}${g.id}-svg`, label: `Ownership timeline of ${g.label}: ${lanes.length} lanes, ${marks.length} frames, ${bands.length} windows, ${moments.length} findings`, lanes, marks, bands, moments };
  const codes = uniq(g.findings.map((f) => f.code));
  return `<figure class="address" id="${p}${g.id}" data-ip="${esc(g.ip)}"><figcaption><strong>${esc(g.label)}</strong>: ${codes.map((c) => `<span class="code">${esc(c)}</span>`).join(' ')}</figcaption>
${renderChart(chart)}
${textAlternative(marks, bands, moments)}</figure>`;
}

/** Windows a finding's details describe: a race, dark windows, GARP bursts, two masters. */
function findingBands(f: FindingJson, href: string, usesClients: () => void): Band[] {
  const out: Band[] = [];
  const d = f.details as Record<string, unknown>;
  if (f.code === 'arp.race.multi-responder' && f.first && f.last) {
    out.push({ lanes: f.macs, fromUs: isoToUs(f.first), toUs: isoToUs(f.last), cls: 'race', label: 'race', title: `race: ${f.macs.join(' and ')} answer the same requests, ${f.first} .. ${f.last}`, href });
  }
  if (f.code === 'arp.silent.address' || f.code === 'arp.garp.hijack') {
    for (const w of (d.windows as { first: string; last: string; requests: number; firstFrame: number; lastFrame: number; resumed: string | null }[] | undefined) ?? []) {
      usesClients();
      const end = w.resumed ?? w.last;
      out.push({ lanes: ['clients'], fromUs: isoToUs(w.first), toUs: isoToUs(end), cls: 'dark', label: `${w.requests} unanswered`, title: `dark: ${w.requests} requests unanswered, frames ${w.firstFrame} to ${w.lastFrame}, ${w.first} .. ${end}${w.resumed ? '' : ' (still dark at the end)'}`, href });
    }
  }
  if (f.code === 'arp.garp.burst') {
    for (const b of (d.bursts as { mac: string; start: string; count: number; spanMs: number; firstFrame: number }[] | undefined) ?? []) {
      const s = isoToUs(b.start);
      out.push({ lanes: [b.mac], fromUs: s, toUs: s + b.spanMs * 1000, cls: 'burst', label: `${b.count}`, title: `burst of ${b.count} gratuitous ARPs from ${b.mac} over ${b.spanMs} ms from frame ${b.firstFrame}`, href });
    }
  }
  if (f.code === 'vrrp.dual-master') {
    for (const e of (d.episodes as { start: string; end: string; routers: string[] }[] | undefined) ?? []) {
      out.push({ lanes: null, fromUs: isoToUs(e.start), toUs: isoToUs(e.end), cls: 'dual', label: 'two masters', title: `two masters (${e.routers.join(', ')}) ${e.start} .. ${e.end}`, href });
    }
  }
  return out;
}

function failoverName(f: FailoverJson): string {
  const who = f.vrid === null ? `takeover of ${f.vips.join(', ')}` : `${groupLabel(f.protocol ?? 'vrrp', f.vrid)}${f.family === 6 ? ' (IPv6)' : ''} (${f.vips.join(', ') || 'no VIPs'})`;
  return `${who}${segmentLabel(f)} at ${f.at}`;
}

/** The finding that carries a failover's verdict (same change frame), if listed. */
function failoverFindingId(r: Report, f: FailoverJson): string | null {
  const x = r.findings.find((y) => FAILOVER_CODES.has(y.code) && (y.details as FailoverJson).frame === f.frame && (y.details as FailoverJson).at === f.at);
  return x ? x.id : null;
}

function failoverFigure(r: Report, f: FailoverJson, n: number, p: string): string {
  const fid = failoverFindingId(r, f);
  const href = fid ? `#${p}f-${fid}` : undefined;
  const at = isoToUs(f.at);
  const lanes: Lane[] = [];
  const old = f.from?.mac ?? null;
  if (old) lanes.push({ key: 'old', label: f.from!.mac, sub: `old master${f.from!.ip ? ` ${f.from!.ip}` : ''}` });
  lanes.push({ key: 'new', label: f.to.mac, sub: `new master${f.to.ip ? ` ${f.to.ip}` : ''}` });
  const marks: Mark[] = [];
  const bands: Band[] = [];
  const moments: Moment[] = [];
  const refUs = f.gapMs !== null ? at - f.gapMs * 1000 : null;
  if (old && refUs !== null) {
    marks.push({ lane: 'old', us: refUs, shape: 'bar', cls: 'advert', title: `${f.cause === 'resignation' ? 'resignation' : 'last advert'} of the old master, ${f.gapMs} ms before the takeover`, ...(href ? { href } : {}) });
    bands.push({ lanes: ['new'], fromUs: refUs, toUs: at, cls: 'gap', label: `gap ${f.gapMs} ms`, title: `takeover gap: ${f.gapMs} ms (expected ${f.expectedGapMs} ms)` });
    if (f.expectedGapMs !== null) moments.push({ us: refUs + f.expectedGapMs * 1000, cls: 'expected', label: 'expected', title: `expected takeover: ${f.expectedGapMs} ms after the old master's last sign` });
  }
  marks.push({ lane: 'new', us: at, shape: 'bar', cls: 'advert', title: `frame ${f.frame}, ${f.at}: first ${f.vrid === null ? 'claim' : 'advert or claim'} of the new master`, ...(href ? { href } : {}) });
  for (const b of f.garpBursts) {
    const lane = b.mac === old ? 'old' : 'new';
    const s = isoToUs(b.start);
    bands.push({ lanes: [lane], fromUs: s, toUs: s + b.spanMs * 1000, cls: 'burst', label: `${b.count}`, title: `${b.count} ${f.family === 6 ? 'unsolicited NAs' : 'gratuitous ARPs'} for ${b.ip} from ${b.mac} over ${b.spanMs} ms from frame ${b.firstFrame}` });
    marks.push({ lane, us: s, shape: 'tri', cls: 'garp', title: `frame ${b.firstFrame}, ${b.start}: first of ${b.count} ${f.family === 6 ? 'unsolicited NAs' : 'gratuitous ARPs'} for ${b.ip}`, ...(href ? { href } : {}) });
  }
  if (f.firstReply) marks.push({ lane: 'new', us: isoToUs(f.firstReply.at), shape: 'dot', cls: 'reply', title: `frame ${f.firstReply.frame}, ${f.firstReply.at}: first reply for a VIP from ${f.firstReply.mac}` });
  for (const t of f.timeline) if (t.event.startsWith('the old master still answers') && old) marks.push({ lane: 'old', us: isoToUs(t.at), shape: 'diamond', cls: 'unsolicited', title: `frame ${t.frame}, ${t.at}: ${t.event}` });
  if (f.neighbours.length || f.clientsUnanswered.length) lanes.push({ key: 'clients', label: 'clients', sub: 'neighbours' });
  for (const nb of f.neighbours) marks.push({ lane: 'clients', us: isoToUs(nb.at), shape: 'ring', cls: 'request', title: `frame ${nb.frame}, ${nb.at}: ${nb.ip} (${nb.mac}) answered by the new master` });
  for (const w of f.clientsUnanswered) {
    const end = w.resumed ?? w.last;
    const ms = Math.round(isoToUs(end) - isoToUs(w.first)) / 1000;
    bands.push({ lanes: ['clients'], fromUs: isoToUs(w.first), toUs: isoToUs(end), cls: 'dark', label: `outage ${ms} ms`, title: `clients unanswered for ${ms} ms: ${w.requests} requests, frames ${w.firstFrame} to ${w.lastFrame}${w.resumedFrame !== null ? `, answered again at frame ${w.resumedFrame}` : ', still unanswered at the end'}` });
  }
  if (f.verdictAt) moments.push({ us: isoToUs(f.verdictAt), cls: `verdict v-${f.verdict}`, label: f.verdict, title: `verdict ${f.verdict} reached at ${f.verdictAt}${f.problems.length ? `: ${f.problems.map((x) => x.text).join('; ')}` : ''}`, ...(href ? { href } : {}) });
  const chart: Chart = { id: `${p}failover-${n}-svg`, label: `Failover timeline: ${failoverName(f)}, verdict ${f.verdict}`, lanes, marks, bands, moments };
  const problems = f.problems.length ? `<ul class="problems">${f.problems.map((x) => `<li>${esc(x.text)}</li>`).join('')}</ul>` : f.unjudged ? `<p class="unjudged">${esc(f.unjudged)}</p>` : '';
  return `<figure class="failover v-${f.verdict}" id="${p}failover-${n}"><figcaption><strong>${esc(failoverName(f))}</strong>: ${f.from ? esc(f.from.mac) : '-'} &#8594; ${esc(f.to.mac)}, ${esc(f.cause)}, <span class="verdict v-${f.verdict}">${esc(f.verdict)}</span>${href ? ` (<a href="${esc(href)}">finding</a>)` : ''}</figcaption>
${renderChart(chart)}
${problems}${textAlternative(marks, bands, moments)}</figure>`;
}

function textAlternative(marks: Mark[], bands: Band[], moments: Moment[]): string {
  const items = [...marks.map((m) => ({ us: m.us, text: m.title })), ...bands.map((b) => ({ us: b.fromUs, text: b.title })), ...moments.map((m) => ({ us: m.us, text: m.title }))].sort((a, b) => a.us - b.us || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return `<details class="alt"><summary>The picture as text (${items.length} items)</summary><ol>${items.map((i) => `<li>${esc(i.text)}</li>`).join('')}</ol></details>`;
}

function findingsList(r: Report, p: string, chartOf: Map<string, string>): string {
  const shown = r.findings.slice(0, MAX_FINDINGS_LISTED);
  const items = shown.map((f, i) => {
    const chart = chartOf.get(f.id);
    const frames = f.frames.length ? `${f.frames.map((fr, k) => (f.frameInputs ? `${f.frameInputs[k]! + 1}:${fr}` : String(fr))).join(', ')}${f.framesTotal > f.frames.length ? ` (${f.framesTotal} in all)` : ''}` : '-';
    return `<article class="finding lvl-${f.severity}" id="${p}f-${f.id}">
<h3><span class="n">${i + 1}.</span> <span class="sev sev-${f.severity}">${f.severity.toUpperCase()}</span> <code>${esc(f.code)}</code>${f.ip ? ` ${esc(f.ip)}` : ''}${esc(segmentLabel(f))}: ${esc(f.title)}</h3>
<p>${esc(f.summary)}</p>
<dl><dt>MACs</dt><dd>${f.macs.length ? f.macs.map(esc).join(', ') : '-'}</dd><dt>VLAN</dt><dd>${f.vlanPath.length ? esc(f.vlanPath.join('.')) : 'untagged'}${f.vni !== undefined ? `, VNI ${f.vni}` : ''}</dd><dt>Frames</dt><dd>${frames}</dd><dt>Seen</dt><dd>${esc(f.first ?? '-')}${f.last && f.last !== f.first ? ` .. ${esc(f.last)}` : ''}${f.count > 1 ? `, ${f.count} times` : ''}</dd><dt>Fix</dt><dd>${esc(f.fix)}</dd><dt>Id</dt><dd><code>${f.id}</code>${f.baseline ? ` (${f.baseline})` : ''}</dd></dl>${chart ? `<p class="back"><a href="#${chart}">timeline</a></p>` : ''}
</article>`;
  });
  const more = r.findings.length > shown.length ? `<p class="more">${r.findings.length - shown.length} more findings (JSON report).</p>` : '';
  return `<section class="findings" id="${p}findings"><h2>Findings</h2>${items.join('\n') || '<p>None.</p>'}${more}</section>`;
}

function uniq<T>(a: T[]): T[] {
  return [...new Set(a)];
}

const LEGEND = '<svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="5" class="lg reply"/></svg> reply <svg width="14" height="14" aria-hidden="true"><path d="M7 1L13 12L1 12Z" class="lg garp"/></svg> gratuitous ARP / unsolicited NA <svg width="14" height="14" aria-hidden="true"><path d="M7 0L13 7L7 14L1 7Z" class="lg unsolicited"/></svg> unsolicited reply <svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="4.5" class="lg request"/></svg> request <svg width="14" height="14" aria-hidden="true"><rect x="2" y="2" width="9" height="9" class="lg probe"/></svg> probe <svg width="14" height="14" aria-hidden="true"><rect x="5" y="0" width="3" height="14" class="lg advert"/></svg> advert; shaded: race (amber), clients unanswered (red), bursts (blue); dashed lines: findings raised';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1000px;padding:0 16px 40px;color:#1d232a;background:#fff}
h1{font-size:22px;margin:18px 0 2px}h2{font-size:18px;margin:26px 0 8px;border-bottom:1px solid #d8dde3;padding-bottom:4px}h3{font-size:15px;margin:0 0 4px}
.about{color:#55606c;margin:0}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}dt{color:#55606c}dd{margin:0;overflow-wrap:anywhere}
nav ul{columns:2;padding-left:18px}.codes{color:#55606c;font-size:12px}
.sev{font-weight:600;border-radius:3px;padding:0 4px}.sev-error{color:#fff;background:#b3261e}.sev-warning{color:#1d232a;background:#f2b84b}.sev-notice{color:#fff;background:#4a6fa5}.sev-info{color:#1d232a;background:#dfe6ee}
.bad{color:#b3261e}.unseen{border-left:4px solid #f2b84b;padding:2px 10px;background:#fff8e8}
figure{margin:14px 0 22px;border:1px solid #d8dde3;border-radius:6px;padding:8px;overflow-x:auto}figcaption{margin-bottom:6px}.code{font-family:ui-monospace,monospace;font-size:12px;background:#eef1f4;border-radius:3px;padding:0 4px}
svg.timeline{display:block;max-width:100%;height:auto;font:11px system-ui,sans-serif}
.lane-bg{fill:#f6f8fa}.lane-bg.odd{fill:#eef1f4}.lane-label{font:12px ui-monospace,monospace;fill:#1d232a}.lane-sub{font-size:10px;fill:#55606c}
.axis line{stroke:#9aa5b1}.axis .tick{stroke:#d8dde3}.axis text{fill:#55606c}.axis-unit{font-size:10px}
.mark circle,.mark path,.mark rect{stroke:#1d232a;stroke-width:.6}.mark .hollow{fill:#fff;stroke-width:1.4}
.reply circle,.lg.reply{fill:#2e7d32}.garp path,.lg.garp{fill:#1565c0}.unsolicited path,.lg.unsolicited{fill:#b3261e}.request circle,.lg.request{fill:#fff;stroke:#1d232a}.probe rect,.lg.probe{fill:#8e44ad}.advert rect,.lg.advert{fill:#55606c}.other circle{fill:#9aa5b1}
.band.race{fill:#f2b84b;opacity:.35}.band.dark{fill:#b3261e;opacity:.22}.band.burst{fill:#1565c0;opacity:.25}.band.dual{fill:#b3261e;opacity:.12}.band.gap{fill:#9aa5b1;opacity:.25}.band-label{font-size:10px;fill:#1d232a}
.moment line{stroke:#55606c;stroke-dasharray:4 3}.moment text{font-size:10px;fill:#1d232a}.moment.sev-error line{stroke:#b3261e}.moment.sev-warning line{stroke:#c98a10}.moment.expected line{stroke:#4a6fa5}.verdict.v-hijack line,.verdict.v-unhealthy line{stroke:#b3261e}.verdict.v-healthy line{stroke:#2e7d32}
.verdict.v-hijack,.verdict.v-unhealthy{color:#b3261e;font-weight:600}.verdict.v-healthy{color:#2e7d32;font-weight:600}
.problems{color:#b3261e;margin:4px 0}details.alt{font-size:12px;color:#55606c}details.alt ol{margin:4px 0}
article.finding{border-left:4px solid #d8dde3;padding:4px 12px;margin:12px 0}article.lvl-error{border-color:#b3261e}article.lvl-warning{border-color:#f2b84b}article.lvl-notice{border-color:#4a6fa5}
article.finding:target,figure:target{outline:2px solid #1565c0}.n{color:#55606c}.more{color:#55606c;font-style:italic}.back{margin:0;font-size:12px}
footer{margin-top:30px;color:#55606c;font-size:12px}
@media print{figure{break-inside:avoid}}
`;
