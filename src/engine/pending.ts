// Outstanding ARP requests, for matching replies to the who-has they answer.
//
// A two-way table keyed by (VLAN, requester IP, target IP): O(1) per request,
// no deletion. A request may sit in its hashed slot or the one beside it; a
// new request finding both held by live requests of other keys overwrites
// one (counted in `overwritten`): an answered one first, whose loss costs
// only a late second answer. A table that overwrites requests still waiting
// for their answer, whose verdict is then lost, doubles when that is often
// (a sweep or a busy segment: thousands of unanswered requests a second), up
// to MAX_BITS; past that a flood costs accuracy that is counted, never memory.
//
// Each slot is one 64-byte record (one cache line when aligned): the key and
// responder count as int32, the requester MAC, times and frames as float64,
// and the first two responders. A request writes one record and its first
// answer reads and writes the same one; responders three to eight, which only
// a race has, live in a side array.
//
// The expiry queue holds requests in arrival order. An entry is struck out
// (its slot set to -1) when its request is answered or its slot reused, so
// an entry still standing when the window has passed is a request nobody
// answered: expiring reads the queue in order and never the table.

import { TWO32 } from '../util/addr.js';
import { hash3 } from './hash.js';
import type { FrameCtx } from './ctx.js';

const EMPTY_I = new Int32Array(0);
const EMPTY_D = new Float64Array(0);

/** Responders remembered per request; a ninth and later are counted as ranks only. */
export const MAX_RESPONDERS = 8;
const SLOT_BYTES = 64;
// int32 stride and fields
const PI = 16;
const P_VLAN = 0; // vlan index + 1; 0 = empty
const P_REQIP = 1;
const P_TGTIP = 2;
const P_N = 3; // distinct responders so far
// float64 stride and fields
const PD = 8;
const P_REQMAC = 2;
const P_US = 3;
const P_REF = 4;
const P_REF1 = 5; // frame of the first reply
const P_RESP = 6; // first two responders; the rest in the side array
const IN_RECORD = 2;
// the two int32 per slot in `meta`
const M_TAG = 0;
const M_QUEUED = 1;
const SIDE = MAX_RESPONDERS - IN_RECORD;
/** The same request asked again this soon (a quarter of the window) is a duplicate frame, not a retry. */
const RETRY_FRACTION = 4;
/** P_N of a request reported unanswered: never matched or reported again. */
const REPORTED = -1;
/** The table doubles up to 2^MAX_BITS slots (4 MiB of records, 7 MiB in all). */
export const MAX_BITS = 16;
/** It doubles when more than 1/PRESSURE of the requests added since it last looked (every eighth of its size) overwrote one still waiting for its answer. */
const PRESSURE = 64;

export class PendingRequests {
  size = 0;
  private bits = 0;
  private mask = 0;
  private pi = EMPTY_I;
  private pd = EMPTY_D;
  private side = EMPTY_D;
  /**
   * Per slot, two int32 side by side (one cache line for both): the tag its
   * request's sender left (its request watch and that watch's generation, 0
   * for none: requests.ts), and where its entry is in the expiry queue.
   */
  private meta = EMPTY_I;
  /** Requests added, and overwrites of requests still waiting for an answer, since the last look at the pressure. */
  private added = 0;
  private overwrites = 0;
  /** The slot of the last request added. */
  lastSlot = -1;
  /** The last request added asked again what its requester asked within the window (a re-ask: the storm check's evidence). */
  lastReasked = false;
  overwritten = 0;
  /**
   * Told of each who-has that went unanswered: as soon as the window has
   * passed (expire(), driven by packet time), when its slot is reused first
   * (the same request asked again), and at the end of the capture of those
   * left (sweep(), with `cut` for requests the end came too soon to judge).
   * Probes and gratuitous requests expect no answer and are not reported.
   */
  onUnanswered: ((slot: number, cut: boolean) => void) | null = null;
  /** Packet time at which the oldest request in the expiry queue is due (Infinity: none). */
  expireAt = Infinity;
  // the expiry queue: requests in arrival order (slot, -1 once struck out, and time), a ring as large as the table
  private qSlot = EMPTY_I;
  private qUs = EMPTY_D;
  private qHead = 0;
  private qLen = 0;

