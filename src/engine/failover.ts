// The failover verdict step: each master change is judged in the engine the
// moment its evidence is complete, live and offline alike, and judged again
// when later evidence changes its meaning (the old master still answering, a
// second master, a coup proved hostile). A change is due --garp-wait after
// it (its first GARP burst is over); changes arrive in packet-time order, so
// the due ones sit at the head of a queue and the engine asks one
// comparison per frame. finish() judges what the end of the capture cut.
import { formatIp } from '../util/addr.js';
import { type Change, type FailoverProblem, type FailoverVerdict, isVridMac, type VrrpOptions } from './vrrp-state.js';

export type { FailoverProblem, FailoverVerdict } from './vrrp-state.js';

/** What the verdict needs from the rest of the engine. */
export interface FailoverContext {
  /** True when the capture so far holds the kind of frame that announces a VIP of this family (ARP; neighbour advertisements for IPv6). */
  announcements(v6: boolean): boolean;
  /** True when `mac` sends IPv6 router advertisements offering routes. */
  advertisesRoutes(mac: number): boolean;
  /** A VIP of the change as text (IPv6 VIPs are ids). */
  ipText(c: Change, ip: number): string;
}

export type FailoverListener = (c: Change, was: FailoverVerdict | null) => void;

/** Queue entries kept behind the head before the queue is compacted. */
const COMPACT_AT = 1024;

export class FailoverJudge {
  private readonly queue: Change[] = [];
  private head = 0;
  /** Packet time (µs) after which the queue's head is due; Infinity when none waits. */
  dueUs = Infinity;
  /** Told of each verdict, and of each later change of it (live sinks). */
  listener: FailoverListener | null = null;
  ctx: FailoverContext = { announcements: () => true, advertisesRoutes: () => false, ipText: (_c, ip) => formatIp(ip) };

  constructor(private readonly opts: VrrpOptions) {}

  /** A new master change: due after the GARP wait, or judged at once when its first frame already proves a coup. */
  opened(c: Change): void {
    this.queue.push(c);
    if (this.queue.length - this.head === 1) this.dueUs = c.atUs + this.opts.garpWaitMs * 1000;
    if (coupProblems(c).length) this.apply(c, c.atUs, false);
  }

  /** Packet time passed dueUs: judges every change whose GARP wait is over. */
  tick(us: number): void {
    const waitUs = this.opts.garpWaitMs * 1000;
    const q = this.queue;
    while (this.head < q.length && q[this.head]!.atUs + waitUs < us) {
      const c = q[this.head++]!;
      c.due = true;
      this.apply(c, us, false);
    }
    if (this.head >= COMPACT_AT) {
      q.splice(0, this.head);
      this.head = 0;
    }
    this.dueUs = this.head < q.length ? q[this.head]!.atUs + waitUs : Infinity;
  }

  /** New evidence on a change (the old master answered, two masters, GARPs from a physical MAC): judged again when it can change the verdict. */
  evidence(c: Change, us: number): void {
    if (c.verdict !== null || coupProblems(c).length) this.apply(c, us, false);
  }

  /** The end of the capture: changes still inside their GARP wait are judged on what was seen. */
  finish(endUs: number): void {
    const q = this.queue;
    while (this.head < q.length) this.apply(q[this.head++]!, endUs, true);
    this.dueUs = Infinity;
  }

  private apply(c: Change, us: number, cut: boolean): void {
    const was = c.verdict;
    const j = judge(c, this.opts, us, cut, this.ctx);
    c.problems = j.problems;
    c.unjudged = j.unjudged;
    c.verdict = j.verdict;
    if (c.judgedUs < 0 || was !== j.verdict) c.judgedUs = us;
    if (was !== j.verdict) this.listener?.(c, was);
  }
}

/** A coup proved hostile: a router never heard in the group takes it, or the new master announces a VIP from its own MAC where the group answers with a virtual one. */
function coupProblems(c: Change): FailoverProblem[] {
  const s = c.state;
  if (c.cause !== 'preemption') return [];
  const p: FailoverProblem[] = [];
  // HSRP and GLBP routers speak (hellos) before they may take the group; VRRP backups are silent until they preempt
  if (s.protocol !== 'vrrp' && c.to.heardUs >= c.atUs - c.to.intervalMs * 1000) {
    p.push({ code: 'unknown-router', text: `${c.to.ip} (priority ${c.to.priority}) took the group from a live ${s.protocol.toUpperCase()} active gateway without ever saying hello in it: not a failover but a takeover by a router the group never had` });
  }
  if (s.vmac) {
    const own = c.garps.filter((g) => g.mac === c.to.mac && !isVridMac(s, g.mac));
    if (own.length) p.push({ code: 'physical-garp', text: `after taking the group the new master announced the VIP from its own MAC instead of the group's virtual MAC (${own.length === 1 ? 'once' : `${own.length} times`}): clients now send the gateway's traffic to that host` });
  }
  return p;
}

