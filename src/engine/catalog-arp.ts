// The catalogue entries of the arp.* checks, and their titles when they judge
// IPv6 neighbour discovery (same code, same checks: its words are NS and NA).
import type { CatalogEntry, FindingCode } from './codes.js';

/** Titles of the arp.* checks when they judge IPv6 neighbour discovery. */
export const ND_TITLES: Partial<Record<FindingCode, string>> = {
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
export const ARP_ENTRIES: CatalogEntry[] = [
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
    meaning: 'One MAC kept asking for the same few addresses at --request-storm-rate requests per second or more, most of each second\'s requests asking again what it had asked less than --window before: a router or modem repeating requests nobody answers, a bridging loop duplicating frames, or a broken ARP stack. Neighbours spend CPU and the segment bandwidth. A gateway refreshing hundreds of neighbours that answer asks each once and is no storm, however fast.',
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
];
