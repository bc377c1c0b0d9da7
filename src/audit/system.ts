// Reading the machine for the host audit: interfaces and addresses from
// `ip -j addr` (netlink), sysctls from /proc/sys/net/ipv4/conf. --proc points
// at another tree (tests); a tree may hold ip-addr.json instead of asking ip.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Interface, Sysctl } from './types.js';

interface IpAddrJson {
  ifname: string;
  flags?: string[];
  link_type?: string;
  operstate?: string;
  addr_info?: { family: string; local: string; prefixlen: number; scope?: string; label?: string; tentative?: boolean; dadfailed?: boolean; nodad?: boolean; deprecated?: boolean; optimistic?: boolean }[];
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
    addrs: (i.addr_info ?? [])
      .filter((a) => a.family === 'inet' || a.family === 'inet6')
      .map((a) => ({
        family: a.family === 'inet' ? (4 as const) : (6 as const),
        ip: a.local,
        prefixlen: a.prefixlen,
        scope: a.scope ?? 'global',
        label: a.label ?? i.ifname,
        flags: (['tentative', 'dadfailed', 'nodad', 'deprecated', 'optimistic'] as const).filter((k) => a[k] === true),
      })),
  }));
}

/** Proxy NDP entries (ip -6 neigh show proxy), or proxy.json in a --proc tree; none when ip cannot tell. */
export function readProxies(proc: string): { dst: string; dev: string }[] {
  const file = join(proc, 'proxy.json');
  try {
    const text = proc !== '/proc' && existsSync(file) ? readFileSync(file, 'utf8') : proc !== '/proc' ? '[]' : execFileSync('ip', ['-j', '-6', 'neigh', 'show', 'proxy'], { encoding: 'utf8', timeout: 10_000 });
    return (JSON.parse(text || '[]') as { dst: string; dev: string }[]).filter((p) => typeof p.dst === 'string' && typeof p.dev === 'string');
  } catch {
    return [];
  }
}

export function sysctlReader(proc: string, family: 4 | 6 = 4): Sysctl {
  return (iface, key) => {
    const p = join(proc, 'sys', 'net', family === 4 ? 'ipv4' : 'ipv6', 'conf', iface, key);
    try {
      const v = Number(readFileSync(p, 'utf8').trim());
      return Number.isFinite(v) ? v : null;
    } catch {
      return null;
    }
  };
}
