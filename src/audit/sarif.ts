// `arpaudit host --format sarif`: the host audit's problems as SARIF 2.1.0
// results, for code-scanning dashboards. Each result points at the sysctl
// that decides it (/proc/sys/net/ipv4/conf/IFACE/arp_ignore or arp_announce)
// and names the interface as a logical location; the fix to paste is in the
// result's properties. Written by hand (a dozen fields, typed by @types/sarif).
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { HostAudit } from './host.js';

const RULES: ReportingDescriptor[] = [
  {
    id: 'host.vip-answered',
    name: 'RealServerAnswersArpForVip',
    shortDescription: { text: 'A real server will answer ARP for the VIP (an ARP race with the director)' },
    fullDescription: { text: 'With this interface\'s effective arp_ignore the kernel answers who-has for the VIP on the LAN, so routers learn several MACs for it and traffic goes to whichever answered last.' },
    defaultConfiguration: { level: 'error' },
    help: { text: 'Set arp_ignore=1 and arp_announce=2 on "all" (the kernel uses the maximum of "all" and the interface), or keep the VIP on lo with scope host and arp_ignore=3.' },
  },
  {
    id: 'host.vip-leaked',
    name: 'RealServerLeaksVipAsArpSender',
    shortDescription: { text: 'A real server will send ARP requests with the VIP as sender (a VIP leak)' },
    fullDescription: { text: 'With this interface\'s effective arp_announce the kernel may use the VIP as the sender address of its own ARP requests, teaching neighbours that the VIP is at this MAC.' },
    defaultConfiguration: { level: 'warning' },
    help: { text: 'Set arp_announce=2 on "all": requests then always carry the interface\'s own address.' },
  },
  {
    id: 'host.vip-not-answered',
    name: 'DirectorDoesNotAnswerForVip',
    shortDescription: { text: 'The director will not answer ARP for the VIP' },
    fullDescription: { text: 'The director owns the VIP on the LAN, but its effective arp_ignore (or where the VIP is configured) keeps the kernel from answering who-has for it: clients cannot reach the service.' },
    defaultConfiguration: { level: 'error' },
    help: { text: 'Lower arp_ignore on both "all" and the interface, and put the VIP on the LAN interface with its subnet.' },
  },
  {
    id: 'host.vip6-answered',
    name: 'RealServerAnswersNdForVip',
    shortDescription: { text: 'A real server will answer neighbour solicitations for the IPv6 VIP (an IPv6 race with the director)' },
    fullDescription: { text: 'The IPv6 VIP is configured on a LAN interface (or proxied there): the kernel answers neighbour solicitations for it, so routers learn several MACs.' },
    defaultConfiguration: { level: 'error' },
    help: { text: 'Move the VIP to lo as a /128: IPv6 answers only for addresses on the receiving interface, so no sysctl is needed; remove proxy NDP entries for it.' },
  },
  {
    id: 'host.vip6-announced',
    name: 'RealServerAnnouncesVip',
    shortDescription: { text: 'A real server will announce the IPv6 VIP with unsolicited neighbour advertisements' },
    fullDescription: { text: 'ndisc_notify is on and the VIP is on a LAN interface: after DAD and on every link change the kernel tells the segment the VIP is at this MAC (a hijack).' },
    defaultConfiguration: { level: 'error' },
    help: { text: 'Move the VIP to lo as a /128 and set ndisc_notify=0 on the interface and "all".' },
  },
  {
    id: 'host.vip6-not-answered',
    name: 'DirectorDoesNotAnswerNdForVip',
    shortDescription: { text: 'The director will not answer neighbour solicitations for the IPv6 VIP' },
    fullDescription: { text: 'The director owns the IPv6 VIP, but it is not usable on a LAN interface (not there, tentative, or failed DAD): clients cannot reach the service.' },
    defaultConfiguration: { level: 'error' },
    help: { text: 'Put the VIP on the LAN interface (ip -6 addr add VIP/64 dev eth0) and check no real server holds it there (DAD fails against them).' },
  },
];

export function hostSarif(a: HostAudit, version: string): Log {
  const results: Result[] = [];
  /** One result at the file that decides it (a sysctl, or the kernel's address list), named by interface and VIP. */
  const add = (ruleId: string, uri: string, vip: string, iface: string, text: string, properties: Record<string, unknown>) => {
    const ruleIndex = RULES.findIndex((r) => r.id === ruleId);
    results.push({
      ruleId,
      ruleIndex,
      level: RULES[ruleIndex]!.defaultConfiguration!.level,
      message: { text: `${vip} on ${iface} (${a.role}): ${text}` },
      locations: [{ physicalLocation: { artifactLocation: { uri } }, logicalLocations: [{ name: iface, kind: 'interface', fullyQualifiedName: `${iface}/${vip}` }] }],
      partialFingerprints: { 'arpaudit/v1': `${ruleId}|${iface}|${vip}` },
      properties: { vip, interface: iface, role: a.role, ...properties },
    });
  };
  for (const v of a.vips) {
    for (const i of v.interfaces) {
      const at = (sysctl: string) => `file:///proc/sys/net/ipv4/conf/${i.name}/${sysctl}`;
      const props = { arpIgnore: i.arpIgnore, arpAnnounce: i.arpAnnounce, fix: v.fix };
      if (a.role === 'real-server') {
        if (i.willAnswer) add('host.vip-answered', at('arp_ignore'), v.vip, i.name, i.answerReason, props);
        if (i.willLeak) add('host.vip-leaked', at('arp_announce'), v.vip, i.name, i.leakReason, props);
      } else if (!i.willAnswer) add('host.vip-not-answered', at('arp_ignore'), v.vip, i.name, i.answerReason, props);
    }
  }
  for (const v of a.vips6) {
    for (const i of v.interfaces) {
      const props = { ndiscNotify: i.ndiscNotify, proxyNdp: i.proxyNdp, fix: v.fix };
      if (a.role === 'real-server') {
        if (i.willAnswer) add('host.vip6-answered', 'file:///proc/net/if_inet6', v.vip, i.name, i.answerReason, props);
        if (i.willAnnounce) add('host.vip6-announced', `file:///proc/sys/net/ipv6/conf/${i.name}/ndisc_notify`, v.vip, i.name, i.announceReason, props);
      } else if (!i.willAnswer) add('host.vip6-not-answered', 'file:///proc/net/if_inet6', v.vip, i.name, i.answerReason, props);
    }
  }
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: { driver: { name: 'arpaudit', version, semanticVersion: version, rules: RULES } },
      results,
      properties: { role: a.role, roleInferred: a.roleInferred, ok: a.ok },
    }],
  };
}
