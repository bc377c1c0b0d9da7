// Silence: who-has requests nobody answered. The pending-request table tells
// of each unanswered request when its slot is reused or at the end; here
// they become either a dark window of an address that spoke before (it went
// quiet: a host down, a VIP dropped in a failover, both VRRP routers backup)
// or a count against an address never heard from in the capture (listed in
// the report, not an alarm each). A dark window is raised the moment it
// opens (its second unanswered request), live as offline; its end adds the
// evidence. Nothing here runs per frame unless a window is open: answers
// check the open windows only while there are some. A VIP of a VRRP/HSRP/
// GLBP group that goes dark is most likely failing over: its window waits
// --failover-window for a master change that explains it (it is then the
// outage clients saw in that failover), and is raised only if none does.
import type { FrameCtx } from './ctx.js';
import { type DarkWindow, type IncidentStore, MAX_LISTED } from './incidents.js';

export type { DarkWindow } from './incidents.js';
import type { PendingRequests } from './pending.js';
import type { Tables } from './tables.js';
import { SegmentMap } from './segment-map.js';

/** Requests unanswered in a row that make a dark window: the first and at least one retry. */
export const DARK_MIN_REQUESTS = 2;
/** Dark windows kept per address; more are counted. */
const MAX_WINDOWS = 16;
/** Addresses never heard from that are listed; past this they are counted only. */
const MAX_UNHEARD = 4096;

/** Requests for an address that never answered in the capture. */
export interface Unheard {
  vlan: number;
  ip: number;
  requests: number;
  firstUs: number;
  firstRef: number;
  lastUs: number;
  lastRef: number;
  requesters: [ip: number, mac: number][];
}

export class Silence {
  /** Open windows by (VLAN index, IP). */
  private readonly open = new SegmentMap<DarkWindow>();
  /** Unanswered requests not yet a window (one each so far), by (VLAN index, IP). */
  private readonly pendingFirst = new SegmentMap<DarkWindow>();
  readonly unheard = new SegmentMap<Unheard>();
  /** Requests for never-heard addresses past the first MAX_UNHEARD: counted, their addresses not told apart. */
  unheardUntracked = 0;
  /** Unanswered requests in all (never-heard addresses included). */
  unansweredRequests = 0;

  constructor(
    private readonly ctx: FrameCtx,
    private readonly tables: Tables,
    private readonly pending: PendingRequests,
    private readonly incidents: IncidentStore,
  ) {
  }

  /** True while some address is dark or about to be: answers must be checked then (a field: read per answer). */
  watching = false;
  /** Set by the engine: is (vlan, ip) a VIP of a group, and does a master change of its group explain window w (then it is that change's outage). */
  vips: { isVip(vlan: number, ip: number): boolean; explain(vlan: number, ip: number, w: DarkWindow): boolean; waitUs: number } | null = null;
  /** Dark windows of VIPs waiting for a master change that explains them, in order of their due time. */
  private readonly deferred: { vlan: number; ip: number; w: DarkWindow; dueUs: number }[] = [];
  /** Packet time after which the first deferred window is due; Infinity when none waits. */
  deferDueUs = Infinity;

  private rewatch(): void {
    this.watching = this.open.size > 0 || this.pendingFirst.size > 0;
  }

  /** A request in pending-table slot `slot` went unanswered for the whole window; true when its target has a record (it spoke, or was claimed). */
  unanswered(slot: number): boolean {
    const p = this.pending;
    const t = this.tables;
    const vlan = p.vlanOf(slot);
    const tgt = p.tgtIpS(slot);
    const us = p.us(slot);
    const ref = p.ref(slot);
    const reqIp = p.reqIpS(slot) >>> 0;
    const reqMac = p.reqMac(slot);
    this.unansweredRequests++;
    const a = t.findAddr(vlan, tgt);
    const heard = a >= 0 ? lastHeard(t, a, us) : -Infinity;
    if (heard === -Infinity) {
      this.count(vlan, tgt >>> 0, us, ref, reqIp, reqMac);
      return a >= 0;
    }
    let w = this.open.get(vlan, tgt) ?? this.pendingFirst.get(vlan, tgt);
    if (w === undefined || w.lastHeardUs !== heard) {
      // a first unanswered request since the address was last heard
      w = { ip: tgt >>> 0, firstUs: us, firstRef: ref, lastUs: us, lastRef: ref, requests: 0, requesters: [], lastHeardUs: heard, resumedUs: -1, resumedRef: -1, resumedMac: -1 };
      this.open.delete(vlan, tgt);
      this.pendingFirst.set(vlan, tgt, w);
    }
    w.requests++;
    if (us >= w.lastUs) {
      w.lastUs = us;
      w.lastRef = ref;
    }
    addRequester(w.requesters, reqIp, reqMac);
    if (w.requests >= DARK_MIN_REQUESTS && this.pendingFirst.delete(vlan, tgt)) {
      // dark now: raised as the evidence completes, not when it ends (a VIP's waits for its failover)
      this.open.set(vlan, tgt, w);
      if (this.vips !== null && this.vips.isVip(vlan, tgt >>> 0)) this.defer(vlan, tgt >>> 0, w);
      else this.raise(vlan, tgt >>> 0, w);
    } else if (w.requests > DARK_MIN_REQUESTS) {
      const inc = this.incidents.get('arp.silent.address', vlan, tgt >>> 0);
      if (inc && inc.data.windows.includes(w)) {
        inc.count++;
        if (w.lastUs > inc.lastUs) inc.lastUs = w.lastUs;
      }
    }
    this.rewatch();
    return true;
  }

