// A VRRP master change judged once the capture is over: its problems (none
// means healthy), and its gratuitous ARPs grouped into bursts.
import { formatIp } from '../util/addr.js';
import type { Change, VrrpOptions } from './vrrp.js';

export interface FailoverProblem {
  code: 'garp-missing' | 'garp-short' | 'slow-takeover' | 'old-master-answers' | 'dual-master';
  text: string;
}

export interface Judgement {
  problems: FailoverProblem[];
  /** Why the new master's announcements could not be judged, or null when they were. */
  unjudged: string | null;
}

/**
 * Judges a change once the capture is over: its problems (none, with the
 * announcements judged, = healthy). Announcements cannot be judged in a
 * capture without ARP (a `vrrp` capture filter), nor for IPv6 VIPs (they are
 * announced with neighbour advertisements); the other problems still can.
 */
export function judge(c: Change, opts: VrrpOptions, endUs: number, arpSeen: boolean): Judgement {
  const p: FailoverProblem[] = [];
  const waitUs = opts.garpWaitMs * 1000;
  const unjudged = c.state.family !== 4 ? 'IPv6 VIPs are announced with neighbour advertisements, which arpaudit does not analyse yet' : !arpSeen ? 'GARPs not judged: no ARP in this capture' : null;
  if (unjudged === null && endUs - c.atUs >= waitUs) {
    for (const vip of c.vips) {
      const first = c.garps.filter((g) => g.ip === vip && g.us <= c.atUs + waitUs);
      if (!first.length) p.push({ code: 'garp-missing', text: `no gratuitous ARP for ${formatIp(vip)} from the new master within ${opts.garpWaitMs} ms` });
      else if (c.state.protocol === 'vrrp' && first.length < opts.expectGarps) {
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
