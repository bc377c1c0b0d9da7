import { FrameCtx } from './ctx.js';

// Address and binding tables in typed arrays.
//
// An address is (VLAN path, IPv4); a binding is (address, MAC). Both live in
// struct-of-arrays storage with open-addressing hash indexes, so the per-frame
// path is a couple of integer hashes and array reads, no objects and no Map.
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
/** Extra counter slot per binding: times the pair appeared as a reply's target. */
export const C_TARGET = 7;
const NCOUNTS = 8;

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

export class Tables {
  // ---- addresses ----
  aCount = 0;
  aCap: number;
  aVlan: Uint32Array;
  /** IPv4 as signed int32 (ipOf() gives the unsigned value). */
  aIp: Int32Array;
  aHead: Int32Array; // first binding
  aMacs: Uint16Array; // number of bindings
  aOwner: Int32Array; // binding of the latest claim
  aPrev: Int32Array; // binding that owned before aOwner
  aLastStrong: Int32Array; // binding of the latest reply/GARP claim
  aChanges: Uint32Array;
  aRounds: Uint32Array; // request rounds answered by at least one MAC
  aPinned: Uint8Array; // 1 when a finding refers to the address (never evicted)
  private aSlots: Int32Array;
  private aMask: number;

  // ---- bindings ----
  bCount = 0;
  bCap: number;
  bAddr: Int32Array;
  bMac: Float64Array;
  bNext: Int32Array;
  bFirstUs: Float64Array;
  bLastUs: Float64Array;
  bFirstRef: Float64Array;
  bLastRef: Float64Array;
  bCounts: Uint32Array; // NCOUNTS per binding
  bClaims: Uint32Array;
  bAnswered: Uint32Array;
  bFirstAnswer: Uint32Array;
  bGarp: Int32Array; // index into GarpTable, -1 none
  private bSlots: Int32Array;
  private bMask: number;

  evicted = 0;
  compactions = 0;
  /** Claims not tracked because their address already had MAX_MACS MACs. */
  macsDropped = 0;

  constructor(
    readonly maxAddresses: number,
    readonly ctx: FrameCtx = new FrameCtx(),
    initial = 1024,
  ) {
    const cap = Math.min(initial, maxAddresses);
    this.aCap = cap;
    this.aVlan = new Uint32Array(cap);
    this.aIp = new Int32Array(cap);
    this.aHead = new Int32Array(cap);
    this.aMacs = new Uint16Array(cap);
    this.aOwner = new Int32Array(cap);
    this.aPrev = new Int32Array(cap);
    this.aLastStrong = new Int32Array(cap);
    this.aChanges = new Uint32Array(cap);
    this.aRounds = new Uint32Array(cap);
    this.aPinned = new Uint8Array(cap);
    this.aSlots = new Int32Array(slotsFor(cap));
    this.aMask = this.aSlots.length - 1;
    this.bCap = cap;
    this.bAddr = new Int32Array(cap);
    this.bMac = new Float64Array(cap);
    this.bNext = new Int32Array(cap);
    this.bFirstUs = new Float64Array(cap);
    this.bLastUs = new Float64Array(cap);
    this.bFirstRef = new Float64Array(cap);
    this.bLastRef = new Float64Array(cap);
    this.bCounts = new Uint32Array(cap * NCOUNTS);
    this.bClaims = new Uint32Array(cap);
    this.bAnswered = new Uint32Array(cap);
    this.bFirstAnswer = new Uint32Array(cap);
    this.bGarp = new Int32Array(cap);
    this.bSlots = new Int32Array(slotsFor(cap));
    this.bMask = this.bSlots.length - 1;
  }

  /** The address's IPv4 as an unsigned number. */
  ipOf(a: number): number {
    return this.aIp[a]! >>> 0;
  }

