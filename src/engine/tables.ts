// Address and binding tables.
//
// An address is (VLAN, IPv4); a binding is (address, MAC). Each is one
// fixed-size record (a binding 128 bytes, an address 32), found through
// open-addressing hash indexes (table-store.ts keeps them; table-layout.ts
// places the fields). Records rather than one array per field: with
// a million hosts every field access is a cache miss, so a frame should touch
// two or three cache lines, not fifteen. The per-frame path is integer hashing
// and typed-array reads: no objects, no Map. Record storage is reserved once
// for the cap (virtual memory, resident only as used), so growing rebuilds
// the indexes but never copies records; past maxAddresses, compact() evicts
// the least recently seen addresses that carry no finding (counted).
import { TWO32 } from '../util/addr.js';
import { K_ANNOUNCE, K_GARP_REPLY, K_GARP_REQUEST, K_REPLY, K_UNSOLICITED } from './kinds.js';
import { TableStore } from './table-store.js';
import { A_CHANGES, A_HEAD, A_IP, A_LAST_STRONG, A_MACS, A_OWNER, A_PREV, A_VLAN, AI, B_BYTES, BF, BF_FIRST_REF, BF_FIRST_US, BF_LAST_REF, BF_LAST_US, BF_REQ_WIN, BI, BI_ADDR, BI_ANSWERED, BI_CLAIMS, BI_COUNTS, BI_FIRST_ANSWER, BI_FLAGS, BI_GARP, BI_MAC_HI, BI_MAC_LO, BI_NEXT, BI_REQ_N, BI_SWEEP, BI_WATCH, F_CONTESTED, PINNED, TAKEN } from './table-layout.js';

export class Tables extends TableStore {
  // ---- binding fields ----
  mac(b: number): number {
    const o = b * BI;
    return this.bI[o + BI_MAC_HI]! * TWO32 + (this.bI[o + BI_MAC_LO]! >>> 0);
  }
  addrOf(b: number): number {
    return this.bI[b * BI + BI_ADDR]!;
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
  /** Marks the binding contested (F_CONTESTED). */
  markContested(b: number): void {
    this.bI[b * BI + BI_FLAGS]! |= F_CONTESTED;
  }
  contested(b: number): boolean {
    return (this.bI[b * BI + BI_FLAGS]! & F_CONTESTED) !== 0;
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
