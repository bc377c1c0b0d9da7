// Storage of the address and binding tables: fixed-size records in typed
// arrays (table-layout.ts), the open-addressing hash indexes that find them,
// and their growth. Tables (tables.ts) adds what the fields mean and the
// eviction of the least recently seen addresses.
import { TWO32 } from '../util/addr.js';
import { FrameCtx } from './ctx.js';
import { ADDRESS_SEED, hash3, slotsFor } from './hash.js';
import { A_BYTES, A_HEAD, A_IP, A_LAST_STRONG, A_MACS, A_OWNER, A_PREV, A_VLAN, AI, B_BYTES, BF, BF_FIRST_REF, BF_FIRST_US, BF_LAST_REF, BF_LAST_US, BI, BI_ADDR, BI_FLAGS, BI_GARP, BI_IP, BI_MAC_HI, BI_MAC_LO, BI_NEXT, BI_VLAN, BINDINGS_PER_ADDRESS, F_SOLE, INITIAL, MAX_MACS, RESERVE_LIMIT, START } from './table-layout.js';

export abstract class TableStore {
  aCount = 0;
  /** The last binding() call created its binding (first claim of the address by that MAC in this run). */
  created = false;
  protected aCap: number;
  protected aI: Int32Array;
  protected aSlots: Int32Array;
  protected aMask: number;
  /** The address index's storage at its largest, when it could be reserved. */
  protected aSlotsAll: Int32Array | null;
  /** Storage for the cap was reserved, or found impossible. */
  protected reserved = false;

  bCount = 0;
  protected bCap: number;
  protected bF: Float64Array;
  protected bI: Int32Array;
  protected bU: Uint32Array;
  protected bSlots: Int32Array;
  protected bMask: number;
  /** The binding index's storage at its largest, while the records stay in their reserved storage. */
  protected bSlotsAll: Int32Array | null;

  evicted = 0;
  compactions = 0;
  /** Claims not tracked because their address already had MAX_MACS MACs. */
  macsDropped = 0;
  /** Called after compaction with old binding index -> new (-1 when evicted). */
  onRemap: ((map: Int32Array) => void) | null = null;

  constructor(
    readonly maxAddresses: number,
    readonly ctx: FrameCtx = new FrameCtx(),
  ) {
    // a small start; reserve() takes storage for the cap on the first growth
    this.aCap = Math.min(START, maxAddresses + 2);
    this.bCap = Math.min(BINDINGS_PER_ADDRESS * START, BINDINGS_PER_ADDRESS * maxAddresses + 2);
    this.aI = new Int32Array(this.aCap * AI);
    this.aSlotsAll = null;
    this.aSlots = new Int32Array(slotsFor(Math.min(this.aCap, INITIAL)));
    this.aMask = this.aSlots.length - 1;
    const buf = new ArrayBuffer(this.bCap * B_BYTES);
    this.bF = new Float64Array(buf);
    this.bI = new Int32Array(buf);
    this.bU = new Uint32Array(buf);
    this.bSlotsAll = null;
    this.bSlots = new Int32Array(slotsFor(Math.min(this.bCap, INITIAL)));
    this.bMask = this.bSlots.length - 1;
  }

  /**
   * The first growth past the start: storage for the largest the tables may
   * get (maxAddresses addresses, twice as many bindings, the indexes at their
   * largest), as zeroed memory the kernel maps only as it is written, so
   * later growth never copies records. The records so far are copied once.
   * Where that is refused (a strict overcommit policy, a huge cap) the
   * storage grows by doubling instead. Small captures never reserve it.
   */
  protected reserve(): boolean {
    if (this.reserved) return false;
    this.reserved = true;
    const capA = this.maxAddresses + 2;
    const capB = BINDINGS_PER_ADDRESS * this.maxAddresses + 2;
    if (capA * A_BYTES + capB * B_BYTES + (slotsFor(capA) + slotsFor(capB)) * 4 > RESERVE_LIMIT) return false;
    try {
      const aI = new Int32Array(capA * AI);
      const aSlotsAll = new Int32Array(slotsFor(capA));
      const bBuf = new ArrayBuffer(capB * B_BYTES);
      const bSlotsAll = new Int32Array(slotsFor(capB));
      aI.set(this.aI.subarray(0, this.aCount * AI));
      new Uint8Array(bBuf).set(new Uint8Array(this.bF.buffer, this.bF.byteOffset, this.bCount * B_BYTES));
      this.aI = aI;
      this.aCap = capA;
      this.aSlotsAll = aSlotsAll;
      this.bF = new Float64Array(bBuf);
      this.bI = new Int32Array(bBuf);
      this.bU = new Uint32Array(bBuf);
      this.bCap = capB;
      this.bSlotsAll = bSlotsAll;
    } catch {
      return false;
    }
    this.rehashAddrs();
    this.rehashBindings();
    return true;
  }

  /** Addresses the record storage holds now (the cap + 2 when it could be reserved). */
  get addressCapacity(): number {
    return this.aCap;
  }