  /** Finds an address (ip unsigned or signed); -1 when absent. */
  findAddr(vlan: number, ip: number): number {
    const ipS = ip | 0;
    const mask = this.aMask;
    let s = hash3(vlan, ipS, 0x2545f491) & mask;
    for (;;) {
      const v = this.aSlots[s]!;
      if (v === 0) return -1;
      const i = v - 1;
      if (this.aIp[i] === ipS && this.aVlan[i] === vlan) return i;
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
    let s = hash3(ipS, lo, hi ^ (vlan << 16)) & mask;
    for (;;) {
      const v = this.bSlots[s]!;
      if (v === 0) return -1;
      const i = v - 1;
      if (this.bMac[i] === mac) {
        const a = this.bAddr[i]!;
        if (this.aIp[a] === ipS && this.aVlan[a] === vlan) return i;
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
    if (b >= 0) return b;
    return this.addBinding(vlan, ipS, hi, lo);
  }

  private addBinding(vlan: number, ipS: number, hi: number, lo: number): number {
    let a = this.findAddr(vlan, ipS);
    if (a < 0) a = this.addAddr(vlan, ipS);
    else if (this.aMacs[a]! >= MAX_MACS) {
      this.macsDropped++;
      return -1;
    }
    if (this.bCount === this.bCap) this.growBindings();
    const b = this.bCount++;
    const us = this.ctx.us;
    const ref = this.ctx.ref;
    this.bAddr[b] = a;
    this.bMac[b] = hi * TWO32 + (lo >>> 0);
    this.bNext[b] = -1;
    this.bFirstUs[b] = us;
    this.bLastUs[b] = us;
    this.bFirstRef[b] = ref;
    this.bLastRef[b] = ref;
    this.bCounts.fill(0, b * NCOUNTS, b * NCOUNTS + NCOUNTS);
    this.bClaims[b] = 0;
    this.bAnswered[b] = 0;
    this.bFirstAnswer[b] = 0;
    this.bGarp[b] = -1;
    // append to the address's list so bindings keep order of first appearance
    const head = this.aHead[a]!;
    if (head < 0) this.aHead[a] = b;
    else {
      let t = head;
      while (this.bNext[t]! >= 0) t = this.bNext[t]!;
      this.bNext[t] = b;
    }
    this.aMacs[a]!++;
    this.insertBSlot(b);
    return b;
  }

  private insertBSlot(b: number): void {
    const a = this.bAddr[b]!;
    const mac = this.bMac[b]!;
    const lo = mac >>> 0;
    const hi = (mac - lo) / TWO32;
    const mask = this.bMask;
    let s = hash3(this.aIp[a]!, lo | 0, hi ^ (this.aVlan[a]! << 16)) & mask;
    while (this.bSlots[s] !== 0) s = (s + 1) & mask;
    this.bSlots[s] = b + 1;
  }

  private insertASlot(a: number): void {
    const mask = this.aMask;
    let s = hash3(this.aVlan[a]!, this.aIp[a]!, 0x2545f491) & mask;
    while (this.aSlots[s] !== 0) s = (s + 1) & mask;
    this.aSlots[s] = a + 1;
  }

  private addAddr(vlan: number, ipS: number): number {
    if (this.aCount === this.aCap) this.growAddrs();
    const a = this.aCount++;
    this.aVlan[a] = vlan;
    this.aIp[a] = ipS;
    this.aHead[a] = -1;
    this.aMacs[a] = 0;
    this.aOwner[a] = -1;
    this.aPrev[a] = -1;
    this.aLastStrong[a] = -1;
    this.aChanges[a] = 0;
    this.aRounds[a] = 0;
    this.aPinned[a] = 0;
    this.insertASlot(a);
    return a;
  }

  private growAddrs(): void {
    const cap = Math.max(this.aCap + 2, Math.min(this.aCap * 2, this.maxAddresses));
    this.aVlan = growU32(this.aVlan, cap);
    this.aIp = growI32(this.aIp, cap);
    this.aHead = growI32(this.aHead, cap);
    this.aMacs = growU16(this.aMacs, cap);
    this.aOwner = growI32(this.aOwner, cap);
    this.aPrev = growI32(this.aPrev, cap);
    this.aLastStrong = growI32(this.aLastStrong, cap);
    this.aChanges = growU32(this.aChanges, cap);
    this.aRounds = growU32(this.aRounds, cap);
    this.aPinned = growU8(this.aPinned, cap);
    this.aCap = cap;
    this.rehashAddrs();
  }

  private growAddrsBeyondCap(): void {
    const keep = this.maxAddresses;
    (this as { maxAddresses: number }).maxAddresses = keep * 2;
    this.growAddrs();
  }

  private growBindings(): void {
    const cap = this.bCap * 2;
    this.bAddr = growI32(this.bAddr, cap);
    this.bMac = growF64(this.bMac, cap);
    this.bNext = growI32(this.bNext, cap);
    this.bFirstUs = growF64(this.bFirstUs, cap);
    this.bLastUs = growF64(this.bLastUs, cap);
    this.bFirstRef = growF64(this.bFirstRef, cap);
    this.bLastRef = growF64(this.bLastRef, cap);
    this.bCounts = growU32(this.bCounts, cap * NCOUNTS);
    this.bClaims = growU32(this.bClaims, cap);
    this.bAnswered = growU32(this.bAnswered, cap);
    this.bFirstAnswer = growU32(this.bFirstAnswer, cap);
    this.bGarp = growI32(this.bGarp, cap);
    this.bCap = cap;
    this.rehashBindings();
  }

  private rehashAddrs(): void {
    this.aSlots = new Int32Array(slotsFor(this.aCap));
    this.aMask = this.aSlots.length - 1;
    for (let a = 0; a < this.aCount; a++) this.insertASlot(a);
  }

  private rehashBindings(): void {
    this.bSlots = new Int32Array(slotsFor(this.bCap));
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
    for (let b = this.aHead[a]!; b >= 0; b = this.bNext[b]!) if (this.bLastUs[b]! > t) t = this.bLastUs[b]!;
    return t;
  }

  /** Callback for compaction: binding index moves (old → new, -1 when evicted). */
  onRemap: ((map: Int32Array) => void) | null = null;

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
      if (!this.aPinned[a]) unpinned++;
    }
    const cand = new Float64Array(unpinned);
    let k = 0;
    for (let a = 0; a < n; a++) if (!this.aPinned[a]) cand[k++] = recency[a]!;
    cand.sort();
    const evictN = Math.max(1, Math.floor(unpinned / 2));
    const cutoff = unpinned > 0 ? cand[evictN - 1]! : -Infinity;
    // evict unpinned addresses seen at or before the cutoff, at most evictN (ties in order)
    let left = evictN;
    const aMap = new Int32Array(n).fill(-1);
    let na = 0;
    for (let a = 0; a < n; a++) {
      if (!this.aPinned[a] && left > 0 && recency[a]! <= cutoff) {
        left--;
        continue;
      }
      aMap[a] = na++;
    }
    if (na === n) {
      // every address is pinned by a finding (cannot happen while
      // maxIncidents < maxAddresses / 2): grow rather than lose evidence
      this.growAddrsBeyondCap();
      return;
    }
    const bMap = new Int32Array(this.bCount).fill(-1);
    let nb = 0;
    for (let b = 0; b < this.bCount; b++) if (aMap[this.bAddr[b]!]! >= 0) bMap[b] = nb++;
    // move bindings down
    for (let b = 0; b < this.bCount; b++) {
      const t = bMap[b]!;
      if (t < 0 || t === b) continue;
      this.bAddr[t] = this.bAddr[b]!;
      this.bMac[t] = this.bMac[b]!;
      this.bNext[t] = this.bNext[b]!;
      this.bFirstUs[t] = this.bFirstUs[b]!;
      this.bLastUs[t] = this.bLastUs[b]!;
      this.bFirstRef[t] = this.bFirstRef[b]!;
      this.bLastRef[t] = this.bLastRef[b]!;
      this.bCounts.copyWithin(t * NCOUNTS, b * NCOUNTS, b * NCOUNTS + NCOUNTS);
      this.bClaims[t] = this.bClaims[b]!;
      this.bAnswered[t] = this.bAnswered[b]!;
      this.bFirstAnswer[t] = this.bFirstAnswer[b]!;
      this.bGarp[t] = this.bGarp[b]!;
    }
    for (let b = 0; b < nb; b++) {
      this.bAddr[b] = aMap[this.bAddr[b]!]!;
      const nx = this.bNext[b]!;
      this.bNext[b] = nx < 0 ? -1 : bMap[nx]!;
    }
    const remapB = (x: number) => (x < 0 ? -1 : bMap[x]!);
    for (let a = 0; a < n; a++) {
      const t = aMap[a]!;
      if (t < 0) continue;
      this.aVlan[t] = this.aVlan[a]!;
      this.aIp[t] = this.aIp[a]!;
      this.aHead[t] = remapB(this.aHead[a]!);
      this.aMacs[t] = this.aMacs[a]!;
      this.aOwner[t] = remapB(this.aOwner[a]!);
      this.aPrev[t] = remapB(this.aPrev[a]!);
      this.aLastStrong[t] = remapB(this.aLastStrong[a]!);
      this.aChanges[t] = this.aChanges[a]!;
      this.aRounds[t] = this.aRounds[a]!;
      this.aPinned[t] = this.aPinned[a]!;
    }
    this.evicted += n - na;
    this.compactions++;
    this.aCount = na;
    this.bCount = nb;
    this.rehashAddrs();
    this.rehashBindings();
    this.onRemap?.(bMap);
  }

  count(b: number, c: number): number {
    return this.bCounts[b * NCOUNTS + c]!;
  }

  bump(b: number, c: number): void {
    this.bCounts[b * NCOUNTS + c]!++;
  }
}

function slotsFor(cap: number): number {
  let s = 16;
  while (s < cap * 2) s *= 2;
  return s;
}
function growU32(a: Uint32Array, n: number): Uint32Array {
  const r = new Uint32Array(n);
  r.set(a.subarray(0, Math.min(a.length, n)));
  return r;
}
function growI32(a: Int32Array, n: number): Int32Array {
  const r = new Int32Array(n);
  r.set(a.subarray(0, Math.min(a.length, n)));
  return r;
}
function growU16(a: Uint16Array, n: number): Uint16Array {
  const r = new Uint16Array(n);
  r.set(a.subarray(0, Math.min(a.length, n)));
  return r;
}
function growU8(a: Uint8Array, n: number): Uint8Array {
  const r = new Uint8Array(n);
  r.set(a.subarray(0, Math.min(a.length, n)));
  return r;
}
function growF64(a: Float64Array, n: number): Float64Array {
  const r = new Float64Array(n);
  r.set(a.subarray(0, Math.min(a.length, n)));
  return r;
}
