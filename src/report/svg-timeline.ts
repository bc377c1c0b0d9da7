// A lane chart in SVG for the HTML report: one lane per party (a MAC, the
// clients), marks for frames, bands for windows (a race, a dark window, a
// takeover gap), vertical lines for moments (a verdict, an expected time),
// on a packet-time axis. Pure: the same chart gives the same bytes. Every
// mark carries a <title> (its tooltip and text alternative) and may link to
// the finding it belongs to.
import { sanitize } from '../util/text.js';

export type Shape = 'dot' | 'ring' | 'tri' | 'diamond' | 'square' | 'bar';

export interface Lane {
  key: string;
  label: string;
  /** A second, smaller line under the label (an IP, a vendor). */
  sub?: string;
}

export interface Mark {
  lane: string;
  us: number;
  shape: Shape;
  /** CSS class: its colour (reply, garp, request, unsolicited, advert, ...). */
  cls: string;
  title: string;
  href?: string;
}

export interface Band {
  /** The lanes it covers; null: the whole chart. */
  lanes: string[] | null;
  fromUs: number;
  toUs: number;
  cls: string;
  title: string;
  label?: string;
  href?: string;
}

export interface Moment {
  us: number;
  cls: string;
  label: string;
  title: string;
  href?: string;
}

export interface Chart {
  id: string;
  /** What the chart shows, for screen readers. */
  label: string;
  lanes: Lane[];
  marks: Mark[];
  bands: Band[];
  moments: Moment[];
}

const WIDTH = 960;
const LEFT = 190;
const RIGHT = 16;
/** Room above the lanes for the labels of moments, in up to three rows. */
const TOP = 40;
const LABEL_ROWS = 3;
const LABEL_ROOM = 64;
const LANE = 30;
const AXIS = 34;

/** Tick steps in µs, from a millisecond to a day. */
const STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 10e3, 15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 900e3, 1800e3, 3600e3, 7200e3, 21600e3, 43200e3, 86400e3].map((ms) => ms * 1000);

