// Host audit: will this machine answer ARP for a VIP, and will it leak the VIP
// as the sender address of its own ARP requests? A pure function of the
// address list and the net.ipv4.conf sysctls, following the kernel's rules in
// net/ipv4/arp.c:
//  - arp_ignore, arp_announce, rp_filter: the kernel uses max(all, interface);
//    arp_filter: all OR interface.
//  - arp_ignore 0: reply for any local address; 1: only if the target is on the
//    receiving interface; 2: that, and the sender in the same subnet; 3: not for
//    addresses with scope host (any interface); 4-7: reply; 8: never.
//  - arp_announce 0: an ARP request may carry any local source address (an
//    LVS-DR real server replying from the VIP announces it); 1: only one in
//    the target's subnet on that interface; 2: always the interface's own best
//    address.
import { parseIp } from '../util/addr.js';
import { auditVip6, same6, type Sysctl6 } from './host6.js';

export type { Address, Interface, Role, Scope, Sysctl } from './types.js';
import type { Interface, Role, Sysctl } from './types.js';
import type { HostJson, IfaceVerdict, VipVerdict } from '../contract/host.js';

export type { IfaceVerdict, VipVerdict } from '../contract/host.js';

/** What `host` finds: the JSON output without its schemaVersion. */
export type HostAudit = Omit<HostJson, 'schemaVersion'>;

function inSubnet(ip: number, net: number, prefix: number): boolean {
  if (prefix === 0) return true;
  const mask = prefix >= 32 ? 0xffffffff : (~((1 << (32 - prefix)) - 1)) >>> 0;
  return ((ip & mask) >>> 0) === ((net & mask) >>> 0);
}

/** /32 addresses on lo (not 127/8), dummy and tunnel devices: the usual homes of a VIP on a real server. */
export function inferVips(ifaces: Interface[]): string[] {
  const out: string[] = [];
  for (const i of ifaces) {
    const home = i.loopback || /^(dummy|tunl|ipip|tun)/.test(i.name) || i.linkType === 'ipip' || i.linkType === 'none';
    if (!home) continue;
    for (const a of i.addrs) {
      if (a.family === 6) {
        // an IPv6 VIP: a /128 that is not ::1 nor link-local
        if (a.prefixlen === 128 && a.ip !== '::1' && !/^fe80:/i.test(a.ip) && !out.includes(a.ip)) out.push(a.ip);
        continue;
      }
      const n = parseIp(a.ip);
      if (n < 0 || a.prefixlen !== 32 || (n >>> 24) === 127) continue;
      if (!out.includes(a.ip)) out.push(a.ip);
    }
  }
  return out;
}

function effMax(s: Sysctl, iface: string, key: string): number {
  return Math.max(s('all', key) ?? 0, s(iface, key) ?? 0);
}

function effOr(s: Sysctl, iface: string, key: string): number {
  return (s('all', key) ?? 0) || (s(iface, key) ?? 0) ? 1 : 0;
}

/** Interfaces ARP for a VIP would arrive on: up, not loopback, ARP-capable. */
export function lanInterfaces(ifaces: Interface[]): Interface[] {
  return ifaces.filter((i) => i.up && !i.loopback && !i.noarp && !/^(tunl|ipip|gre|sit|ip6tnl|dummy)/.test(i.name) && i.linkType !== 'ipip' && i.linkType !== 'none');
}

