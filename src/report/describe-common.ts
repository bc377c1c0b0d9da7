// What every family's describer gets, and small helpers they share.
import type { Engine } from '../engine/engine.js';
import { formatMac } from '../util/addr.js';

export interface DescribeCtx {
  engine: Engine;
  /** The address as text ('' when the incident is about no address). */
  ip: string;
  /** " vlan 100.20", or ''. */
  vlanText: string;
  /** The address with its VLAN: "10.0.0.10 vlan 100". */
  where: string;
  /** An IPv6 neighbour-discovery incident: its words are NS, NA and unsolicited NA, not ARP's. */
  v6: boolean;
}

export function vlanText(path: number[]): string {
  return path.length ? ` vlan ${path.join('.')}` : '';
}

export function macList(macs: number[]): string {
  return macs.map(formatMac).join(', ');
}
