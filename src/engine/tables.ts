import { FrameCtx } from './ctx.js';
import type { WasmArena } from './arena.js';

// Address and binding tables.
//
// An address is (VLAN path, IPv4); a binding is (address, MAC). Each is one
// fixed-size record in a single ArrayBuffer (a binding 128 bytes, an address
// 64), found through open-addressing hash indexes. Records rather than one
// array per field: with a million hosts every field access is a cache miss,
// so a frame should touch two or three cache lines, not fifteen. The
// per-frame path is integer hashing and typed-array reads, no objects, no Map.
// The tables grow by doubling up to maxAddresses; past that, compact() evicts
// the least recently seen addresses that carry no finding (counted).

export const NKINDS = 7;
export const K_REQUEST = 0;
export const K_REPLY = 1;
export const K_UNSOLICITED = 2;
export const K_GARP_REQUEST = 3;
export const K_GARP_REPLY = 4;
export const K_PROBE = 5;
export const K_ANNOUNCE = 6;
/** Extra counter per binding: claims learned from a reply's target fields that no request explains. */
export const C_TARGET = 7;
// eight uint32 counters per binding: NKINDS kinds and C_TARGET

export const KIND_NAMES = ['request', 'reply', 'unsolicitedReply', 'garpRequest', 'garpReply', 'probe', 'announcement'] as const;
export const COUNT_NAMES = [...KIND_NAMES, 'replyTarget'] as const;

