// Two routers claiming one VRRP/HSRP/GLBP group at once: contention (equal
// priorities, settled by the RFC 5798 address tie-break) and dual master (both
// keep advertising as master: a split brain), each a finding of its own.
import { ip6Words } from '../decode/nd.js';
import { parseIp } from '../util/addr.js';
import type { FailoverJudge } from './failover.js';
import type { IncidentStore } from './incidents.js';
import { foldSplitBrain } from './split-brain.js';
import { aliveUs, firstVip, type Router, type VridState } from './vrrp-state.js';

/** A router advertising as master at the master's priority right after a change: who wins by address, and a contention finding. */
export function contention(incidents: IncidentStore, s: VridState, m: Router, r: Router, us: number, ref: number): boolean {
  const c = s.changes[s.changes.length - 1];
  if (!c || c.to.ip !== m.ip || us - c.atUs > aliveUs(s, m)) return false;
  if (!c.contenders.includes(r.ip)) c.contenders.push(r.ip);
  if (ipAbove(r.ip, m.ip)) {
    c.to = { ip: r.ip, mac: r.mac, priority: r.priority, intervalMs: r.intervalMs, firstUs: c.to.firstUs, firstRef: c.to.firstRef, heardUs: r.firstUs };
    s.master = r;
  }
  const inc = incidents.open('vrrp.contention', s.vlan, firstVip(s), us);
  if (inc) {
    inc.addMac(m.mac);
    inc.addMac(r.mac);
    inc.data.vrid = s.vrid;
    inc.data.protocol = s.protocol;
    inc.data.priority = r.priority;
    if (!inc.data.routers.includes(m.ip)) inc.data.routers.push(m.ip);
    if (!inc.data.routers.includes(r.ip)) inc.data.routers.push(r.ip);
    inc.data.winner = s.master!.ip;
    inc.evidence(c.ref);
    incidents.hit(inc, us, ref);
  }
  return true;
}

/** A second router advertising as master while the master does: a dual-master episode, raised once it lasts. */
export function dualAdvert(incidents: IncidentStore, failovers: FailoverJudge, s: VridState, m: Router, r: Router, us: number, ref: number): void {
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
    if (last && last.atUs >= d.startUs - m.intervalMs * 3000) {
      last.dualMaster = true;
      failovers.evidence(last, us);
    }
    const inc = incidents.open('vrrp.dual-master', s.vlan, firstVip(s), d.startUs);
    if (inc) {
      inc.addMac(m.mac);
      inc.addMac(r.mac);
      inc.evidence(d.startRef);
      inc.data.vrid = s.vrid;
      inc.data.protocol = s.protocol;
      inc.data.episodes = s.dualEpisodes;
      // what the two masters did before is part of it, and what they do next is absorbed (split-brain.ts)
      foldSplitBrain(incidents, inc, s);
      incidents.hit(inc, us, ref);
    }
  } else if (s.dualRaised) {
    const inc = incidents.get('vrrp.dual-master', s.vlan, firstVip(s));
    if (inc) {
      inc.evidence(ref);
      inc.lastUs = us;
    }
  }
}

/** The episode is over once a single router has advertised alone for 1.5 intervals. */
export function endDual(s: VridState, us: number): void {
  const d = s.dual;
  if (!d) return;
  const m = s.master;
  // over once a single router has advertised alone for 1.5 intervals
  if (m && us - d.lastUs >= aliveUs(s, m)) {
    if (s.dualRaised) s.dualEpisodes.push(d);
    s.dual = null;
    s.dualRaised = false;
  }
}

/** The RFC 5798 tie-break: is router address a above b? (IPv4 numerically, IPv6 by its full hex digits.) */
function ipAbove(a: string, b: string): boolean {
  const na = parseIp(a);
  const nb = parseIp(b);
  if (na >= 0 && nb >= 0) return na > nb;
  const wa = ip6Words(a);
  const wb = ip6Words(b);
  for (let i = 0; i < 4; i++) if (wa[i] !== wb[i]) return wa[i]! > wb[i]!;
  return false;
}