export function esc(s: string): string {
  return sanitize(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function num(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** The time span a chart covers: its items, padded on both sides. */
function span(c: Chart): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const see = (us: number) => {
    if (!Number.isFinite(us)) return;
    if (us < lo) lo = us;
    if (us > hi) hi = us;
  };
  for (const m of c.marks) see(m.us);
  for (const b of c.bands) {
    see(b.fromUs);
    see(b.toUs);
  }
  for (const m of c.moments) see(m.us);
  if (lo === Infinity) return [0, 1e6];
  const width = Math.max(hi - lo, 1000);
  const pad = width * 0.04;
  return [lo - pad, hi + pad];
}

/** Clock time of a tick: HH:MM:SS, with milliseconds when the step is under a second. */
function clock(us: number, stepUs: number): string {
  const d = new Date(Math.floor(us / 1000));
  if (Number.isNaN(d.getTime())) return String(Math.round(us));
  const t = d.toISOString().slice(11, 23);
  return stepUs < 1e6 ? t : t.slice(0, 8);
}

export function renderChart(c: Chart): string {
  const [t0, t1] = span(c);
  const plot = WIDTH - LEFT - RIGHT;
  const x = (us: number) => LEFT + ((us - t0) / (t1 - t0)) * plot;
  const laneY = new Map<string, number>();
  c.lanes.forEach((l, i) => laneY.set(l.key, TOP + i * LANE + LANE / 2));
  const height = TOP + c.lanes.length * LANE + AXIS;
  const bottom = TOP + c.lanes.length * LANE;
  const out: string[] = [];
  out.push(`<svg id="${esc(c.id)}" class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${esc(c.label)}">`);
  out.push(`<title>${esc(c.label)}</title>`);
  // lanes
  c.lanes.forEach((l, i) => {
    const y = TOP + i * LANE;
    out.push(`<g class="lane" data-lane="${esc(l.key)}"><rect class="lane-bg${i % 2 ? ' odd' : ''}" x="${LEFT}" y="${y}" width="${plot}" height="${LANE}"/>`);
    out.push(`<text class="lane-label" x="${LEFT - 8}" y="${y + (l.sub ? 13 : 19)}" text-anchor="end">${esc(l.label)}</text>`);
    if (l.sub) out.push(`<text class="lane-sub" x="${LEFT - 8}" y="${y + 25}" text-anchor="end">${esc(l.sub)}</text>`);
    out.push('</g>');
  });
  // axis
  const step = STEPS.find((s) => (t1 - t0) / s <= 8) ?? STEPS[STEPS.length - 1]!;
  out.push(`<g class="axis"><line x1="${LEFT}" y1="${bottom}" x2="${LEFT + plot}" y2="${bottom}"/>`);
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    const tx = num(x(t));
    out.push(`<line class="tick" x1="${tx}" y1="${TOP}" x2="${tx}" y2="${bottom + 4}"/><text x="${tx}" y="${bottom + 16}" text-anchor="middle">${esc(clock(t, step))}</text>`);
  }
  out.push(`<text class="axis-unit" x="${LEFT + plot}" y="${bottom + 30}" text-anchor="end">packet time (UTC), ticks every ${esc(stepText(step))}</text></g>`);
  // bands under marks
  for (const b of c.bands) {
    const ys: [number, number] | null = b.lanes === null ? [TOP, bottom] : laneSpan(b.lanes, laneY);
    if (!ys) continue;
    const x0 = x(b.fromUs);
    const w = Math.max(x(b.toUs) - x0, 2);
    const rect = `<rect class="band ${esc(b.cls)}" x="${num(x0)}" y="${num(ys[0] + 2)}" width="${num(w)}" height="${num(ys[1] - ys[0] - 4)}"><title>${esc(b.title)}</title></rect>`;
    const label = b.label ? `<text class="band-label" x="${num(x0 + 3)}" y="${num(ys[0] + 12)}">${esc(b.label)}</text>` : '';
    out.push(link(b.href, `<g class="band-g" data-kind="${esc(b.cls)}">${rect}${label}</g>`));
  }
  // moments: verdicts and expected times, across every lane; labels that would overlap go a row up
  const rowEnd = new Array<number>(LABEL_ROWS).fill(-Infinity);
  const ordered = c.moments.map((m, i) => ({ m, i, px: x(m.us) })).sort((a, b) => a.px - b.px || a.i - b.i);
  for (const { m, px } of ordered) {
    let row = rowEnd.findIndex((end) => px - LABEL_ROOM / 2 >= end);
    if (row < 0) row = rowEnd.indexOf(Math.min(...rowEnd));
    rowEnd[row] = px + LABEL_ROOM / 2;
    const ty = TOP - 6 - row * 11;
    const mx = num(px);
    out.push(link(m.href, `<g class="moment ${esc(m.cls)}" data-kind="${esc(m.cls)}"><line x1="${mx}" y1="${ty + 2}" x2="${mx}" y2="${bottom}"/><text x="${mx}" y="${ty}" text-anchor="middle">${esc(m.label)}</text><title>${esc(m.title)}</title></g>`));
  }
  for (const m of c.marks) {
    const y = laneY.get(m.lane);
    if (y === undefined) continue;
    out.push(link(m.href, `<g class="mark ${esc(m.cls)}" data-kind="${esc(m.cls)}">${shape(m.shape, x(m.us), y)}<title>${esc(m.title)}</title></g>`));
  }
  out.push('</svg>');
  return out.join('\n');
}

function laneSpan(keys: string[], laneY: Map<string, number>): [number, number] | null {
  const ys = keys.map((k) => laneY.get(k)).filter((y): y is number => y !== undefined);
  if (!ys.length) return null;
  return [Math.min(...ys) - LANE / 2, Math.max(...ys) + LANE / 2];
}

function link(href: string | undefined, inner: string): string {
  return href ? `<a href="${esc(href)}">${inner}</a>` : inner;
}

function shape(s: Shape, cx: number, cy: number): string {
  const x = num(cx);
  const y = num(cy);
  switch (s) {
    case 'dot':
      return `<circle cx="${x}" cy="${y}" r="5"/>`;
    case 'ring':
      return `<circle class="hollow" cx="${x}" cy="${y}" r="4.5"/>`;
    case 'tri':
      return `<path d="M${num(cx)} ${num(cy - 7)}L${num(cx + 6)} ${num(cy + 5)}L${num(cx - 6)} ${num(cy + 5)}Z"/>`;
    case 'diamond':
      return `<path d="M${num(cx)} ${num(cy - 7)}L${num(cx + 6)} ${num(cy)}L${num(cx)} ${num(cy + 7)}L${num(cx - 6)} ${num(cy)}Z"/>`;
    case 'square':
      return `<rect x="${num(cx - 4.5)}" y="${num(cy - 4.5)}" width="9" height="9"/>`;
    case 'bar':
      return `<rect x="${num(cx - 1.5)}" y="${num(cy - 9)}" width="3" height="18"/>`;
  }
}

function stepText(us: number): string {
  if (us < 1e6) return `${us / 1000} ms`;
  if (us < 60e6) return `${us / 1e6} s`;
  if (us < 3600e6) return `${us / 60e6} min`;
  return `${us / 3600e6} h`;
}
