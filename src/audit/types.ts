// What the host audits read: interfaces with their addresses, sysctls, the role.
export type Scope = 'global' | 'link' | 'host' | string;

export interface Address {
  family: 4 | 6;
  ip: string;
  prefixlen: number;
  scope: Scope;
  label: string;
  /** IPv6 address flags from the kernel: tentative, dadfailed, nodad, ... */
  flags: string[];
}

export interface Interface {
  name: string;
  up: boolean;
  loopback: boolean;
  noarp: boolean;
  linkType: string;
  addrs: Address[];
}

/** Sysctl reader: net.ipv4.conf.<iface>.<key>, or null when absent. */
export type Sysctl = (iface: string, key: string) => number | null;

export type Role = 'real-server' | 'director';
