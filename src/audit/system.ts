// Reading the machine for the host audit: interfaces and addresses from
// `ip -j addr` (netlink), sysctls from /proc/sys/net/ipv4/conf. --proc points
// at another tree (tests); a tree may hold ip-addr.json instead of asking ip.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Interface, Sysctl } from './host.js';

interface IpAddrJson {
  ifname: string;
  flags?: string[];
  link_type?: string;
  operstate?: string;
  addr_info?: { family: string; local: string; prefixlen: number; scope?: string; label?: string }[];
}

export class AuditInputError extends Error {}

export function readInterfaces(proc: string): Interface[] {
  const file = join(proc, 'ip-addr.json');
  let text: string;
  if (proc !== '/proc' && existsSync(file)) text = readFileSync(file, 'utf8');
  else {
    try {
      text = execFileSync('ip', ['-j', 'addr', 'show'], { encoding: 'utf8', timeout: 10_000 });
    } catch (e) {
      throw new AuditInputError(`cannot list addresses with "ip -j addr show" (${(e as Error).message.split('\n')[0]}): apt-get install iproute2`);
    }
  }
  let list: IpAddrJson[];
  try {
    list = JSON.parse(text) as IpAddrJson[];
  } catch (e) {
    throw new AuditInputError(`address list is not JSON: ${(e as Error).message}`);
  }
  return list.map((i) => ({
    name: i.ifname,
    up: (i.flags ?? []).includes('UP'),
    loopback: (i.flags ?? []).includes('LOOPBACK') || i.link_type === 'loopback',
    noarp: (i.flags ?? []).includes('NOARP'),
    linkType: i.link_type ?? '',
    addrs: (i.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => ({ ip: a.local, prefixlen: a.prefixlen, scope: a.scope ?? 'global', label: a.label ?? i.ifname })),
  }));
}

export function sysctlReader(proc: string): Sysctl {
  return (iface, key) => {
    const p = join(proc, 'sys', 'net', 'ipv4', 'conf', iface, key);
    try {
      const v = Number(readFileSync(p, 'utf8').trim());
      return Number.isFinite(v) ? v : null;
    } catch {
      return null;
    }
  };
}