/**
 * The verdict of a change at packet time `us`: hijack (a hostile coup),
 * unhealthy (problems), unjudged (its announcements cannot be judged), or
 * healthy. IPv4 VIPs are announced with gratuitous ARP, IPv6 VIPs with
 * unsolicited neighbour advertisements; a capture that holds none of that
 * kind (a `vrrp` capture filter) cannot judge them, and says so, as does a
 * capture that ended inside the GARP wait before every VIP was announced.
 */
export function judge(c: Change, opts: VrrpOptions, us: number, cut: boolean, ctx: FailoverContext): { verdict: FailoverVerdict; problems: FailoverProblem[]; unjudged: string | null } {
  const p: FailoverProblem[] = coupProblems(c);
  const hijack = p.length > 0;
  const waitUs = opts.garpWaitMs * 1000;
  const v6 = c.state.family !== 4;
  const ipText = (ip: number) => ctx.ipText(c, ip);
  const what = v6 ? 'unsolicited neighbour advertisement' : 'gratuitous ARP';
  const wanted = c.state.protocol === 'vrrp' ? opts.expectGarps : 1;
  const firstOf = (vip: number) => c.garps.filter((g) => g.ip === vip && g.us <= c.atUs + waitUs);
  let unjudged: string | null = !ctx.announcements(v6) ? (v6 ? 'neighbour advertisements not judged: no neighbour discovery in this capture' : 'GARPs not judged: no ARP in this capture') : v6 && c.vips.length < c.state.vips6.length ? 'some IPv6 VIPs could not be followed (the IPv6 address table was full)' : null;
  const waited = c.due || us - c.atUs > waitUs;
  if (unjudged === null && !waited && cut && c.vips.some((vip) => firstOf(vip).length < wanted)) {
    unjudged = `${v6 ? 'neighbour advertisements' : 'GARPs'} not judged: the capture ended ${Math.round((us - c.atUs) / 1000)} ms after the change, inside the ${opts.garpWaitMs} ms it has to announce its VIPs`;
  }
  if (unjudged === null && (waited || cut)) {
    for (const vip of c.vips) {
      const first = firstOf(vip);
      if (!first.length) p.push({ code: 'garp-missing', text: `no ${what} for ${ipText(vip)} from the new master within ${opts.garpWaitMs} ms` });
      else if (c.state.protocol === 'vrrp' && first.length < opts.expectGarps) {
        p.push({ code: 'garp-short', text: `${first.length} ${what}${first.length === 1 ? '' : 's'} for ${ipText(vip)} in the first ${opts.garpWaitMs} ms, ${opts.expectGarps} expected` });
      }
      // without the override flag a neighbour advertisement does not replace a cached MAC (RFC 4861 7.2.5)
      if (v6 && first.length && first.every((g) => !g.override)) p.push({ code: 'na-no-override', text: `the neighbour advertisements for ${ipText(vip)} lack the override flag: neighbours that cached the old master keep it` });
      // a router (it sends router advertisements) must set R (RFC 5798 6.4.2); a host receiving R=0
      // for a neighbour it knew as a router removes it from its default routers (RFC 4861 7.2.5)
      if (v6 && first.length && first.every((g) => !g.router) && (ctx.advertisesRoutes(c.to.mac) || first.some((g) => ctx.advertisesRoutes(g.mac)))) {
        p.push({ code: 'na-no-router', text: `the neighbour advertisements for ${ipText(vip)} lack the router flag although the new master advertises itself as a router: hosts drop it from their default routers (keepalived sets the flag only when IPv6 forwarding is on)` });
      }
    }
  }
  if (c.cause !== 'preemption' && c.gapUs !== null && c.expectedGapUs !== null) {
    const slack = c.to.intervalMs * 1000;
    if (c.gapUs > c.expectedGapUs + slack) {
      p.push({ code: 'slow-takeover', text: `takeover took ${Math.round(c.gapUs / 1000)} ms, expected about ${Math.round(c.expectedGapUs / 1000)} ms` });
    }
  }
  if (c.oldMasterAnswers.length) p.push({ code: 'old-master-answers', text: `the old master answered ${v6 ? 'neighbour solicitations' : 'ARP'} for a VIP ${c.oldMasterAnswers.length === 1 ? 'once' : `${c.oldMasterAnswers.length} times`} after the change` });
  if (c.dualMaster) p.push({ code: 'dual-master', text: 'both routers advertised as master at the same time' });
  // callers judge a change once its wait is over or cut, or for a coup (a hijack): never an open wait without problems
  const verdict: FailoverVerdict = hijack ? 'hijack' : p.length ? 'unhealthy' : unjudged !== null ? 'unjudged' : 'healthy';
  return { verdict, problems: p, unjudged };
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
