// Summaries and details of the ARP findings, from each incident's data and
// what the engine knows of its address (engine.addressFacts/bindingFacts).
import type { Addr6Table } from '../engine/addr6.js';
import type { Incident } from '../engine/incidents.js';
import { refFrame } from '../engine/ctx.js';
import { formatIp, formatMac, virtualMacLabel } from '../util/addr.js';
import { fmtMs, plural } from '../util/text.js';
import { type DescribeCtx, macList } from './describe-common.js';
import type { BurstJson, DarkWindowJson, Described, MoveJson, RequestWatchJson } from './schema.js';
import type { Watch } from '../engine/requests.js';
import type { DarkWindow } from '../engine/silence.js';
import { formatTime } from '../util/time.js';

function movesJson(inc: Incident<'arp.binding.flip-flop' | 'arp.binding.changed' | 'arp.binding.takeover'>): MoveJson[] {
  return inc.data.moves.map((m) => ({ from: formatMac(m.from), to: formatMac(m.to), at: formatTime(m.us), frame: refFrame(m.ref) }));
}

export function race(inc: Incident<'arp.race.multi-responder'>, c: DescribeCtx): Described<'arp.race.multi-responder'> {
  const requests = c.engine.addressFacts(inc.vlan, inc.ip)?.rounds ?? 0;
  const responders = inc.macs.map((m) => {
    const b = c.engine.bindingFacts(inc.vlan, inc.ip, m);
    const answered = b?.answered ?? 0;
    const first = b?.firstAnswers ?? 0;
    return { mac: formatMac(m), virtual: virtualMacLabel(m), answered, firstAnswers: first, winShare: requests ? Math.round((first / requests) * 1000) / 1000 : 0 };
  });
  const ranked = [...responders].sort((x, y) => y.firstAnswers - x.firstAnswers || (x.mac < y.mac ? -1 : 1));
  const wins = ranked.filter((r) => r.firstAnswers > 0).map((r) => `${r.mac} ${r.firstAnswers}`).join(', ');
  return {
    summary: `${c.where} is answered by ${inc.macs.length} MACs (${macList(inc.macs)}): ${inc.count} of ${plural(requests, 'answered request')} got replies from more than one MAC; first to answer: ${wins}.`,
    details: {
      requests,
      multiResponderRequests: inc.count,
      responders,
      raceWinner: ranked[0]!.mac,
      requesters: inc.data.requesters.map(([rip, rmac]) => ({ ip: c.engine.ipText(inc.vlan, rip), mac: formatMac(rmac) })),
      alternations: inc.data.alternations,
    },
  };
}

export function flipFlop(inc: Incident<'arp.binding.flip-flop'>, c: DescribeCtx): Described<'arp.binding.flip-flop'> {
  const changes = c.engine.addressFacts(inc.vlan, inc.ip)?.changes ?? inc.count;
  return {
    summary: `${c.where} flip-flopped between ${macList(inc.macs)}: ${plural(changes, 'change')} of MAC, back and forth.`,
    details: { changes, moves: movesJson(inc) },
  };
}

export function changed(inc: Incident<'arp.binding.changed'>, c: DescribeCtx): Described<'arp.binding.changed'> {
  return moved(inc, c, c.v6 ? 'without an unsolicited neighbour advertisement' : 'without gratuitous ARP');
}

export function takeover(inc: Incident<'arp.binding.takeover'>, c: DescribeCtx): Described<'arp.binding.takeover'> {
  return moved(inc, c, c.v6 ? 'announced by unsolicited neighbour advertisement' : 'announced by gratuitous ARP');
}

function moved(inc: Incident<'arp.binding.changed' | 'arp.binding.takeover'>, c: DescribeCtx, how: string): { summary: string; details: { moves: MoveJson[] } } {
  const m = movesJson(inc);
  const last = m[m.length - 1]!;
  return {
    summary: `${c.where} moved from ${last.from} to ${last.to} at ${last.at} (frame ${last.frame}), ${how}${m.length > 1 ? `; ${m.length} moves in all` : ''}.`,
    details: { moves: m },
  };
}

export function spoof(inc: Incident<'arp.spoof.unsolicited-reply'>, c: DescribeCtx): Described<'arp.spoof.unsolicited-reply'> {
  const spoofers = inc.data.spoofers;
  const others = inc.macs.filter((m) => !spoofers.includes(m));
  const counts = spoofers.map((m) => ({ mac: formatMac(m), unsolicitedReplies: c.engine.bindingFacts(inc.vlan, inc.ip, m)?.unsolicited ?? 0 }));
  const n = counts.reduce((s, x) => s + x.unsolicitedReplies, 0);
  return {
    summary: `${macList(spoofers)} sent ${c.v6 ? plural(n, 'unsolicited override advertisement') : plural(n, 'unsolicited ARP reply', 'unsolicited ARP replies')} claiming ${c.where}, which ${macList(others)} also claims.`,
    details: { spoofers: counts, otherClaimants: others.map(formatMac), alternations: inc.data.alternations },
  };
}

