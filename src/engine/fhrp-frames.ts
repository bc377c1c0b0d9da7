// First-hop redundancy frames: VRRP adverts (IPv4 and IPv6, CARP told apart)
// and HSRP/GLBP hellos, decoded into one set of fields and handed to the VRRP
// tracker, which follows all three alike. A malformed advert is a finding.
import type { LinkInfo } from '../decode/link.js';
import { ETHERTYPE_IPV4 } from '../decode/link.js';
import type { UdpInfo } from '../decode/udp.js';
import { decodeGlbp, decodeHsrp, FHRP_OK, FHRP_TRUNCATED, UDP_HSRP } from '../decode/fhrp.js';
import { decodeVrrp4, decodeVrrp6, VrrpFields, VRRP_CARP, VRRP_OK, VRRP_STATUS_NAMES } from '../decode/vrrp.js';
import { macAt } from '../util/addr.js';
import type { FrameCtx } from './ctx.js';
import { EV_ADVERT } from './evidence-log.js';
import type { IncidentStore } from './incidents.js';
import type { Stats } from './stats.js';
import type { VrrpTracker } from './vrrp.js';

export class FhrpFrames {
  private readonly f = new VrrpFields();
  /** What the last frame meant, for the replay story ('' for other frames; the engine resets it). */
  story = '';

  constructor(
    private readonly link: LinkInfo,
    private readonly udp: UdpInfo,
    private readonly stats: Stats,
    private readonly ctx: FrameCtx,
    private readonly vrrp: VrrpTracker,
    private readonly incidents: IncidentStore,
  ) {}

  /** A VRRP (or CARP) advert at `pl` in segment `vlan`. */
  advert(dv: DataView, pl: number, end: number, vlan: number): void {
    const st = this.stats;
    const f = this.f;
    const status = this.link.ethertype === ETHERTYPE_IPV4 ? decodeVrrp4(dv, pl, end, f) : decodeVrrp6(dv, pl, end, f);
    const so = this.link.srcOff;
    const src = so >= 0 ? macAt(dv, so) : -1;
    const { us, ref } = this.ctx;
    this.ctx.kind = EV_ADVERT;
    if (status === VRRP_OK) {
      st.vrrpAdverts++;
      this.story = this.vrrp.advert(vlan, src, f, us, ref);
      return;
    }
    if (status === VRRP_CARP) {
      st.carpAdverts++;
      this.story = 'CARP';
      this.vrrp.carpAdvert(vlan, f.carpVhid, src, us, ref);
      return;
    }
    st.vrrpAnomalies++;
    const reason = VRRP_STATUS_NAMES[status]!;
    this.story = `malformed: ${reason}`;
    const inc = this.incidents.open('vrrp.decode.anomaly', vlan, -1, us);
    if (!inc) return;
    inc.data.reasons[reason] = (inc.data.reasons[reason] ?? 0) + 1;
    if (src >= 0) inc.addMacCapped(src);
    this.incidents.hit(inc, us, ref);
  }

  /** An HSRP or GLBP hello (this.udp decoded) in segment `vlan`. */
  hello(dv: DataView, vlan: number): void {
    const u = this.udp;
    const f = this.f;
    const status = u.dport === UDP_HSRP ? decodeHsrp(dv, u.payload, u.end, f) : decodeGlbp(dv, u.payload, u.end, f);
    if (status !== FHRP_OK) {
      this.story = status === FHRP_TRUNCATED ? `${u.dport === UDP_HSRP ? 'HSRP' : 'GLBP'} truncated` : '';
      return;
    }
    f.src4 = u.src;
    f.ttl = u.ttl;
    this.ctx.kind = EV_ADVERT;
    this.stats.fhrpHellos++;
    const so = this.link.srcOff;
    this.story = this.vrrp.advert(vlan, so >= 0 ? macAt(dv, so) : -1, f, this.ctx.us, this.ctx.ref);
  }
}
