// Host audit for an IPv6 VIP: will this machine answer neighbour
// solicitations for it, announce it with unsolicited neighbour
// advertisements, or fail (or skip) duplicate address detection? A pure
// function of the addresses, the net.ipv6.conf sysctls and the proxy
// entries, following net/ipv6/ndisc.c and addrconf.c:
//  - an NS is answered only for an address on the receiving interface (IPv6
//    is strong host: a VIP on lo is never answered on eth0, whatever the
//    sysctls), unless the interface forwards, proxy_ndp is on (all or the
//    interface) and a proxy entry names the address (ip -6 neigh add proxy);
//    a tentative or dadfailed address is not answered;
//  - the source of an NS the host sends is the packet's source only when
//    that address is on the outgoing interface: a VIP on lo never leaks;
//  - an address added to an interface runs DAD first (accept_dad > 0,
//    dad_transmits > 0, no nodad flag), and after DAD completes the kernel
//    sends an unsolicited NA when ndisc_notify is on (all or the interface);
//  - accept_unsolicited_na and drop_unsolicited_na decide what this host
//    does with the unsolicited NAs of a failover (its own neighbour cache).
import type { Interface, Role } from './types.js';

/** Sysctl reader: net.ipv6.conf.<iface>.<key>, or null when absent. */
export type Sysctl6 = (iface: string, key: string) => number | null;

export type { Iface6Verdict, Vip6Verdict } from '../contract/host.js';
import type { Iface6Verdict, Vip6Verdict } from '../contract/host.js';

const on = (s: Sysctl6, iface: string, key: string) => ((s('all', key) ?? 0) || (s(iface, key) ?? 0) ? 1 : 0);
const dev = (s: Sysctl6, iface: string, key: string, dflt: number) => s(iface, key) ?? dflt;

export function auditVip6(vip: string, ifaces: Interface[], lans: Interface[], sysctl: Sysctl6, proxies: { dst: string; dev: string }[], role: Role): Vip6Verdict {
  const homes = ifaces.flatMap((i) => i.addrs.filter((a) => a.family === 6 && same6(a.ip, vip)).map((a) => ({ device: i.name, prefixlen: a.prefixlen, scope: a.scope, flags: a.flags })));
  const proxied = proxies.filter((p) => same6(p.dst, vip)).map((p) => p.dev);
  const interfaces = lans.map((i): Iface6Verdict => {
    const forwarding = dev(sysctl, i.name, 'forwarding', 0);
    const proxyNdp = on(sysctl, i.name, 'proxy_ndp');
    const acceptDad = dev(sysctl, i.name, 'accept_dad', 1);
    const dadTransmits = dev(sysctl, i.name, 'dad_transmits', 1);
    const ndiscNotify = on(sysctl, i.name, 'ndisc_notify');
    const here = homes.find((h) => h.device === i.name);
    const usable = here !== undefined && !here.flags.includes('tentative') && !here.flags.includes('dadfailed');
    let willAnswer: boolean;
    let answerReason: string;
    if (here && usable) {
      willAnswer = true;
      answerReason = `${vip} is configured on ${i.name}: the kernel answers neighbour solicitations for it there`;
    } else if (here) {
      willAnswer = false;
      answerReason = `${vip} is on ${i.name} but ${here.flags.includes('dadfailed') ? 'failed duplicate address detection (dadfailed): another host holds it' : 'still tentative (DAD in progress)'}`;
    } else if (proxied.includes(i.name) && proxyNdp && forwarding) {
      willAnswer = true;
      answerReason = `a proxy entry for ${vip} on ${i.name}, with proxy_ndp=1 and forwarding=1: the kernel answers for it`;
    } else {
      willAnswer = false;
      answerReason = homes.length
        ? `${vip} is on ${homes.map((h) => h.device).join(', ')}, not on ${i.name}: IPv6 answers only for addresses on the receiving interface${proxied.includes(i.name) ? ` (a proxy entry exists but ${!proxyNdp ? 'proxy_ndp is 0' : 'forwarding is 0'})` : ''}`
        : `${vip} is not a local address${proxied.includes(i.name) ? ` (a proxy entry exists but ${!proxyNdp ? 'proxy_ndp is 0' : 'forwarding is 0'})` : ''}`;
    }
    const willLeak = here !== undefined;
    const leakReason = here
      ? `traffic sent from ${vip} through ${i.name} makes its neighbour solicitations come from ${vip}`
      : `neighbour solicitations come from ${vip} only when it is on ${i.name}`;
    const dadRuns = here !== undefined && !here.flags.includes('nodad') && acceptDad > 0 && dadTransmits > 0;
    // the kernel sends the NA when DAD completes: an address added with nodad (or accept_dad=0,
    // dad_transmits=0) is not announced when added, only on later link changes
    const willAnnounce = here !== undefined && ndiscNotify === 1 && dadRuns;
    const announceReason = !here
      ? `${vip} is not on ${i.name}`
      : ndiscNotify
        ? dadRuns
          ? `ndisc_notify=1: an unsolicited NA for ${vip} follows its DAD, and every link change`
          : `ndisc_notify=1 but no DAD runs (${here.flags.includes('nodad') ? 'nodad' : acceptDad <= 0 ? 'accept_dad=0' : 'dad_transmits=0'}): no NA when it is added, one on every link change`
        : `ndisc_notify=0: the kernel sends no unsolicited NA for ${vip} (a VRRP daemon must)${dadRuns ? '; its DAD probes still show it' : ''}`;
    return {
      name: i.name,
      forwarding,
      proxyNdp,
      acceptDad,
      dadTransmits,
      ndiscNotify,
      acceptUnsolicitedNa: dev(sysctl, i.name, 'accept_unsolicited_na', 0),
      dropUnsolicitedNa: on(sysctl, i.name, 'drop_unsolicited_na'),
      willAnswer,
      answerReason,
      willLeak,
      leakReason,
      willAnnounce,
      announceReason,
    };
  });
  const problems: string[] = [];
  const notes: string[] = [];
  if (role === 'real-server') {
    for (const v of interfaces) {
      if (v.willAnswer) problems.push(`will answer neighbour solicitations for ${vip} on ${v.name} (${v.answerReason})`);
      if (v.willAnnounce) problems.push(`will announce ${vip} on ${v.name} with an unsolicited NA (${v.announceReason})`);
      else if (v.willLeak) problems.push(`will send neighbour solicitations from ${vip} on ${v.name}`);
    }
    for (const h of homes) if (h.flags.includes('dadfailed')) problems.push(`${vip} failed DAD on ${h.device}: another host (the director) holds it, and this host cannot use it there`);
    if (homes.length === 0) problems.push(`${vip} is not configured on this host: an LVS-DR real server needs it locally (on lo, /128) to accept the traffic`);
  } else {
    if (!interfaces.some((v) => v.willAnswer)) problems.push(`a director must answer neighbour solicitations for ${vip}, and no interface will (${interfaces.map((v) => `${v.name}: ${v.answerReason}`).join('; ') || 'no LAN interface is up'})`);
    for (const v of interfaces) if (v.willAnswer && !v.willAnnounce) notes.push(`${v.name}: ndisc_notify=0, the kernel does not announce ${vip} by itself; keepalived sends unsolicited NAs on takeover`);
    for (const v of interfaces) if (v.dropUnsolicitedNa) notes.push(`${v.name}: drop_unsolicited_na=1: this host ignores other routers' failover announcements`);
  }
  return { vip, configured: homes, proxies: proxied, interfaces, ok: problems.length === 0, problems, notes, fix: problems.length ? fix6(role, vip, interfaces, homes, proxied) : [] };
}

