// The one routing of a frame to what arpaudit analyses, shared by the engine,
// the replay story and probe: with the link layer decoded into a LinkInfo,
// which protocol its network layer carries (ARP, VRRP/CARP, IPv6 neighbour
// discovery, HSRP/GLBP over UDP, a tunnel, ARP inside PBB, RARP, or none of
// them). A new protocol is one more route here. Pure: fills the UdpInfo and
// TunnelInfo it is given, allocates nothing.
import { ETHERTYPE_ARP } from './arp.js';
import { decodeLink, ETHERTYPE_IPV4, ETHERTYPE_IPV6, type LinkInfo, LINK_OK } from './link.js';
import { LINKTYPE_ETHERNET } from './linktype.js';
import { looksLikeNd } from './nd.js';
import { decodeTunnel, ETHERTYPE_PBB, ETHERTYPE_RARP, ETHERTYPE_TEB, pbbInnerType, type TunnelInfo, TUNNEL_GENEVE, TUNNEL_VXLAN } from './tunnel.js';
import { decodeUdp4, type UdpInfo } from './udp.js';
import { UDP_GLBP, UDP_HSRP } from './fhrp.js';
import { IPPROTO_VRRP } from './vrrp.js';

export const ROUTE_OTHER = 0;
export const ROUTE_ARP = 1;
/** VRRP (or CARP: the same IP protocol number), IPv4 or IPv6. */
export const ROUTE_VRRP = 2;
export const ROUTE_ND = 3;
/** HSRP or GLBP: the UdpInfo holds the datagram. */
export const ROUTE_FHRP = 4;
/** A tunnel decoded into the TunnelInfo (VXLAN and Geneve carry frames analysed in their own segment). */
export const ROUTE_TUNNEL = 5;
export const ROUTE_PBB_ARP = 6;
export const ROUTE_RARP = 7;

/**
 * What the network layer of a decoded frame is (ROUTE_*). `inOverlay`: the
 * frame came out of a VXLAN/Geneve tunnel already (tunnels are not followed
 * twice).
 */
export function routeNetwork(dv: DataView, end: number, link: LinkInfo, udp: UdpInfo, tun: TunnelInfo, inOverlay: boolean): number {
  const et = link.ethertype;
  const pl = link.payload;
  if (et === ETHERTYPE_ARP) return ROUTE_ARP;
  if (et === ETHERTYPE_IPV4 || et === ETHERTYPE_IPV6) {
    if (et === ETHERTYPE_IPV4 ? end - pl > 9 && dv.getUint8(pl + 9) === IPPROTO_VRRP : end - pl > 6 && dv.getUint8(pl + 6) === IPPROTO_VRRP) return ROUTE_VRRP;
    if (et === ETHERTYPE_IPV6 && looksLikeNd(dv, pl, end)) return ROUTE_ND;
    if (et === ETHERTYPE_IPV4 && decodeUdp4(dv, pl, end, udp) && (udp.dport === UDP_HSRP || udp.dport === UDP_GLBP)) return ROUTE_FHRP;
    if (!inOverlay && decodeTunnel(dv, pl, end, et, tun)) return ROUTE_TUNNEL;
    return ROUTE_OTHER;
  }
  if (et === ETHERTYPE_PBB) return pbbInnerType(dv, pl, end) === ETHERTYPE_ARP ? ROUTE_PBB_ARP : ROUTE_OTHER;
  if (et === ETHERTYPE_RARP) return ROUTE_RARP;
  return ROUTE_OTHER;
}

/** True for a tunnel whose inner frame is analysed in a segment of its own (VXLAN, Geneve). */
export function isOverlay(tun: TunnelInfo): boolean {
  return tun.kind === TUNNEL_VXLAN || tun.kind === TUNNEL_GENEVE;
}

/**
 * Steps into a VXLAN/Geneve tunnel's inner frame: its link layer decoded into
 * `link` (Geneve may carry a network-layer packet directly: its protocol type
 * is the ethertype). False when the inner Ethernet frame does not decode.
 */
export function enterOverlay(dv: DataView, end: number, tun: TunnelInfo, link: LinkInfo): boolean {
  if (tun.innerType === ETHERTYPE_TEB) return decodeLink(dv, tun.inner, end, LINKTYPE_ETHERNET, link) === LINK_OK;
  link.srcOff = -1;
  link.payload = tun.inner;
  link.ethertype = tun.innerType;
  link.vlanKey = 0;
  return true;
}
