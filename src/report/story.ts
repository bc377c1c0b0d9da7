// The replay story: one tcpdump-style line per ARP, ND, VRRP, HSRP or GLBP frame, with the frame
// number and time and what arpaudit made of it, and each finding at the
// moment it is raised.
import { decodeNd, formatIp6, NdFields, ND_NA, ND_NS, ND_OK, ND_RA, ND_RS, ND_STATUS_NAMES } from '../decode/nd.js';
import { ArpFields, ARP_OK, ARP_STATUS_NAMES, decodeArp, OP_REQUEST } from '../decode/arp.js';
import { decodeLink, ETHERTYPE_IPV4, LinkInfo, LINK_OK, overlayKey, segmentText } from '../decode/link.js';
import { TunnelInfo } from '../decode/tunnel.js';
import { VrrpFields, decodeVrrp4, decodeVrrp6, VRRP_OK, VRRP_CARP } from '../decode/vrrp.js';
import { decodeGlbp, decodeHsrp, FHRP_OK, FHRP_TRUNCATED, UDP_HSRP } from '../decode/fhrp.js';
import { UdpInfo } from '../decode/udp.js';
import { enterOverlay, isOverlay, routeNetwork, ROUTE_ARP, ROUTE_FHRP, ROUTE_ND, ROUTE_TUNNEL, ROUTE_VRRP } from '../decode/route.js';
import type { Engine } from '../engine/engine.js';
import { K_ANNOUNCE, K_GARP_REPLY, K_GARP_REQUEST, K_PROBE, K_REPLY, K_REQUEST, K_UNSOLICITED } from '../engine/kinds.js';
import { formatIp, formatMac, macAt, TWO32, viewOf } from '../util/addr.js';
import { plural, sanitize } from '../util/text.js';
import { formatTime } from '../util/time.js';
import type { FindingJson } from './schema.js';
import { segmentLabel } from './segment.js';

const li = new LinkInfo();
const arp = new ArpFields();
const vrrp = new VrrpFields();
const tun = new TunnelInfo();
const udp = new UdpInfo();
const HSRP_OPS = ['hello', 'coup', 'resign'];

/** An HSRP or GLBP hello, told like tcpdump tells it. */
function fhrpLine(dv: DataView, head: string, meaning: string): string {
  const hsrp = udp.dport === UDP_HSRP;
  const st = hsrp ? decodeHsrp(dv, udp.payload, udp.end, vrrp) : decodeGlbp(dv, udp.payload, udp.end, vrrp);
  const name = hsrp ? 'HSRP' : 'GLBP';
  if (st !== FHRP_OK) return `${head} ${name} from ${formatIp(udp.src)}  [${st === FHRP_TRUNCATED ? 'truncated' : 'not a hello: not followed'}]`;
  const role = vrrp.active ? 'active' : vrrp.standby ? 'standby' : 'listen/speak';
  const op = hsrp ? `${HSRP_OPS[vrrp.opcode] ?? vrrp.opcode} ` : 'hello ';
  const addr = vrrp.vips4.map(formatIp).join(',') || '-';
  return `${head} ${name}v${vrrp.version} ${op}group ${vrrp.vrid} ${role} prio ${vrrp.priority} hello ${vrrp.intervalMs}ms hold ${vrrp.holdMs}ms addr ${addr} from ${formatIp(udp.src)}  [${meaning}]`;
}

function ordinal(n: number): string {
  return n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}

/** The words for what the analysis made of a frame, by kind (K_*; DUPLICATE a reply seen before): ARP's, and ND's for the same kinds. */
const DUPLICATE = -2;
const ARP_WORDS: Record<number, string> = { [DUPLICATE]: 'duplicate reply', [K_REQUEST]: 'request', [K_REPLY]: 'reply', [K_UNSOLICITED]: 'unsolicited', [K_GARP_REQUEST]: 'GARP', [K_GARP_REPLY]: 'GARP (reply)', [K_PROBE]: 'probe', [K_ANNOUNCE]: 'announcement' };
const ND_WORDS: Record<number, string> = { [DUPLICATE]: 'duplicate advertisement', [K_REQUEST]: 'solicitation', [K_REPLY]: 'solicited advertisement', [K_UNSOLICITED]: 'unsolicited advertisement to a host', [K_GARP_REPLY]: 'unsolicited advertisement', [K_PROBE]: 'DAD probe' };

function kindNote(e: Engine, words: Record<number, string>): string {
  const k = e.arp.lastKind;
  if (k === K_REPLY && e.arp.lastRank >= 2) return `${ordinal(e.arp.lastRank)} responder`;
  if (k === K_REPLY && e.arp.lastRank === 0) return words[DUPLICATE]!;
  return words[k] ?? '';
}