function fix6(role: Role, vip: string, ifs: Iface6Verdict[], homes: { device: string; prefixlen: number }[], proxied: string[]): string[] {
  if (role === 'director') {
    const lan = ifs[0]?.name ?? 'eth0';
    return ['# a director must hold the VIP on its LAN interface (IPv6 answers only for addresses on the receiving interface)', `ip -6 addr add ${vip}/64 dev ${lan}`, `# announce it on its own when it comes up (keepalived does this on takeover)`, `sysctl -w net.ipv6.conf.${lan}.ndisc_notify=1`];
  }
  const lines = ['# real server: the VIP on lo only (IPv6 never answers for lo\'s addresses on eth0; no sysctl needed)'];
  for (const h of homes.filter((x) => x.device !== 'lo')) lines.push(`ip -6 addr del ${vip}/${h.prefixlen} dev ${h.device}`);
  if (!homes.some((h) => h.device === 'lo')) lines.push(`ip -6 addr add ${vip}/128 dev lo`);
  for (const d of proxied) lines.push(`ip -6 neigh del proxy ${vip} dev ${d}`);
  for (const v of ifs) if (v.ndiscNotify) lines.push(`sysctl -w net.ipv6.conf.all.ndisc_notify=0 net.ipv6.conf.${v.name}.ndisc_notify=0`);
  return lines;
}

/** Two IPv6 texts name the same address (any spelling). */
export function same6(a: string, b: string): boolean {
  const x = words6(a);
  const y = words6(b);
  return x !== null && y !== null && x.every((w, i) => w === y[i]);
}

function words6(t: string): number[] | null {
  if (!t.includes(':')) return null;
  const [h, tail] = t.split('::') as [string, string | undefined];
  const head = h ? h.split(':') : [];
  const rest = tail === undefined ? [] : tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - head.length - rest.length;
  const parts = [...head, ...Array<string>(Math.max(0, fill)).fill('0'), ...rest];
  if (parts.length !== 8 || !parts.every((p) => /^[0-9a-f]{1,4}$/i.test(p))) return null;
  return parts.map((p) => parseInt(p, 16));
}