  nextOf(b: number): number {
    return this.bI[b * BI + BI_NEXT]!;
  }
  headOf(a: number): number {
    return this.aI[a * AI + A_HEAD]!;
  }
  macCount(a: number): number {
    return this.aI[a * AI + A_MACS]! & 0xffff;
  }
  /** True while the binding is the only one of its address (see F_SOLE). */
  sole(b: number): boolean {
    return (this.bI[b * BI + BI_FLAGS]! & F_SOLE) !== 0;
  }

  /** The binding of the address's latest claim (-1 before any). */
  abstract owner(a: number): number;
  /** The binding of the address's latest reply/GARP claim (-1 before any). */
  abstract lastStrong(a: number): number;


  /** Finds an address (ip unsigned or signed); -1 when absent. */
  findAddr(vlan: number, ip: number): number {
    const ipS = ip | 0;
    const mask = this.aMask;
    const aI = this.aI;
    const h = hash3(vlan, ipS, ADDRESS_SEED);
    const tag = slotTag(h);
    let s = h & mask;
    for (;;) {
      const v = this.aSlots[s]!;
      if (v === 0) return -1;
      if ((v & SLOT_TAG_MASK) === tag) {
        const a = (v & SLOT_INDEX_MASK) - 1;
        const o = a * AI;
        if (aI[o + A_IP] === ipS && aI[o + A_VLAN] === vlan) return a;
      }
      s = (s + 1) & mask;
    }
  }

  /** Finds a binding by MAC as a 48-bit number (reports, expectations); -1 when absent. */
  findBinding(vlan: number, ip: number, mac: number): number {
    const lo = mac >>> 0;
    return this.find(vlan, ip | 0, (mac - lo) / TWO32, lo | 0);
  }

  /**
   * Finds a binding on the hot path: ip as signed int32, MAC as high 16 and
   * low 32 bits (signed). Small integers only, so calls never box. -1 when absent.
   */
  find(vlan: number, ipS: number, hi: number, lo: number): number {
    const mask = this.bMask;
    const bI = this.bI;
    const slots = this.bSlots;
    const h = hash3(ipS, lo, hi ^ (vlan << 16));
    const tag = slotTag(h);
    let s = h & mask;
    for (;;) {
      const v = slots[s]!;
      if (v === 0) return -1;
      // a record is read only when the slot's tag matches: a probe past another key costs no cache miss
      if ((v & SLOT_TAG_MASK) === tag) {
        const b = (v & SLOT_INDEX_MASK) - 1;
        const o = b * BI;
        if (bI[o + BI_MAC_LO] === lo && bI[o + BI_IP] === ipS && bI[o + BI_MAC_HI] === hi && bI[o + BI_VLAN] === vlan) return b;
      }
      s = (s + 1) & mask;
    }
  }

  /**
   * Finds or creates the binding (vlan, ip, mac); a new one is stamped with the
   * frame context's time and reference. Returns -1 when the address already
   * has MAX_MACS bindings (the claim is counted in macsDropped instead).
   */
  binding(vlan: number, ipS: number, hi: number, lo: number): number {
    const b = this.find(vlan, ipS, hi, lo);
    if (b >= 0) {
      this.created = false;
      return b;
    }
    this.created = true;
    return this.addBinding(vlan, ipS, hi, lo);
  }

  /** Calls fn for every binding: its VLAN index, address (IPv4 or IPv6 id) and index. Not for the per-frame path. */
  forEachBinding(fn: (vlan: number, ip: number, b: number) => void): void {
    for (let b = 0; b < this.bCount; b++) fn(this.bI[b * BI + BI_VLAN]!, this.bI[b * BI + BI_IP]! >>> 0, b);
  }

  private addBinding(vlan: number, ipS: number, hi: number, lo: number): number {
    let a = this.findAddr(vlan, ipS);
    if (a < 0) a = this.addAddr(vlan, ipS);
    else if (this.macCount(a) >= MAX_MACS) {
      this.macsDropped++;
      return -1;
    }
    // never reached while --max-addresses is capped (2^24): the index slots hold 26 bits of record index
    if (this.bCount >= SLOT_INDEX_MASK - 1) {
      this.macsDropped++;
      return -1;
    }
    if (this.bCount === this.bCap) this.growBindings();
    const b = this.bCount++;
    const f = b * BF;
    const i = b * BI;
    const us = this.ctx.us;
    const ref = this.ctx.ref;
    this.bI.fill(0, i, i + BI);
    this.bI[i + BI_MAC_LO] = lo;
    this.bI[i + BI_MAC_HI] = hi;
    this.bF[f + BF_LAST_US] = us;
    this.bF[f + BF_FIRST_US] = us;
    this.bF[f + BF_LAST_REF] = ref;
    this.bF[f + BF_FIRST_REF] = ref;
    this.bI[i + BI_ADDR] = a;
    this.bI[i + BI_NEXT] = -1;
    this.bI[i + BI_GARP] = -1;
    this.bI[i + BI_IP] = ipS;
    this.bI[i + BI_VLAN] = vlan;
    // append to the address's list so bindings keep order of first appearance
    const ao = a * AI;
    const head = this.aI[ao + A_HEAD]!;
    if (head < 0) {
      this.aI[ao + A_HEAD] = b;
      this.bI[i + BI_FLAGS] = F_SOLE;
    } else {
      if (this.sole(head)) {
        // a second MAC: the address fields take over from the sole binding
        this.aI[ao + A_OWNER] = this.owner(a);
        this.aI[ao + A_LAST_STRONG] = this.lastStrong(a);
        this.bI[head * BI + BI_FLAGS]! &= ~F_SOLE;
      }
      let t = head;
      while (this.nextOf(t) >= 0) t = this.nextOf(t);
      this.bI[t * BI + BI_NEXT] = b;
    }
    this.aI[ao + A_MACS]!++;
    if (this.bCount * 2 > this.bSlots.length) this.rehashBindings();
    else this.insertBSlot(b);
    return b;
  }

