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
import { isMulticast6, ND_NA, type NdFields } from '../decode/nd.js';
import type { Addr6Table } from './addr6.js';
import type { PendingRequests } from './pending.js';

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