  constructor(
    private readonly ctx: FrameCtx,
    private readonly windowUs: number,
    bits: number,
  ) {
    this.allocate(bits);
  }

  private allocate(bits: number): void {
    this.bits = bits;
    this.size = 1 << bits;
    this.mask = this.size - 1;
    const buf = new ArrayBuffer(this.size * SLOT_BYTES);
    this.pi = new Int32Array(buf);
    this.pd = new Float64Array(buf);
    this.side = new Float64Array(this.size * SIDE);
    this.meta = new Int32Array(this.size * 2);
    this.qSlot = new Int32Array(this.size).fill(-1);
    this.qUs = new Float64Array(this.size);
    this.qHead = 0;
    this.qLen = 0;
  }

  /**
   * Doubles the table: the requests it may still learn from (unanswered, or
   * answered within the window) move to their slots in the new one, and the
   * queue keeps its order with the new slots. O(size), once per doubling.
   */
  private grow(): void {
    const { size, pi, pd, side, meta, qSlot, qUs, qHead, qLen } = this;
    this.allocate(this.bits + 1);
    const moved = new Int32Array(size).fill(-1);
    const us = this.ctx.us;
    for (let s = 0; s < size; s++) {
      const o = s * PI;
      const v = pi[o + P_VLAN]!;
      const n = pi[o + P_N]!;
      if (v === 0 || n === REPORTED || (n > 0 && us - pd[s * PD + P_US]! > this.windowUs)) continue;
      let t = hash3(v - 1, pi[o + P_REQIP]!, pi[o + P_TGTIP]!) & this.mask;
      if (this.pi[t * PI + P_VLAN] !== 0) t ^= 1;
      if (this.pi[t * PI + P_VLAN] !== 0) {
        this.overwritten++;
        continue;
      }
      this.pi.set(pi.subarray(o, o + PI), t * PI);
      this.side.set(side.subarray(s * SIDE, s * SIDE + SIDE), t * SIDE);
      this.meta[t * 2 + M_TAG] = meta[s * 2 + M_TAG]!;
      moved[s] = t;
    }
    for (let k = 0; k < qLen; k++) {
      const i = (qHead + k) & (size - 1);
      const s = qSlot[i]!;
      const t = s >= 0 ? moved[s]! : -1;
      this.qSlot[k] = t;
      this.qUs[k] = qUs[i]!;
      if (t >= 0) this.meta[t * 2 + M_QUEUED] = k;
    }
    this.qLen = qLen;
  }

  /**
   * Records a request at the context's time. IPs are signed int32, the
   * requester MAC is given as high 16 / low 32 bits: small integers only.
   */
  add(vlan: number, reqIp: number, tgtIp: number, macHi: number, macLo: number): void {
    if (++this.added >= this.size >> 3) {
      if (this.overwrites * PRESSURE > this.added && this.bits < MAX_BITS) this.grow();
      this.added = this.overwrites = 0;
    }
    const pi = this.pi;
    const pd = this.pd;
    const us = this.ctx.us;
    const slot = this.place(hash3(vlan, reqIp, tgtIp) & this.mask, vlan, reqIp, tgtIp, us);
    const oi = slot * PI;
    const od = slot * PD;
    const v = pi[oi + P_VLAN]!;
    this.lastReasked = false;
    if (v !== 0) {
      this.strike(slot);
      const age = us - pd[od + P_US]!;
      const same = v === vlan + 1 && pi[oi + P_REQIP] === reqIp && pi[oi + P_TGTIP] === tgtIp;
      this.lastReasked = same && age <= this.windowUs;
      if (!same && age <= this.windowUs) {
        this.overwritten++;
        if (pi[oi + P_N] === 0) this.overwrites++;
      }
      // asked again (not a duplicate of the same frame), or left unanswered past the window
      else if (pi[oi + P_N] === 0 && (same ? age >= this.windowUs / RETRY_FRACTION : true)) this.unanswered(slot, false);
    }
    pi[oi + P_VLAN] = vlan + 1;
    pi[oi + P_REQIP] = reqIp;
    pi[oi + P_TGTIP] = tgtIp;
    pi[oi + P_N] = 0;
    pd[od + P_REQMAC] = macHi * TWO32 + (macLo >>> 0);
    pd[od + P_US] = us;
    pd[od + P_REF] = this.ctx.ref;
    this.meta[slot * 2 + M_TAG] = 0;
    this.lastSlot = slot;
    this.enqueue(slot, us);
  }