export function hash3(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x5bd1e995, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ b, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ c, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const TWO32 = 4294967296;
/** MACs tracked per address; more is a flood, counted but not stored. */
export const MAX_MACS = 64;

// binding record: 128 bytes. Float64 slots (stride 16) and Int32 slots
// (stride 32) share it. What a frame on the fast path reads and writes (MAC,
// key, flags, claims, request and reply counts, last time and frame) is in the
// first 48 bytes, so a lookup and its update touch one cache line, or two when
// the record straddles lines; replies add the answer counts just after.
export const B_BYTES = 128;
export const BF = 16; // float64 stride
export const BI = 32; // int32 stride
export const BF_MAC = 0; // bytes 0-7
export const BF_LAST_US = 1; // 8-15
export const BF_LAST_REF = 2; // 16-23
export const BI_IP = 6; // 24: copies of the address key, so a lookup never leaves the record
export const BI_VLAN = 7; // 28
export const BI_FLAGS = 8; // 32
export const BI_CLAIMS = 9; // 36
export const BI_COUNTS = 10; // 40-71: eight uint32 counters (request, reply first)
export const BI_ANSWERED = 18; // 72
export const BI_FIRST_ANSWER = 19; // 76
const BF_FIRST_US = 10; // 80
const BF_FIRST_REF = 11; // 88
const BI_ADDR = 24; // 96
const BI_NEXT = 25; // 100
const BI_GARP = 26; // 104
/**
 * The binding is its address's only one. While that holds, the address's
 * owner and last strong claimant can only be this binding, so claims update
 * the binding record alone (one cache line fewer per frame); the address
 * fields are brought up to date when a second MAC appears.
 */
export const F_SOLE = 1;

// address record: 32 bytes, Int32 slots (stride 8).
export const A_BYTES = 32;
const AI = A_BYTES / 4;
const A_VLAN = 0;
const A_IP = 1;
const A_HEAD = 2;
const A_MACS = 3;
const A_OWNER = 4; // binding of the latest claim
const A_PREV = 5; // binding that owned before
const A_LAST_STRONG = 6; // binding of the latest reply/GARP claim
const A_CHANGES = 7;
const A_PINNED = 3; // bit 16 of the MAC count word: a finding refers to the address (never evicted)
const PINNED = 0x10000;

export class Tables {
  aCount = 0;
  aCap: number;
  /** @internal read by the WebAssembly driver to know whether the address table is in the arena */ aI: Int32Array;
  /** @internal */ aSlots: Int32Array;
  /** The address index's reserved storage at its largest, when it could be had. */
  private aSlotsAll: Int32Array | null;
  /** The binding index's storage at its largest: the arena's index region, while the bindings are in it. */
  private bSlotsAll: Int32Array | null;
  /** @internal */ aMask: number;

  bCount = 0;
  bCap: number;
  // The binding arrays are read directly by the scan fast path (scan.ts);
  // nothing outside this file writes them except through its documented steps.
  /** @internal */ bF: Float64Array;
  /** @internal */ bI: Int32Array;
  /** @internal */ bU: Uint32Array;
  /** @internal */ bSlots: Int32Array;
  /** @internal */ bMask: number;

  evicted = 0;
  compactions = 0;
  /** Claims not tracked because their address already had MAX_MACS MACs. */
  macsDropped = 0;
  /** Called after compaction with old binding index → new (-1 when evicted). */
  onRemap: ((map: Int32Array) => void) | null = null;

  /** The WebAssembly arena holding the binding records and index, while they stay in it. */
  arena: WasmArena | null;

  constructor(
    readonly maxAddresses: number,
    readonly ctx: FrameCtx = new FrameCtx(),
    initial = 1024,
    arena: WasmArena | null = null,
  ) {
    this.arena = arena;
    // Record storage is reserved once for the largest the tables may get
    // (maxAddresses addresses, twice as many bindings): zeroed memory the
    // kernel maps only as records are appended, so the resident size follows
    // what is used, and growing never copies the records or leaves the old
    // copy waiting for the garbage collector. Only the hash indexes are
    // rebuilt as the counts grow, in a prefix of storage reserved the same way
    // (the binding index in the arena when there is one). Where the
    // reservation is refused (a strict overcommit policy, a huge cap) the
    // storage grows by doubling instead. With an arena, all of it is there.
    let aCap = Math.min(initial, maxAddresses);
    let bCap = aCap;
    let bBuf: ArrayBuffer | null = null;
    let aI: Int32Array | null = null;
    let aSlotsAll: Int32Array | null = null;
    if (arena) {
      // the arena holds the records for the whole cap and the indexes at their largest
      bBuf = arena.buffer;
      bCap = 2 * maxAddresses + 2;
      aI = new Int32Array(arena.buffer, arena.addrsOff, (maxAddresses + 2) * AI);
      aSlotsAll = new Int32Array(arena.buffer, arena.aSlotsOff, arena.aSlotsBytes / 4);
      aCap = maxAddresses + 2;
    } else if ((maxAddresses + 2) * (AI * 4 + 2 * B_BYTES) + slotsFor(maxAddresses + 2) * 4 <= RESERVE_LIMIT) {
      try {
        // the address records and their index at its largest (a rehash uses a prefix)
        aI = new Int32Array((maxAddresses + 2) * AI);
        aSlotsAll = new Int32Array(slotsFor(maxAddresses + 2));
        aCap = maxAddresses + 2;
        bBuf = new ArrayBuffer((2 * maxAddresses + 2) * B_BYTES);
        bCap = 2 * maxAddresses + 2;
      } catch {
        aI = null;
        aSlotsAll = null;
        bBuf = null;
        aCap = bCap = Math.min(initial, maxAddresses);
      }
    }
    this.aCap = aCap;
    this.aI = aI ?? new Int32Array(aCap * AI);
    this.aSlotsAll = aSlotsAll;
    this.aSlots = Tables.zeroedPrefix(aSlotsAll, slotsFor(Math.min(aCap, initial)));
    this.aMask = this.aSlots.length - 1;
    this.bCap = bCap;
    const buf = bBuf ?? new ArrayBuffer(bCap * B_BYTES);
    const at = arena ? arena.recsOff : 0;
    this.bF = new Float64Array(buf, at, bCap * BF);
    this.bI = new Int32Array(buf, at, bCap * BI);
    this.bU = new Uint32Array(buf, at, bCap * BI);
    this.bSlotsAll = arena ? new Int32Array(arena.buffer, arena.slotsOff, arena.slotsBytes / 4) : null;
    this.bSlots = Tables.zeroedPrefix(this.bSlotsAll, slotsFor(Math.min(bCap, initial)));
    this.bMask = this.bSlots.length - 1;
  }

  // ---- binding fields ----
  mac(b: number): number {
    return this.bF[b * BF + BF_MAC]!;
  }
  addrOf(b: number): number {
    return this.bI[b * BI + BI_ADDR]!;
  }
  nextOf(b: number): number {
    return this.bI[b * BI + BI_NEXT]!;
  }
  firstUs(b: number): number {
    return this.bF[b * BF + BF_FIRST_US]!;
  }
  lastUs(b: number): number {
    return this.bF[b * BF + BF_LAST_US]!;
  }
  firstRef(b: number): number {
    return this.bF[b * BF + BF_FIRST_REF]!;
  }
  lastRef(b: number): number {
    return this.bF[b * BF + BF_LAST_REF]!;
  }
  claims(b: number): number {
    return this.bI[b * BI + BI_CLAIMS]!;
  }
  answered(b: number): number {
    return this.bI[b * BI + BI_ANSWERED]!;
  }
  firstAnswers(b: number): number {
    return this.bI[b * BI + BI_FIRST_ANSWER]!;
  }
  garpOf(b: number): number {
    return this.bI[b * BI + BI_GARP]!;
  }
  setGarp(b: number, g: number): void {
    this.bI[b * BI + BI_GARP] = g;
  }
  count(b: number, c: number): number {
    return this.bU[b * BI + BI_COUNTS + c]!;
  }
  bump(b: number, c: number): void {
    this.bU[b * BI + BI_COUNTS + c]!++;
  }
  /** Counts a frame of `kind` for the binding at the context's time and frame. */
  touch(b: number, kind: number): void {
    const o = b * BF;
    const us = this.ctx.us;
    this.bU[b * BI + BI_COUNTS + kind]!++;
    if (us > this.bF[o + BF_LAST_US]!) this.bF[o + BF_LAST_US] = us;
    this.bF[o + BF_LAST_REF] = this.ctx.ref;
  }
  incClaims(b: number): void {
    this.bI[b * BI + BI_CLAIMS]!++;
  }
  incAnswered(b: number, first: boolean): void {
    const o = b * BI;
    this.bI[o + BI_ANSWERED]!++;
    if (first) this.bI[o + BI_FIRST_ANSWER]!++;
  }

  // ---- address fields ----
  vlanOf(a: number): number {
    return this.aI[a * AI + A_VLAN]!;
  }
  /** The address's IPv4 as an unsigned number. */
  ipOf(a: number): number {
    return this.aI[a * AI + A_IP]! >>> 0;
  }
  headOf(a: number): number {
    return this.aI[a * AI + A_HEAD]!;
  }
  macCount(a: number): number {
    return this.aI[a * AI + A_MACS]! & 0xffff;
  }
  /** The binding of the address's latest claim (-1 before any). */
  owner(a: number): number {
    const h = this.headOf(a);
    if (h >= 0 && this.sole(h)) return this.claims(h) > 0 ? h : -1;
    return this.aI[a * AI + A_OWNER]!;
  }
  prevOwner(a: number): number {
    return this.aI[a * AI + A_PREV]!;
  }
  lastStrong(a: number): number {
    const h = this.headOf(a);
    if (h >= 0 && this.sole(h)) return this.strongClaims(h) > 0 ? h : -1;
    return this.aI[a * AI + A_LAST_STRONG]!;
  }
  /** Claims by replies, gratuitous ARP and announcements. */
  strongClaims(b: number): number {
    const o = b * BI + BI_COUNTS;
    const u = this.bU;
    return u[o + K_REPLY]! + u[o + K_UNSOLICITED]! + u[o + K_GARP_REQUEST]! + u[o + K_GARP_REPLY]! + u[o + K_ANNOUNCE]!;
  }
  setLastStrong(a: number, b: number): void {
    this.aI[a * AI + A_LAST_STRONG] = b;
  }
  changes(a: number): number {
    return this.aI[a * AI + A_CHANGES]! >>> 0;
  }
  /** Request rounds answered by at least one MAC: each round has exactly one first answer. */
  rounds(a: number): number {
    let n = 0;
    for (let b = this.headOf(a); b >= 0; b = this.nextOf(b)) n += this.firstAnswers(b);
    return n;
  }
  /** True while the binding is the only one of its address (see F_SOLE). */
  sole(b: number): boolean {
    return (this.bI[b * BI + BI_FLAGS]! & F_SOLE) !== 0;
  }
  pin(a: number): void {
    this.aI[a * AI + A_PINNED]! |= PINNED;
  }
  pinned(a: number): boolean {
    return (this.aI[a * AI + A_PINNED]! & PINNED) !== 0;
  }

  /**
   * Makes `b` the owner of its address. Returns the previous owner when the
   * owner changed (the caller classifies the change), else -1.
   */
  setOwner(a: number, b: number): number {
    const o = a * AI;
    const owner = this.aI[o + A_OWNER]!;
    if (owner === b) return -1;
    if (owner < 0) {
      this.aI[o + A_OWNER] = b;
      return -1;
    }
    this.aI[o + A_PREV] = owner;
    this.aI[o + A_OWNER] = b;
    this.aI[o + A_CHANGES]!++;
    return owner;
  }

  /** Finds an address (ip unsigned or signed); -1 when absent. */
  findAddr(vlan: number, ip: number): number {
    const ipS = ip | 0;
    const mask = this.aMask;
    const aI = this.aI;
    let s = hash3(vlan, ipS, 0x2545f491) & mask;
    for (;;) {
      const v = this.aSlots[s]!;
      if (v === 0) return -1;
      const o = (v - 1) * AI;
      if (aI[o + A_IP] === ipS && aI[o + A_VLAN] === vlan) return v - 1;
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
    const mac = hi * TWO32 + (lo >>> 0);
    const mask = this.bMask;
    const bF = this.bF;
    const bI = this.bI;
    let s = hash3(ipS, lo, hi ^ (vlan << 16)) & mask;
    for (;;) {
      const v = this.bSlots[s]!;
      if (v === 0) return -1;
      const i = v - 1;
      if (bF[i * BF + BF_MAC] === mac && bI[i * BI + BI_IP] === ipS && bI[i * BI + BI_VLAN] === vlan) return i;
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
    if (b >= 0) return b;
    return this.addBinding(vlan, ipS, hi, lo);
  }

  private addBinding(vlan: number, ipS: number, hi: number, lo: number): number {
    let a = this.findAddr(vlan, ipS);
    if (a < 0) a = this.addAddr(vlan, ipS);
    else if (this.macCount(a) >= MAX_MACS) {
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
    this.bF[f + BF_MAC] = hi * TWO32 + (lo >>> 0);
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
    const mac = this.bF[b * BF + BF_MAC]!;
    const lo = mac >>> 0;
    const hi = (mac - lo) / TWO32;
    const mask = this.bMask;
    let s = hash3(this.bI[b * BI + BI_IP]!, lo | 0, hi ^ (this.bI[b * BI + BI_VLAN]! << 16)) & mask;
    while (this.bSlots[s] !== 0) s = (s + 1) & mask;
    this.bSlots[s] = b + 1;
  }

  private insertASlot(a: number): void {
    const mask = this.aMask;
    let s = hash3(this.aI[a * AI + A_VLAN]!, this.aI[a * AI + A_IP]!, 0x2545f491) & mask;
    while (this.aSlots[s] !== 0) s = (s + 1) & mask;
    this.aSlots[s] = a + 1;
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

  private growAddrs(): void {
    const cap = Math.max(this.aCap + 2, Math.min(this.aCap * 2, this.maxAddresses));
    const n = new Int32Array(cap * AI);
    n.set(this.aI.subarray(0, this.aCount * AI));
    this.aI = n;
    this.aCap = cap;
    this.rehashAddrs();
  }

  private growBindings(): void {
    const cap = this.bCap * 2;
    const buf = new ArrayBuffer(cap * B_BYTES);
    new Uint8Array(buf).set(new Uint8Array(this.bF.buffer, this.bF.byteOffset, this.bCount * B_BYTES));
    // past the arena's cap: the records and the index leave it (the WebAssembly scan stops)
    this.arena = null;
    this.bSlotsAll = null;
    this.bF = new Float64Array(buf);
    this.bI = new Int32Array(buf);
    this.bU = new Uint32Array(buf);
    this.bCap = cap;
    this.rehashBindings();
  }

  /** A zeroed hash index of n slots: a prefix of `all` (reserved storage) when it fits, else an array of its own. */
  private static zeroedPrefix(all: Int32Array | null, n: number): Int32Array {
    if (all === null || n > all.length) return new Int32Array(n);
    const v = all.subarray(0, n);
    v.fill(0);
    return v;
  }

  /** Rebuilds the address index, sized for the current count (load at most 1/2). */
  private rehashAddrs(): void {
    this.aSlots = Tables.zeroedPrefix(this.aSlotsAll, slotsFor(this.aCount));
    this.aMask = this.aSlots.length - 1;
    for (let a = 0; a < this.aCount; a++) this.insertASlot(a);
  }

  /** Rebuilds the binding index, sized for the current count (load at most 1/2). */
  private rehashBindings(): void {
    this.bSlots = Tables.zeroedPrefix(this.bSlotsAll, slotsFor(this.bCount));
    this.bMask = this.bSlots.length - 1;
    for (let b = 0; b < this.bCount; b++) this.insertBSlot(b);
  }

  /**
   * Makes room for the addresses and bindings one frame can add (two of each).
   * Called before a frame is processed, so binding indices held while the
   * frame is processed stay valid.
   */
  ensureRoom(): void {
    if (this.aCount + 2 > this.maxAddresses || this.bCount + 2 > this.maxAddresses * 2) this.compact();
  }

  /** Most recent time any binding of the address was seen. */
  addrLastUs(a: number): number {
    let t = -Infinity;
    for (let b = this.headOf(a); b >= 0; b = this.nextOf(b)) if (this.lastUs(b) > t) t = this.lastUs(b);
    return t;
  }

  /**
   * Evicts the least recently seen half of the unpinned addresses and rebuilds
   * the indexes. Runs once per maxAddresses/2 new addresses, so its cost is
   * amortised O(1) per address.
   */
  compact(): void {
    const n = this.aCount;
    const recency = new Float64Array(n);
    let unpinned = 0;
    for (let a = 0; a < n; a++) {
      recency[a] = this.addrLastUs(a);
      if (!this.pinned(a)) unpinned++;
    }
    const cand = new Float64Array(unpinned);
    let k = 0;
    for (let a = 0; a < n; a++) if (!this.pinned(a)) cand[k++] = recency[a]!;
    cand.sort();
    const evictN = Math.max(1, Math.floor(unpinned / 2));
    const cutoff = unpinned > 0 ? cand[evictN - 1]! : -Infinity;
    let left = evictN;
    const aMap = new Int32Array(n).fill(-1);
    let na = 0;
    for (let a = 0; a < n; a++) {
      if (!this.pinned(a) && left > 0 && recency[a]! <= cutoff) {
        left--;
        continue;
      }
      aMap[a] = na++;
    }
    if (na === n) {
      // every address is pinned by a finding (cannot happen while
      // maxIncidents < maxAddresses / 4): grow rather than lose evidence
      (this as { maxAddresses: number }).maxAddresses *= 2;
      this.growAddrs();
      return;
    }
    const bMap = new Int32Array(this.bCount).fill(-1);
    let nb = 0;
    for (let b = 0; b < this.bCount; b++) if (aMap[this.addrOf(b)]! >= 0) bMap[b] = nb++;
    const bytes = new Uint8Array(this.bF.buffer, this.bF.byteOffset, this.bCount * B_BYTES);
    const remapB = (x: number) => (x < 0 ? -1 : bMap[x]!);
    // bMap and aMap are monotonic, so records move down in place, in order
    for (let b = 0; b < this.bCount; b++) {
      const t = bMap[b]!;
      if (t < 0) continue;
      if (t !== b) bytes.copyWithin(t * B_BYTES, b * B_BYTES, (b + 1) * B_BYTES);
      const i = t * BI;
      this.bI[i + BI_ADDR] = aMap[this.bI[i + BI_ADDR]!]!;
      this.bI[i + BI_NEXT] = remapB(this.bI[i + BI_NEXT]!);
    }
    for (let a = 0; a < n; a++) {
      const t = aMap[a]!;
      if (t < 0) continue;
      if (t !== a) this.aI.copyWithin(t * AI, a * AI, (a + 1) * AI);
      const o = t * AI;
      this.aI[o + A_HEAD] = remapB(this.aI[o + A_HEAD]!);
      this.aI[o + A_OWNER] = remapB(this.aI[o + A_OWNER]!);
      this.aI[o + A_PREV] = remapB(this.aI[o + A_PREV]!);
      this.aI[o + A_LAST_STRONG] = remapB(this.aI[o + A_LAST_STRONG]!);
    }
    this.evicted += n - na;
    this.compactions++;
    this.aCount = na;
    this.bCount = nb;
    this.rehashAddrs();
    this.rehashBindings();
    this.onRemap?.(bMap);
  }
}

/** Largest record storage reserved up front (virtual; resident only as used). */
const RESERVE_LIMIT = 1 << 30;

/** Index size for `n` entries: a power of two, at least 2n and 16. */
export function slotsFor(cap: number): number {
  let s = 16;
  while (s < cap * 2) s *= 2;
  return s;
}
