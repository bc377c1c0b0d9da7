// Address and binding tables.
//
// An address is (VLAN, IPv4); a binding is (address, MAC). Each is one
// fixed-size record (a binding 128 bytes, an address 32), found through
// open-addressing hash indexes. Records rather than one array per field: with
// a million hosts every field access is a cache miss, so a frame should touch
// two or three cache lines, not fifteen. The per-frame path is integer hashing
// and typed-array reads: no objects, no Map. Record storage is reserved once
// for the cap (virtual memory, resident only as used), so growing rebuilds
// the indexes but never copies records; past maxAddresses, compact() evicts
// the least recently seen addresses that carry no finding (counted).
import { TWO32 } from '../util/addr.js';
import { FrameCtx } from './ctx.js';
import { ADDRESS_SEED, hash3, slotsFor } from './hash.js';
import { K_ANNOUNCE, K_GARP_REPLY, K_GARP_REQUEST, K_REPLY, K_UNSOLICITED } from './kinds.js';

/** MACs tracked per address; more is a flood, counted but not stored. */
export const MAX_MACS = 64;
/** Bindings the tables hold per address at most. */
const BINDINGS_PER_ADDRESS = 2;
/** Largest storage reserved up front (virtual; resident only as used). */
const RESERVE_LIMIT = 1 << 30;
/** Initial size of the hash indexes. */
const INITIAL = 1024;
/** Addresses the tables hold before they reserve storage for the cap (a small capture never does). */
const START = 16384;

// Binding record: 128 bytes, seen as float64 slots (stride BF) and int32 slots
// (stride BI). What a frame on the common path reads and writes (MAC, key,
// flags, claims, request and reply counts, last time and frame) is in the
// first 48 bytes, so a lookup and its update touch one cache line.
const B_BYTES = 128;
const BF = 16;
const BI = 32;
const BI_MAC_LO = 0; // bytes 0-3: the MAC's low 32 bits (signed), and
const BI_MAC_HI = 1; // 4-7: its high 16 bits, compared as integers on lookup
const BF_LAST_US = 1; // 8-15
const BF_LAST_REF = 2; // 16-23
const BI_IP = 6; // 24: copies of the address key, so a lookup never leaves the record
const BI_VLAN = 7; // 28
const BI_FLAGS = 8; // 32
const BI_CLAIMS = 9; // 36
const BI_COUNTS = 10; // 40-71: NCOUNTERS uint32 counters
const BI_ANSWERED = 18; // 72
const BI_FIRST_ANSWER = 19; // 76
const BF_FIRST_US = 10; // 80
const BF_FIRST_REF = 11; // 88
const BI_ADDR = 24; // 96
const BI_NEXT = 25; // 100
const BI_GARP = 26; // 104
const BI_REQ_N = 27; // 108: requests sent in the current one-second window
const BF_REQ_WIN = 14; // 112-119: that window's start
const BI_WATCH = 30; // 120: 1 + the index of the binding's request watch while it is counted per request (requests.ts), 0 for none
const BI_SWEEP = 31; // 124: 1 + the index of the binding's request watch, however it is watched
/**
 * The binding is its address's only one. While that holds, the address's
 * owner and last strong claimant can only be this binding, so claims update
 * the binding record alone (one cache line fewer per frame); the address
 * fields are brought up to date when a second MAC appears.
 */
const F_SOLE = 1;

// Address record: 32 bytes, int32 slots (stride AI).
const A_BYTES = 32;
const AI = A_BYTES / 4;
const A_VLAN = 0;
const A_IP = 1;
const A_HEAD = 2;
const A_MACS = 3; // low 16 bits: the MAC count; PINNED and TAKEN above them
const A_OWNER = 4; // binding of the latest claim
const A_PREV = 5; // binding that owned before
const A_LAST_STRONG = 6; // binding of the latest reply/GARP claim
const A_CHANGES = 7;
/** A finding refers to the address: never evicted. */
const PINNED = 0x10000;
/** A MAC took the address over by gratuitous ARP (a takeover incident): its old owner's frames are judged (hijack.ts). */
const TAKEN = 0x20000;

export class Tables {
  aCount = 0;
  /** The last binding() call created its binding (first claim of the address by that MAC in this run). */
  created = false;
  private aCap: number;
  private aI: Int32Array;
  private aSlots: Int32Array;
  private aMask: number;
  /** The address index's storage at its largest, when it could be reserved. */
  private aSlotsAll: Int32Array | null;
  /** Storage for the cap was reserved, or found impossible. */
  private reserved = false;

