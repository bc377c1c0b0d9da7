// A VRRP master change judged once the capture is over: its problems (none
// means healthy), and its gratuitous ARPs grouped into bursts.
import { formatIp } from '../util/addr.js';
import type { Change, VrrpOptions } from './vrrp.js';

export interface FailoverProblem {
  code: 'garp-missing' | 'garp-short' | 'na-no-override' | 'na-no-router' | 'slow-takeover' | 'old-master-answers' | 'dual-master';
  text: string;
}

export interface Judgement {
  problems: FailoverProblem[];
  /** Why the new master's announcements could not be judged, or null when they were. */
  unjudged: string | null;
}

/**
 * Judges a change once the capture is over: its problems (none, with the
 * announcements judged, = healthy). IPv4 VIPs are announced with gratuitous
 * ARP, IPv6 VIPs with unsolicited neighbour advertisements (keepalived sends
 * them in the same bursts); a capture that holds none of that kind (a `vrrp`
 * capture filter) cannot judge them, and says so. `announcements` tells
 * whether the capture holds any; `ipText` names a VIP (an IPv6 VIP is an id).
 */
export function judge(c: Change, opts: VrrpOptions, endUs: number, announcements: boolean, ipText: (ip: number) => string = formatIp, advertisesRoutes: (mac: number) => boolean = () => false): Judgement {
  const p: FailoverProblem[] = [];
  const waitUs = opts.garpWaitMs * 1000;
  const v6 = c.state.family !== 4;
  const what = v6 ? 'unsolicited neighbour advertisement' : 'gratuitous ARP';
  const unjudged = !announcements ? (v6 ? 'neighbour advertisements not judged: no neighbour discovery in this capture' : 'GARPs not judged: no ARP in this capture') : v6 && c.vips.length < c.state.vips6.length ? 'some IPv6 VIPs could not be followed (the IPv6 address table was full)' : null;
  if (unjudged === null && endUs - c.atUs >= waitUs) {
    for (const vip of c.vips) {
      const first = c.garps.filter((g) => g.ip === vip && g.us <= c.atUs + waitUs);
      if (!first.length) p.push({ code: 'garp-missing', text: `no ${what} for ${ipText(vip)} from the new master within ${opts.garpWaitMs} ms` });
      else if (c.state.protocol === 'vrrp' && first.length < opts.expectGarps) {
        p.push({ code: 'garp-short', text: `${first.length} ${what}${first.length === 1 ? '' : 's'} for ${ipText(vip)} in the first ${opts.garpWaitMs} ms, ${opts.expectGarps} expected` });
      }
      // without the override flag a neighbour advertisement does not replace a cached MAC (RFC 4861 7.2.5)
      if (v6 && first.length && first.every((g) => !g.override)) p.push({ code: 'na-no-override', text: `the neighbour advertisements for ${ipText(vip)} lack the override flag: neighbours that cached the old master keep it` });
      // a router (it sends router advertisements) must set R (RFC 5798 6.4.2); a host receiving R=0
      // for a neighbour it knew as a router removes it from its default routers (RFC 4861 7.2.5)
      if (v6 && first.length && first.every((g) => !g.router) && (advertisesRoutes(c.to.mac) || first.some((g) => advertisesRoutes(g.mac)))) {
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
  return { problems: p, unjudged };
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
