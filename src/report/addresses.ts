// The address table of the report: every
// (VLAN, IP) with its MACs, in report order, as objects (json-bytes.ts writes
// the same rows as JSON bytes).
import { named } from '../util/named.js';
import type { Engine } from '../engine/engine.js';
import { isIpv6Key } from '../decode/link.js';
import { COUNT_NAMES } from '../engine/kinds.js';
import { segmentOf } from './segment.js';
import { refFrame } from '../engine/ctx.js';
import { formatMac, virtualMacLabel } from '../util/addr.js';
import type { AddressJson, AddressMacJson } from './schema.js';
import { formatTime } from '../util/time.js';

/**
 * Addresses in report order: by VLAN key, then IP. The addresses are counted
 * into one bucket per VLAN (in key order); within a bucket each becomes the
 * number IP * 2^21 + index, so a numeric typed-array sort orders them and the
 * index comes back out of the key (a million addresses in ~0.1 s, where a
 * comparator takes seconds). Past 2^21 addresses a comparator sort is used.
 */
export function addressOrder(engine: Engine): Uint32Array {
  const t = engine.tables;
  const n = t.aCount;
  const order = new Uint32Array(n);
  const keys = engine.vlanKeys;
  // IPv6 addresses are ids in the order they were seen: sort them by their rank in address order
  const v6 = keys.map(isIpv6Key);
  const rank = v6.some(Boolean) ? engine.addr6.ranks() : null;
  const ipKey = (a: number) => (rank && v6[t.vlanOf(a)] ? rank[t.ipOf(a)]! : t.ipOf(a));
  if (n > IDX) {
    for (let a = 0; a < n; a++) order[a] = a;
    const vkey = (a: number) => keys[t.vlanOf(a)]!;
    return order.sort((x, y) => vkey(x) - vkey(y) || ipKey(x) - ipKey(y));
  }
  // bucket start per VLAN index, buckets in VLAN key order
  const byKey = keys.map((_, i) => i).sort((x, y) => keys[x]! - keys[y]!);
  const start = new Uint32Array(keys.length + 1);
  for (let a = 0; a < n; a++) start[t.vlanOf(a)]!++;
  let sum = 0;
  const at = new Uint32Array(keys.length);
  for (const v of byKey) {
    at[v] = sum;
    sum += start[v]!;
  }
  const bucketStart = at.slice();
  const sorted = new Float64Array(n);
  for (let a = 0; a < n; a++) sorted[at[t.vlanOf(a)]!++] = ipKey(a) * IDX + a;
  for (const v of byKey) sorted.subarray(bucketStart[v]!, at[v]!).sort();
  for (let i = 0; i < n; i++) order[i] = sorted[i]! % IDX;
  return order;
}

/** 2^21: room for the address index below the IP in a sort key (IP * 2^21 + index < 2^53). */
const IDX = 2097152;

export function* addressRows(engine: Engine): Generator<AddressJson> {
  for (const a of addressOrder(engine)) yield addressRow(engine, a);
}

function addressRow(engine: Engine, a: number): AddressJson {
  const t = engine.tables;
  const macs: AddressMacJson[] = [];
  for (let b = t.headOf(a); b >= 0; b = t.nextOf(b)) {
    const counts = named(COUNT_NAMES, (k) => t.count(b, k));
    macs.push({
      mac: formatMac(t.mac(b)),
      virtual: virtualMacLabel(t.mac(b)),
      first: formatTime(t.firstUs(b)),
      last: formatTime(t.lastUs(b)),
      firstFrame: refFrame(t.firstRef(b)),
      lastFrame: refFrame(t.lastRef(b)),
      counts,
      answeredRequests: t.answered(b),
      firstAnswers: t.firstAnswers(b),
    });
  }
  const owner = t.owner(a);
  return {
    ip: engine.ipText(t.vlanOf(a), t.ipOf(a)),
    ...segmentOf(engine, t.vlanOf(a)),
    owner: owner >= 0 ? formatMac(t.mac(owner)) : null,
    changes: t.changes(a),
    macs,
  };
}
