import type { Incident } from './incidents.js';
import type { Tables } from './tables.js';

// Gratuitous-ARP burst tracking per binding (IP, MAC): which GARPs form one
// burst, how many bursts, and the rate window for storm detection. Entries
// exist only for bindings that sent GARPs; they follow the bindings through
// table compaction.

export interface Burst {
  mac: number;
  startUs: number;
  lastUs: number;
  count: number;
  firstRef: number;
}

export class GarpTable {
  count = 0;
  private cap = 64;
  binding = new Int32Array(this.cap);
  lastUs = new Float64Array(this.cap);
  winStartUs = new Float64Array(this.cap);
  winCount = new Uint32Array(this.cap);
  stormed = new Uint8Array(this.cap); // 1 while the current window is already counted as storm
  count_ = new Uint32Array(this.cap); // GARPs in the current burst
  /** Stored record of the current burst (null when the incident's list is full). */
  rec: (Burst | null)[] = [];
  /** The burst and storm incidents of the entry's address, cached to skip lookups. */
  inc: (Incident | null)[] = [];
  storm: (Incident | null)[] = [];

  add(b: number): number {
    if (this.count === this.cap) {
      this.cap *= 2;
      this.binding = grow(this.binding, new Int32Array(this.cap));
      this.lastUs = grow(this.lastUs, new Float64Array(this.cap));
      this.winStartUs = grow(this.winStartUs, new Float64Array(this.cap));
      this.winCount = grow(this.winCount, new Uint32Array(this.cap));
      this.stormed = grow(this.stormed, new Uint8Array(this.cap));
      this.count_ = grow(this.count_, new Uint32Array(this.cap));
    }
    const g = this.count++;
    this.binding[g] = b;
    this.lastUs[g] = -Infinity;
    this.winStartUs[g] = -Infinity;
    this.winCount[g] = 0;
    this.stormed[g] = 0;
    this.count_[g] = 0;
    this.rec[g] = null;
    this.inc[g] = null;
    this.storm[g] = null;
    return g;
  }

  /** Follows a binding compaction: drops entries of evicted bindings, renumbers the rest. */
  remap(bMap: Int32Array, t: Tables): void {
    let k = 0;
    for (let g = 0; g < this.count; g++) {
      const nb = bMap[this.binding[g]!]!;
      if (nb < 0) continue;
      this.binding[k] = nb;
      this.lastUs[k] = this.lastUs[g]!;
      this.winStartUs[k] = this.winStartUs[g]!;
      this.winCount[k] = this.winCount[g]!;
      this.stormed[k] = this.stormed[g]!;
      this.count_[k] = this.count_[g]!;
      this.rec[k] = this.rec[g]!;
      this.inc[k] = this.inc[g]!;
      this.storm[k] = this.storm[g]!;
      t.setGarp(nb, k);
      k++;
    }
    this.count = k;
    this.rec.length = this.inc.length = this.storm.length = k;
  }
}

function grow<T extends Int32Array | Float64Array | Uint32Array | Uint8Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
