// Outstanding ARP requests, for matching replies to the who-has they answer.
//
// A direct-mapped table keyed by (VLAN, requester IP, target IP): fixed size,
// O(1), no deletion. A new request for a slot holding a live request from
// another key overwrites it (counted in `overwritten`), so a flood costs
// accuracy that is counted, never memory.
//
// Each slot is one 128-byte record in a single Float64Array (request fields in
// the first cache line, responders in the second): a lookup touches one or two
// cache lines instead of one per field, which is what the per-frame cost is
// made of once the table outgrows the CPU caches.

import { hash3 } from './tables.js';
import type { FrameCtx } from './ctx.js';
import type { WasmArena } from './arena.js';

export const MAX_RESPONDERS = 8;
export const STRIDE = 16;
export const F_VLAN = 0; // vlan index + 1; 0 = empty
export const F_REQIP = 1;
export const F_TGTIP = 2;
export const F_REQMAC = 3;
export const F_US = 4;
export const F_REF = 5;
export const F_REF1 = 6; // frame of the first reply
export const F_N = 7; // distinct responders so far
export const F_RESP = 8;

export class PendingRequests {
  readonly size: number;
  /** @internal read and written by the scan fast path (scan.ts) */ readonly mask: number;
  /** @internal */ readonly s: Float64Array;
  overwritten = 0;

  constructor(
    private readonly ctx: FrameCtx,
    /** @internal */ readonly windowUs: number,
    bits = 13,
    arena: WasmArena | null = null,
  ) {
    this.size = 1 << bits;
    this.mask = this.size - 1;
    this.s = arena ? new Float64Array(arena.buffer, arena.pendOff, this.size * STRIDE) : new Float64Array(this.size * STRIDE);
  }

  /**
   * Records a request at the context's time. IPs are signed int32, the
   * requester MAC is given as high 16 / low 32 bits: small integers only.
   */
  add(vlan: number, reqIp: number, tgtIp: number, macHi: number, macLo: number): void {
    const s = this.s;
    const us = this.ctx.us;
    const o = (hash3(vlan, reqIp, tgtIp) & this.mask) * STRIDE;
    const v = s[o + F_VLAN]!;
    if (v !== 0 && us - s[o + F_US]! <= this.windowUs && (v !== vlan + 1 || s[o + F_REQIP] !== reqIp || s[o + F_TGTIP] !== tgtIp)) {
      this.overwritten++;
    }
    s[o + F_VLAN] = vlan + 1;
    s[o + F_REQIP] = reqIp;
    s[o + F_TGTIP] = tgtIp;
    s[o + F_REQMAC] = macHi * 4294967296 + (macLo >>> 0);
    s[o + F_US] = us;
    s[o + F_REF] = this.ctx.ref;
    s[o + F_N] = 0;
  }

  /**
   * Finds the live request a reply answers: requester IP = reply's target IP,
   * target IP = reply's sender IP. Returns the slot or -1.
   */
  match(vlan: number, reqIp: number, tgtIp: number): number {
    const s = this.s;
    const slot = hash3(vlan, reqIp, tgtIp) & this.mask;
    const o = slot * STRIDE;
    if (s[o + F_VLAN] !== vlan + 1 || s[o + F_REQIP] !== reqIp || s[o + F_TGTIP] !== tgtIp) return -1;
    const age = this.ctx.us - s[o + F_US]!;
    if (age < 0 || age > this.windowUs) return -1;
    return slot;
  }

  /**
   * Adds a responder to a slot. Returns its rank (1 = first) or 0 when this
   * MAC already answered this request.
   */
  respond(slot: number, hi: number, lo: number): number {
    const s = this.s;
    const mac = hi * 4294967296 + (lo >>> 0);
    const o = slot * STRIDE;
    const n = s[o + F_N]!;
    const lim = n < MAX_RESPONDERS ? n : MAX_RESPONDERS;
    for (let i = 0; i < lim; i++) if (s[o + F_RESP + i] === mac) return 0;
    if (n < MAX_RESPONDERS) s[o + F_RESP + n] = mac;
    if (n === 0) s[o + F_REF1] = this.ctx.ref;
    s[o + F_N] = n + 1;
    return n + 1;
  }

  /** True when the slot's requester MAC is (hi, lo). */
  requesterIs(slot: number, hi: number, lo: number): boolean {
    return this.s[slot * STRIDE + F_REQMAC] === hi * 4294967296 + (lo >>> 0);
  }

  responder(slot: number, i: number): number {
    return this.s[slot * STRIDE + F_RESP + i]!;
  }
  /** Requester IP as signed int32 (0 for a probe). */
  reqIpS(slot: number): number {
    return this.s[slot * STRIDE + F_REQIP]!;
  }
  reqMac(slot: number): number {
    return this.s[slot * STRIDE + F_REQMAC]!;
  }
  ref(slot: number): number {
    return this.s[slot * STRIDE + F_REF]!;
  }
  ref1(slot: number): number {
    return this.s[slot * STRIDE + F_REF1]!;
  }
}