export function auditHost(ifaces: Interface[], sysctl: Sysctl, opts: { vips?: string[]; role?: Role; sysctl6?: Sysctl6; proxies?: { dst: string; dev: string }[] }): HostAudit {
  const all = opts.vips?.length ? opts.vips : inferVips(ifaces);
  const vips = all.filter((v) => !v.includes(':'));
  const v6 = all.filter((v) => v.includes(':'));
  const lans = lanInterfaces(ifaces);
  const where = (vip: string) =>
    ifaces.flatMap((i) => i.addrs.filter((a) => (vip.includes(':') ? same6(a.ip, vip) : a.ip === vip)).map((a) => ({ device: i.name, prefixlen: a.prefixlen, scope: a.scope, label: a.label, flags: a.flags, iface: i })));
  // a VIP held on a LAN interface with its subnet is a director's (or the VRRP master's), IPv4 or IPv6
  // alike (keepalived adds IPv6 VIPs with nodad: that says nothing of the role)
  const inferredDirector = vips.some((v) => where(v).some((w) => lans.includes(w.iface) && w.prefixlen < 32)) || v6.some((v) => where(v).some((w) => lans.includes(w.iface) && w.prefixlen < 128));
  const role: Role = opts.role ?? (inferredDirector ? 'director' : 'real-server');
  const tunl = ifaces.find((i) => i.name === 'tunl0');
  const verdicts = vips.map((vip): VipVerdict => {
    const homes = where(vip);
    const vipNum = parseIp(vip);
    const interfaces = lans.map((i): IfaceVerdict => {
      const ign = effMax(sysctl, i.name, 'arp_ignore');
      const ann = effMax(sysctl, i.name, 'arp_announce');
      const filt = effOr(sysctl, i.name, 'arp_filter');
      const rp = effMax(sysctl, i.name, 'rp_filter');
      const onIface = homes.some((h) => h.device === i.name);
      const scopeOk = homes.some((h) => h.scope === 'global' || h.scope === 'link');
      let willAnswer: boolean;
      let answerReason: string;
      if (homes.length === 0) {
        willAnswer = false;
        answerReason = `${vip} is not a local address`;
      } else if (ign === 0 || (ign >= 4 && ign <= 7)) {
        willAnswer = true;
        answerReason = `arp_ignore=${ign}: the kernel answers for any local address on any interface (${vip} is on ${homes.map((h) => h.device).join(', ')})`;
      } else if (ign === 1 || ign === 2) {
        willAnswer = onIface;
        answerReason = onIface
          ? `arp_ignore=${ign}: ${vip} is configured on ${i.name} itself`
          : `arp_ignore=${ign}: ${vip} is not configured on ${i.name} (it is on ${homes.map((h) => h.device).join(', ')})`;
      } else if (ign === 3) {
        willAnswer = scopeOk;
        answerReason = scopeOk
          ? `arp_ignore=3 only skips scope host addresses; ${vip} has scope ${homes.map((h) => h.scope).join('/')}`
          : `arp_ignore=3: ${vip} has scope host`;
      } else {
        willAnswer = false;
        answerReason = `arp_ignore=${ign}: the kernel answers no ARP request`;
      }
      if (willAnswer && filt) answerReason += '; arp_filter=1 does not stop it when the requester is reached through this interface';
      let willLeak: boolean;
      let leakReason: string;
      if (homes.length === 0) {
        willLeak = false;
        leakReason = `${vip} is not a local address`;
      } else if (ann === 0) {
        willLeak = true;
        leakReason = 'arp_announce=0: ARP requests for traffic sent from the VIP carry the VIP as sender';
      } else if (ann === 1) {
        const sub = i.addrs.find((a) => a.family === 4 && vipNum >= 0 && inSubnet(vipNum, parseIp(a.ip), a.prefixlen));
        willLeak = Boolean(sub);
        leakReason = sub
          ? `arp_announce=1 keeps source addresses in the target's subnet, and ${vip} is inside ${i.name}'s ${sub.ip}/${sub.prefixlen}`
          : `arp_announce=1: ${vip} is outside ${i.name}'s subnets`;
      } else {
        willLeak = false;
        leakReason = `arp_announce=${ann}: ARP requests always carry ${i.name}'s own address`;
      }
      return { name: i.name, arpIgnore: ign, arpAnnounce: ann, arpFilter: filt, rpFilter: rp, willAnswer, answerReason, willLeak, leakReason };
    });
    const problems: string[] = [];
    if (role === 'real-server') {
      for (const v of interfaces) {
        if (v.willAnswer) problems.push(`will answer ARP for ${vip} on ${v.name} (${v.answerReason})`);
        if (v.willLeak) problems.push(`will leak ${vip} as ARP sender on ${v.name} (${v.leakReason})`);
      }
      if (homes.length === 0) problems.push(`${vip} is not configured on this host: an LVS-DR/TUN real server needs it locally (on lo or tunl0) to accept the traffic`);
    } else if (!interfaces.some((v) => v.willAnswer)) {
      problems.push(`a director must answer ARP for ${vip}, and no interface will (${interfaces.map((v) => `${v.name}: ${v.answerReason}`).join('; ') || 'no LAN interface is up'})`);
    }
    return {
      vip,
      configured: homes.map(({ device, prefixlen, scope, label }) => ({ device, prefixlen, scope, label })),
      interfaces,
      ok: problems.length === 0,
      problems,
      fix: problems.length ? fixFor(role, vip, interfaces, homes.map((h) => h.device)) : [],
    };
  });
  const verdicts6 = v6.map((vip) => auditVip6(vip, ifaces, lans, opts.sysctl6 ?? (() => null), opts.proxies ?? [], role));
  return {
    role,
    roleInferred: opts.role === undefined,
    vips: verdicts,
    vips6: verdicts6,
    tunl0: { present: Boolean(tunl), up: Boolean(tunl?.up), vips: tunl ? tunl.addrs.filter((a) => a.family === 4).map((a) => a.ip) : [] },
    ok: verdicts.every((v) => v.ok) && verdicts6.every((v) => v.ok),
  };
}

