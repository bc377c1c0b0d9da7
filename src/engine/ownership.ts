// Who owns an address: every claim (anything but a probe) makes its binding
// the owner; a change of owner is a takeover (announced by gratuitous ARP), a
// flip-flop (back to the owner before) or a plain change, unless something
// already explains it: a VRRP failover, a race, a leak or spoofing between
// the same MACs (then it is counted there as an alternation).
import type { FrameCtx } from './ctx.js';
import type { Incident, IncidentStore } from './incidents.js';
import { isGratuitous } from './kinds.js';
import type { Tables } from './tables.js';
import type { VrrpTracker } from './vrrp.js';
import { fhrpGroup } from '../util/addr.js';

/** Moves kept per incident; more are counted in the address's changes. */
const MAX_MOVES = 32;

export class Ownership {
  /** A bit per low 16 bits of the MACs of contested bindings (tables.contested) or that sent unsolicited replies: a request from any other MAC skips the checks (one byte read). */
  private readonly contestedBits = new Uint8Array(8192);

  constructor(
    private readonly ctx: FrameCtx,
    private readonly tables: Tables,
    private readonly incidents: IncidentStore,
    private readonly vrrp: VrrpTracker,
  ) {}

  /** Records that binding b claims its address; `strong` for replies and GARPs. */
  claim(b: number, strong: boolean, kind: number): void {
    const t = this.tables;
    t.incClaims(b);
    if (t.sole(b)) return; // the only MAC of its address: nothing can change hands
    const a = t.addrOf(b);
    if (strong) t.setLastStrong(a, b);
    const prev = t.prevOwner(a);
    const from = t.setOwner(a, b);
    if (from >= 0) this.changed(a, from, b, prev, kind);
  }

  private changed(a: number, from: number, to: number, prev: number, kind: number): void {
    const t = this.tables;
    const { us, ref } = this.ctx;
    const vlan = t.vlanOf(a);
    const ip = t.ipOf(a);
    const fromMac = t.mac(from);
    const toMac = t.mac(to);
    // a VIP moving between the routers of its VRID around a master change is that failover
    if (this.vrrp.active && this.vrrp.explainsMove(vlan, ip, fromMac, toMac, us)) return;
    // GLBP's gateway answers each client with one of its forwarders' virtual MACs: balancing by design
    const glbp = fhrpGroup(fromMac, 'glbp');
    if (glbp >= 0 && glbp === fhrpGroup(toMac, 'glbp')) return;
    this.contest(from);
    this.contest(to);
    // the hijacker announcing the address again, taking it from the owner it already took it from: one more of the hijack's announcements
    if (isGratuitous(kind)) {
      const h = this.incidents.get('arp.garp.hijack', vlan, ip);
      if (h && h.data.moves.some((m) => m.from === fromMac && m.to === toMac)) {
        if (h.data.moves.length < MAX_MOVES) h.data.moves.push({ from: fromMac, to: toMac, us, ref, ownerUs: -1, ownerRef: -1, hijacked: true });
        h.evidence(ref);
        this.incidents.hit(h, us, ref);
        return;
      }
    }
    if (this.explained(vlan, ip, fromMac, toMac)) return;
    const code = isGratuitous(kind) ? 'arp.binding.takeover' : prev === to ? 'arp.binding.flip-flop' : 'arp.binding.changed';
    const inc = this.incidents.open(code, vlan, ip, us);
    if (!inc) return;
    if (code === 'arp.binding.takeover') t.markTaken(a);
    else t.pin(a);
    inc.addMac(fromMac);
    inc.addMac(toMac);
    inc.evidence(t.lastRef(from));
    if (inc.data.moves.length < MAX_MOVES) inc.data.moves.push({ from: fromMac, to: toMac, us, ref, ownerUs: -1, ownerRef: -1 });
    this.incidents.hit(inc, us, ref);
  }

  /** Binding b strongly claimed its address, which another MAC claims too: flagged in its record, nothing allocated. */
  private contest(b: number): void {
    const t = this.tables;
    if (t.strongClaims(b) === 0 || t.contested(b)) return;
    t.markContested(b);
    const lo = t.mac(b) & 0xffff;
    this.contestedBits[lo >>> 3]! |= 1 << (lo & 7);
  }

  /** False when the MAC whose low 32 bits are `macLo` surely contests nothing and sent no unsolicited reply. */
  mayContest(macLo: number): boolean {
    const lo = macLo & 0xffff;
    return (this.contestedBits[lo >>> 3]! & (1 << (lo & 7))) !== 0;
  }

  /** A MAC sent an unsolicited reply: its requests are looked at for impersonation too. */
  unsolicited(mac: number): void {
    const lo = mac & 0xffff;
    this.contestedBits[lo >>> 3]! |= 1 << (lo & 7);
  }

  /** A race, leak, spoofing or hijack incident between the same two MACs explains the move: counted there. */
  private explained(vlan: number, ip: number, fromMac: number, toMac: number): boolean {
    const i = this.incidents;
    return (
      alternated(i.get('arp.race.multi-responder', vlan, ip), fromMac, toMac) ||
      alternated(i.get('arp.leak.vip-sender', vlan, ip), fromMac, toMac) ||
      alternated(i.get('arp.spoof.unsolicited-reply', vlan, ip), fromMac, toMac) ||
      involves(i.get('vrrp.vmac-leak', vlan, ip), fromMac, toMac) ||
      involves(i.get('arp.garp.hijack', vlan, ip), fromMac, toMac)
    );
  }
}

function involves(inc: Incident | undefined, a: number, b: number): boolean {
  return inc !== undefined && inc.macs.includes(a) && inc.macs.includes(b);
}

function alternated(inc: Incident<'arp.race.multi-responder' | 'arp.leak.vip-sender' | 'arp.spoof.unsolicited-reply'> | undefined, a: number, b: number): boolean {
  if (!involves(inc, a, b)) return false;
  inc!.data.alternations++;
  return true;
}
