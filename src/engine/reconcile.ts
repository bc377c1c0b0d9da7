// The end of the capture: findings that need the whole capture are
// completed, and those the whole capture disproves are dropped (a takeover
// whose old owner outlived it became a hijack as its frames arrived:
// hijack.ts; what they left open is judged here the same way).
//  - spoofing: unsolicited replies for an address another MAC claimed at any
//    time, even if that claim came later;
//  - a "leak" whose owners were never seen again after it started is a move;
//  - a change that later flip-flopped is reported as the flip-flop;
//  - a VIP move seen before its VRRP master change was recorded is part of
//    that failover (GARPs can precede the new master's first advert);
//  - a VIP's dark window around a master change is the outage clients saw
//    in that failover: it goes into the failover's timeline;
//  - the parts of a split brain (split-brain.ts, folded as they arrived)
//    get their final counts and evidence.
import { raiseSpoof } from './arp.js';
import type { HijackJudge } from './hijack.js';
import type { Incident, IncidentStore } from './incidents.js';
import { K_UNSOLICITED } from './kinds.js';
import type { Tables } from './tables.js';
import type { VrrpTracker } from './vrrp.js';
import { closeSplitBrain } from './split-brain.js';
import { isVirtualMac } from '../util/addr.js';

export function reconcile(t: Tables, incidents: IncidentStore, vrrp: VrrpTracker, hijacks: HijackJudge): void {
  vrrp.finish();
  lateSpoofing(t, incidents);
  hijacks.finish();
  for (const inc of incidents.list) if (inc.is('vrrp.dual-master')) closeSplitBrain(inc);
  for (const inc of incidents.list) {
    if (inc.is('arp.silent.address') && vrrp.active) failoverOutages(vrrp, inc);
    if (inc.is('arp.leak.vip-sender')) leakOrMove(t, incidents, inc);
    else if (inc.is('arp.binding.changed') && incidents.get('arp.binding.flip-flop', inc.vlan, inc.ip)) inc.dropped = true; // the flip-flop says more
    if ((inc.is('arp.binding.takeover') || inc.is('arp.binding.changed') || inc.is('arp.binding.flip-flop')) && vrrp.active && !inc.dropped) {
      const moves = inc.data.moves;
      if (moves.length && moves.every((m) => vrrp.explainsMove(inc.vlan, inc.ip, m.from, m.to, m.us))) inc.dropped = true;
    }
  }
}

function lateSpoofing(t: Tables, incidents: IncidentStore): void {
  for (let b = 0; b < t.bCount; b++) {
    if (t.count(b, K_UNSOLICITED) === 0 || isVirtualMac(t.mac(b))) continue;
    const a = t.addrOf(b);
    if (incidents.get('arp.spoof.unsolicited-reply', t.vlanOf(a), t.ipOf(a))) continue;
    for (let x = t.headOf(a); x >= 0; x = t.nextOf(x)) {
      if (x !== b && t.claims(x) > 0) {
        raiseSpoof(t, incidents, a, b, x, t.vlanOf(a), t.firstUs(b), t.firstRef(b));
        break;
      }
    }
  }
}

/**
 * A leak needs its old owner alive after the first leaking request;
 * otherwise the address may have moved for good, but only when the new MAC
 * answered for it while the old owner kept silent (the end of a capture is
 * no evidence that an owner left), and never while a race on it goes on.
 */
function leakOrMove(t: Tables, incidents: IncidentStore, inc: Incident<'arp.leak.vip-sender'>): void {
  const { owners, leakers } = inc.data;
  let ownersLast = -Infinity;
  const alive = owners.some((m) => {
    const b = t.findBinding(inc.vlan, inc.ip, m);
    if (b >= 0) ownersLast = Math.max(ownersLast, t.lastUs(b));
    return b >= 0 && t.lastUs(b) >= inc.firstUs;
  });
  if (alive || incidents.get('arp.race.multi-responder', inc.vlan, inc.ip)) return;
  const answeredSince = leakers.some((m) => {
    const b = t.findBinding(inc.vlan, inc.ip, m);
    return b >= 0 && t.answered(b) > 0 && t.lastUs(b) > ownersLast;
  });
  if (!answeredSince) return;
  inc.dropped = true;
  const moved = incidents.open('arp.binding.changed', inc.vlan, inc.ip, inc.firstUs);
  if (!moved) return;
  for (const m of owners) moved.addMac(m);
  for (const m of leakers) moved.addMac(m);
  for (const r of inc.frames) moved.evidence(r);
  moved.count = inc.count;
  moved.firstUs = inc.firstUs;
  moved.lastUs = inc.lastUs;
  moved.data.moves = [{ from: owners[0]!, to: leakers[0]!, us: inc.firstUs, ref: inc.frames[inc.frames.length - 1] ?? -1, ownerUs: -1, ownerRef: -1 }];
}

/** Moves a VIP's dark windows raised before a master change explained them (dark longer than --failover-window first) into that change. */
function failoverOutages(vrrp: VrrpTracker, inc: Incident<'arp.silent.address'>): void {
  const kept = inc.data.windows.filter((w) => !vrrp.outageOf(inc.vlan, inc.ip, w));
  if (kept.length === inc.data.windows.length) return;
  inc.data.windows = kept;
  if (kept.length === 0) inc.dropped = true;
}
