// ARP evidence for VRRP: gratuitous ARPs, replies and requests that carry a
// VIP go into the latest master change's timeline (its GARP bursts, first
// reply, neighbours answered, the old master still answering), and make the
// findings only ARP can show: a backup announcing or answering for a VIP, and
// a VIP carried with a physical MAC when the VRID uses a virtual one.
import { isVirtualMac, vrrp6VirtualMac, vrrpVirtualMac } from '../util/addr.js';
import { type IncidentStore, listAdd } from './incidents.js';
import { isMasterMac, isVridMac, routerByMac, type VridState } from './vrrp-state.js';
import type { VrrpTracker } from './vrrp.js';

/** Timeline events kept per change (GARPs, old-master answers); more are dropped. */
const MAX_EVENTS = 256;
const MAX_NEIGHBOURS = 32;
/** GARPs remembered per VRID for a change whose first advert comes after them. */
const RECENT_GARPS = 32;

export class VrrpArpEvidence {
  constructor(
    private readonly tracker: VrrpTracker,
    private readonly incidents: IncidentStore,
  ) {}

  /** A gratuitous ARP for ip from mac (or an unsolicited NA; `override`: its O flag, without which caches keep the old MAC). */
  garp(vlan: number, ip: number, mac: number, us: number, ref: number, override = true, router = true): void {
    const s = this.tracker.vipState(vlan, ip);
    if (!s) return;
    const c = this.tracker.recentChange(s, us);
    const g = { ip, mac, us, ref, override, router };
    if (c && (mac === c.to.mac || isVridMac(s, mac)) && c.garps.length < MAX_EVENTS) {
      c.garps.push(g);
      // a GARP from the new master's own MAC after a coup can prove it hostile
      if (c.cause === 'preemption' && s.vmac && !isVridMac(s, mac)) this.tracker.failovers.evidence(c, us);
    }
    s.recentGarps.push(g);
    if (s.recentGarps.length > RECENT_GARPS) s.recentGarps.shift();
    const r = routerByMac(s, mac);
    if (r && s.master && r !== s.master && !isVridMac(s, mac)) this.raise('vrrp.garp-from-backup', s, vlan, ip, mac, us, ref);
    this.vmacLeak(s, vlan, ip, mac, us, ref);
  }

  /** An ARP reply for ip (a VIP?) from mac to requester (reqIp, reqMac). */
  reply(vlan: number, ip: number, mac: number, reqIp: number, reqMac: number, us: number, ref: number): void {
    const s = this.tracker.vipState(vlan, ip);
    if (!s) return;
    const c = this.tracker.recentChange(s, us);
    if (c) {
      if (mac === c.to.mac || isVridMac(s, mac)) {
        if (c.firstReply === null) c.firstReply = { mac, us, ref };
        if (c.neighbours.length < MAX_NEIGHBOURS && !c.neighbours.some((n) => n.ip === reqIp && n.mac === reqMac)) c.neighbours.push({ ip: reqIp, mac: reqMac, us, ref });
      } else if (c.from && mac === c.from.mac && us > c.atUs + c.to.intervalMs * 1000 && c.oldMasterAnswers.length < MAX_EVENTS) {
        // within one advert interval of the change the old master is still letting go of the VIP
        c.oldMasterAnswers.push({ us, ref });
        this.tracker.failovers.evidence(c, us);
      }
    }
    const r = routerByMac(s, mac);
    if (r && s.master && r !== s.master && !isMasterMac(s, mac)) this.raise('vrrp.vip-answered-by-backup', s, vlan, ip, mac, us, ref);
    this.vmacLeak(s, vlan, ip, mac, us, ref);
  }

  /** An ARP request with a VIP as sender. */
  request(vlan: number, ip: number, mac: number, us: number, ref: number): void {
    const s = this.tracker.vipState(vlan, ip);
    if (s) this.vmacLeak(s, vlan, ip, mac, us, ref);
  }

  // `vlan` is the frame's segment: the VRID's own for ARP, its IPv6 twin for ND
  private vmacLeak(s: VridState, vlan: number, ip: number, mac: number, us: number, ref: number): void {
    if (!s.vmac || isVirtualMac(mac)) return;
    const inc = this.incidents.open('vrrp.vmac-leak', vlan, ip, us);
    if (!inc) return;
    inc.addMac(mac);
    inc.data.vrid = s.vrid;
    inc.data.protocol = s.protocol;
    listAdd(inc.data.physical, mac);
    inc.addMac(s.family === 4 ? vrrpVirtualMac(s.vrid) : vrrp6VirtualMac(s.vrid));
    this.incidents.hit(inc, us, ref);
  }

  private raise(code: 'vrrp.garp-from-backup' | 'vrrp.vip-answered-by-backup', s: VridState, vlan: number, ip: number, mac: number, us: number, ref: number): void {
    const inc = this.incidents.open(code, vlan, ip, us);
    if (!inc) return;
    inc.addMac(mac);
    inc.data.vrid = s.vrid;
    inc.data.protocol = s.protocol;
    this.incidents.hit(inc, us, ref);
  }
}
