// Split brain is one incident: the race on a VIP between the routers of its
// group, a "backup" answering or announcing it, are what two masters do.
// They become parts of the vrrp.dual-master incident (with VRRP's fix, not a
// real server's) as the evidence arrives: those already raised when the dual
// master is raised are folded into it then, and those raised later while it
// stands are absorbed before any sink is told of them. finish() brings each
// part's count and evidence up to date.
import type { Incident, IncidentStore } from './incidents.js';
import type { IncidentCode } from './findings.js';
import { type Change, isVridMac, routerByMac, type VridState } from './vrrp-state.js';

const PART_CODES: readonly IncidentCode[] = ['arp.race.multi-responder', 'vrrp.vip-answered-by-backup', 'vrrp.garp-from-backup'];

/** True when every MAC of `inc` is a router of the group or its virtual MAC. */
function ours(s: VridState, inc: Incident): boolean {
  return inc.macs.length > 0 && inc.macs.every((m) => routerByMac(s, m) !== null || isVridMac(s, m));
}

/** `inc` becomes part of the dual master; one already told is retracted, naming it. */
function absorb(incidents: IncidentStore, dual: Incident<'vrrp.dual-master'>, inc: Incident, told: boolean): void {
  if (told) incidents.retract(inc, 'vrrp.dual-master');
  else inc.dropped = true;
  dual.data.absorbed.push(inc);
}

/** The dual master is raised: what two masters already did on the group's VIPs becomes part of it. */
export function foldSplitBrain(incidents: IncidentStore, dual: Incident<'vrrp.dual-master'>, s: VridState): void {
  for (const vip of s.vips4) {
    for (const code of PART_CODES) {
      const inc = incidents.get(code, s.vlan, vip);
      if (inc && !inc.dropped && ours(s, inc)) absorb(incidents, dual, inc, true);
    }
  }
}

/**
 * Asked before an incident is first told to sinks: true when it is a part of
 * a standing dual master of the VIP's group (absorbed into it).
 */
export function absorbedBySplitBrain(incidents: IncidentStore, inc: Incident, groupOf: (vlan: number, ip: number) => VridState | undefined): boolean {
  if (!PART_CODES.includes(inc.code)) return false;
  const s = groupOf(inc.vlan, inc.ip);
  if (!s || !s.dualRaised || s.vips4.length === 0) return false;
  const dual = incidents.get('vrrp.dual-master', s.vlan, s.vips4[0]!);
  if (!dual || dual.dropped || !ours(s, inc)) return false;
  absorb(incidents, dual, inc, false);
  return true;
}

/** True when a master change is part of a split brain its dual-master incident tells (its verdict is not told apart). */
export function inSplitBrain(e: { incidents: IncidentStore }, c: Change): boolean {
  const s = c.state;
  if (!c.dualMaster || s.vips4.length === 0) return false;
  const dual = e.incidents.get('vrrp.dual-master', s.vlan, s.vips4[0]!);
  return dual !== undefined && !dual.dropped;
}

/** The end of the capture: each absorbed part with its final count and evidence, in the dual master's details. */
export function closeSplitBrain(dual: Incident<'vrrp.dual-master'>): void {
  dual.data.parts = dual.data.absorbed.map((inc) => ({ code: inc.code, count: inc.count, refs: inc.evidenceRefs() }));
  for (const inc of dual.data.absorbed) {
    for (const r of inc.evidenceRefs()) dual.evidence(r);
    for (const m of inc.macs) dual.addMac(m);
  }
}
