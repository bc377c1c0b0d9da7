// Failovers as the report shows them: each VRRP master change with its
// timeline (old master's last advert, new master's first, GARP bursts, first
// reply, neighbours answered) and its verdict; and GARP-announced takeovers
// without VRRP (vrid null).
import type { Engine } from '../engine/engine.js';
import { refFrame } from '../engine/ctx.js';
import { garpBursts } from '../engine/failover.js';
import { segmentOf } from './segment.js';
import { darkWindowJson } from './describe-arp.js';
import { formatIp, formatMac } from '../util/addr.js';
import { fmtMs, plural } from '../util/text.js';
import type { FailoverJson } from './schema.js';
import { formatTime, isoToUs } from '../util/time.js';
import { type Change, groupLabel } from '../engine/vrrp-state.js';

/** A failover with what the report needs beyond its JSON: evidence refs and raw numbers. */
export interface FailoverWork {
  json: FailoverJson;
  refs: number[];
  firstUs: number;
  fromMac: number | null;
  toMac: number;
  vipNum: number;
  /** The engine's VLAN index. */
  vlanIndex: number;
  /** The segment vipNum is an address of: the VLAN index, or its IPv6 twin for an IPv6 VIP (an id). */
  vipVlan: number;
  /** The engine's master change (null for a GARP-announced takeover without a group). */
  change: Change | null;
}

/** Timeline entries shown for the old master still answering; the count is in problems. */
const OLD_MASTER_EVENTS = 4;

export function failovers(e: Engine): FailoverWork[] {
  const out = [...vrrpChanges(e), ...garpTakeovers(e)];
  return out.sort((a, b) => a.firstUs - b.firstUs || (a.json.vrid ?? -1) - (b.json.vrid ?? -1));
}

/** Failovers as they stand now, without closing the analysis (for the dashboard). */
export function currentFailovers(engine: Engine): FailoverJson[] {
  return failovers(engine).map((f) => f.json);
}

function vrrpChanges(e: Engine): FailoverWork[] {
  const out: FailoverWork[] = [];
  for (const s of e.vrrp.states) for (const c of s.changes) out.push(changeWork(e, c));
  return out;
}

