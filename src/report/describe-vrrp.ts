// Summaries and details of the VRRP findings raised while reading (the
// failover verdicts themselves are built in failovers.ts).
import type { Incident } from '../engine/incidents.js';
import { formatMac } from '../util/addr.js';
import { fmtMs, plural } from '../util/text.js';
import { refFrame } from '../engine/ctx.js';
import { groupLabel } from '../engine/vrrp-state.js';
import { type DescribeCtx, macList } from './describe-common.js';
import type { Described } from './schema.js';
import { formatTime } from '../util/time.js';

/** " (VIP 10.0.0.1 vlan 5)" or "; VIP ..." when the VRID has a VIP, else nothing. */
function vip(c: DescribeCtx, sep: string): string {
  return c.ip ? `${sep}VIP ${c.where}` : '';
}

export function resignation(inc: Incident<'vrrp.resignation'>, c: DescribeCtx): Described<'vrrp.resignation'> {
  const v = c.ip ? ` (${vip(c, '')})` : '';
  return {
    summary: `${groupLabel(inc.data.protocol, inc.data.vrid)}: ${macList(inc.macs)} resigned as master (${inc.data.protocol === 'vrrp' ? 'priority 0 advert' : 'HSRP resign'}) ${plural(inc.count, 'time')}${v}.`,
    details: { vrid: inc.data.vrid, resignations: inc.count },
  };
}

export function dualMaster(inc: Incident<'vrrp.dual-master'>, c: DescribeCtx): Described<'vrrp.dual-master'> {
  const eps = inc.data.episodes.map((x) => ({
    start: formatTime(x.startUs), end: formatTime(x.lastUs), durationMs: Math.round(x.lastUs - x.startUs) / 1000, routers: x.routers, alternations: x.flaps,
  }));
  const total = eps.reduce((n, x) => n + x.durationMs, 0);
  const parts = inc.data.parts.map((p) => ({ code: p.code, count: p.count, frames: p.refs.map(refFrame) }));
  const told = parts.map((p) => PART_TEXT[p.code] ?? p.code);
  return {
    summary: `${groupLabel(inc.data.protocol, inc.data.vrid)}: ${who(inc, eps)} advertised as master at the same time in ${plural(eps.length || 1, 'episode')} (${fmtMs(total)} ms in all)${vip(c, '; ')}${told.length ? `; meanwhile ${told.join(', ')}` : ''}.`,
    details: { vrid: inc.data.vrid, episodes: eps, durationMs: total, parts },
  };
}

/** The routers of a split brain: their addresses (HSRP and GLBP actives share the group's virtual MAC), with the MACs. */
function who(inc: Incident<'vrrp.dual-master'>, eps: { routers: string[] }[]): string {
  const routers = [...new Set(eps.flatMap((e) => e.routers))];
  return routers.length ? `${routers.join(', ')} (${macList(inc.macs)})` : macList(inc.macs);
}

/** What two masters do, told as parts of the split brain. */
const PART_TEXT: Record<string, string> = {
  'arp.race.multi-responder': 'both answered ARP for the VIP (a race)',
  'vrrp.vip-answered-by-backup': 'the router taken for backup answered for the VIP',
  'vrrp.garp-from-backup': 'the router taken for backup announced the VIP',
};

export function contention(inc: Incident<'vrrp.contention'>, c: DescribeCtx): Described<'vrrp.contention'> {
  const d = inc.data;
  return {
    summary: `${groupLabel(d.protocol, d.vrid)}${vip(c, ' (')}${c.ip ? ')' : ''}: ${d.routers.join(' and ')}, all priority ${d.priority}, stepped up as master together; the tie went to ${d.winner} (the higher address).`,
    details: { vrid: d.vrid, priority: d.priority, routers: d.routers, winner: d.winner },
  };
}

export function garpFromBackup(inc: Incident<'vrrp.garp-from-backup'>, c: DescribeCtx): Described<'vrrp.garp-from-backup'> {
  return {
    summary: `${macList(inc.macs)}, a backup of ${groupLabel(inc.data.protocol, inc.data.vrid)}, sent ${plural(inc.count, 'gratuitous ARP')} for ${c.where}.`,
    details: { vrid: inc.data.vrid, garps: inc.count },
  };
}