  private insertBSlot(b: number): void {
    const o = b * BI;
    const mask = this.bMask;
    const h = hash3(this.bI[o + BI_IP]!, this.bI[o + BI_MAC_LO]!, this.bI[o + BI_MAC_HI]! ^ (this.bI[o + BI_VLAN]! << 16));
    let s = h & mask;
    while (this.bSlots[s] !== 0) s = (s + 1) & mask;
    this.bSlots[s] = slotTag(h) | (b + 1);
  }

  private insertASlot(a: number): void {
    const mask = this.aMask;
    const h = hash3(this.aI[a * AI + A_VLAN]!, this.aI[a * AI + A_IP]!, ADDRESS_SEED);
    let s = h & mask;
    while (this.aSlots[s] !== 0) s = (s + 1) & mask;
    this.aSlots[s] = slotTag(h) | (a + 1);
  }

  private addAddr(vlan: number, ipS: number): number {
    if (this.aCount === this.aCap) this.growAddrs();
    const a = this.aCount++;
    const o = a * AI;
    this.aI.fill(0, o, o + AI);
    this.aI[o + A_VLAN] = vlan;
    this.aI[o + A_IP] = ipS;
    this.aI[o + A_HEAD] = -1;
    this.aI[o + A_OWNER] = -1;
    this.aI[o + A_PREV] = -1;
    this.aI[o + A_LAST_STRONG] = -1;
    if (this.aCount * 2 > this.aSlots.length) this.rehashAddrs();
    else this.insertASlot(a);
    return a;
  }

  protected growAddrs(): void {
    if (this.reserve()) return;
    const cap = Math.max(this.aCap + 2, Math.min(this.aCap * 2, this.maxAddresses));
    const n = new Int32Array(cap * AI);
    n.set(this.aI.subarray(0, this.aCount * AI));
    this.aI = n;
    this.aCap = cap;
    this.rehashAddrs();
  }

  private growBindings(): void {
    if (this.reserve()) return;
    const cap = this.bCap * 2;
    const buf = new ArrayBuffer(cap * B_BYTES);
    new Uint8Array(buf).set(new Uint8Array(this.bF.buffer, this.bF.byteOffset, this.bCount * B_BYTES));
    // the index is no longer a prefix of reserved storage
    this.bSlotsAll = null;
    this.bF = new Float64Array(buf);
    this.bI = new Int32Array(buf);
    this.bU = new Uint32Array(buf);
    this.bCap = cap;
    this.rehashBindings();
  }

  /** Rebuilds the address index, sized for the current count (load at most 1/2). */
  protected rehashAddrs(): void {
    this.aSlots = zeroedPrefix(this.aSlotsAll, slotsFor(this.aCount));
    this.aMask = this.aSlots.length - 1;
    for (let a = 0; a < this.aCount; a++) this.insertASlot(a);
  }

  /** Rebuilds the binding index, sized for the current count (load at most 1/2). */
  protected rehashBindings(): void {
    this.bSlots = zeroedPrefix(this.bSlotsAll, slotsFor(this.bCount));
    this.bMask = this.bSlots.length - 1;
    for (let b = 0; b < this.bCount; b++) this.insertBSlot(b);
  }

}


/** A zeroed hash index of n slots: a prefix of `all` (reserved storage) when it fits, else an array of its own. */
function zeroedPrefix(all: Int32Array | null, n: number): Int32Array {
  if (all === null || n > all.length) return new Int32Array(n);
  const v = all.subarray(0, n);
  v.fill(0);
  return v;
}

/**
 * An index slot holds 1 + the record's index in its low 26 bits (bindings
 * stay below 2^26: twice the largest --max-addresses) and the top
 * five bits of the key's hash above them, so a probe past another key is
 * told apart without reading that key's record (a cache miss per probe in a
 * table of millions). The index uses the hash's low bits, the tag its top.
 */
const SLOT_INDEX_BITS = 26;
const SLOT_INDEX_MASK = (1 << SLOT_INDEX_BITS) - 1;
const SLOT_TAG_MASK = 0x1f << SLOT_INDEX_BITS;

function slotTag(h: number): number {
  return (h >>> 27) << SLOT_INDEX_BITS;
}