/** One master change as the report shows it, with the engine's verdict. */
export function changeWork(e: Engine, c: Change): FailoverWork {
  const s = c.state;
  const seg = segmentOf(e, s.vlan);
  // IPv6 VIPs are ids of the VRID segment's IPv6 twin, announced with unsolicited NAs
  const v6 = s.family !== 4;
  const ipText = (ip: number) => (v6 ? e.addr6.text(ip) : formatIp(ip));
  const garp = v6 ? 'unsolicited NA' : 'GARP';
  const ask = v6 ? 'neighbour solicitations' : 'ARP';
  // the engine's verdict (failover.ts); a change still inside its GARP wait has none yet
  const verdict = c.verdict ?? 'pending';
  const problems = c.problems;
  const unjudged = c.verdict === null ? `verdict due ${e.vrrp.opts.garpWaitMs} ms after the change (--garp-wait)` : c.unjudged;
  const bursts = garpBursts(c, e.opts.burstGapMs * 1000);
  const timeline: { us: number; ref: number; event: string }[] = [];
  const advert = s.protocol === 'vrrp' ? 'advert' : `${s.protocol.toUpperCase()} active hello`;
  const resigns = s.protocol === 'vrrp' ? 'old master resigns (priority 0 advert)' : 'old active gateway resigns or steps down';
  if (c.from) timeline.push({ us: c.from.lastUs, ref: c.from.lastRef, event: `last ${advert} of the old master ${c.from.ip} (priority ${c.from.priority})` });
  if (c.resignUs !== null) timeline.push({ us: c.resignUs, ref: c.resignRef!, event: resigns });
  timeline.push({ us: c.atUs, ref: c.ref, event: `first ${s.protocol === 'vrrp' ? advert : `${s.protocol.toUpperCase()} claim (coup or active hello)`} of the new master ${c.to.ip} (priority ${c.to.priority})` });
  for (const b of bursts) timeline.push({ us: b.startUs, ref: b.firstRef, event: `${garp} burst for ${ipText(b.ip)} from ${formatMac(b.mac)}: ${plural(b.count, 'frame')} over ${fmtMs((b.lastUs - b.startUs) / 1000)} ms` });
  if (c.firstReply) timeline.push({ us: c.firstReply.us, ref: c.firstReply.ref, event: `first ${v6 ? 'solicited NA' : 'ARP reply'} for a VIP from the new master (${formatMac(c.firstReply.mac)})` });
  for (const n of c.neighbours) timeline.push({ us: n.us, ref: n.ref, event: `neighbour ${ipText(n.ip)} (${formatMac(n.mac)}) answered by the new master` });
  for (const a of c.oldMasterAnswers.slice(0, OLD_MASTER_EVENTS)) timeline.push({ us: a.us, ref: a.ref, event: `the old master still answers ${ask} for the VIP` });
  for (const w of c.darkWindows) {
    timeline.push({ us: w.firstUs, ref: w.firstRef, event: `clients' requests for ${ipText(w.ip)} go unanswered (${plural(w.requests, 'request')} until ${formatTime(w.lastUs)})` });
    if (w.resumedRef >= 0) timeline.push({ us: w.resumedUs, ref: w.resumedRef, event: `answering resumes from ${formatMac(w.resumedMac)}: the outage clients saw lasted ${fmtMs((w.resumedUs - w.firstUs) / 1000)} ms` });
  }
  timeline.sort((a, b) => a.us - b.us || a.ref - b.ref);
  return {
    json: {
      ...seg,
      vrid: s.vrid,
      protocol: s.protocol,
      family: s.family,
      vips: s.family === 4 ? c.vips.map(formatIp) : s.vips6.slice(),
      from: c.from ? { ip: c.from.ip, mac: formatMac(c.from.mac) } : null,
      to: { ip: c.to.ip, mac: formatMac(c.to.mac) },
      cause: c.cause,
      at: formatTime(c.atUs),
      frame: refFrame(c.ref),
      gapMs: c.gapUs === null ? null : Math.round(c.gapUs) / 1000,
      expectedGapMs: c.expectedGapUs === null ? null : Math.round(c.expectedGapUs) / 1000,
      garpBursts: bursts.map((b) => ({ mac: formatMac(b.mac), ip: ipText(b.ip), count: b.count, firstFrame: refFrame(b.firstRef), start: formatTime(b.startUs), spanMs: (b.lastUs - b.startUs) / 1000 })),
      firstReply: c.firstReply ? { mac: formatMac(c.firstReply.mac), at: formatTime(c.firstReply.us), frame: refFrame(c.firstReply.ref) } : null,
      neighbours: c.neighbours.map((n) => ({ ip: ipText(n.ip), mac: formatMac(n.mac), at: formatTime(n.us), frame: refFrame(n.ref) })),
      clientsUnanswered: c.darkWindows.map((w) => darkWindowJson(w, ipText)),
      verdict,
      verdictAt: c.judgedUs >= 0 ? formatTime(c.judgedUs) : null,
      healthy: verdict === 'healthy',
      unjudged,
      problems,
      timeline: timeline.map((t) => ({ at: formatTime(t.us), frame: refFrame(t.ref), event: t.event })),
    },
    // the outage's evidence too: its first and last unanswered requests and the answer that ended it
    refs: [...(c.from ? [c.from.lastRef] : []), c.ref, ...bursts.map((b) => b.firstRef), ...(c.firstReply ? [c.firstReply.ref] : []), ...c.darkWindows.flatMap((w) => [w.firstRef, w.lastRef, ...(w.resumedRef >= 0 ? [w.resumedRef] : [])])],
    firstUs: c.atUs,
    fromMac: c.from ? c.from.mac : null,
    toMac: c.to.mac,
    vipNum: c.vips[0] ?? -1,
    vlanIndex: s.vlan,
    vipVlan: v6 ? s.vlan6 : s.vlan,
    change: c,
  };
}

