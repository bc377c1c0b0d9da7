// Where an address lives, as the report says it: the outermost VLAN, the
// whole tag stack, and for a frame carried in VXLAN or Geneve its VNI.
import type { Engine } from '../engine/engine.js';
import { vlanPath, vniOf } from '../decode/link.js';

export interface SegmentJson {
  vlan: number | null;
  vlanPath: number[];
  vni?: number;
}

export function segmentOfKey(key: number): SegmentJson {
  const path = vlanPath(key);
  const vni = vniOf(key);
  return vni === null ? { vlan: path.length ? path[0]! : null, vlanPath: path } : { vlan: path.length ? path[0]! : null, vlanPath: path, vni };
}

/** The segment of an engine VLAN index. */
export function segmentOf(engine: Engine, vlan: number): SegmentJson {
  return segmentOfKey(engine.vlanKeys[vlan] ?? 0);
}

/** " vni 100 vlan 5", " vlan 100.20" or '' for a segment as the report shows it. */
export function segmentLabel(x: { vlanPath: number[]; vni?: number }): string {
  return `${x.vni !== undefined ? ` vni ${x.vni}` : ''}${x.vlanPath.length ? ` vlan ${x.vlanPath.join('.')}` : ''}`;
}

/** The segment in the address table's VLAN column: "100.20", "vni100", "vni100/5" or "-". */
export function segmentColumn(x: { vlanPath: number[]; vni?: number }): string {
  const v = x.vlanPath.join('.');
  return x.vni !== undefined ? `vni${x.vni}${v ? `/${v}` : ''}` : v || '-';
}
