// VRRP failover tracking: per (VLAN, address family, VRID) the current master,
// its priority and interval, the backups seen, and every master change with
// what followed it on the wire (gratuitous ARP bursts, the first ARP reply from
// the new master, each neighbour that was answered by it). Driven by packet
// time like the rest of the engine; objects are created per advertising
// router and per change, never per frame, and every list is capped.
import type { VrrpFields } from '../decode/vrrp.js';
import { HSRP_COUP, HSRP_RESIGN } from '../decode/fhrp.js';
import { formatIp6 } from '../decode/nd.js';
import type { DarkWindow, IncidentStore } from './incidents.js';
import { FailoverJudge } from './failover.js';
import { absorbedBySplitBrain } from './split-brain.js';
import { contention, dualAdvert, endDual } from './vrrp-contest.js';
import { formatIp, TWO32, vrrpVrid } from '../util/addr.js';
import { aliveUs, type Change, firstVip, isVridMac, type Router, routerByMac, type VridState, type VrrpOptions } from './vrrp-state.js';

export type { Change, Router, VridState, VrrpOptions } from './vrrp-state.js';

/** GARPs this long before a change's first advert belong to it (µs). */
export const GARPS_BEFORE_CHANGE_US = 1e6;

const MAX_STATES = 4096;
const MAX_ROUTERS = 16;
const MAX_VIPS = 32;
const MAX_CHANGES = 64;
/** ARP moves this long before a change's first advert belong to it (µs). */
const MOVES_BEFORE_CHANGE_US = 2e6;
/** CARP vhids listed per incident. */
const MAX_VHIDS = 64;


export class VrrpTracker {
  /** True once any advert was seen: the ARP hooks cost nothing before that. */
  active = false;
  readonly states: VridState[] = [];
  statesDropped = 0;
  routersDropped = 0;
  carp = 0;
  private readonly byKey = new Map<string, VridState>();
  private readonly byVip = new Map<number, VridState>();

  /** The verdict step of master changes, run as packet time passes (failover.ts). */
  readonly failovers: FailoverJudge;

  constructor(
    readonly opts: VrrpOptions,
    private readonly incidents: IncidentStore,
  ) {
    this.failovers = new FailoverJudge(opts);
    incidents.absorb = (inc) => absorbedBySplitBrain(incidents, inc, (vlan, ip) => this.vipState(vlan, ip));
  }

  private state(vlan: number, f: VrrpFields): VridState | null {
    const key = `${vlan}|${f.protocol}|${f.family}|${f.vrid}`;
    let s = this.byKey.get(key);
    if (s) return s;
    if (this.states.length >= MAX_STATES) {
      this.statesDropped++;
      return null;
    }
    s = {
      vlan, protocol: f.protocol, holdMs: f.holdMs, family: f.family, vrid: f.vrid, routers: [], master: null, vips4: [], vips6: [], vips6Ids: [], vlan6: -1, vmac: f.protocol !== 'vrrp',
      changes: [], changesDropped: 0, recentGarps: [], resignUs: -1, resignRef: -1, resignBy: null, adverts: 0, dual: null, dualRaised: false, dualEpisodes: [],
    };
    this.byKey.set(key, s);
    this.states.push(s);
    return s;
  }

  private vipKey(vlan: number, ip: number): number {
    return vlan * TWO32 + ip;
  }

  /** The VRID state a VIP belongs to, or undefined. */
  vipState(vlan: number, ip: number): VridState | undefined {
    return this.byVip.get(this.vipKey(vlan, ip));
  }

  /** True when `ip` is a VIP of a group and `mac` its virtual MAC or one of its routers'. */
  isGroupMac(vlan: number, ip: number, mac: number): boolean {
    const s = this.vipState(vlan, ip);
    return s !== undefined && (isVridMac(s, mac) || routerByMac(s, mac) !== null);
  }

  /** True when `mac` advertised for a group (a VRRP/HSRP/GLBP router) or is a group's virtual MAC. */
  isRouterMac(mac: number): boolean {
    return this.states.some((s) => isVridMac(s, mac) || routerByMac(s, mac) !== null);
  }