  bCount = 0;
  private bCap: number;
  private bF: Float64Array;
  private bI: Int32Array;
  private bU: Uint32Array;
  private bSlots: Int32Array;
  private bMask: number;
  /** The binding index's storage at its largest, while the records stay in their reserved storage. */
  private bSlotsAll: Int32Array | null;

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
  private reserve(): boolean {
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

  // ---- binding fields ----
  mac(b: number): number {
    const o = b * BI;
    return this.bI[o + BI_MAC_HI]! * TWO32 + (this.bI[o + BI_MAC_LO]! >>> 0);
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
  /**
   * Counts a request sent by b at the context's time. Returns -1 - the
   * binding's watch index when it is watched, else the requests in its
   * current window of windowUs (one read of the record's second line).
   */
  requestTick(b: number, windowUs: number): number {
    const o = b * BI;
    const w = this.bI[o + BI_WATCH]!;
    if (w !== 0) return -w;
    const f = b * BF + BF_REQ_WIN;
    const us = this.ctx.us;
    const start = this.bF[f]!;
    if (us - start >= windowUs || us < start) {
      this.bF[f] = us;
      this.bI[o + BI_REQ_N] = 1;
      return 1;
    }
    return ++this.bI[o + BI_REQ_N]!;
  }
  /** When the binding's current request window began (µs). */
  requestWindowStart(b: number): number {
    return this.bF[b * BF + BF_REQ_WIN]!;
  }
  /** The index of the binding's request watch, or -1. */
  watchOf(b: number): number {
    return this.bI[b * BI + BI_WATCH]! - 1;
  }
  setWatch(b: number, w: number): void {
    this.bI[b * BI + BI_WATCH] = w + 1;
  }
  /** The index of the binding's request watch however it is watched (also for its unanswered requests), or -1. */
  sweepOf(b: number): number {
    return this.bI[b * BI + BI_SWEEP]! - 1;
  }
  setSweep(b: number, w: number): void {
    this.bI[b * BI + BI_SWEEP] = w + 1;
  }
  /** Requests b sent in its current window (unwatched bindings; 0 once the window is over). */
  requestsInWindow(b: number, windowUs: number): number {
    return this.ctx.us - this.bF[b * BF + BF_REQ_WIN]! < windowUs ? this.bI[b * BI + BI_REQ_N]! : 0;
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
    this.aI[a * AI + A_MACS]! |= PINNED;
  }
  pinned(a: number): boolean {
    return (this.aI[a * AI + A_MACS]! & PINNED) !== 0;
  }
  /** Marks a takeover of the address (it pins it too: a finding refers to it). */
  markTaken(a: number): void {
    this.aI[a * AI + A_MACS]! |= PINNED | TAKEN;
  }
  taken(a: number): boolean {
    return (this.aI[a * AI + A_MACS]! & TAKEN) !== 0;
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
    let s = hash3(vlan, ipS, ADDRESS_SEED) & mask;
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
    const mask = this.bMask;
    const bI = this.bI;
    const slots = this.bSlots;
    let s = hash3(ipS, lo, hi ^ (vlan << 16)) & mask;
    for (;;) {
      const v = slots[s]!;
      if (v === 0) return -1;
      const o = (v - 1) * BI;
      if (bI[o + BI_MAC_LO] === lo && bI[o + BI_IP] === ipS && bI[o + BI_MAC_HI] === hi && bI[o + BI_VLAN] === vlan) return v - 1;
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
    let s = hash3(this.bI[o + BI_IP]!, this.bI[o + BI_MAC_LO]!, this.bI[o + BI_MAC_HI]! ^ (this.bI[o + BI_VLAN]! << 16)) & mask;
    while (this.bSlots[s] !== 0) s = (s + 1) & mask;
    this.bSlots[s] = b + 1;
  }

  private insertASlot(a: number): void {
    const mask = this.aMask;
    let s = hash3(this.aI[a * AI + A_VLAN]!, this.aI[a * AI + A_IP]!, ADDRESS_SEED) & mask;
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
  private rehashAddrs(): void {
    this.aSlots = zeroedPrefix(this.aSlotsAll, slotsFor(this.aCount));
    this.aMask = this.aSlots.length - 1;
    for (let a = 0; a < this.aCount; a++) this.insertASlot(a);
  }

  /** Rebuilds the binding index, sized for the current count (load at most 1/2). */
  private rehashBindings(): void {
    this.bSlots = zeroedPrefix(this.bSlotsAll, slotsFor(this.bCount));
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

/** A zeroed hash index of n slots: a prefix of `all` (reserved storage) when it fits, else an array of its own. */
function zeroedPrefix(all: Int32Array | null, n: number): Int32Array {
  if (all === null || n > all.length) return new Int32Array(n);
  const v = all.subarray(0, n);
  v.fill(0);
  return v;
}
