// VRRP failover tracking: per (VLAN, address family, VRID) the current master,
// its priority and interval, the backups seen, and every master change with
// what followed it on the wire (gratuitous ARP bursts, the first ARP reply from
// the new master, each neighbour that was answered by it). Driven by packet
// time like the rest of the engine; objects are created per advertising
// router and per change, never per frame, and every list is capped.
import type { VrrpFields } from '../decode/vrrp.js';
import type { Incident, IncidentStore } from './incidents.js';
import { formatIp, isVirtualMac, vrrpVrid } from '../util/addr.js';

export interface VrrpOptions {
  /** A master change with no GARP for a VIP this long after it has a missing GARP burst (ms). */
  garpWaitMs: number;
  /** GARPs, replies and neighbours this long after a change belong to its timeline (ms). */
  failoverWindowMs: number;
  /** GARPs expected in the first burst after a takeover (keepalived: 5). */
  expectGarps: number;
}

export const DEFAULT_VRRP_OPTIONS: VrrpOptions = { garpWaitMs: 3000, failoverWindowMs: 12000, expectGarps: 5 };

const MAX_STATES = 4096;
const MAX_ROUTERS = 16;
const MAX_VIPS = 32;
const MAX_CHANGES = 64;
const MAX_EVENTS = 256;
const MAX_NEIGHBOURS = 32;

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
  dual: { startUs: number; lastUs: number; startRef: number; lastRef: number; routers: string[]; flaps: number } | null;
  dualRaised: boolean;
  dualEpisodes: { startUs: number; lastUs: number; startRef: number; lastRef: number; routers: string[]; flaps: number }[];
}

export class VrrpTracker {
  /** True once any advert was seen: the ARP hooks cost nothing before that. */
  active = false;
  readonly states: VridState[] = [];
  statesDropped = 0;
  routersDropped = 0;
  carp = 0;
  private readonly byKey = new Map<string, VridState>();
  private readonly byVip = new Map<number, VridState>();

  constructor(
    readonly opts: VrrpOptions,
    private readonly incidents: IncidentStore,
  ) {}

  private state(vlan: number, f: VrrpFields): VridState | null {
    const key = `${vlan}|${f.family}|${f.vrid}`;
    let s = this.byKey.get(key);
    if (s) return s;
    if (this.states.length >= MAX_STATES) {
      this.statesDropped++;
      return null;
    }
    s = {
      vlan, family: f.family, vrid: f.vrid, routers: new Map(), master: null, vips4: [], vips6: [], vmac: false,
      changes: [], changesDropped: 0, recentGarps: [], resignUs: -1, resignRef: -1, resignBy: null, adverts: 0, dual: null, dualRaised: false, dualEpisodes: [],
    };
    this.byKey.set(key, s);
    this.states.push(s);
    return s;
  }

  private vipKey(vlan: number, ip: number): number {
    return vlan * 4294967296 + ip;
  }

  /** The VRID state a VIP belongs to, or undefined. */
  vipState(vlan: number, ip: number): VridState | undefined {
    return this.byVip.get(this.vipKey(vlan, ip));
  }

  /** An advert from `srcMac` (decoded into f) at time us; returns what it meant (for the replay story). */
  advert(vlan: number, srcMac: number, f: VrrpFields, us: number, ref: number): string {
    this.active = true;
    const s = this.state(vlan, f);
    if (!s) return 'advert (VRID table full)';
    const changes = s.changes.length;
    const wasDual = s.dual !== null;
    this.advertIn(s, vlan, srcMac, f, us, ref);
    if (s.changes.length > changes) return `new master (${s.changes[s.changes.length - 1]!.cause})`;
    if (f.priority === 0) return 'resignation (priority 0)';
    if (s.dual && !wasDual) return 'second master advertising';
    if (s.dual) return 'dual master';
    return s.master && s.master.ip === (f.family === 4 ? formatIp(f.src4) : f.src6) ? 'master advert' : 'advert';
  }