export function leak(inc: Incident<'arp.leak.vip-sender'>, c: DescribeCtx): Described<'arp.leak.vip-sender'> {
  const { leakers, owners } = inc.data;
  return {
    summary: `${macList(leakers)} sent ${plural(inc.count, c.v6 ? 'neighbour solicitation' : 'ARP request')} with sender ${c.where}, an address answered by ${macList(owners)}.`,
    details: { leakers: leakers.map(formatMac), owners: owners.map(formatMac), requests: inc.count, alternations: inc.data.alternations },
  };
}

export function probeDefended(inc: Incident<'arp.probe.defended'>, c: DescribeCtx): Described<'arp.probe.defended'> {
  const probers = inc.data.probers;
  return {
    summary: `Address probe for ${c.where} by ${macList(probers)} was answered by ${macList(inc.macs)} (${plural(inc.count, 'time')}): the address is in use.`,
    details: { probers: probers.map(formatMac), defenders: inc.macs.map(formatMac), answers: inc.count },
  };
}

/** Bursts listed per MAC in the summary; the details list them all. */
const BURSTS_IN_SUMMARY = 4;

export function garpBurst(inc: Incident<'arp.garp.burst'>, c: DescribeCtx): Described<'arp.garp.burst'> {
  const lastStart = new Map<number, number>();
  const out: BurstJson[] = inc.data.bursts.map((b) => {
    const prev = lastStart.get(b.mac);
    lastStart.set(b.mac, b.startUs);
    return {
      mac: formatMac(b.mac),
      start: formatTime(b.startUs),
      count: b.count,
      spanMs: (b.lastUs - b.startUs) / 1000,
      firstFrame: refFrame(b.firstRef),
      afterPreviousMs: prev === undefined ? null : Math.round(b.startUs - prev) / 1000,
    };
  });
  const total = out.reduce((s, b) => s + b.count, 0);
  const story = inc.macs
    .map((m) => {
      const mine = out.filter((b) => b.mac === formatMac(m));
      const parts = mine.slice(0, BURSTS_IN_SUMMARY).map((b, i) =>
        i === 0 ? (b.count === 1 ? "1 alone" : `${b.count} in ${fmtMs(b.spanMs)} ms`) : `${b.count} more ${fmtMs((b.afterPreviousMs ?? 0) / 1000)} s later`,
      );
      const more = mine.length > BURSTS_IN_SUMMARY ? `, and ${mine.length - BURSTS_IN_SUMMARY} more bursts` : '';
      return `${formatMac(m)}: ${parts.join(', then ')}${more}`;
    })
    .join('; ');
  return {
    summary: `${c.where} announced with ${plural(total, c.v6 ? 'unsolicited neighbour advertisement' : 'gratuitous ARP')} in ${plural(out.length, 'burst')} (${story}).`,
    details: { garps: total, bursts: out, burstsDropped: inc.data.burstsDropped },
  };
}

export function garpStorm(inc: Incident<'arp.garp.storm'>, c: DescribeCtx): Described<'arp.garp.storm'> {
  const { peakPerSecond, windows } = inc.data;
  const threshold = c.engine.opts.stormRate;
  return {
    summary: `${macList(inc.macs)} sent up to ${peakPerSecond} ${c.v6 ? 'unsolicited neighbour advertisements' : 'gratuitous ARPs'} per second for ${c.where} (storm threshold ${threshold}/s) in ${plural(windows, 'one-second window')}.`,
    details: { peakPerSecond, windows, threshold },
  };
}

export function badSender(inc: Incident<'arp.frame.bad-sender-mac'>, c: DescribeCtx): Described<'arp.frame.bad-sender-mac'> {
  const eth = inc.macs.length > 1 ? `; Ethernet source ${macList(inc.macs.slice(1))}` : '';
  return {
    summary: `${plural(inc.count, 'ARP frame')} claimed ${c.where} with a non-unicast sender MAC (${formatMac(inc.macs[0]!)}${eth}).`,
    details: { frames: inc.count },
  };
}

export function ethMismatch(inc: Incident<'arp.frame.eth-mismatch'>, c: DescribeCtx): Described<'arp.frame.eth-mismatch'> {
  return {
    summary: `${plural(inc.count, 'ARP frame')} for ${c.where} named sender MAC ${formatMac(inc.macs[0]!)}, but the Ethernet source was ${macList(inc.macs.slice(1))}.`,
    details: { senderMac: formatMac(inc.macs[0]!), ethernetSources: inc.macs.slice(1).map(formatMac) },
  };
}

