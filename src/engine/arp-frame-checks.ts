// ARP frames that are malformed or say two things at once: a sender MAC that
// is broadcast, multicast or zero; an Ethernet source that differs from the
// ARP sender (a virtual MAC's is counted, not raised); a frame the decoder
// refused. Named, counted and raised with the frame's link-layer source.
import type { ArpFields } from '../decode/arp.js';
import type { LinkInfo } from '../decode/link.js';
import { isVirtualMac, macAt } from '../util/addr.js';
import type { FrameCtx } from './ctx.js';
import type { IncidentStore } from './incidents.js';
import type { Stats } from './stats.js';

export class ArpFrameChecks {
  constructor(
    private readonly f: ArpFields,
    private readonly link: LinkInfo,
    private readonly stats: Stats,
    private readonly ctx: FrameCtx,
    private readonly incidents: IncidentStore,
  ) {}

  /** A sender MAC that is broadcast, multicast or zero (counted by the caller). */
  badSender(vlan: number, dv: DataView): void {
    const f = this.f;
    const { us, ref } = this.ctx;
    const inc = this.incidents.open('arp.frame.bad-sender-mac', vlan, f.spa, us);
    if (!inc) return;
    inc.addMac(f.sha);
    const src = this.linkSrc(dv);
    if (src >= 0) inc.addMac(src);
    this.incidents.hit(inc, us, ref);
  }

  /** The Ethernet source differs from the ARP sender MAC. */
  mismatch(vlan: number, dv: DataView): void {
    const f = this.f;
    if (isVirtualMac(f.sha)) {
      this.stats.virtualMismatch++;
      return;
    }
    this.stats.ethMismatch++;
    const { us, ref } = this.ctx;
    const inc = this.incidents.open('arp.frame.eth-mismatch', vlan, f.spa, us);
    if (!inc) return;
    inc.addMac(f.sha);
    inc.addMac(this.linkSrc(dv));
    this.incidents.hit(inc, us, ref);
  }

  /** An ARP frame the decoder refused (status: ARP_* code). */
  anomaly(status: number, vlan: number, dv: DataView): void {
    const st = this.stats;
    st.arpAnomalies++;
    st.anomalyReasons[status]!++;
    const { us, ref } = this.ctx;
    const inc = this.incidents.open('arp.decode.anomaly', vlan, -1, us);
    if (!inc) return;
    const src = this.linkSrc(dv);
    if (src >= 0) inc.addMacCapped(src);
    this.incidents.hit(inc, us, ref);
  }

  /** The link-layer source MAC as a number, -1 when the link has none. */
  private linkSrc(dv: DataView): number {
    const so = this.link.srcOff;
    return so >= 0 ? macAt(dv, so) : -1;
  }
}

/** The six bytes at x and at y are the same MAC. */
export function sameMac(dv: DataView, x: number, y: number): boolean {
  return dv.getUint32(x) === dv.getUint32(y) && dv.getUint16(x + 4) === dv.getUint16(y + 4);
}