  private advertIn(s: VridState, vlan: number, srcMac: number, f: VrrpFields, us: number, ref: number): void {
    s.adverts++;
    const ip = f.family === 4 ? formatIp(f.src4) : f.src6;
    let r = s.routers.get(ip);
    if (!r) {
      if (s.routers.size >= MAX_ROUTERS) {
        this.routersDropped++;
        return;
      }
      r = { ip, mac: srcMac, priority: f.priority, intervalMs: f.intervalMs, version: f.version, firstUs: us, lastUs: -Infinity, prevUs: -Infinity, firstRef: ref, lastRef: ref, adverts: 0 };
      s.routers.set(ip, r);
    }
    r.mac = srcMac;
    r.priority = f.priority;
    r.intervalMs = f.intervalMs || r.intervalMs;
    r.version = f.version;
    r.prevUs = r.lastUs;
    r.lastUs = us;
    r.lastRef = ref;
    r.adverts++;
    if (vrrpVrid(srcMac) === f.vrid || (srcMac >= 0x00005e000200 && srcMac <= 0x00005e0002ff)) s.vmac = true;
    if (f.family === 4) {
      for (const v of f.vips4) {
        if (!s.vips4.includes(v) && s.vips4.length < MAX_VIPS) {
          s.vips4.push(v);
          this.byVip.set(this.vipKey(vlan, v), s);
        }
      }
    } else for (const v of f.vips6) if (!s.vips6.includes(v) && s.vips6.length < MAX_VIPS) s.vips6.push(v);

    if (f.priority === 0) {
      // the master resigns (keepalived on SIGTERM): the backup takes over after its skew time
      s.resignUs = us;
      s.resignRef = ref;
      s.resignBy = r;
      const inc = this.incidents.open('vrrp.resignation', vlan, this.firstVip(s), us);
      if (inc) {
        const fresh = inc.count === 0;
        inc.addMac(srcMac);
        inc.hit(us, ref);
        inc.data.vrid = s.vrid;
        inc.data.family = s.family;
        if (fresh) this.incidents.raised(inc);
      }
      return;
    }
    const m = s.master;
    if (m === null) {
      s.master = r;
      return;
    }
    if (m === r) {
      // the master again: a contender still advertising makes this a dual master
      const c = this.contender(s, m, us);
      if (c) this.dualAdvert(s, m, c, us, ref);
      else this.endDual(s, us);
      return;
    }
    const mAlive = us - m.lastUs <= m.intervalMs * 1500 && s.resignBy !== m;
    if (!mAlive || r.priority > m.priority) {
      // the master went silent or resigned, or a higher priority preempts it
      this.change(s, m, r, us, ref);
      return;
    }
    // a router of lower or equal priority advertises while the master is alive:
    // a backup that thinks it is master. Harmless once; both going on is a dual master.
    if (us - r.prevUs <= r.intervalMs * 1500) this.dualAdvert(s, m, r, us, ref);
  }

  /** A router other than the master that is still advertising, if any. */
  private contender(s: VridState, m: Router, us: number): Router | null {
    for (const x of s.routers.values()) if (x !== m && x.priority > 0 && us - x.lastUs <= x.intervalMs * 1500 && x.adverts > 1) return x;
    return null;
  }