export function decodeAnomaly(inc: Incident<'arp.decode.anomaly'>, c: DescribeCtx): Described<'arp.decode.anomaly'> {
  const reasons = c.engine.stats.anomalies();
  const list = Object.entries(reasons).map(([k, v]) => `${k === 'truncated' ? 'truncated' : `bad ${k}`} ${v}`).join(', ');
  return {
    summary: `${plural(inc.count, 'ARP frame')}${c.vlanText} could not be decoded as Ethernet/IPv4 ARP (${list}).`,
    details: { reasons, sources: inc.macs.map(formatMac) },
  };
}

/** A dark window as JSON; `ipText` names the requesters' addresses (IPv4 by default; the engine's for IPv6 segments). */
export function darkWindowJson(w: DarkWindow, ipText: (ip: number) => string = formatIp): DarkWindowJson {
  return {
    first: formatTime(w.firstUs),
    firstFrame: refFrame(w.firstRef),
    last: formatTime(w.lastUs),
    lastFrame: refFrame(w.lastRef),
    requests: w.requests,
    requesters: w.requesters.map(([ip, mac]) => ({ ip: ipText(ip), mac: formatMac(mac) })),
    lastHeard: formatTime(w.lastHeardUs),
    resumed: w.resumedUs >= 0 || w.resumedRef >= 0 ? formatTime(w.resumedUs) : null,
    resumedFrame: w.resumedRef >= 0 ? refFrame(w.resumedRef) : null,
    resumedBy: w.resumedMac >= 0 ? formatMac(w.resumedMac) : null,
  };
}

/** Windows told in the summary; the details list them all. */
const WINDOWS_IN_SUMMARY = 3;

export function silentAddress(inc: Incident<'arp.silent.address'>, c: DescribeCtx): Described<'arp.silent.address'> {
  const ws = inc.data.windows.map((w) => darkWindowJson(w, (ip) => c.engine.ipText(inc.vlan, ip)));
  const told = ws.slice(0, WINDOWS_IN_SUMMARY).map((w) => {
    const who = w.requesters.map((r) => r.ip).join(', ');
    const end = w.resumed ? `answering resumed at ${w.resumed} (frame ${w.resumedFrame}) from ${w.resumedBy}` : 'still unanswered at the end of the capture';
    return `${plural(w.requests, 'request')} from ${who} unanswered from ${w.first} (frame ${w.firstFrame}) to ${w.last} (frame ${w.lastFrame}); ${end}`;
  });
  const more = ws.length > WINDOWS_IN_SUMMARY ? `; and ${ws.length - WINDOWS_IN_SUMMARY} more windows` : '';
  return {
    summary: `${c.where} stopped answering ${c.engine.isIpv6(inc.vlan) ? 'neighbour solicitations' : 'ARP'}${ws.length > 1 ? ` ${ws.length} times` : ''}: ${told.join('; then ')}${more}.`,
    details: { windows: ws, windowsDropped: inc.data.windowsDropped },
  };
}

function watchJson(w: Watch, c: DescribeCtx): RequestWatchJson {
  const addresses = Math.max(w.targets.size + w.targetsOver, w.silentTotal);
  const unanswered = w.silentTotal;
  const durationMs = Math.round(w.lastUs - w.firstUs) / 1000;
  return {
    sender: { ip: c.engine.ipText(w.vlan, w.ip), mac: formatMac(w.mac) },
    requests: w.requests,
    addresses,
    range: c.engine.isIpv6(w.vlan) ? range6(c.engine.addr6, w.targets.size > 0 ? w.targets.keysOf() : w.silent.keysOf()) : [formatIp(w.minTarget), formatIp(w.maxTarget)],
    unanswered,
    first: formatTime(w.firstUs),
    last: formatTime(w.lastUs),
    durationMs,
    perSecond: durationMs > 0 ? Math.round((w.requests / durationMs) * 1000 * 10) / 10 : w.requests,
    peakPerSecond: w.peakPerSecond,
    stormWindows: w.stormWindows,
  };
}

export function scan(inc: Incident<'arp.scan'>, c: DescribeCtx): Described<'arp.scan'> {
  const d = watchJson(inc.data.watch!, c);
  return {
    summary: `${d.sender.mac} (${d.sender.ip}${c.vlanText}) asked for at least ${d.addresses} addresses from ${d.range[0]} to ${d.range[1]} in ${plural(d.requests, 'request')} over ${fmtMs(d.durationMs / 1000)} s (up to ${d.peakPerSecond} per second); ${d.unanswered} of them never answered.`,
    details: d,
  };
}