function fixFor(role: Role, vip: string, ifs: IfaceVerdict[], homes: string[]): string[] {
  if (role === 'director') {
    const lines = ['# a director must answer for the VIP: lower arp_ignore on both "all" and the interface (the kernel uses the maximum)'];
    for (const v of ifs) lines.push(`sysctl -w net.ipv4.conf.all.arp_ignore=0 net.ipv4.conf.${v.name}.arp_ignore=0`);
    if (!homes.length) lines.push(`ip addr add ${vip}/24 dev ${ifs[0]?.name ?? 'eth0'}   # the VIP on the LAN interface, with its subnet`);
    return lines;
  }
  const lines = [
    '# real server: answer ARP only for addresses on the receiving interface, and always announce with the interface\'s own address',
    'sysctl -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2',
  ];
  // 'all' can only raise the effective value; an interface set higher than wanted is fine, lower is covered by max()
  for (const v of ifs) if (v.arpIgnore > 3 || v.arpAnnounce > 2) lines.push(`sysctl -w net.ipv4.conf.${v.name}.arp_ignore=1 net.ipv4.conf.${v.name}.arp_announce=2`);
  // a real server must hold the VIP itself to accept the traffic the director forwards (LVS-DR: on lo)
  if (!homes.length) lines.push('# the VIP is not configured here: a real server holds it on lo (LVS-DR) to accept the forwarded traffic', `ip addr add ${vip}/32 dev lo`);
  // what the alternatives first remove: the VIP where it is now (nothing when it is nowhere)
  const del = homes.length ? `ip addr del ${vip}/32 dev ${homes[0]}; ` : '';
  lines.push(
    '# persist across reboots',
    "cat > /etc/sysctl.d/90-lvs-real-server.conf <<'EOF'",
    'net.ipv4.conf.all.arp_ignore = 1',
    'net.ipv4.conf.all.arp_announce = 2',
    'EOF',
    'sysctl --system',
    // alternatives are comments: pasting the block runs the recommended fix only
    '# alternatives, instead of the above (commented out so a paste does not run them):',
    `#   VIP on lo with scope host, skipped by arp_ignore=3: ${del}ip addr add ${vip}/32 dev lo scope host; sysctl -w net.ipv4.conf.all.arp_ignore=3 net.ipv4.conf.all.arp_announce=2`,
    `#   no VIP alias at all (a NAT lookup per connection): ${del}iptables -t nat -A PREROUTING -d ${vip} -j REDIRECT`,
    `#   LVS-TUN, the VIP on tunl0: modprobe ipip; ip link set tunl0 up; ip addr add ${vip}/32 dev tunl0; sysctl -w net.ipv4.conf.tunl0.rp_filter=0 net.ipv4.conf.all.rp_filter=0`,
  );
  return lines;
}