/** GARP-announced takeovers with no VRRP behind them are failovers too. */
function garpTakeovers(e: Engine): FailoverWork[] {
  const out: FailoverWork[] = [];
  const windowUs = e.opts.failoverWindowMs * 1000;
  for (const inc of e.findings()) {
    if (!inc.is('arp.binding.takeover')) continue;
    const seg = segmentOf(e, inc.vlan);
    const garp = e.incidents.get('arp.garp.burst', inc.vlan, inc.ip);
    const hijacked = e.incidents.get('arp.garp.hijack', inc.vlan, inc.ip)?.data.moves ?? [];
    for (const m of inc.data.moves) {
      if (hijacked.includes(m)) continue;
      const bursts = (garp?.data.bursts ?? []).filter((b) => b.mac === m.to && b.startUs >= m.us - 1e6 && b.startUs <= m.us + windowUs);
      const v6 = e.isIpv6(inc.vlan);
      const ip = e.ipText(inc.vlan, inc.ip);
      out.push({
        json: {
          ...seg, vrid: null, protocol: null, family: v6 ? 6 : 4, vips: [ip],
          from: { ip: null, mac: formatMac(m.from) }, to: { ip: null, mac: formatMac(m.to) }, cause: 'garp-takeover',
          at: formatTime(m.us), frame: refFrame(m.ref), gapMs: null, expectedGapMs: null,
          garpBursts: bursts.map((b) => ({ mac: formatMac(b.mac), ip, count: b.count, firstFrame: refFrame(b.firstRef), start: formatTime(b.startUs), spanMs: (b.lastUs - b.startUs) / 1000 })),
          firstReply: null, neighbours: [], clientsUnanswered: [], verdict: 'healthy', verdictAt: formatTime(m.us), healthy: true, unjudged: null, problems: [],
          timeline: [{ at: formatTime(m.us), frame: refFrame(m.ref), event: `${formatMac(m.to)} announces ${ip} with ${v6 ? 'unsolicited neighbour advertisements' : 'gratuitous ARP'} (was ${formatMac(m.from)})` }],
        },
        refs: [m.ref], firstUs: m.us, fromMac: m.from, toMac: m.to, vipNum: inc.ip, vlanIndex: inc.vlan, vipVlan: inc.vlan, change: null,
      });
    }
  }
  return out;
}

/** The codes a failover's verdict is reported under (failoverCode). */
export const FAILOVER_CODES: ReadonlySet<string> = new Set(['vrrp.failover', 'vrrp.failover.unhealthy', 'vrrp.failover.unjudged', 'vrrp.hijack']);

/** The finding code of a failover's verdict. */
export function failoverCode(f: FailoverJson): 'vrrp.failover' | 'vrrp.failover.unhealthy' | 'vrrp.failover.unjudged' | 'vrrp.hijack' {
  return f.verdict === 'hijack' ? 'vrrp.hijack' : f.healthy ? 'vrrp.failover' : f.problems.length ? 'vrrp.failover.unhealthy' : 'vrrp.failover.unjudged';
}

/** The verdict sentence of a VRRP failover. */
export function failoverSummary(f: FailoverJson): string {
  const why = f.cause === 'resignation' ? 'after the old master resigned' : f.cause === 'preemption' ? 'by preemption (higher priority)' : 'after the old master stopped advertising';
  const gap = f.gapMs === null ? '' : `: gap ${f.gapMs} ms (expected ${f.expectedGapMs} ms)`;
  const health = f.verdict === 'hijack' ? `HIJACK, not a failover: ${f.problems.map((p) => p.text).join('; ')}` : f.healthy ? 'healthy' : f.problems.length ? `problems: ${f.problems.map((p) => p.text).join('; ')}` : 'not judged';
  const garps = f.garpBursts.reduce((n, b) => n + b.count, 0);
  const announced = f.unjudged ?? `${plural(garps, f.family === 6 ? 'unsolicited neighbour advertisement' : 'gratuitous ARP')} in ${plural(f.garpBursts.length, 'burst')}`;
  const vlan = `${f.vni !== undefined ? ` vni ${f.vni}` : ''}${f.vlanPath.length ? ` vlan ${f.vlanPath.join('.')}` : ''}`;
  return `${groupLabel(f.protocol ?? 'vrrp', f.vrid ?? 0)}${f.family === 6 ? ' (IPv6)' : ''}${vlan}: master moved from ${f.from ? `${f.from.ip} (${f.from.mac})` : 'none'} to ${f.to.ip} (${f.to.mac}) at ${f.at} (frame ${f.frame}) ${why}${gap}; ${announced}${outage(f)}; ${health}.`;
}

/** How long clients went unanswered around the change, with the frames to open ('' when they never did). */
function outage(f: FailoverJson): string {
  return f.clientsUnanswered
    .map((w) => {
      const ms = Math.round(isoToUs(w.resumed ?? w.last) - isoToUs(w.first)) / 1000;
      return `; clients unanswered for ${fmtMs(ms)} ms (${plural(w.requests, 'request')}, frames ${w.firstFrame} to ${w.lastFrame}${w.resumedFrame !== null ? `, answered again at frame ${w.resumedFrame}` : ', still unanswered at the end'})`;
    })
    .join('');
}