export function answeredByBackup(inc: Incident<'vrrp.vip-answered-by-backup'>, c: DescribeCtx): Described<'vrrp.vip-answered-by-backup'> {
  return {
    summary: `${macList(inc.macs)}, a backup of ${groupLabel(inc.data.protocol, inc.data.vrid)}, answered ARP for ${c.where} ${plural(inc.count, 'time')}.`,
    details: { vrid: inc.data.vrid, replies: inc.count },
  };
}

export function vmacLeak(inc: Incident<'vrrp.vmac-leak'>, c: DescribeCtx): Described<'vrrp.vmac-leak'> {
  const phys = inc.data.physical;
  return {
    summary: `${groupLabel(inc.data.protocol, inc.data.vrid)} uses a virtual MAC, but ${plural(inc.count, 'ARP frame')} carried ${c.where} with physical MAC ${macList(phys)}.`,
    details: { vrid: inc.data.vrid, frames: inc.count, physicalMacs: phys.map(formatMac) },
  };
}

export function decodeAnomaly(inc: Incident<'vrrp.decode.anomaly'>, c: DescribeCtx): Described<'vrrp.decode.anomaly'> {
  const reasons = inc.data.reasons;
  return {
    summary: `${plural(inc.count, 'VRRP packet')}${c.vlanText} malformed (${Object.entries(reasons).map(([k, v]) => `${k} ${v}`).join(', ')}).`,
    details: { reasons, sources: inc.macs.map(formatMac) },
  };
}

export function ndAnomaly(inc: Incident<'nd.decode.anomaly'>, c: DescribeCtx): Described<'nd.decode.anomaly'> {
  const reasons = inc.data.reasons;
  return {
    summary: `${plural(inc.count, 'neighbour discovery message')}${c.vlanText} dropped as a receiver must (${Object.entries(reasons).map(([k, v]) => `${k} ${v}`).join(', ')}), from ${macList(inc.macs)}.`,
    details: { reasons, sources: inc.macs.map(formatMac) },
  };
}

export function routerRogue(inc: Incident<'nd.router.rogue'>, c: DescribeCtx): Described<'nd.router.rogue'> {
  const r = formatMac(inc.macs[0]!);
  return {
    summary: inc.data.notAllowed
      ? `${r} (${c.ip}${c.vlanText}) advertises a default route, prefixes or routes and is not among the routers --expect allows${inc.data.existing.length ? ` (${macList(inc.data.existing)} advertise too)` : ''} (${plural(inc.count, 'time')}).`
      : `${r} (${c.ip}${c.vlanText}) advertises a default route, prefixes or routes while ${macList(inc.data.existing)} already did (${plural(inc.count, 'time')}).`,
    details: { router: r, existingRouters: inc.data.existing.map(formatMac), notAllowed: inc.data.notAllowed },
  };
}

export function routerSpoofed(inc: Incident<'nd.router.spoofed'>, c: DescribeCtx): Described<'nd.router.spoofed'> {
  const router = formatMac(inc.data.router);
  const spoofer = formatMac(inc.data.spoofer);
  const w = inc.data.withdrawals;
  return {
    summary: `${spoofer} sent ${plural(inc.count, 'router advertisement')} as ${c.ip}${c.vlanText}, the address of router ${router}${w ? `, ${w === inc.count ? 'all' : w} withdrawing the default route (router lifetime 0)` : ''}: a spoofed router.`,
    details: { router, spoofer, withdrawals: w },
  };
}

export function routerWithdrawn(inc: Incident<'nd.router.withdrawn'>, c: DescribeCtx): Described<'nd.router.withdrawn'> {
  const r = formatMac(inc.macs[0]!);
  return { summary: `${r} (${c.ip}${c.vlanText}) withdrew its default route (router lifetime 0) ${plural(inc.count, 'time')}.`, details: { router: r } };
}

export function routerChanged(inc: Incident<'nd.router.changed'>, c: DescribeCtx): Described<'nd.router.changed'> {
  const r = formatMac(inc.macs[0]!);
  return { summary: `${r} (${c.ip}${c.vlanText}) changed what it advertises: ${inc.data.changes.join('; ')}.`, details: { router: r, changes: inc.data.changes } };
}

export function carp(inc: Incident<'vrrp.carp'>, c: DescribeCtx): Described<'vrrp.carp'> {
  return {
    summary: `${plural(inc.count, 'CARP advert')}${c.vlanText} (vhid ${inc.data.vhids.join(', ')}) were recognised and not taken for VRRP.`,
    details: { vhids: inc.data.vhids, sources: inc.macs.map(formatMac) },
  };
}
