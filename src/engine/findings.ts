// The catalogue of findings: one stable dotted code per problem, its severity,
// what it means and what to try. Codes are a public contract (JSON reports,
// --expect, baselines, dashboards): never rename one; add new ones instead.
// FindingCode is the union of every code, so a typo fails the build.

export const SEVERITIES = ['info', 'notice', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Codes of findings the engine raises as incidents while it reads frames. */
export const INCIDENT_CODES = [
  'arp.race.multi-responder',
  'arp.binding.flip-flop',
  'arp.binding.changed',
  'arp.binding.takeover',
  'arp.spoof.unsolicited-reply',
  'arp.spoof.one-sided',
  'arp.garp.hijack',
  'arp.claim.impersonation',
  'arp.claim.own-address',
  'arp.leak.vip-sender',
  'arp.probe.defended',
  'arp.silent.address',
  'arp.scan',
  'arp.request.storm',
  'arp.garp.burst',
  'arp.garp.storm',
  'arp.frame.bad-sender-mac',
  'arp.frame.eth-mismatch',
  'arp.decode.anomaly',
  'nd.decode.anomaly',
  'nd.router.rogue',
  'nd.router.spoofed',
  'nd.router.withdrawn',
  'nd.router.changed',
  'vrrp.resignation',
  'vrrp.dual-master',
  'vrrp.contention',
  'vrrp.garp-from-backup',
  'vrrp.vip-answered-by-backup',
  'vrrp.vmac-leak',
  'vrrp.decode.anomaly',
  'vrrp.carp',
  'capture.unsupported-link',
  'station.new',
  'station.changed',
  'station.reused',
  'station.returned',
] as const;
export type IncidentCode = (typeof INCIDENT_CODES)[number];

/** Codes of findings made once the capture is read: failover verdicts, read errors, caps, expectations. */
export const REPORT_CODES = ['vrrp.failover', 'vrrp.failover.unhealthy', 'vrrp.failover.unjudged', 'vrrp.hijack', 'capture.nothing-to-analyse', 'capture.frames-lost', 'capture.tunnelled-arp', 'capture.bad-timestamps', 'capture.error', 'table.evicted', 'expect.unexpected-mac', 'expect.owner-silent'] as const;
export type ReportCode = (typeof REPORT_CODES)[number];

export type FindingCode = IncidentCode | ReportCode;

export interface CatalogEntry {
  code: FindingCode;
  severity: Severity;
  title: string;
  /** The title of an arp.* finding raised on IPv6 neighbour discovery (same code, same checks: its words are NS and NA). */
  ndTitle?: string;
  meaning: string;
  fix: string;
}

/** Titles of the arp.* checks when they judge IPv6 neighbour discovery. */
const ND_TITLES: Partial<Record<FindingCode, string>> = {
  'arp.race.multi-responder': 'Several MACs answer one neighbour solicitation (IPv6 race)',
  'arp.binding.flip-flop': 'IPv6 address flip-flops between MACs',
  'arp.binding.changed': 'IPv6 address moved to another MAC',
  'arp.binding.takeover': 'IPv6 address taken over with unsolicited neighbour advertisements',
  'arp.spoof.unsolicited-reply': 'Unsolicited neighbour advertisements claim an address another MAC owns (spoofing signature)',
  'arp.garp.hijack': 'Override neighbour advertisements claim an address whose owner is still alive (hijack or conflict)',
  'arp.claim.impersonation': 'A MAC claims an IPv6 address and then solicits it (impersonation)',
  'arp.claim.own-address': 'Another MAC claims an IPv6 address of the capturing interface',
  'arp.leak.vip-sender': 'Host sends neighbour solicitations from an address another MAC answers for (VIP leak)',
  'arp.probe.defended': 'Duplicate address detection answered (IPv6 address in use)',
  'arp.silent.address': 'IPv6 address stopped answering neighbour solicitations',
  'arp.scan': 'ND scan: one MAC solicits many IPv6 addresses',
  'arp.request.storm': 'Neighbour solicitation storm: one MAC re-asks at a high rate',
  'arp.garp.burst': 'Unsolicited neighbour advertisement bursts',
  'arp.garp.storm': 'Unsolicited neighbour advertisement storm',
  'arp.frame.bad-sender-mac': 'Neighbour discovery with a broadcast, multicast or zero link-layer address',
  'arp.frame.eth-mismatch': 'Ethernet source differs from the link-layer address option',
};

/** In the order the documentation lists them. */
const entries: CatalogEntry[] = [
  {
    code: 'arp.race.multi-responder',
    severity: 'error',
    title: 'Several MACs answer one ARP request (ARP race)',
    meaning:
      'Two or more distinct MACs replied to the same who-has (same requester, target IP and VLAN) within the response window. The requester caches whichever reply it processes last or first depending on its stack, so traffic for the IP goes to an arbitrary host. This is the classic LVS-DR/LVS-TUN problem: real servers that carry the VIP on lo answer ARP for it.',
    fix:
      'On every real server: sysctl -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 (persist in /etc/sysctl.d/), or put the VIP on lo with "scope host" and arp_ignore=3; alternatives are iptables REDIRECT instead of a VIP alias, or policy routing. Only the director (or the VRRP master) may answer for the VIP.',
  },
  {
    code: 'arp.binding.flip-flop',
    severity: 'warning',
    title: 'Address flip-flops between MACs',
    meaning:
      'The IP was claimed by one MAC, then another, then the first again (A->B->A). Two hosts are using the same address, or a host is being impersonated; neighbours switch between them.',
    fix: 'Find both hosts by MAC (switch MAC table: "show mac address-table address <mac>"), remove the duplicate address from one of them, or fix the DHCP reservation that hands it out twice.',
  },
  {
    code: 'arp.binding.changed',
    severity: 'notice',
    title: 'Address moved to another MAC',
    meaning: 'The IP was claimed by one MAC and later by another, and the first never came back, without a gratuitous ARP from the new MAC: a NIC swap, a DHCP lease reused, or a silent takeover.',
    fix: 'Nothing if the move was planned. Otherwise find the new MAC on the switch; a host that takes over an address should announce it with gratuitous ARP (arping -U -c 3 -I IFACE IP).',
  },
  {
    code: 'arp.binding.takeover',
    severity: 'info',
    title: 'Address taken over with gratuitous ARP',
    meaning: 'The IP moved from one MAC to another and the new MAC announced it with gratuitous ARP: a failover or planned move, done right.',
    fix: 'Nothing to fix. If the takeover was not expected, check which cluster manager moved the address.',
  },
  {
    code: 'arp.spoof.unsolicited-reply',
    severity: 'error',
    title: 'Unsolicited ARP replies claim an address another MAC owns (spoofing signature)',
    meaning:
      'A MAC sent ARP replies nobody asked for (no matching request in the window, not gratuitous), claiming an IP that another MAC also claims. This is the signature of ARP cache poisoning (arpspoof, ettercap), or of a badly configured proxy ARP.',
    fix: 'Locate the MAC on the switch and disconnect it if it is not a known router; enable Dynamic ARP Inspection / DHCP snooping on the access switch; check for proxy_arp=1 on Linux routers.',
  },
  {
    code: 'arp.spoof.one-sided',
    severity: 'warning',
    title: 'A MAC keeps claiming an address with unsolicited replies, and never answers for it',
    ndTitle: 'A MAC keeps claiming an address with unsolicited neighbour advertisements to hosts, and never answers for it',
    meaning:
      'A MAC sent several ARP replies nobody asked for, each claiming the same IP to a host, to hosts the capture shows asking ARP themselves, and in the whole capture it never answered a request for that IP, nor used it as the sender of a request of its own: the pattern of cache poisoning (arpspoof -t VICTIM GATEWAY) when the real owner says nothing in the capture (a mirror of the victim\'s port, a router that answered long ago). No other MAC claimed the address, so nobody is contradicted: a warning, naming the MAC and the hosts it told.',
    fix: 'Find the MAC on the switch (its MAC table). If it is not the address\'s owner, disconnect it and enable Dynamic ARP Inspection on the access switch; check the victims\' caches (ip neigh show IP). If it is the owner, it answers unicast requests the capture did not see: capture on its own port to confirm.',
  },
  {
    code: 'arp.garp.hijack',
    severity: 'error',
    title: 'Gratuitous ARP claims an address whose owner is still alive (hijack or conflict)',
    meaning: 'A MAC announced the IP with gratuitous ARP, taking it over from another MAC, but the old owner went on answering or speaking for it afterwards: not a failover, a conflict. Two hosts hold the address, or the announcement was forged to pull the traffic (arpspoof -r, a rogue host, a backup that thinks it is master).',
    fix: 'Find both MACs on the switch. If the announcing host should not hold the address, remove it there (ip addr del) and find what sent the GARP (arping -U, a cluster manager, an attacker); if it should, the old owner must let it go (stop its service, remove the address). Dynamic ARP Inspection stops forged announcements at the access port.',
  },
  {
    code: 'arp.claim.impersonation',
    severity: 'error',
    title: 'A MAC claims an address and then asks who has it (impersonation)',
    meaning: 'A MAC answered or announced an address that another MAC also holds (or claimed it in unsolicited replies, even when the real owner sends no ARP in the capture), and then itself asked who-has for that address: it knows the address is not its own. This is how a man-in-the-middle keeps forwarding to the real owner after poisoning its neighbours\' caches (ettercap, bettercap, arpspoof with forwarding).',
    fix: 'Locate the MAC on the switch and disconnect it; enable Dynamic ARP Inspection (or static ARP entries for gateways) on the access switch; check hosts that talked to the address for poisoned caches (ip neigh).',
  },
  {
    code: 'arp.claim.own-address',
    severity: 'error',
    title: 'Another MAC claims an address of the capturing interface',
    meaning: 'During live capture, a frame claimed one of the capturing interface\'s own IPv4 addresses with another MAC as sender: a duplicate address on the segment, or someone poisoning caches to intercept this host\'s traffic.',
    fix: 'Find the MAC on the switch. If it is another host configured with the same address, fix its configuration (DHCP reservation, static address); if not, treat it as an attack on this host.',
  },
  {
    code: 'arp.leak.vip-sender',
    severity: 'warning',
    title: 'Host uses an address another MAC answers for as its ARP sender (VIP leak)',
    meaning:
      'A MAC sent ARP requests with a sender IP that another MAC answers for, e.g. a real server asking "who-has 10.0.0.1 tell <VIP>" with its own MAC. Every neighbour that hears it may update its cache for the VIP to this MAC (Linux arp_announce=0 picks the VIP as source).',
    fix: 'On the leaking host: sysctl -w net.ipv4.conf.all.arp_announce=2 (use the best local address on the outgoing interface), and arp_ignore=1; or keep the VIP on lo with "scope host".',
  },
  {
    code: 'arp.probe.defended',
    severity: 'info',
    title: 'Address probe answered (address in use)',
    meaning: 'An RFC 5227 probe (sender IP 0.0.0.0) for the IP was answered by another MAC: the prober was told the address is in use. This is duplicate address detection working, not a conflict by itself.',
    fix: 'If the prober went on to use the address anyway, look for a flip-flop finding for the same IP; otherwise nothing to fix.',
  },
  {
    code: 'arp.silent.address',
    severity: 'warning',
    title: 'Address stopped answering ARP',
    meaning: 'An address that had spoken earlier in the capture left who-has requests unanswered: the first request and at least one retry got no reply from any MAC. The host is down, lost the address, or its ARP is filtered; for a VIP, nobody holds it (a failover that did not complete, both VRRP routers backup). Each dark window lists the first and last unanswered request, how many, who asked, and when and by which MAC answering resumed (or that it had not by the end of the capture). Outages a VRRP failover explains are shown in that failover\'s timeline instead.',
    fix: 'Check the host holds the address (ip -br addr) and that its interface is up; for a VIP, check which router should be master (keepalived state on both) and that it holds the VIP; check arp_ignore/arptables on the host if it is up and silent.',
  },
  {
    code: 'arp.scan',
    severity: 'warning',
    title: 'ARP scan: one MAC asks for many addresses',
    meaning: 'One MAC asked for at least --scan-targets distinct addresses that never answered anyone within a minute (two 30-second epochs), and most of its requests there went unanswered: arp-scan, nmap -sn, netdiscover, a monitoring sweep (fast or as slow as a few requests per second), a worm looking for victims, or a router asking for a dead range. It is raised as soon as the count is reached (each request is judged one --window after it was sent; requests the end of the capture cut short count too). A gateway refreshing many neighbours that do answer is not a scan; a host asking again and again for one dead address is a silent address. The finding gives the sender, how many addresses, their range, the rate, and how many of them never answered.',
    fix: 'Find the sender by its MAC on the switch. If the scan is not yours (an inventory tool, a monitoring system), treat the host as compromised until you know what runs on it; rate-limit ARP at the access port (port security, ARP inspection rate limits).',
  },
  {
    code: 'arp.request.storm',
    severity: 'warning',
    title: 'ARP request storm: one MAC re-asks at a high rate',
    meaning: 'One MAC kept asking for the same few addresses at --request-storm-rate requests per second or more: a router or modem repeating requests nobody answers, a bridging loop duplicating frames, or a broken ARP stack. Neighbours spend CPU and the segment bandwidth.',
    fix: 'Find the sender by its MAC; check whether the addresses it asks for exist (see the unanswered list and silent addresses), and look for a loop (spanning tree state, duplicated frames on the mirror port).',
  },
  {
    code: 'arp.garp.burst',
    severity: 'info',
    title: 'Gratuitous ARP bursts',
    meaning: 'A MAC announced the IP with gratuitous ARP: burst sizes, spacing and repeats are listed (keepalived default: 5 GARPs, then 5 more after 5 s).',
    fix: 'Nothing to fix. Compare the counts with what the cluster manager should send (keepalived: garp_master_delay, garp_master_repeat, garp_master_refresh).',
  },
  {
    code: 'arp.garp.storm',
    severity: 'warning',
    title: 'Gratuitous ARP storm',
    meaning: 'A MAC sent gratuitous ARP for the IP faster than the storm rate: repeated elections, a flapping link or a misbehaving failover loop. Switches and neighbours spend CPU and caches churn.',
    fix: 'Look for a flapping VRRP election (keepalived logs "Entering MASTER STATE" repeatedly), a flapping link, or garp_master_refresh set too low.',
  },
  {
    code: 'arp.frame.bad-sender-mac',
    severity: 'warning',
    title: 'ARP with a broadcast, multicast or zero sender MAC',
    meaning: 'The ARP sender hardware address is not a unicast MAC. Such frames poison caches with unusable entries; they come from broken stacks, fuzzers or attacks.',
    fix: 'Find the sender by its Ethernet source MAC and fix or isolate it.',
  },
  {
    code: 'arp.frame.eth-mismatch',
    severity: 'notice',
    title: 'Ethernet source differs from ARP sender MAC',
    meaning: 'The frame was sent from one MAC but the ARP payload names another as sender. Legal for a VRRP/HSRP/GLBP virtual MAC announced from a physical NIC and for some proxies; otherwise suspicious (spoofing tools forge the ARP payload).',
    fix: 'If the sender MAC is not a known virtual MAC, locate the Ethernet source on the switch.',
  },
  {
    code: 'arp.decode.anomaly',
    severity: 'notice',
    title: 'ARP frames that could not be decoded as Ethernet/IPv4 ARP',
    meaning: 'Truncated ARP frames (short snaplen or damaged), unsupported hardware or protocol types, bad address lengths or unknown opcodes. They were counted, not analysed.',
    fix: 'Capture with a larger snaplen (tcpdump -s 0) if frames are truncated; otherwise identify the sender by its Ethernet source.',
  },
  {
    code: 'vrrp.failover',
    severity: 'info',
    title: 'VRRP failover, healthy',
    meaning: 'The VRRP master of a VRID changed and everything that should follow did: the takeover came within the expected Master_Down_Interval, the new master sent its gratuitous ARP burst for every VIP, and no other router kept answering. The failovers section gives the timeline. HSRP and Cisco GLBP groups are followed the same way under the vrrp.* codes (the group number is the VRID; the hold time replaces the Master_Down_Interval; the JSON says which protocol).',
    fix: 'Nothing to fix. If the failover was not planned, look at why the old master stopped advertising (keepalived logs, link state, a failed track_script).',
  },
  {
    code: 'vrrp.failover.unhealthy',
    severity: 'warning',
    title: 'VRRP failover with problems',
    meaning:
      'The VRRP master changed but something went wrong: no gratuitous ARP for a VIP (neighbours keep the old MAC until their cache expires), a takeover slower than Master_Down_Interval, the old master still answering ARP for the VIP, or two masters at once. The problems and the timeline say which.',
    fix: 'Missing GARPs: check keepalived\'s garp_master_delay/garp_master_repeat and that the VIP is configured on the interface that sends them; after a SIGSTOP/SIGCONT or a network partition, restart the stale master. Slow takeover: lower advert_int or raise the backup\'s priority gap. Old master answering: it still holds the VIP (check ip addr on it). IPv6 neighbour advertisements without the override flag, or without the router flag from a router that sends router advertisements: keepalived sets R only when IPv6 forwarding is on (sysctl net.ipv6.conf.<interface>.forwarding=1 on both routers).',
  },
  {
    code: 'vrrp.failover.unjudged',
    severity: 'notice',
    title: 'VRRP failover whose announcements could not be judged',
    meaning: 'The VRRP master changed and nothing else went wrong that the capture shows, but whether the new master announced its VIPs could not be judged: the capture holds no ARP at all (a capture filter that kept only VRRP), or the VIPs are IPv6 (announced with unsolicited neighbour advertisements). It is not called healthy.',
    fix: 'The capture holds no ARP (IPv4 VIPs) or no neighbour discovery (IPv6 VIPs), as with a vrrp capture filter: capture them too (arpaudit live does by default; tcpdump -i IFACE \'arp or vrrp or icmp6\') and check the failover again.',
  },
  {
    code: 'vrrp.hijack',
    severity: 'error',
    title: 'Gateway group taken by a hostile coup (FHRP hijack)',
    meaning:
      'The master (active gateway) of a VRRP, HSRP or GLBP group changed by preemption, and the change cannot be a failover: the router that took the group was never heard in it before its coup (HSRP and GLBP routers say hello in the group before they may become active), or after taking it the new master announced the VIP with gratuitous ARP from its own physical MAC instead of the group\'s virtual MAC. That is what an attacker does (Yersinia, a coup at priority 255) to receive the gateway\'s traffic. The failovers section gives the timeline, the problems say which evidence.',
    fix: 'Find the host with the new master\'s MAC (switch MAC table) and disconnect it. Authenticate the group (HSRP MD5 authentication, VRRP on a trusted segment, GLBP authentication), restrict who may send to 224.0.0.2/224.0.0.102/224.0.0.18 (port ACLs), and give the real active gateway priority 255 with preemption so it takes the group back.',
  },
  {
    code: 'vrrp.resignation',
    severity: 'info',
    title: 'VRRP master resigned (priority 0 advert)',
    meaning: 'The master sent an advert with priority 0, as keepalived does on a clean shutdown (SIGTERM): the backup takes over after its skew time instead of the full Master_Down_Interval.',
    fix: 'Nothing to fix if the shutdown was planned.',
  },
  {
    code: 'vrrp.dual-master',
    severity: 'error',
    title: 'Two VRRP masters at once (split brain)',
    meaning: 'Two routers kept advertising the same VRID as master at the same time. Each holds the VIPs and answers ARP for them; neighbours flip between them. Causes: the routers cannot hear each other\'s adverts (multicast filtered, VLAN mismatch, firewall dropping protocol 112), a frozen master resuming (SIGSTOP/SIGCONT, VM pause), or mismatched VRIDs/authentication.',
    fix: 'Check that both routers receive each other\'s adverts (tcpdump -i IFACE vrrp on each), that iptables/nftables allow protocol 112 to 224.0.0.18, and that both use the same VRID, version and authentication; with unicast_peer, check the peer addresses.',
  },
  {
    code: 'vrrp.contention',
    severity: 'notice',
    title: 'VRRP contention: equal-priority backups stepped up together',
    meaning: 'When the master went away, two or more backups of the same priority timed out together and advertised as master; RFC 5798 breaks the tie by the higher primary address and the others fall back. Each contender may have sent gratuitous ARPs and answered for the VIPs meanwhile, so neighbours flip between them for a moment.',
    fix: 'Give every router of the VRID a distinct priority (keepalived: priority 150 / 100 / 50), so exactly one takes over.',
  },
  {
    code: 'vrrp.garp-from-backup',
    severity: 'warning',
    title: 'Gratuitous ARP for a VIP from a router that is not master',
    meaning: 'A router that is currently backup for the VRID sent gratuitous ARP for one of its VIPs, pulling neighbours\' traffic to itself.',
    fix: 'Check the backup\'s state (it may think it is master: see vrrp.dual-master) and scripts that send GARPs outside keepalived (notify scripts, arping in ifup hooks).',
  },
  {
    code: 'vrrp.vip-answered-by-backup',
    severity: 'error',
    title: 'A VRRP backup answers ARP for the VIP',
    meaning: 'A router that is not the VRID\'s current master replied to ARP for a VIP: it still holds the address (or its kernel answers for it). Neighbours that hear it send traffic to the backup.',
    fix: 'On the backup, remove the VIP (keepalived should have: check ip addr and its state), or set arp_ignore=1 so it does not answer for addresses on other interfaces.',
  },
  {
    code: 'vrrp.vmac-leak',
    severity: 'warning',
    title: 'VIP sent with a physical MAC although the VRID uses a virtual MAC',
    meaning: 'The VRID advertises from its virtual MAC (use_vmac), but an ARP frame carries the VIP with a physical MAC. keepalived leaves arp_announce=0 on the parent interface, so the master\'s own ARP requests announce the VIP with its physical MAC and neighbours switch to it until the next GARP burst; after a failover they point at the wrong router.',
    fix: 'On the routers: sysctl -w net.ipv4.conf.<parent-if>.arp_announce=2 and arp_ignore=1 (and net.ipv4.conf.all.arp_announce=2), so only the vmac interface announces the VIP.',
  },
  {
    code: 'nd.decode.anomaly',
    severity: 'notice',
    title: 'Malformed or forged IPv6 neighbour discovery',
    meaning: 'ICMPv6 neighbour discovery messages a receiver must drop (RFC 4861): a hop limit other than 255 (the message crossed a router or was forged off the link), a bad ICMPv6 checksum, a code other than 0, a DAD probe carrying a link-layer address, a solicited advertisement sent to multicast, an option of length 0, or a truncated message. They are counted and not analysed.',
    fix: 'Identify the sender by its MAC; a hop limit below 255 means the message came from off the link: look for a spoofing tool (THC-IPv6, scapy) or a misconfigured relay. Truncation: capture with a larger snaplen.',
  },
  {
    code: 'nd.router.rogue',
    severity: 'warning',
    title: 'A second IPv6 router advertises a default route, prefixes or routes (rogue RA?)',
    meaning: 'A router advertisement offering a default route (router lifetime above 0) or prefixes came from a MAC while another router of the segment already offered them. Hosts may now send traffic through it or configure its prefixes: the signature of a rogue router (a misconfigured box with forwarding on, a Windows ICS host, an attack such as THC-IPv6 fake_router6), unless the segment is meant to have two routers. A router of a VRRP/HSRP/GLBP group seen in the capture is its pair\'s redundant router, not rogue. With a "routers" list in --expect, any router not on it that offers routes is rogue, first or not.',
    fix: 'Find the port of the MAC and disable its router advertisements (radvd, forwarding, Internet Connection Sharing); on the switches enable RA Guard (RFC 6105) to allow RAs only from router ports. If two routers are intended, give them the same prefixes and a router preference, and list both in the "routers" of --expect.',
  },
  {
    code: 'nd.router.spoofed',
    severity: 'error',
    title: 'A router advertisement with a known router\'s address from another MAC (spoofed RA)',
    meaning: 'A router advertisement carried the link-local source address of a router already seen advertising, but came from another MAC. Hosts take it as that router speaking: with router lifetime 0 they drop their default route (THC-IPv6 kill_router6), with other prefixes or flags they reconfigure. No router changes its MAC between two advertisements without a failover of its own; the finding names the MAC that spoofed and the router it impersonated, and counts the spoofed advertisements that withdrew the default route.',
    fix: 'Find the port of the spoofing MAC and disconnect it; enable RA Guard (RFC 6105) on the access switches so only router ports may send router advertisements. Check hosts for a lost default route (ip -6 route).',
  },
  {
    code: 'nd.router.withdrawn',
    severity: 'notice',
    title: 'An IPv6 router withdrew its default route (router lifetime 0)',
    meaning: 'A router that offered a default route sent a router advertisement with lifetime 0: hosts drop it as a default router. Expected when a router shuts down or a VRRP backup stops advertising; otherwise hosts lose their IPv6 default route.',
    fix: 'If it was not planned, check the router (radvd, its uplink, a failover that left no master advertising).',
  },
  {
    code: 'nd.router.changed',
    severity: 'notice',
    title: 'An IPv6 router changed its advertised flags, prefixes, routes or DNS servers',
    meaning: 'Between two router advertisements from the same router the managed (DHCPv6) or other-configuration flag, the set of prefixes, the route information (RFC 4191) or the DNS servers (RDNSS, RFC 8106) changed: hosts change how they get addresses, which ones they use, where they route or whom they ask for names (a new DNS server is how an RA-based DNS hijack looks).',
    fix: 'Check the router\'s configuration history; two routers sharing a MAC (a failover without its own virtual MAC) look like this too.',
  },
  {
    code: 'vrrp.decode.anomaly',
    severity: 'notice',
    title: 'Malformed VRRP adverts',
    meaning: 'IP protocol 112 packets that are not valid VRRP adverts: bad checksum, TTL other than 255 (RFC 5798 requires 255, so the advert crossed a router or was forged), truncated, unknown version or type, or a length that does not match the address count.',
    fix: 'Identify the sender by its MAC; a TTL below 255 means a router forwarded it (VRRP must stay on the link).',
  },
  {
    code: 'vrrp.carp',
    severity: 'info',
    title: 'CARP adverts seen (not analysed)',
    meaning: 'OpenBSD CARP uses IP protocol 112 like VRRP and the same first byte as VRRPv2, but another header; these adverts were recognised and counted, not taken for VRRP.',
    fix: 'Nothing to fix.',
  },
  {
    code: 'station.new',
    severity: 'info',
    title: 'New station (not in the --state baseline)',
    meaning: 'An address was claimed for the first time since the --state file was started: a host, VIP or DHCP lease the baseline has never seen. The finding lists the MAC(s) and how each was learned. During the --learn period new stations are recorded, not reported.',
    fix: 'Nothing to fix if the station is expected (a new server, a new lease). If it is not, find the MAC on the switch (show mac address-table address <mac>) and ask who plugged it in.',
  },
  {
    code: 'station.changed',
    severity: 'warning',
    title: 'Address claimed by a MAC never seen for it before',
    meaning: 'An address the --state baseline knows was claimed in this run by a MAC that never held it before (arpwatch: "changed ethernet address"). A replaced NIC or server, a re-imaged VM with a new MAC, a failover to a router the baseline has not seen, or someone taking the address. The finding lists the new MAC and the MACs the baseline knew, with when each was last seen.',
    fix: 'If the hardware was replaced, nothing to fix: the new MAC is in the state from now on. If not, find the new MAC on the switch and check the host holds the address by right; for spoofing, enable Dynamic ARP Inspection on the access switch.',
  },
  {
    code: 'station.reused',
    severity: 'warning',
    title: 'Address back on an older MAC',
    meaning: 'An address was claimed by a MAC that held it in an earlier run, but not the one that held it most recently (arpwatch: "flip flop" or "reused old ethernet address"): two hosts take turns with one address across runs, a rolled-back VM, or an old device plugged back in. Failovers between the routers of a known VRRP/HSRP/GLBP group are not reported here.',
    fix: 'Find both MACs on the switch; remove the duplicate address from one host (or its stale DHCP reservation). If the old host came back on purpose, nothing to fix.',
  },
  {
    code: 'station.returned',
    severity: 'info',
    title: 'Station back after a long absence',
    meaning: 'An address was claimed again by its usual MAC after a silence longer than --absent-after (arpwatch: "new activity"). A machine powered on after months, a spare, or a forgotten host coming back.',
    fix: 'Nothing to fix if expected. A device silent for months that comes back unannounced may be unpatched: check it.',
  },
  {
    code: 'capture.unsupported-link',
    severity: 'notice',
    title: 'Frames on link types arpaudit does not decode',
    meaning: 'Some interfaces or files use a link type other than Ethernet, Linux SLL or SLL2; their frames were counted but not decoded.',
    fix: 'Capture on an Ethernet interface or with "tcpdump -i any" (SLL2).',
  },
  {
    code: 'capture.nothing-to-analyse',
    severity: 'warning',
    title: 'Nothing to analyse: no ARP, neighbour discovery, VRRP, HSRP or GLBP in the capture',
    meaning: 'The input was read, but it holds no ARP frame, no IPv6 neighbour discovery and no VRRP, CARP, HSRP or GLBP message, so there was nothing to judge and no finding means nothing. Usually a capture filter that kept other traffic, the wrong interface or file, or a link type arpaudit does not decode.',
    fix: 'Capture on the LAN segment that carries the ARP in question, with a filter that keeps it: tcpdump -i IFACE -w FILE \'arp or vrrp or (vlan and (arp or vrrp))\'.',
  },
  {
    code: 'capture.frames-lost',
    severity: 'warning',
    title: 'Frames lost before analysis (live capture)',
    meaning: 'During live capture some frames never reached the analysis: arpaudit\'s ring was full (the analysis fell behind a flood), or the kernel\'s capture buffer overflowed (counted by pcap_stats()). Findings may miss what those frames carried: a second responder, an unanswered request, a GARP.',
    fix: 'Raise --ring-bits for bursts; capture with a narrower --filter; give the machine more CPU; write the capture with --write and check it offline. A sustained flood is itself worth finding (see the scan and storm findings).',
  },
  {
    code: 'capture.tunnelled-arp',
    severity: 'notice',
    title: 'ARP counted but not analysed (GRE, ERSPAN, PBB, RARP)',
    meaning: 'The capture carries ARP inside tunnels arpaudit only looks into far enough to count (GRE, ERSPAN mirror sessions, 802.1ah PBB), or RARP. Those frames were not analysed, so a race, a conflict or a silent address seen only through them is missed. ARP inside VXLAN and Geneve is analysed, in a segment of its own per VNI.',
    fix: 'Capture where the ARP travels unencapsulated (on the LAN segment itself, or the mirror destination after decapsulation), or decapsulate first (editcap / tshark can strip ERSPAN and GRE).',
  },
  {
    code: 'capture.bad-timestamps',
    severity: 'notice',
    title: 'Timestamps the capture format does not allow',
    meaning: 'Some frames carry a fraction of a second of one second or more (a microsecond field of 1,000,000 or more, or nanoseconds of 10^9 or more: libpcap and tcpdump flag these), or a time before 1970. They were kept as written, so their times, and the order of events around them, are uncertain; the evidence frames are the first of them.',
    fix: 'Find what wrote the file (a converter, an old capture tool) and capture again with tcpdump or dumpcap; editcap -S can reorder a capture whose times went backwards.',
  },
  {
    code: 'capture.error',
    severity: 'error',
    title: 'Capture file truncated or corrupt',
    meaning: 'Reading stopped at the byte offset and frame given. Everything before that point was analysed and is reported.',
    fix: 'Re-copy the file; if the capture was cut off (tcpdump killed, disk full), nothing is missing before the offset shown.',
  },
  {
    code: 'table.evicted',
    severity: 'warning',
    title: 'Address table full: least recently seen addresses evicted',
    meaning: 'More distinct addresses were seen than --max-addresses allows (an ARP flood or scan with random addresses). The least recently seen addresses without findings were dropped; their later frames start fresh.',
    fix: 'Raise --max-addresses if the host count is real; otherwise look for the flooding MAC in the statistics.',
  },
  {
    code: 'expect.unexpected-mac',
    severity: 'error',
    title: 'An address was answered by a MAC the expectations do not allow',
    meaning: 'The --expect file lists the MACs allowed to answer for this IP; another MAC replied or announced it.',
    fix: 'Fix the host that answered (see arp.race.multi-responder for real servers), or add the MAC to the expectations if it is legitimate.',
  },
  {
    code: 'expect.owner-silent',
    severity: 'error',
    title: 'The expected owner never answered for an address',
    meaning: 'The --expect file names the MACs that must answer for this IP, and none of them replied or announced it in the capture.',
    fix: 'Check that the expected host is up and holds the address (ip -br addr), and that the capture covers a time when someone asked for it.',
  },
];

export const CATALOG: ReadonlyMap<FindingCode, CatalogEntry> = new Map(entries.map((e) => [e.code, e]));

for (const e of entries) {
  const t = ND_TITLES[e.code];
  if (t) e.ndTitle = t;
}

export function catalogEntry(code: FindingCode): CatalogEntry {
  return CATALOG.get(code)!;
}

export function allCatalogEntries(): readonly CatalogEntry[] {
  return entries;
}

/** True when the text is a finding code (for user input: --expect, baselines). */
export function isFindingCode(text: string): text is FindingCode {
  return CATALOG.has(text as FindingCode);
}
