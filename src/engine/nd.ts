// Neighbour discovery through the ARP analysis: a neighbour solicitation is a
// who-has, a solicited advertisement the reply to it, an unsolicited one
// (keepalived's after a takeover, a host's after a change) a gratuitous
// announcement, and a solicitation from :: a DAD probe, answered when a
// defender advertises the address to all nodes. IPv6 addresses become ids
// (addr6.ts) in IPv6 segments of their own, so every check of the one path
// (races, flip-flops, takeovers, spoofing, defended probes, silent addresses,
// scans) runs on ND unchanged.
import { type ArpFields, OP_REPLY, OP_REQUEST } from '../decode/arp.js';
import type { LinkInfo } from '../decode/link.js';
import { decodeNd, isMulticast6, ND_NA, ND_NOT_ND, ND_NS, ND_OK, ND_RA, ND_RS, ND_STATUS_NAMES, NdFields, ndMapping } from '../decode/nd.js';
import { macAt, TWO32 } from '../util/addr.js';
import type { Addr6Table } from './addr6.js';
import type { ArpAnalysis } from './arp.js';
import type { FrameCtx } from './ctx.js';
import { EV_ROUTER_ADVERT } from './evidence-log.js';
import type { IncidentStore } from './incidents.js';
import type { PendingRequests } from './pending.js';
import type { RouterWatch } from './routers.js';
import type { Stats } from './stats.js';

/** Neighbour discovery frames: NS and NA through the ARP analysis in the segment's IPv6 twin, RAs to the router watch, the rest counted. */
export class NdFrames {
  private readonly f = new NdFields();

  constructor(
    private readonly link: LinkInfo,
    private readonly stats: Stats,
    private readonly ctx: FrameCtx,
    private readonly incidents: IncidentStore,
    private readonly routers: RouterWatch,
    private readonly addr6: Addr6Table,
    private readonly pending: PendingRequests,
    private readonly arpFields: ArpFields,
    private readonly arp: ArpAnalysis,
    /** The index of a segment's IPv6 twin (made when first asked). */
    private readonly twin: (segment: number) => number,
  ) {}

  /** An ICMPv6 message at `pl` in `segment`. */
  frame(dv: DataView, pl: number, end: number, segment: number): void {
    const st = this.stats;
    const f = this.f;
    const status = decodeNd(dv, pl, end, f);
    if (status === ND_NOT_ND) return;
    const vlan = this.twin(segment);
    if (f.type >= ND_RS) st.ndReceived[f.type - ND_RS]!++;
    if (status !== ND_OK) {
      this.anomaly(dv, status, vlan);
      return;
    }
    st.ndMessages[f.type - ND_RS]!++;
    const mapping = ndMapping(dv, f, this.link.dstOff);
    if (mapping !== ND_OK) this.anomaly(dv, mapping, vlan);
    if (f.type === ND_RA) {
      this.ctx.kind = EV_ROUTER_ADVERT;
      const so = this.link.srcOff;
      const mac = f.llHi >= 0 ? f.llHi * TWO32 + (f.llLo >>> 0) : so >= 0 ? macAt(dv, so) : -1;
      if (mac >= 0) this.routers.advert(vlan, mac, f, this.ctx.us, this.ctx.ref);
      return;
    }
    if ((f.type === ND_NS || f.type === ND_NA) && ndAsArp(dv, f, this.link, this.addr6, this.pending, vlan, this.arpFields)) this.arp.analyse(dv, vlan);
  }

  private anomaly(dv: DataView, status: number, vlan: number): void {
    this.stats.ndAnomalies[status]!++;
    const { us, ref } = this.ctx;
    const inc = this.incidents.open('nd.decode.anomaly', vlan, -1, us);
    if (!inc) return;
    const reason = ND_STATUS_NAMES[status]!;
    inc.data.reasons[reason] = (inc.data.reasons[reason] ?? 0) + 1;
    const so = this.link.srcOff;
    if (so >= 0) inc.addMacCapped(macAt(dv, so));
    this.incidents.hit(inc, us, ref);
  }
}

/**
 * Fills `a` from the ND message in `f` (an NS or NA in IPv6 segment `vlan`);
 * false when it cannot be analysed (no sender MAC, the address table full).
 */
export function ndAsArp(dv: DataView, f: NdFields, link: LinkInfo, addr6: Addr6Table, pending: PendingRequests, vlan: number, a: ArpFields): boolean {
  a.ipv6 = true;
  // the sender's MAC: the link-layer address option, else the frame's Ethernet source
  if (f.llHi >= 0) {
    a.shaHi = f.llHi;
    a.shaLo = f.llLo;
    a.shaOff = f.llOff;
  } else if (link.srcOff >= 0) {
    a.shaHi = dv.getUint16(link.srcOff);
    a.shaLo = dv.getInt32(link.srcOff + 2);
    a.shaOff = -1;
  } else return false;
  const target = addr6.id(f.target);
  if (target < 0) return false;
  a.override = f.type !== ND_NA || f.override;
  a.router = f.type !== ND_NA || f.router;
  if (f.type === ND_NA) {
    a.op = OP_REPLY;
    a.spaS = target;
    if (isMulticast6(f.dst)) {
      // to all nodes: another node's answer to a DAD probe for the address (a defence), else an
      // announcement (the prober's own, once its DAD has passed, is one)
      const probe = pending.match(vlan, 0, target);
      a.tpaS = probe >= 0 && !pending.requesterIs(probe, a.shaHi, a.shaLo) ? 0 : target;
      a.thaHi = 0;
      a.thaLo = 0;
    } else {
      const to = addr6.id(f.dst);
      if (to < 0) return false;
      a.tpaS = to;
      // the requester's MAC is not in an NA: the solicitation it answers has it
      const slot = pending.match(vlan, to, target);
      const req = slot >= 0 ? pending.reqMac(slot) : 0;
      a.thaHi = Math.floor(req / 2 ** 32);
      a.thaLo = req | 0;
    }
    return true;
  }
  a.op = OP_REQUEST;
  const src = addr6.id(f.src);
  if (src < 0) return false;
  a.spaS = src;
  a.tpaS = target;
  a.thaHi = 0;
  a.thaLo = 0;
  return true;
}