  private change(s: VridState, m: Router, r: Router, us: number, ref: number): void {
    const resigned = s.resignBy === m && s.resignUs >= m.lastUs - 1;
    const preempt = !resigned && r.priority > m.priority && us - m.lastUs <= m.intervalMs * 1500;
    const cause: Change['cause'] = resigned ? 'resignation' : preempt ? 'preemption' : 'failure';
    const interval = m.intervalMs || r.intervalMs;
    const skewUs = ((256 - r.priority) / 256) * interval * 1000;
    const expected = cause === 'resignation' ? skewUs : cause === 'preemption' ? 0 : 3 * interval * 1000 + skewUs;
    const from = resigned ? s.resignUs : m.lastUs;
    const c: Change = {
      state: s,
      from: { ip: m.ip, mac: m.mac, priority: m.priority, lastUs: m.lastUs, lastRef: m.lastRef },
      to: { ip: r.ip, mac: r.mac, priority: r.priority, intervalMs: r.intervalMs, firstUs: us, firstRef: ref },
      cause,
      atUs: us,
      ref,
      gapUs: us - from,
      expectedGapUs: Math.round(expected),
      resignUs: resigned ? s.resignUs : null,
      resignRef: resigned ? s.resignRef : null,
      vips: s.vips4.slice(),
      garps: [],
      firstReply: null,
      neighbours: [],
      oldMasterAnswers: [],
      arpMoves: 0,
      dualMaster: false,
    };
    if (s.changes.length < MAX_CHANGES) s.changes.push(c);
    else s.changesDropped++;
    s.master = r;
    s.resignBy = null;
    this.endDual(s, us);
    // GARPs the new master sent just before its first advert belong to this change
    for (const g of s.recentGarps) if (g.us >= us - 1e6 && (g.mac === r.mac || (s.vmac && vrrpVrid(g.mac) === s.vrid))) c.garps.push(g);
    this.onChange?.(c);
  }

  /** Live sinks: told of each master change when it happens. */
  onChange: ((c: Change) => void) | null = null;

  private dualAdvert(s: VridState, m: Router, r: Router, us: number, ref: number): void {
    if (!s.dual) s.dual = { startUs: Math.min(m.lastUs, r.lastUs, us), lastUs: us, startRef: m.lastRef, lastRef: ref, routers: [m.ip, r.ip], flaps: 0 };
    const d = s.dual;
    d.lastUs = us;
    d.lastRef = ref;
    d.flaps++;
    if (!d.routers.includes(r.ip)) d.routers.push(r.ip);
    // two alternations at least one interval apart: not a one-advert race during preemption
    if (d.flaps >= 2 && us - d.startUs >= m.intervalMs * 1000 && !s.dualRaised) {
      s.dualRaised = true;
      const last = s.changes[s.changes.length - 1];
      if (last && last.atUs >= d.startUs - m.intervalMs * 3000) last.dualMaster = true;
      const inc = this.incidents.open('vrrp.dual-master', s.vlan, this.firstVip(s), d.startUs);
      if (inc) {
        const fresh = inc.count === 0;
        inc.addMac(m.mac);
        inc.addMac(r.mac);
        inc.evidence(d.startRef);
        inc.hit(us, ref);
        inc.data.vrid = s.vrid;
        inc.data.episodes = s.dualEpisodes;
        if (fresh) this.incidents.raised(inc);
      }
    } else if (s.dualRaised) {
      const inc = this.incidents.get('vrrp.dual-master', s.vlan, this.firstVip(s));
      if (inc) {
        inc.evidence(ref);
        inc.lastUs = us;
      }
    }
  }

  private endDual(s: VridState, us: number): void {
    const d = s.dual;
    if (!d) return;
    const m = s.master;
    // over once a single router has advertised alone for 1.5 intervals
    if (m && us - d.lastUs >= m.intervalMs * 1500) {
      if (s.dualRaised) s.dualEpisodes.push(d);
      s.dual = null;
      s.dualRaised = false;
    }
  }

  private firstVip(s: VridState): number {
    return s.vips4.length ? s.vips4[0]! : -1;
  }

  private routerByMac(s: VridState, mac: number): Router | null {
    for (const r of s.routers.values()) if (r.mac === mac) return r;
    return null;
  }

  private recent(s: VridState, us: number): Change | null {
    const c = s.changes[s.changes.length - 1];
    return c && us >= c.atUs - 1e6 && us <= c.atUs + this.opts.failoverWindowMs * 1000 ? c : null;
  }

  private isMasterMac(s: VridState, mac: number): boolean {
    return (s.master !== null && s.master.mac === mac) || (s.vmac && vrrpVrid(mac) === s.vrid);
  }

