// Exit codes, shared by every command and documented in the README and --help.
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INPUT = 3;
export const EXIT_CAPTURE_UNAVAILABLE = 4;
/** probe: some IP got no answer at all. */
export const EXIT_NO_ANSWER = 5;
/** A bug: bin/arpaudit.js prints one line (the stack with ARPAUDIT_DEBUG=1); EX_SOFTWARE of sysexits.h. */
export const EXIT_INTERNAL = 70;

export const EXIT_HELP = `Exit codes (each command's --help lists its own):
  0  clean: no finding at or above --fail-on
  1  findings at or above --fail-on (default: warning); probe: an IP answered by several MACs; host: a VIP configured wrong
  2  usage error (no command, bad option or value, invalid --expect, --baseline or --state file)
  3  unreadable input (missing, not a capture, truncated or corrupt; what was read is still reported)
  4  live capture unavailable (no libpcap/cap, no permission, no such interface)
  5  probe: an IP got no answer
  70 internal error (a bug): one line on stderr; ARPAUDIT_DEBUG=1 adds the stack`;

const INTERNAL = '  70 internal error (a bug): one line on stderr; ARPAUDIT_DEBUG=1 adds the stack';

export const CHECK_HELP = `Examples:
  arpaudit check incident.pcap
  arpaudit check captures/*.pcap --baseline arpaudit-baseline.json --junit junit.xml
  tcpdump -i eth0 -U -w - 'arp or vrrp' | arpaudit check -
  arpaudit check today.pcap --state inventory.json          # hold it against a station baseline
  arpaudit check today.pcap --metrics-file /var/lib/node_exporter/arpaudit.prom

Exit codes:
  0  no finding at or above --fail-on (findings a --baseline accepts aside)
  1  findings at or above --fail-on (default: warning)
  2  usage error (bad option or value, invalid --expect, --baseline or --state file)
  3  an input unreadable or cut short (what was read is still reported)
${INTERNAL}`;

export const LIVE_HELP = `Examples:
  sudo arpaudit live -i eth0
  sudo arpaudit live -i eth0 --duration 60 -w incident.pcap --format json > incident.ndjson
  sudo arpaudit live -i eth0 -c 10000 --no-tui
  sudo arpaudit live -i eth0 -i eth1 --no-tui --format json --state /var/lib/arpaudit/state.json --learn 7d --metrics 127.0.0.1:9850

As a monitor (docs/monitoring.md): --state keeps every station across runs, --metrics serves Prometheus,
--metrics-file writes for node_exporter's textfile collector; -i repeats for several ports.

Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on (default: warning)
  2  usage error (bad option or value, invalid --expect or --state file, --metrics address that cannot be bound)
  4  capture unavailable (no libpcap/cap, no permission, no such interface, filter rejected)
${INTERNAL}`;

export const REPLAY_HELP = `Examples:
  arpaudit replay incident.pcap --speed 10
  arpaudit replay incident.pcap --max --no-tui --filter 10.0.0.10
  ssh router tcpdump -i eth0 -U -w - arp | arpaudit replay -

Exit codes:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on (default: warning)
  2  usage error (bad option or value)
  3  an input unreadable or cut short (what was read is still reported)
${INTERNAL}`;

export const PROBE_HELP = `Examples:
  sudo arpaudit probe -i eth0 10.0.0.10
  sudo arpaudit probe -i eth0 --dad --count 5 10.0.0.20 10.0.0.21
  sudo arpaudit probe -i eth0 2001:db8::10 10.0.0.10      # NS for the IPv6 VIP, ARP for the IPv4 one

Exit codes:
  0  every IP answered by exactly one MAC
  1  some IP answered by several MACs
  2  usage error (bad option, value or address)
  4  cannot capture or send (no libpcap/cap, no permission, no such interface, no address to probe from)
  5  some IP not answered (1 wins when another IP was answered by several)
${INTERNAL}`;

export const HOST_HELP = `Examples:
  arpaudit host
  arpaudit host --vip 10.0.0.10 --role real-server
  arpaudit host --vip 2001:db8::10 --format sarif > host.sarif     # IPv6: NS answered, NS source, ndisc_notify

Exit codes:
  0  every VIP configured right for the role
  1  the host will answer for or leak a VIP it must not (a director: will not answer)
  2  usage error, or nothing to judge (no VIP given or found)
${INTERNAL}`;
