// Takeover or hijack: a gratuitous ARP (or override NA) that moved an
// address to a new MAC is a takeover (a failover, a replaced host) while the
// old owner stays silent, and a hijack the moment the old owner shows it is
// alive: it answers a request asked after the move, or it speaks more than a
// response window after it. Decided per frame of the old owner (only for
// addresses a takeover marked, so ordinary traffic never looks), and at the
// end for what the frames left open; the same code both times, so `live`
// raises the hijack when the proof arrives, as `check` reports it.
import type { Incident, IncidentStore, Move } from './incidents.js';
import type { Tables } from './tables.js';
import type { VrrpTracker } from './vrrp.js';

export class HijackJudge {
  constructor(
    private readonly tables: Tables,
    private readonly incidents: IncidentStore,
    private readonly vrrp: VrrpTracker,
    private readonly graceUs: number,
  ) {}

  /**
   * Binding b (of pinned address a) spoke at `us` (frame `ref`); `answered`:
   * its frame answered a request asked after a move from it. A move away
   * from b that b outlives is a hijack now.
   */
  ownerSpoke(a: number, b: number, us: number, ref: number): void {
    const t = this.tables;
    const inc = this.incidents.get('arp.binding.takeover', t.vlanOf(a), t.ipOf(a));
    if (!inc) return;
    const mac = t.mac(b);
    for (const m of inc.data.moves) {
      if (m.from !== mac || m.hijacked !== undefined) continue;
      const seen = m.ownerUs >= 0 ? { us: m.ownerUs, ref: m.ownerRef } : us > m.us + this.graceUs ? { us, ref } : null;
      if (seen) this.hijack(inc, m, seen);
    }
  }

  /** The end of the capture: a move whose old owner spoke later (its last frame) is a hijack too. */
  finish(): void {
    const t = this.tables;
    for (const inc of this.incidents.list) {
      if (!inc.is('arp.binding.takeover')) continue;
      for (const m of inc.data.moves) {
        if (m.hijacked !== undefined) continue;
        const b = t.findBinding(inc.vlan, inc.ip, m.from);
        if (m.ownerUs >= 0) this.hijack(inc, m, { us: m.ownerUs, ref: m.ownerRef });
        else if (b >= 0 && t.lastUs(b) > m.us + this.graceUs) this.hijack(inc, m, { us: t.lastUs(b), ref: t.lastRef(b) });
      }
      // a takeover stands for the moves no hijack explains
      inc.dropped = inc.data.moves.every((m) => m.hijacked === true);
      const h = this.incidents.get('arp.garp.hijack', inc.vlan, inc.ip);
      if (h) this.dropExplained(h);
    }
  }

  /** The alternation a hijack explains is not reported again as a flip-flop or a change. */
  private dropExplained(h: Incident<'arp.garp.hijack'>): void {
    for (const code of ['arp.binding.flip-flop', 'arp.binding.changed'] as const) {
      const other = this.incidents.get(code, h.vlan, h.ip);
      if (other && other.macs.every((x) => h.macs.includes(x))) this.incidents.retract(other, 'arp.garp.hijack');
    }
  }

  private hijack(inc: Incident<'arp.binding.takeover'>, m: Move, seen: { us: number; ref: number }): void {
    // a VIP moving between the routers of its VRRP group is that group's failover
    if (this.vrrp.active && this.vrrp.explainsMove(inc.vlan, inc.ip, m.from, m.to, m.us, false)) {
      m.hijacked = false;
      return;
    }
    const t = this.tables;
    const h = this.incidents.open('arp.garp.hijack', inc.vlan, inc.ip, m.us);
    if (!h) return;
    m.hijacked = true;
    const a = t.findAddr(inc.vlan, inc.ip);
    if (a >= 0) t.pin(a);
    h.addMac(m.to);
    h.addMac(m.from);
    h.data.moves.push(m);
    h.data.ownerSeen.push({ mac: m.from, ...seen });
    h.evidence(m.ref);
    h.evidence(seen.ref);
    this.incidents.hit(h, m.us, m.ref);
    // not retracted (finish() may bring a takeover back for a later move no hijack explains): live says it at the end
    if (inc.data.moves.every((x) => x.hijacked === true)) inc.dropped = true;
    this.dropExplained(h);
  }
}
