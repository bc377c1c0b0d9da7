// What the VRRP tracker keeps per (VLAN, address family, VRID), and the
// questions both the tracker and the ARP evidence ask of it.
import { vrrpVrid } from '../util/addr.js';
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
  ip: string;
  mac: number;
  priority: number;
  intervalMs: number;
  version: number;
  firstUs: number;
  lastUs: number;
  prevUs: number; // the advert before lastUs
  firstRef: number;
  lastRef: number;
  adverts: number;
}

export interface Change {
  state: VridState;
  from: { ip: string; mac: number; priority: number; lastUs: number; lastRef: number } | null;
  to: { ip: string; mac: number; priority: number; intervalMs: number; firstUs: number; firstRef: number };
  cause: 'failure' | 'resignation' | 'preemption';
  atUs: number;
  ref: number;
  gapUs: number | null;
  expectedGapUs: number | null;
  resignUs: number | null;
  resignRef: number | null;
  vips: number[];
  garps: { ip: number; mac: number; us: number; ref: number }[];
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
}

export interface VridState {
  vlan: number;
  family: number;
  vrid: number;
  routers: Map<string, Router>;
  master: Router | null;
  vips4: number[];
  vips6: string[];
  vmac: boolean;
  changes: Change[];
  changesDropped: number;
  resignUs: number;
  resignRef: number;
  resignBy: Router | null;
  adverts: number;
  /** The last few GARPs for the VRID's VIPs, for a change whose first advert comes after them. */
  recentGarps: { ip: number; mac: number; us: number; ref: number }[];
  dual: DualEpisode | null;
  dualRaised: boolean;
  dualEpisodes: DualEpisode[];
}

/** The router of the VRID that advertised from this MAC, or null. */
export function routerByMac(s: VridState, mac: number): Router | null {
  for (const r of s.routers.values()) if (r.mac === mac) return r;
  return null;
}

/** True for the VRID's own virtual MAC when it advertises from one (use_vmac). */
export function isVridMac(s: VridState, mac: number): boolean {
  return s.vmac && vrrpVrid(mac) === s.vrid;
}

/** True for the master's MAC, physical or virtual. */
export function isMasterMac(s: VridState, mac: number): boolean {
  return (s.master !== null && s.master.mac === mac) || isVridMac(s, mac);
}