  /** An advert from `srcMac` (decoded into f) at time us; returns what it meant (for the replay story). */
  advert(vlan: number, srcMac: number, f: VrrpFields, us: number, ref: number): string {
    this.active = true;
    const s = this.state(vlan, f);
    if (!s) return 'advert (VRID table full)';
    const changes = s.changes.length;
    const wasDual = s.dual !== null;
    const r = this.advertIn(s, vlan, srcMac, f, us, ref);
    if (s.changes.length > changes) return `new master (${s.changes[s.changes.length - 1]!.cause})`;
    if (f.protocol === 'hsrp' && f.opcode === HSRP_RESIGN) return 'resign';
    if (f.priority === 0) return 'resignation (priority 0)';
    if (!f.active && f.protocol !== 'vrrp') return f.standby ? 'standby hello' : 'hello';
    if (s.dual && !wasDual) return 'second master advertising';
    if (s.dual) return 'dual master';
    return r !== null && s.master === r ? 'master advert' : 'advert';
  }

  /** The advert's router (null when it cannot be kept: the router cap, or the IPv6 table full). */
  private advertIn(s: VridState, vlan: number, srcMac: number, f: VrrpFields, us: number, ref: number): Router | null {
    s.adverts++;
    // found by number (or words): an advert formats its source address only when its router is new
    let r = findRouter(s.routers, f);
    const created = !r;
    if (!r) {
      if (s.routers.length >= MAX_ROUTERS) {
        this.routersDropped++;
        return null;
      }
      const v4 = f.family === 4;
      r = { ip: v4 ? formatIp(f.src4) : formatIp6(f.src6), src4: v4 ? f.src4 : 0, src6: v4 ? null : f.src6.slice(), mac: srcMac, priority: f.priority, intervalMs: f.intervalMs, version: f.version, firstUs: us, lastUs: -Infinity, prevUs: -Infinity, heardUs: us, firstRef: ref, lastRef: ref, adverts: 0, claiming: false };
      s.routers.push(r);
    }
    const newMac = created || r.mac !== srcMac;
    r.mac = srcMac;
    r.heardUs = us;
    r.priority = f.priority;
    r.intervalMs = f.intervalMs || r.intervalMs;
    r.version = f.version;
    if (f.holdMs) s.holdMs = f.holdMs;
    this.addVips(s, vlan, f);
    if (newMac) this.onRouterMac?.();
    // HSRP and GLBP standby and listening routers say hello too: they are known, not masters
    const resigns = f.protocol === 'hsrp' && f.opcode === HSRP_RESIGN;
    if (!f.active && !resigns && !(f.protocol === 'hsrp' && f.opcode === HSRP_COUP)) {
      // an active gateway that says hello as standby or listen has stepped down (after a coup, say)
      if (r.claiming && s.master === r) {
        s.resignUs = us;
        s.resignRef = ref;
        s.resignBy = r;
      }
      r.claiming = false;
      return r;
    }
    r.claiming = !resigns;
    r.prevUs = r.lastUs;
    r.lastUs = us;
    r.lastRef = ref;
    r.adverts++;
    if (f.protocol === 'vrrp' && (vrrpVrid(srcMac) === f.vrid || (srcMac >= 0x00005e000200 && srcMac <= 0x00005e0002ff))) s.vmac = true;

    if (f.priority === 0 || resigns) {
      // the master resigns (keepalived on SIGTERM): the backup takes over after its skew time
      s.resignUs = us;
      s.resignRef = ref;
      s.resignBy = r;
      const inc = this.incidents.open('vrrp.resignation', vlan, firstVip(s), us);
      if (inc) {
        inc.addMac(srcMac);
        inc.data.vrid = s.vrid;
        inc.data.protocol = s.protocol;
        inc.data.family = s.family;
        this.incidents.hit(inc, us, ref);
      }
      return r;
    }
    const m = s.master;
    if (m === null) {
      s.master = r;
      return r;
    }
    if (m === r) {
      // the master again: a contender still advertising makes this a dual master
      const c = this.contender(s, m, us);
      if (c) dualAdvert(this.incidents, this.failovers, s, m, c, us, ref);
      else endDual(s, us);
      return r;
    }
    const mAlive = us - m.lastUs <= aliveUs(s, m) && s.resignBy !== m;
    if (!mAlive || r.priority > m.priority) {
      // the master went silent or resigned, or a higher priority preempts it
      this.change(s, m, r, us, ref);
      return r;
    }
    // an equal-priority router stepping up together with the new master: contention
    if (r.priority === m.priority && contention(this.incidents, s, m, r, us, ref)) return r;
    // a router of lower or equal priority advertises while the master is alive:
    // a backup that thinks it is master. Harmless once; both going on is a dual master.
    if (us - r.prevUs <= aliveUs(s, r)) dualAdvert(this.incidents, this.failovers, s, m, r, us, ref);
    return r;
  }