/** The story line for a frame the engine has just processed, or null for frames the analysis does not follow. */
export function storyLine(e: Engine, buf: Uint8Array, off: number, caplen: number, linktype: number, frame: number, us: number): string | null {
  const end = off + caplen;
  const dv = viewOf(buf);
  if (decodeLink(dv, off, end, linktype, li) !== LINK_OK) return null;
  let segment = li.vlanKey;
  // routed as the engine routes it (decode/route.ts); a frame carried in VXLAN or Geneve is told as the frame it carries, in its overlay segment
  let route = routeNetwork(dv, end, li, udp, tun, false);
  if (route === ROUTE_TUNNEL) {
    if (!isOverlay(tun) || !enterOverlay(dv, end, tun, li)) return null;
    segment = overlayKey(tun.vni, li.vlanKey);
    route = routeNetwork(dv, end, li, udp, tun, true);
  }
  const vlan = segmentText(segment);
  const src = li.srcOff >= 0 ? formatMac(macAt(dv, li.srcOff)) : '-';
  const head = `#${frame} ${formatTime(us)} ${src}${vlan}`;
  const pl = li.payload;
  switch (route) {
    case ROUTE_ARP: {
      const s = decodeArp(dv, pl, end, arp);
      if (s !== ARP_OK) return `${head} ARP, undecodable (${ARP_STATUS_NAMES[s]})`;
      const what = arp.op === OP_REQUEST
        ? `Request who-has ${formatIp(arp.tpa)}${arp.tha ? ` (${formatMac(arp.tha)})` : ''} tell ${formatIp(arp.spa)}`
        : `Reply ${formatIp(arp.spa)} is-at ${formatMac(arp.sha)}${arp.tpa ? ` to ${formatIp(arp.tpa)}` : ''}`;
      const note = kindNote(e, ARP_WORDS);
      return `${head} ARP, ${what}${note ? `  [${note}]` : ''}`;
    }
    case ROUTE_ND:
      return ndLine(e, dv, pl, end, head);
    case ROUTE_FHRP:
      return fhrpLine(dv, head, e.lastVrrp);
    case ROUTE_VRRP:
      return vrrpLine(e, dv, pl, end, head);
    default:
      return null;
  }
}

/** A VRRP (or CARP) advert, told like tcpdump tells it. */
function vrrpLine(e: Engine, dv: DataView, pl: number, end: number, head: string): string {
  const v4 = li.ethertype === ETHERTYPE_IPV4;
  const st = v4 ? decodeVrrp4(dv, pl, end, vrrp) : decodeVrrp6(dv, pl, end, vrrp);
  const from = v4 ? formatIp(vrrp.src4) : formatIp6(vrrp.src6);
  if (st === VRRP_CARP) return `${head} CARP, vhid ${vrrp.carpVhid} advbase ${vrrp.carpAdvbase} advskew ${vrrp.carpAdvskew} from ${from}  [CARP, not VRRP]`;
  if (st !== VRRP_OK) return `${head} VRRP from ${from}  [${e.lastVrrp}]`;
  const addrs = v4 ? vrrp.vips4.map(formatIp).join(',') : Array.from({ length: vrrp.vips6Count }, (_, i) => formatIp6(vrrp.vips6, 4 * i)).join(',');
  return `${head} VRRPv${vrrp.version}, vrid ${vrrp.vrid} prio ${vrrp.priority} intvl ${vrrp.intervalMs}ms addrs ${addrs} from ${from}  [${e.lastVrrp}]`;
}

const nd = new NdFields();
const ND_NAMES = ['router solicitation', 'router advertisement', 'neighbor solicitation', 'neighbor advertisement', 'redirect'];

/** An ND message, told like tcpdump tells it, and what the analysis made of it. */
function ndLine(e: Engine, dv: DataView, pl: number, end: number, head: string): string {
  const st = decodeNd(dv, pl, end, nd);
  if (st !== ND_OK) return `${head} IP6 ${formatIp6(nd.src)} > ${formatIp6(nd.dst)}: ICMP6, ${ND_STATUS_NAMES[st]}  [dropped]`;
  const name = ND_NAMES[nd.type - ND_RS]!;
  const ll = nd.llHi >= 0 ? `, ${nd.type === ND_NA ? 'tgt' : 'src'} lladdr ${formatMac(nd.llHi * TWO32 + (nd.llLo >>> 0))}` : '';
  let what = '';
  if (nd.type === ND_NS) what = `, who has ${formatIp6(nd.target)}`;
  else if (nd.type === ND_NA) {
    const flags = [nd.router ? 'router' : '', nd.solicited ? 'solicited' : '', nd.override ? 'override' : ''].filter(Boolean).join(', ');
    what = `, tgt is ${formatIp6(nd.target)}${flags ? `, Flags [${flags}]` : ''}`;
  } else if (nd.type === ND_RA) what = `, router lifetime ${nd.routerLifetime}s${nd.managed ? ', managed' : ''}${nd.other ? ', other' : ''}${nd.prefixCount ? `, ${plural(nd.prefixCount, 'prefix', 'prefixes')}` : ''}${nd.routeCount ? `, ${plural(nd.routeCount, 'route')}` : ''}${nd.dnsCount ? `, ${plural(nd.dnsCount, 'DNS server')}` : ''}`;
  const note = nd.type === ND_NS || nd.type === ND_NA ? kindNote(e, ND_WORDS) : '';
  return `${head} IP6 ${formatIp6(nd.src)} > ${formatIp6(nd.dst)}: ICMP6, ${name}${what}${ll}${note ? `  [${note}]` : ''}`;
}

export function storyFinding(f: FindingJson): string {
  return `  >> ${f.severity.toUpperCase()} ${f.code}${f.ip ? ` ${f.ip}` : ''}${segmentLabel(f)} — ${sanitize(f.summary)}`;
}

/** A finding told earlier that this frame disproved, or that a finding of code `by` now says (live prints a `retracted` event at the same frame). */
export function storyRetracted(f: FindingJson, by: string | null): string {
  return `  >> RETRACTED ${f.code}${f.ip ? ` ${f.ip}` : ''}${segmentLabel(f)} — ${by ? `superseded by ${by}` : 'later evidence disproved it'}`;
}