  /** True when slot s holds the request (vlan, reqIp, tgtIp). */
  private holds(s: number, vlan: number, reqIp: number, tgtIp: number): boolean {
    const o = s * PI;
    return this.pi[o + P_VLAN] === vlan + 1 && this.pi[o + P_REQIP] === reqIp && this.pi[o + P_TGTIP] === tgtIp;
  }

  /** True when slot s is free or its request is past the window. */
  private stale(s: number, us: number): boolean {
    return this.pi[s * PI + P_VLAN] === 0 || us - this.pd[s * PD + P_US]! > this.windowUs;
  }

  /**
   * Where a request goes: two slots may hold it (h and its neighbour h ^ 1,
   * the adjacent cache line). The one holding the same request, else a free
   * or stale one, else (an overwrite, counted) an answered one rather than
   * one still waiting for its answer, else the older of the two.
   */
  private place(h: number, vlan: number, reqIp: number, tgtIp: number, us: number): number {
    if (this.holds(h, vlan, reqIp, tgtIp)) return h;
    const alt = h ^ 1;
    if (this.holds(alt, vlan, reqIp, tgtIp)) return alt;
    if (this.stale(h, us)) return h;
    if (this.stale(alt, us)) return alt;
    const waitH = this.pi[h * PI + P_N] === 0;
    if (waitH !== (this.pi[alt * PI + P_N] === 0)) return waitH ? alt : h;
    return this.pd[alt * PD + P_US]! < this.pd[h * PD + P_US]! ? alt : h;
  }

  private enqueue(slot: number, us: number): void {
    const mask = this.mask;
    // a full queue drops its oldest entry: that request is judged when its slot is reused or at the end
    if (this.qLen === this.size) {
      this.qSlot[this.qHead] = -1;
      this.qHead = (this.qHead + 1) & mask;
      this.qLen--;
    }
    const i = (this.qHead + this.qLen) & mask;
    this.qSlot[i] = slot;
    this.qUs[i] = us;
    this.meta[slot * 2 + M_QUEUED] = i;
    if (this.qLen++ === 0) this.expireAt = us + this.windowUs;
    else if (us + this.windowUs < this.expireAt) this.expireAt = us + this.windowUs;
  }

  /** Strikes out the queue entry of the request in `slot` (answered, or its slot reused), if it is still queued. */
  private strike(slot: number): void {
    const i = this.meta[slot * 2 + M_QUEUED]!;
    if (this.qSlot[i] === slot) this.qSlot[i] = -1;
  }

  /**
   * Packet time has reached `us`: every request older than the window that
   * nobody answered is reported now. The engine calls it when `us` passes
   * expireAt, so it costs one comparison per frame.
   */
  expire(us: number): void {
    const mask = this.mask;
    const q = this.qSlot;
    while (this.qLen > 0) {
      const h = this.qHead;
      const due = this.qUs[h]! + this.windowUs;
      if (due >= us) {
        this.expireAt = due;
        return;
      }
      const slot = q[h]!;
      q[h] = -1;
      this.qHead = (h + 1) & mask;
      this.qLen--;
      // not struck out: the slot still holds that request, unanswered and not yet reported
      if (slot >= 0) {
        this.pi[slot * PI + P_N] = REPORTED;
        this.unanswered(slot, false);
      }
    }
    this.expireAt = Infinity;
  }

