// Outstanding ARP requests, for matching replies to the who-has they answer.
//
// A direct-mapped table keyed by (VLAN, requester IP, target IP): fixed size,
// O(1), no deletion. A new request for a slot holding a live request from
// another key overwrites it (counted in `overwritten`), so a flood costs
// accuracy that is counted, never memory.
//
// Each slot is one 64-byte record (one cache line when aligned): the key and
// responder count as int32, the requester MAC, times and frames as float64,
// and the first two responders. A request writes one record and its first
// answer reads and writes the same one; responders three to eight, which only
// a race has, live in a side array.

import { TWO32 } from '../util/addr.js';
import { hash3 } from './hash.js';
import type { FrameCtx } from './ctx.js';

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
const SIDE = MAX_RESPONDERS - IN_RECORD;
/** The same request asked again this soon (a quarter of the window) is a duplicate frame, not a retry. */
const RETRY_FRACTION = 4;

export class PendingRequests {
  readonly size: number;
  private readonly mask: number;
  private readonly pi: Int32Array;
  private readonly pd: Float64Array;
  private readonly side: Float64Array;
  overwritten = 0;
  /**
   * Told of each who-has that went unanswered, just before its slot is reused
   * (the same request asked again, or a request older than the window
   * replaced) and, at the end, of those left (sweep()). Probes and gratuitous
   * requests expect no answer and are not reported.
   */
  onUnanswered: ((slot: number) => void) | null = null;

  constructor(
    private readonly ctx: FrameCtx,
    private readonly windowUs: number,
    bits: number,
  ) {
    this.size = 1 << bits;
    this.mask = this.size - 1;
    const buf = new ArrayBuffer(this.size * SLOT_BYTES);
    this.pi = new Int32Array(buf);
    this.pd = new Float64Array(buf);
    this.side = new Float64Array(this.size * SIDE);
  }

  /**
   * Records a request at the context's time. IPs are signed int32, the
   * requester MAC is given as high 16 / low 32 bits: small integers only.
   */
  add(vlan: number, reqIp: number, tgtIp: number, macHi: number, macLo: number): void {
    const pi = this.pi;
    const pd = this.pd;
    const us = this.ctx.us;
    const slot = hash3(vlan, reqIp, tgtIp) & this.mask;
    const oi = slot * PI;
    const od = slot * PD;
    const v = pi[oi + P_VLAN]!;
    if (v !== 0) {
      const age = us - pd[od + P_US]!;
      const same = v === vlan + 1 && pi[oi + P_REQIP] === reqIp && pi[oi + P_TGTIP] === tgtIp;
      if (!same && age <= this.windowUs) this.overwritten++;
      // asked again (not a duplicate of the same frame), or left unanswered past the window
      else if (pi[oi + P_N] === 0 && (same ? age >= this.windowUs / RETRY_FRACTION : true)) this.unanswered(slot);
    }
    pi[oi + P_VLAN] = vlan + 1;
    pi[oi + P_REQIP] = reqIp;
    pi[oi + P_TGTIP] = tgtIp;
    pi[oi + P_N] = 0;
    pd[od + P_REQMAC] = macHi * TWO32 + (macLo >>> 0);
    pd[od + P_US] = us;
    pd[od + P_REF] = this.ctx.ref;
  }

  /**
   * Finds the live request a reply answers: requester IP = reply's target IP,
   * target IP = reply's sender IP. Returns the slot or -1.
   */
  match(vlan: number, reqIp: number, tgtIp: number): number {
    const pi = this.pi;
    const slot = hash3(vlan, reqIp, tgtIp) & this.mask;
    const oi = slot * PI;
    if (pi[oi + P_VLAN] !== vlan + 1 || pi[oi + P_REQIP] !== reqIp || pi[oi + P_TGTIP] !== tgtIp) return -1;
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
    if (n === 0) this.pd[slot * PD + P_REF1] = this.ctx.ref;
    this.pi[slot * PI + P_N] = n + 1;
    return n + 1;
  }

  private unanswered(slot: number): void {
    const reqIp = this.pi[slot * PI + P_REQIP]!;
    if (this.onUnanswered === null || reqIp === 0 || reqIp === this.pi[slot * PI + P_TGTIP]) return;
    this.onUnanswered(slot);
  }

  /** At the end of the capture (time endUs): reports the requests still unanswered past the window. */
  sweep(endUs: number): void {
    for (let slot = 0; slot < this.size; slot++) {
      const oi = slot * PI;
      if (this.pi[oi + P_VLAN] !== 0 && this.pi[oi + P_N] === 0 && endUs - this.pd[slot * PD + P_US]! > this.windowUs) this.unanswered(slot);
    }
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