  /**
   * Two backups of equal priority both time out and advertise: RFC 5798
   * breaks the tie by the higher primary address, and the other goes back
   * to backup. Reported once per change (a notice: distinct priorities
   * avoid it); the change's new master is the tie's winner.
   */
  private addVips(s: VridState, vlan: number, f: VrrpFields): void {
    if (f.family === 4) {
      for (const v of f.vips4) {
        if (!s.vips4.includes(v) && s.vips4.length < MAX_VIPS) {
          s.vips4.push(v);
          this.byVip.set(this.vipKey(vlan, v), s);
        }
      }
    } else {
      // neighbour discovery for a VIP arrives in the segment's IPv6 twin, with the VIP as an id; its text is made once
      for (let i = 0; i < f.vips6Count; i++) {
        const id = this.ipv6?.id(f.vips6, 4 * i) ?? -1;
        if (id > 0 && s.vips6Ids.includes(id)) continue;
        if (s.vips6.length >= MAX_VIPS) break;
        const text = formatIp6(f.vips6, 4 * i);
        if (id <= 0) {
          // the IPv6 table is full: listed, not followed (the failover says so)
          if (!s.vips6.includes(text)) s.vips6.push(text);
          continue;
        }
        s.vips6.push(text);
        s.vlan6 = this.ipv6!.twin(vlan);
        s.vips6Ids.push(id);
        this.byVip.set(this.vipKey(s.vlan6, id), s);
      }
    }
  }

  /** Set by the engine: IPv6 addresses as ids of its table (-1 when full), and a segment's IPv6 twin. */
  ipv6: { id(w: Uint32Array, at: number): number; twin(vlan: number): number } | null = null;

  /** A router other than the master that keeps advertising (its last two adverts an interval apart), if any. */
  private contender(s: VridState, m: Router, us: number): Router | null {
    for (const x of s.routers) {
      const alive = aliveUs(s, x);
      if (x !== m && x.claiming && x.priority > 0 && us - x.lastUs <= alive && x.adverts > 1 && x.lastUs - x.prevUs <= alive) return x;
    }
    return null;
  }

  private change(s: VridState, m: Router, r: Router, us: number, ref: number): void {
    const resigned = s.resignBy === m && s.resignUs >= m.lastUs - 1;
    const preempt = !resigned && r.priority > m.priority && us - m.lastUs <= aliveUs(s, m);
    const cause: Change['cause'] = resigned ? 'resignation' : preempt ? 'preemption' : 'failure';
    const interval = m.intervalMs || r.intervalMs;
    // RFC 5798: Master_Down_Interval = 3 intervals + skew, the skew alone after a resignation;
    // HSRP and GLBP: the hold time after a failure, at once after a resignation
    const skewUs = s.protocol === 'vrrp' ? ((256 - r.priority) / 256) * interval * 1000 : 0;
    const downUs = s.protocol === 'vrrp' ? 3 * interval * 1000 + skewUs : s.holdMs * 1000;
    const expected = cause === 'resignation' ? skewUs : cause === 'preemption' ? 0 : downUs;
    const from = resigned ? s.resignUs : m.lastUs;
    const c: Change = {
      state: s,
      from: { ip: m.ip, mac: m.mac, priority: m.priority, lastUs: m.lastUs, lastRef: m.lastRef },
      to: { ip: r.ip, mac: r.mac, priority: r.priority, intervalMs: r.intervalMs, firstUs: us, firstRef: ref, heardUs: r.firstUs },
      cause,
      atUs: us,
      ref,
      gapUs: us - from,
      expectedGapUs: Math.round(expected),
      resignUs: resigned ? s.resignUs : null,
      resignRef: resigned ? s.resignRef : null,
      vips: s.family === 4 ? s.vips4.slice() : s.vips6Ids.slice(),
      garps: [],
      firstReply: null,
      neighbours: [],
      oldMasterAnswers: [],
      arpMoves: 0,
      darkWindows: [],
      contenders: [],
      dualMaster: false,
      verdict: null,
      problems: [],
      unjudged: null,
      due: false,
      judgedUs: -1,
    };
    const kept = s.changes.length < MAX_CHANGES;
    if (kept) s.changes.push(c);
    else s.changesDropped++;
    s.master = r;
    s.resignBy = null;
    endDual(s, us);
    // GARPs the new master sent just before its first advert belong to this change
    for (const g of s.recentGarps) if (g.us >= us - GARPS_BEFORE_CHANGE_US && (g.mac === r.mac || isVridMac(s, g.mac))) c.garps.push(g);
    this.onChange?.(c);
    if (kept) this.failovers.opened(c);
  }

