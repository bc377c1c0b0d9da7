// What the VRRP tracker keeps per (VLAN, address family, VRID), and the
// questions both the tracker and the ARP evidence ask of it.
import { fhrpGroup, vrrpVrid } from '../util/addr.js';
import type { FhrpProtocol } from '../decode/vrrp.js';
import type { DualEpisode } from './incidents.js';
import type { DarkWindow } from './silence.js';

export interface VrrpOptions {
  /** A master change with no GARP for a VIP this long after it has a missing GARP burst (ms). */
  garpWaitMs: number;
  /** GARPs, replies and neighbours this long after a change belong to its timeline (ms). */
  failoverWindowMs: number;
  /** GARPs expected in the first burst after a takeover (keepalived: 5). */
  expectGarps: number;
}

export const DEFAULT_VRRP_OPTIONS: VrrpOptions = { garpWaitMs: 3000, failoverWindowMs: 12000, expectGarps: 5 };

export interface Router {
  /** Its source address as text (made once, when the router is first seen), and as a number (IPv4) or words (IPv6) to find it by. */
  ip: string;
  src4: number;
  src6: Uint32Array | null;
  mac: number;
  priority: number;
  intervalMs: number;
  version: number;
  firstUs: number;
  lastUs: number;
  prevUs: number; // the advert before lastUs
  /** Its last message of any kind (HSRP/GLBP standby hellos do not move lastUs). */
  heardUs: number;
  firstRef: number;
  lastRef: number;
  adverts: number;
  /** Its last message claimed the gateway (always for VRRP; HSRP/GLBP standby and listen hellos end a claim). */
  claiming: boolean;
}

export interface FailoverProblem {
  code: 'garp-missing' | 'garp-short' | 'na-no-override' | 'na-no-router' | 'slow-takeover' | 'old-master-answers' | 'dual-master' | 'unknown-router' | 'physical-garp';
  text: string;
}

/** A change's verdict (failover.ts): a hostile coup is a hijack, never a failover. */
export type FailoverVerdict = 'healthy' | 'unhealthy' | 'unjudged' | 'hijack';

export interface Change {
  state: VridState;
  from: { ip: string; mac: number; priority: number; lastUs: number; lastRef: number } | null;
  /** The new master; heardUs: its first message of any kind in the group. */
  to: { ip: string; mac: number; priority: number; intervalMs: number; firstUs: number; firstRef: number; heardUs: number };
  cause: 'failure' | 'resignation' | 'preemption';
  atUs: number;
  ref: number;
  gapUs: number | null;
  expectedGapUs: number | null;
  resignUs: number | null;
  resignRef: number | null;
  vips: number[];
  garps: { ip: number; mac: number; us: number; ref: number; override: boolean; router: boolean }[];
  firstReply: { mac: number; us: number; ref: number } | null;
  neighbours: { ip: number; mac: number; us: number; ref: number }[];
  /** Replies for a VIP from the old master after the change. */
  oldMasterAnswers: { us: number; ref: number }[];
  /** ARP moves of a VIP that this change explains (not reported as conflicts). */
  arpMoves: number;
  /** Clients' requests for a VIP that went unanswered around the change: the outage they saw. */
  darkWindows: DarkWindow[];
  /** Routers of the new master's priority that stepped up with it (contention). */
  contenders: string[];
  dualMaster: boolean;
  /** The verdict, null until its evidence is complete (failover.ts); its problems, and why it could not be judged. */
  verdict: FailoverVerdict | null;
  problems: FailoverProblem[];
  unjudged: string | null;
  /** Its GARP wait is over; the packet time of its (latest) verdict, -1 before any. */
  due: boolean;
  judgedUs: number;
}

export interface VridState {
  vlan: number;
  family: 4 | 6;
  /** VRRP, or HSRP/GLBP (whose group is the vrid here). */
  protocol: FhrpProtocol;
  /** HSRP/GLBP: the hold time after which the active gateway is declared down (ms); 0 for VRRP. */
  holdMs: number;
  vrid: number;
  /** In order of first advert; at most a few (MAX_ROUTERS), found by source address without making its text. */
  routers: Router[];
  master: Router | null;
  vips4: number[];
  vips6: string[];
  /** The IPv6 VIPs as the ids neighbour discovery uses, in the VRID segment's IPv6 twin (`vlan6`, -1 before any). */
  vips6Ids: number[];
  vlan6: number;
  vmac: boolean;
  changes: Change[];
  changesDropped: number;
  resignUs: number;
  resignRef: number;
  resignBy: Router | null;
  adverts: number;
  /** The last few GARPs for the VRID's VIPs, for a change whose first advert comes after them. */
  recentGarps: { ip: number; mac: number; us: number; ref: number; override: boolean; router: boolean }[];
  dual: DualEpisode | null;
  dualRaised: boolean;
  dualEpisodes: DualEpisode[];
}

/** The router of the VRID that advertised from this MAC, or null. */
export function routerByMac(s: VridState, mac: number): Router | null {
  for (const r of s.routers) if (r.mac === mac) return r;
  return null;
}

/** True for the group's own virtual MAC: VRRP's when it advertises from one (use_vmac); HSRP's and GLBP's always. */
export function isVridMac(s: VridState, mac: number): boolean {
  if (s.protocol === 'vrrp') return s.vmac && vrrpVrid(mac) === s.vrid;
  return fhrpGroup(mac, s.protocol) === s.vrid;
}

/** How long a router's last claim keeps it alive (µs): 1.5 intervals for VRRP, the hold time for HSRP and GLBP. */
export function aliveUs(s: VridState, r: Router): number {
  return s.protocol === 'vrrp' ? r.intervalMs * 1500 : Math.max(s.holdMs * 1000, r.intervalMs * 1500);
}

/** "VRID 51", "HSRP group 1", "GLBP group 1". */
export function groupLabel(protocol: FhrpProtocol, vrid: number): string {
  return protocol === 'vrrp' ? `VRID ${vrid}` : `${protocol.toUpperCase()} group ${vrid}`;
}

/** True for the master's MAC, physical or virtual. */
export function isMasterMac(s: VridState, mac: number): boolean {
  return (s.master !== null && s.master.mac === mac) || isVridMac(s, mac);
}

/** The group's first IPv4 VIP (its findings' address), or -1. */
export function firstVip(s: VridState): number {
  return s.vips4.length ? s.vips4[0]! : -1;
}