  /** A gratuitous ARP for ip from mac. */
  garp(vlan: number, ip: number, mac: number, us: number, ref: number): void {
    const s = this.vipState(vlan, ip);
    if (!s) return;
    const c = this.recent(s, us);
    const g = { ip, mac, us, ref };
    if (c && (mac === c.to.mac || (s.vmac && vrrpVrid(mac) === s.vrid)) && c.garps.length < MAX_EVENTS) c.garps.push(g);
    s.recentGarps.push(g);
    if (s.recentGarps.length > 32) s.recentGarps.shift();
    const r = this.routerByMac(s, mac);
    if (r && s.master && r !== s.master && !(s.vmac && vrrpVrid(mac) === s.vrid)) this.raise('vrrp.garp-from-backup', s, ip, mac, us, ref);
    this.vmacLeak(s, ip, mac, us, ref);
  }

  /** An ARP reply for ip (a VIP?) from mac to requester (reqIp, reqMac). */
  reply(vlan: number, ip: number, mac: number, reqIp: number, reqMac: number, us: number, ref: number): void {
    const s = this.vipState(vlan, ip);
    if (!s) return;
    const c = this.recent(s, us);
    if (c) {
      if (mac === c.to.mac || (s.vmac && vrrpVrid(mac) === s.vrid)) {
        if (c.firstReply === null) c.firstReply = { mac, us, ref };
        if (c.neighbours.length < MAX_NEIGHBOURS && !c.neighbours.some((n) => n.ip === reqIp && n.mac === reqMac)) c.neighbours.push({ ip: reqIp, mac: reqMac, us, ref });
      } else if (c.from && mac === c.from.mac && us > c.atUs + c.to.intervalMs * 1000 && c.oldMasterAnswers.length < MAX_EVENTS) {
        // within one advert interval of the change the old master is still letting go of the VIP
        c.oldMasterAnswers.push({ us, ref });
      }
    }
    const r = this.routerByMac(s, mac);
    if (r && s.master && r !== s.master && !this.isMasterMac(s, mac)) this.raise('vrrp.vip-answered-by-backup', s, ip, mac, us, ref);
    this.vmacLeak(s, ip, mac, us, ref);
  }

  /** An ARP request with a VIP as sender. */
  request(vlan: number, ip: number, mac: number, us: number, ref: number): void {
    const s = this.vipState(vlan, ip);
    if (s) this.vmacLeak(s, ip, mac, us, ref);
  }

  private vmacLeak(s: VridState, ip: number, mac: number, us: number, ref: number): void {
    if (!s.vmac || isVirtualMac(mac)) return;
    const inc = this.raise('vrrp.vmac-leak', s, ip, mac, us, ref);
    if (inc) {
      const phys = (inc.data.physical ??= []) as number[];
      if (!phys.includes(mac) && phys.length < 16) phys.push(mac);
      inc.addMac(s.family === 4 ? 0x00005e000100 + s.vrid : 0x00005e000200 + s.vrid);
    }
  }