  private count(vlan: number, ip: number, us: number, ref: number, reqIp: number, reqMac: number): void {
    let u = this.unheard.get(vlan, ip);
    if (u === undefined) {
      if (this.unheard.size >= MAX_UNHEARD) {
        this.unheardUntracked++;
        return;
      }
      u = { vlan, ip, requests: 0, firstUs: us, firstRef: ref, lastUs: us, lastRef: ref, requesters: [] };
      this.unheard.set(vlan, ip, u);
    }
    u.requests++;
    if (us < u.firstUs) {
      u.firstUs = us;
      u.firstRef = ref;
    }
    if (us >= u.lastUs) {
      u.lastUs = us;
      u.lastRef = ref;
    }
    addRequester(u.requesters, reqIp, reqMac);
  }

  /** The address (vlan, ip) answered (reply, GARP) from `mac`: a dark window, if one is open, ends. */
  answered(vlan: number, ipS: number, mac: number): void {
    this.pendingFirst.delete(vlan, ipS);
    const w = this.open.get(vlan, ipS);
    if (w !== undefined) this.open.delete(vlan, ipS);
    this.rewatch();
    if (w === undefined) return;
    w.resumedUs = this.ctx.us;
    w.resumedRef = this.ctx.ref;
    w.resumedMac = mac;
    this.close(vlan, ipS >>> 0, w);
  }

  private defer(vlan: number, ip: number, w: DarkWindow): void {
    const dueUs = w.firstUs + this.vips!.waitUs;
    this.deferred.push({ vlan, ip, w, dueUs });
    if (dueUs < this.deferDueUs) this.deferDueUs = dueUs;
  }

  /** Packet time passed deferDueUs: each VIP window due is a failover's outage, or raised as dark. */
  tick(us: number): void {
    let next = Infinity;
    let kept = 0;
    for (const d of this.deferred) {
      if (d.dueUs < us) this.settle(d.vlan, d.ip, d.w);
      else {
        this.deferred[kept++] = d;
        if (d.dueUs < next) next = d.dueUs;
      }
    }
    this.deferred.length = kept;
    this.deferDueUs = next;
  }

  private settle(vlan: number, ip: number, w: DarkWindow): void {
    if (this.vips!.explain(vlan, ip, w)) return;
    this.raise(vlan, ip, w);
    // it may have ended while it waited
    if (w.resumedRef >= 0) this.close(vlan, ip, w);
  }

  /** The end of the capture: what is still dark is reported as such. */
  finish(endUs: number): void {
    this.pending.sweep(endUs);
    for (const d of this.deferred) this.settle(d.vlan, d.ip, d.w);
    this.deferred.length = 0;
    this.deferDueUs = Infinity;
    for (const [vlan, ip, w] of this.open.entries()) this.close(vlan, ip, w);
    this.open.clear();
    this.pendingFirst.clear();
    this.rewatch();
  }

  /** A dark window opens (its second unanswered request in a row): the finding is raised now; each further request counts on it. */
  private raise(vlan: number, ip: number, w: DarkWindow): void {
    const inc = this.incidents.open('arp.silent.address', vlan, ip, w.firstUs);
    if (!inc) return;
    const a = this.tables.findAddr(vlan, ip);
    if (a >= 0) this.tables.pin(a);
    if (inc.data.windows.length < MAX_WINDOWS) inc.data.windows.push(w);
    else inc.data.windowsDropped++;
    inc.evidence(w.firstRef);
    // the first hit tells live sinks (count 1), then the window's other requests count
    this.incidents.hit(inc, w.lastUs, -1);
    inc.count += w.requests - 1;
  }

  /** A dark window ends (answering resumed, or the capture ended): its last unanswered request and the answer are evidence. */
  private close(vlan: number, ip: number, w: DarkWindow): void {
    const inc = this.incidents.get('arp.silent.address', vlan, ip);
    if (!inc) return;
    inc.evidence(w.lastRef);
    if (w.resumedMac >= 0) {
      inc.addMac(w.resumedMac);
      inc.evidence(w.resumedRef);
    }
  }
}

/** The last time any MAC of address a spoke before `us` (-Infinity: never). */
function lastHeard(t: Tables, a: number, us: number): number {
  let last = -Infinity;
  for (let b = t.headOf(a); b >= 0; b = t.nextOf(b)) {
    if (t.claims(b) === 0) continue;
    // a binding's first sighting before the request means the address spoke before it
    const f = t.firstUs(b);
    if (f <= us) last = Math.max(last, Math.min(t.lastUs(b), us));
  }
  return last;
}

/** Adds (ip, mac) to a capped list of requesters once; the pair is made only when it is kept (unanswered requests come per frame in a scan). */
function addRequester(list: [ip: number, mac: number][], ip: number, mac: number): void {
  if (list.length >= MAX_LISTED) return;
  for (const r of list) if (r[0] === ip && r[1] === mac) return;
  list.push([ip, mac]);
}