export function requestStorm(inc: Incident<'arp.request.storm'>, c: DescribeCtx): Described<'arp.request.storm'> {
  const d = watchJson(inc.data.watch!, c);
  return {
    summary: `${d.sender.mac} (${d.sender.ip}${c.vlanText}) kept asking for the same ${plural(d.addresses, 'address', 'addresses')} at up to ${d.peakPerSecond} requests per second (${plural(d.stormWindows, 'one-second window')} at ${c.engine.opts.requestStormRate}/s or more; ${plural(d.requests, 'request')} from ${d.first} to ${d.last}).`,
    details: d,
  };
}

export function hijack(inc: Incident<'arp.garp.hijack'>, c: DescribeCtx): Described<'arp.garp.hijack'> {
  const moves = inc.data.moves.map((m) => ({ from: formatMac(m.from), to: formatMac(m.to), at: formatTime(m.us), frame: refFrame(m.ref) }));
  const seen = inc.data.ownerSeen.map((o) => ({ mac: formatMac(o.mac), at: formatTime(o.us), frame: refFrame(o.ref) }));
  const m = moves[0]!;
  const s = seen[0]!;
  return {
    summary: `${m.to} announced ${c.where} with ${c.v6 ? 'an unsolicited neighbour advertisement' : 'gratuitous ARP'} at ${m.at} (frame ${m.frame}), taking it from ${m.from}, which was still using it at ${s.at} (frame ${s.frame})${moves.length > 1 ? `; ${moves.length} such announcements` : ''}: a conflict or a hijack, not a failover.`,
    details: { moves, ownerSeen: seen },
  };
}

export function impersonation(inc: Incident<'arp.claim.impersonation'>, c: DescribeCtx): Described<'arp.claim.impersonation'> {
  const impostor = formatMac(inc.data.impostor);
  const holders = inc.macs.filter((m) => m !== inc.data.impostor).map(formatMac);
  const claim = inc.data.claimRef >= 0 ? refFrame(inc.data.claimRef) : null;
  const held = holders.length ? `, which ${holders.join(', ')} also holds,` : ` in unsolicited replies (no other MAC claimed it in the capture),`;
  return {
    summary: `${impostor} answered for ${c.where}${claim !== null ? ` (frame ${claim})` : ''}${held} then asked who has ${c.ip} itself (${plural(inc.data.requests, 'request')}): it knows the address is not its own.`,
    details: { impostor, claimFrame: claim, requests: inc.data.requests, holders },
  };
}

export function oneSided(inc: Incident<'arp.spoof.one-sided'>, c: DescribeCtx): Described<'arp.spoof.one-sided'> {
  const mac = inc.macs[0] ?? 0;
  const claimant = formatMac(mac);
  const replies = c.engine.bindingFacts(inc.vlan, inc.ip, mac)?.unsolicited ?? inc.count;
  const victims = inc.data.victims.map(([ip, m]) => ({ ip: c.engine.ipText(inc.vlan, ip), mac: formatMac(m) }));
  const told = victims.length ? ` to ${victims.map((v) => `${v.ip} (${v.mac})`).join(', ')}` : '';
  const what = c.v6 ? plural(replies, 'unsolicited neighbour advertisement') : plural(replies, 'unsolicited reply', 'unsolicited replies');
  return {
    summary: `${claimant} claimed ${c.where} in ${what}${told}, and never answered a request for it nor asked as it: cache poisoning with the owner silent in the capture, or an owner whose requests the capture missed.`,
    details: { claimant, unsolicitedReplies: replies, victims },
  };
}

export function ownAddress(inc: Incident<'arp.claim.own-address'>, c: DescribeCtx): Described<'arp.claim.own-address'> {
  const claimants = inc.data.claimants.map(formatMac);
  return {
    summary: `${claimants.join(', ')} claimed ${c.where}, an address of the capturing interface (${formatMac(inc.data.ownMac)}), in ${plural(inc.count, 'frame')}.`,
    details: { ownMac: formatMac(inc.data.ownMac), claimants },
  };
}

/** The lowest and highest IPv6 address among ids (address order, not the order they were seen). */
function range6(t: Addr6Table, ids: Iterable<number>): [string, string] {
  let lo = -1;
  let hi = -1;
  for (const id of ids) {
    if (lo < 0 || t.compare(id, lo) < 0) lo = id;
    if (hi < 0 || t.compare(hi, id) < 0) hi = id;
  }
  return lo < 0 ? ['', ''] : [t.text(lo), t.text(hi)];
}