  /**
   * Finds the live request a reply answers: requester IP = reply's target IP,
   * target IP = reply's sender IP. Returns the slot or -1.
   */
  match(vlan: number, reqIp: number, tgtIp: number): number {
    const pi = this.pi;
    let slot = hash3(vlan, reqIp, tgtIp) & this.mask;
    if (!this.holds(slot, vlan, reqIp, tgtIp)) {
      slot ^= 1;
      if (!this.holds(slot, vlan, reqIp, tgtIp)) return -1;
    }
    if (pi[slot * PI + P_N]! < 0) return -1;
    const age = this.ctx.us - this.pd[slot * PD + P_US]!;
    if (age < 0 || age > this.windowUs) return -1;
    return slot;
  }

  /**
   * Adds a responder to a slot. Returns its rank (1 = first) or 0 when this
   * MAC already answered this request.
   */
  respond(slot: number, hi: number, lo: number): number {
    const mac = hi * TWO32 + (lo >>> 0);
    const n = this.pi[slot * PI + P_N]!;
    const lim = n < MAX_RESPONDERS ? n : MAX_RESPONDERS;
    for (let i = 0; i < lim; i++) if (this.responder(slot, i) === mac) return 0;
    if (n < IN_RECORD) this.pd[slot * PD + P_RESP + n] = mac;
    else if (n < MAX_RESPONDERS) this.side[slot * SIDE + n - IN_RECORD] = mac;
    if (n === 0) {
      this.pd[slot * PD + P_REF1] = this.ctx.ref;
      this.strike(slot);
    }
    this.pi[slot * PI + P_N] = n + 1;
    return n + 1;
  }

  private unanswered(slot: number, cut: boolean): void {
    const reqIp = this.pi[slot * PI + P_REQIP]!;
    if (this.onUnanswered === null || reqIp === 0 || reqIp === this.pi[slot * PI + P_TGTIP]) return;
    this.onUnanswered(slot, cut);
  }

  /**
   * At the end of the capture (time endUs): reports the requests still
   * unanswered, oldest first; those asked less than a window before the end
   * are `cut` (the capture stopped before an answer could come).
   */
  sweep(endUs: number): void {
    this.expire(endUs);
    const left: number[] = [];
    for (let slot = 0; slot < this.size; slot++) {
      const oi = slot * PI;
      if (this.pi[oi + P_VLAN] !== 0 && this.pi[oi + P_N] === 0) left.push(slot);
    }
    left.sort((x, y) => this.pd[x * PD + P_US]! - this.pd[y * PD + P_US]! || this.pd[x * PD + P_REF]! - this.pd[y * PD + P_REF]!);
    for (const slot of left) {
      this.pi[slot * PI + P_N] = REPORTED;
      this.unanswered(slot, endUs - this.pd[slot * PD + P_US]! <= this.windowUs);
    }
    this.qSlot.fill(-1);
    this.qLen = 0;
    this.expireAt = Infinity;
  }

  tag(slot: number): number {
    return this.meta[slot * 2 + M_TAG]!;
  }
  setTag(slot: number, tag: number): void {
    this.meta[slot * 2 + M_TAG] = tag;
  }

  /** The slot's VLAN index. */
  vlanOf(slot: number): number {
    return this.pi[slot * PI + P_VLAN]! - 1;
  }
  /** Target IP as signed int32. */
  tgtIpS(slot: number): number {
    return this.pi[slot * PI + P_TGTIP]!;
  }
  us(slot: number): number {
    return this.pd[slot * PD + P_US]!;
  }

  /** True when the slot's requester MAC is (hi, lo). */
  requesterIs(slot: number, hi: number, lo: number): boolean {
    return this.pd[slot * PD + P_REQMAC] === hi * TWO32 + (lo >>> 0);
  }

  responder(slot: number, i: number): number {
    return i < IN_RECORD ? this.pd[slot * PD + P_RESP + i]! : this.side[slot * SIDE + i - IN_RECORD]!;
  }
  /** Requester IP as signed int32 (0 for a probe). */
  reqIpS(slot: number): number {
    return this.pi[slot * PI + P_REQIP]!;
  }
  reqMac(slot: number): number {
    return this.pd[slot * PD + P_REQMAC]!;
  }
  ref(slot: number): number {
    return this.pd[slot * PD + P_REF]!;
  }
  ref1(slot: number): number {
    return this.pd[slot * PD + P_REF1]!;
  }
}
