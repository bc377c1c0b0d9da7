// Gratuitous ARP per binding (IP, MAC): which GARPs form one burst, how many
// bursts, and the one-second rate window for storm detection. Entries exist
// only for bindings that sent GARPs (typed arrays, grown by doubling); they
// follow the bindings through table compaction.
import type { FrameCtx } from './ctx.js';
import type { Burst, Incident, IncidentStore } from './incidents.js';
import type { EngineOptions } from './options.js';
import type { Tables } from './tables.js';

/** Bursts kept per incident; more are counted. */
const MAX_BURSTS = 64;
/** The storm rate is counted over windows of this length (µs). */
const STORM_WINDOW_US = 1e6;

export class GarpTracker {
  private count = 0;
  private cap = 64;
  private binding = new Int32Array(this.cap);
  private lastUs = new Float64Array(this.cap);
  private winStartUs = new Float64Array(this.cap);
  private winCount = new Uint32Array(this.cap);
  /** 1 while the current window already counts as a storm. */
  private stormed = new Uint8Array(this.cap);
  /** GARPs in the current burst. */
  private inBurst = new Uint32Array(this.cap);
  /** The current burst's record (null when the incident's list is full). */
  private rec: (Burst | null)[] = [];
  /** The binding's burst and storm incidents, cached to skip lookups. */
  private burstInc: (Incident<'arp.garp.burst'> | null)[] = [];
  private stormInc: (Incident<'arp.garp.storm'> | null)[] = [];
  private readonly burstGapUs: number;

  constructor(
    private readonly opts: EngineOptions,
    private readonly ctx: FrameCtx,
    private readonly tables: Tables,
    private readonly incidents: IncidentStore,
  ) {
    this.burstGapUs = opts.burstGapMs * 1000;
  }

  /** A gratuitous ARP (or announcement) from binding b of address a. */
  gratuitous(b: number, a: number, vlan: number): void {
    const t = this.tables;
    const us = this.ctx.us;
    const ref = this.ctx.ref;
    let g = t.garpOf(b);
    if (g < 0) {
      g = this.add(b);
      t.setGarp(b, g);
    }
    if (this.inBurst[g]! > 0 && us - this.lastUs[g]! <= this.burstGapUs) {
      this.inBurst[g]!++;
      const rec = this.rec[g];
      if (rec) {
        rec.count++;
        rec.lastUs = us;
      }
      this.burstInc[g]?.evidence(ref);
    } else this.newBurst(g, b, a, vlan);
    this.lastUs[g] = us;
    if (us - this.winStartUs[g]! >= STORM_WINDOW_US) {
      this.winStartUs[g] = us;
      this.winCount[g] = 0;
      this.stormed[g] = 0;
    }
    const c = ++this.winCount[g]!;
    if (c >= this.opts.stormRate) this.storm(g, b, a, vlan, c);
  }

  /** A new burst: its record is kept while the incident has room for it. */
  private newBurst(g: number, b: number, a: number, vlan: number): void {
    const { us, ref } = this.ctx;
    const t = this.tables;
    this.inBurst[g] = 1;
    this.rec[g] = null;
    let inc = this.burstInc[g] ?? null;
    if (inc === null) inc = this.burstInc[g] = this.incidents.open('arp.garp.burst', vlan, t.ipOf(a), us);
    if (!inc) return;
    if (inc.data.bursts.length < MAX_BURSTS) {
      const rec: Burst = { mac: t.mac(b), startUs: us, lastUs: us, count: 1, firstRef: ref };
      inc.data.bursts.push(rec);
      this.rec[g] = rec;
    } else inc.data.burstsDropped++;
    inc.addMac(t.mac(b));
    this.incidents.hit(inc, us, ref);
  }

  private storm(g: number, b: number, a: number, vlan: number, c: number): void {
    const t = this.tables;
    const { us, ref } = this.ctx;
    let inc = this.stormInc[g] ?? null;
    if (!this.stormed[g]) {
      this.stormed[g] = 1;
      if (inc === null) inc = this.stormInc[g] = this.incidents.open('arp.garp.storm', vlan, t.ipOf(a), us);
      if (inc) {
        t.pin(a);
        inc.addMac(t.mac(b));
        inc.data.windows++;
        if (c > inc.data.peakPerSecond) inc.data.peakPerSecond = c;
        this.incidents.hit(inc, us, ref);
      }
    }
    if (inc && c > inc.data.peakPerSecond) inc.data.peakPerSecond = c;
  }

  private add(b: number): number {
    if (this.count === this.cap) {
      this.cap *= 2;
      this.binding = grow(this.binding, new Int32Array(this.cap));
      this.lastUs = grow(this.lastUs, new Float64Array(this.cap));
      this.winStartUs = grow(this.winStartUs, new Float64Array(this.cap));
      this.winCount = grow(this.winCount, new Uint32Array(this.cap));
      this.stormed = grow(this.stormed, new Uint8Array(this.cap));
      this.inBurst = grow(this.inBurst, new Uint32Array(this.cap));
    }
    const g = this.count++;
    this.binding[g] = b;
    this.lastUs[g] = -Infinity;
    this.winStartUs[g] = -Infinity;
    this.winCount[g] = 0;
    this.stormed[g] = 0;
    this.inBurst[g] = 0;
    this.rec[g] = null;
    this.burstInc[g] = null;
    this.stormInc[g] = null;
    return g;
  }

  /** Follows a binding compaction: drops entries of evicted bindings, renumbers the rest. */
  remap(bMap: Int32Array): void {
    let k = 0;
    for (let g = 0; g < this.count; g++) {
      const nb = bMap[this.binding[g]!]!;
      if (nb < 0) continue;
      this.binding[k] = nb;
      this.lastUs[k] = this.lastUs[g]!;
      this.winStartUs[k] = this.winStartUs[g]!;
      this.winCount[k] = this.winCount[g]!;
      this.stormed[k] = this.stormed[g]!;
      this.inBurst[k] = this.inBurst[g]!;
      this.rec[k] = this.rec[g]!;
      this.burstInc[k] = this.burstInc[g]!;
      this.stormInc[k] = this.stormInc[g]!;
      this.tables.setGarp(nb, k);
      k++;
    }
    this.count = k;
    this.rec.length = this.burstInc.length = this.stormInc.length = k;
  }
}

function grow<T extends Int32Array | Float64Array | Uint32Array | Uint8Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