  private raise(code: string, s: VridState, ip: number, mac: number, us: number, ref: number): Incident | null {
    const inc = this.incidents.open(code, s.vlan, ip, us);
    if (!inc) return null;
    const fresh = inc.count === 0;
    inc.addMac(mac);
    inc.hit(us, ref);
    inc.data.vrid = s.vrid;
    if (fresh) this.incidents.raised(inc);
    return inc;
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
      if (us < c.atUs - 2e6) continue;
      if (us > c.atUs + this.opts.failoverWindowMs * 1000) break;
      const known = (m: number) => m === c.to.mac || m === c.from?.mac || (s.vmac && vrrpVrid(m) === s.vrid) || this.routerByMac(s, m) !== null;
      if (known(fromMac) && known(toMac)) {
        if (count) c.arpMoves++;
        return true;
      }
    }
    // a move between routers of the VRID while a dual master is on
    return s.dual !== null && this.routerByMac(s, fromMac) !== null && this.routerByMac(s, toMac) !== null;
  }

  finish(): void {
    for (const s of this.states) {
      if (s.dual && s.dualRaised) s.dualEpisodes.push(s.dual);
      s.dual = null;
      const inc = this.incidents.get('vrrp.dual-master', s.vlan, this.firstVip(s));
      if (inc) inc.data.episodes = s.dualEpisodes;
    }
  }

  /** CARP adverts are recognised (same protocol number) but not analysed. */
  carpAdvert(vlan: number, vhid: number, srcMac: number, us: number, ref: number): Incident | null {
    this.carp++;
    const inc = this.incidents.open('vrrp.carp', vlan, -1, us);
    if (!inc) return null;
    const fresh = inc.count === 0;
    const vhids = (inc.data.vhids ??= []) as number[];
    if (!vhids.includes(vhid) && vhids.length < 64) vhids.push(vhid);
    if (inc.macs.length < 16) inc.addMac(srcMac);
    inc.hit(us, ref);
    if (fresh) this.incidents.raised(inc);
    return inc;
  }
}

export interface FailoverProblem {
  code: 'garp-missing' | 'garp-short' | 'slow-takeover' | 'old-master-answers' | 'dual-master';
  text: string;
}

/** Judges a change once the capture is over: its problems (none = healthy). */
export function judge(c: Change, opts: VrrpOptions, endUs: number): FailoverProblem[] {
  const p: FailoverProblem[] = [];
  const waitUs = opts.garpWaitMs * 1000;
  if (endUs - c.atUs >= waitUs) {
    for (const vip of c.vips) {
      const first = c.garps.filter((g) => g.ip === vip && g.us <= c.atUs + waitUs);
      if (!first.length) p.push({ code: 'garp-missing', text: `no gratuitous ARP for ${formatIp(vip)} from the new master within ${opts.garpWaitMs} ms` });
      else if (first.length < opts.expectGarps) {
        p.push({ code: 'garp-short', text: `${first.length} gratuitous ARP${first.length === 1 ? '' : 's'} for ${formatIp(vip)} in the first ${opts.garpWaitMs} ms, ${opts.expectGarps} expected` });
      }
    }
  }
  if (c.cause !== 'preemption' && c.gapUs !== null && c.expectedGapUs !== null) {
    const slack = c.to.intervalMs * 1000;
    if (c.gapUs > c.expectedGapUs + slack) {
      p.push({ code: 'slow-takeover', text: `takeover took ${Math.round(c.gapUs / 1000)} ms, expected about ${Math.round(c.expectedGapUs / 1000)} ms` });
    }
  }
  if (c.oldMasterAnswers.length) p.push({ code: 'old-master-answers', text: `the old master answered ARP for a VIP ${c.oldMasterAnswers.length === 1 ? 'once' : `${c.oldMasterAnswers.length} times`} after the change` });
  if (c.dualMaster) p.push({ code: 'dual-master', text: 'both routers advertised as master at the same time' });
  return p;
}

/** GARPs of a change grouped into bursts (gaps above burstGapUs split them). */
export function garpBursts(c: Change, burstGapUs: number): { mac: number; ip: number; count: number; startUs: number; lastUs: number; firstRef: number }[] {
  const out: { mac: number; ip: number; count: number; startUs: number; lastUs: number; firstRef: number }[] = [];
  const open = new Map<string, (typeof out)[number]>();
  for (const g of [...c.garps].sort((a, b) => a.us - b.us)) {
    const k = `${g.mac}|${g.ip}`;
    const b = open.get(k);
    if (b && g.us - b.lastUs <= burstGapUs) {
      b.count++;
      b.lastUs = g.us;
    } else {
      const nb = { mac: g.mac, ip: g.ip, count: 1, startUs: g.us, lastUs: g.us, firstRef: g.ref };
      out.push(nb);
      open.set(k, nb);
    }
  }
  return out;
}