  /** Live sinks: told of each master change when it happens. */
  onChange: ((c: Change) => void) | null = null;
  /** Told when a router of a group is first heard from a MAC (a new router, or a known one from a new MAC). */
  onRouterMac: (() => void) | null = null;

  /**
   * A VIP's dark window that falls in a master change's timeline (from the
   * old master's last advert to --failover-window after the change) is the
   * outage clients saw in that failover: it joins the change (true).
   */
  outageOf(vlan: number, ip: number, w: DarkWindow): boolean {
    const s = this.vipState(vlan, ip);
    if (!s) return false;
    const windowUs = this.opts.failoverWindowMs * 1000;
    const c = s.changes.find((x) => w.lastUs >= (x.from ? x.from.lastUs : x.atUs) && w.firstUs <= x.atUs + windowUs);
    if (!c) return false;
    if (!c.darkWindows.includes(w)) c.darkWindows.push(w);
    return true;
  }

  /** The VRID's latest change if `us` falls in its timeline window, else null. */
  recentChange(s: VridState, us: number): Change | null {
    const c = s.changes[s.changes.length - 1];
    return c && us >= c.atUs - GARPS_BEFORE_CHANGE_US && us <= c.atUs + this.opts.failoverWindowMs * 1000 ? c : null;
  }

  /**
   * True when a VIP's move from one MAC to another is explained by a master
   * change of its VRID (then it is part of that failover, not a conflict).
   */
  explainsMove(vlan: number, ip: number, fromMac: number, toMac: number, us: number, count = true): boolean {
    const s = this.vipState(vlan, ip);
    if (!s) return false;
    for (let i = s.changes.length - 1; i >= 0; i--) {
      const c = s.changes[i]!;
      if (us < c.atUs - MOVES_BEFORE_CHANGE_US) continue;
      if (us > c.atUs + this.opts.failoverWindowMs * 1000) break;
      const known = (m: number) => m === c.to.mac || m === c.from?.mac || isVridMac(s, m) || routerByMac(s, m) !== null;
      if (known(fromMac) && known(toMac)) {
        if (count) c.arpMoves++;
        return true;
      }
    }
    // a move between routers of the VRID while a dual master is on
    return s.dual !== null && routerByMac(s, fromMac) !== null && routerByMac(s, toMac) !== null;
  }

  finish(): void {
    for (const s of this.states) {
      if (s.dual && s.dualRaised) s.dualEpisodes.push(s.dual);
      s.dual = null;
      const inc = this.incidents.get('vrrp.dual-master', s.vlan, firstVip(s));
      if (inc) inc.data.episodes = s.dualEpisodes;
    }
  }

  /** CARP adverts are recognised (same protocol number) but not analysed. */
  carpAdvert(vlan: number, vhid: number, srcMac: number, us: number, ref: number): void {
    this.carp++;
    const inc = this.incidents.open('vrrp.carp', vlan, -1, us);
    if (!inc) return;
    const vhids = inc.data.vhids;
    if (!vhids.includes(vhid) && vhids.length < MAX_VHIDS) vhids.push(vhid);
    inc.addMacCapped(srcMac);
    this.incidents.hit(inc, us, ref);
  }
}

/** The router of a group that sent the advert in f (by its source address), or null. */
function findRouter(routers: Router[], f: VrrpFields): Router | null {
  const w = f.src6;
  for (const r of routers) {
    if (f.family === 4 ? r.src6 === null && r.src4 === f.src4 : r.src6 !== null && r.src6[0] === w[0] && r.src6[1] === w[1] && r.src6[2] === w[2] && r.src6[3] === w[3]) return r;
  }
  return null;
}
