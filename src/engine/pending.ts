// Outstanding ARP requests, for matching replies to the who-has they answer.
//
// A direct-mapped table keyed by (VLAN, requester IP, target IP): fixed size,
// O(1), no deletion. A new request for a slot holding a live request from
// another key overwrites it (counted in `overwritten`), so a flood costs
// accuracy that is counted, never memory.

import { hash3 } from './tables.js';

export const MAX_RESPONDERS = 8;

export class PendingRequests {
  readonly size: number;
  private readonly mask: number;
  readonly vlan: Uint32Array; // vlan index + 1; 0 = empty
  readonly reqIp: Uint32Array;
  readonly tgtIp: Uint32Array;
  readonly reqMac: Float64Array;
  readonly us: Float64Array;
  readonly ref: Float64Array;
  readonly ref1: Float64Array; // frame of the first reply
  readonly n: Uint8Array; // distinct responders so far
  readonly resp: Float64Array; // MAX_RESPONDERS per slot
  overwritten = 0;

  constructor(bits = 16) {
    this.size = 1 << bits;
    this.mask = this.size - 1;
    this.vlan = new Uint32Array(this.size);
    this.reqIp = new Uint32Array(this.size);
    this.tgtIp = new Uint32Array(this.size);
    this.reqMac = new Float64Array(this.size);
    this.us = new Float64Array(this.size);
    this.ref = new Float64Array(this.size);
    this.ref1 = new Float64Array(this.size);
    this.n = new Uint8Array(this.size);
    this.resp = new Float64Array(this.size * MAX_RESPONDERS);
  }

  /** Records a request; `windowUs` decides whether an overwritten slot was still live. */
  add(vlan: number, reqIp: number, tgtIp: number, reqMac: number, us: number, ref: number, windowUs: number): void {
    const s = hash3(vlan, reqIp, tgtIp) & this.mask;
    const v = this.vlan[s]!;
    if (v !== 0 && us - this.us[s]! <= windowUs && (v !== vlan + 1 || this.reqIp[s] !== reqIp || this.tgtIp[s] !== tgtIp)) {
      this.overwritten++;
    }
    this.vlan[s] = vlan + 1;
    this.reqIp[s] = reqIp;
    this.tgtIp[s] = tgtIp;
    this.reqMac[s] = reqMac;
    this.us[s] = us;
    this.ref[s] = ref;
    this.n[s] = 0;
  }

  /**
   * Finds the live request a reply answers: requester IP = reply's target IP,
   * target IP = reply's sender IP. Returns the slot or -1.
   */
  match(vlan: number, reqIp: number, tgtIp: number, us: number, windowUs: number): number {
    const s = hash3(vlan, reqIp, tgtIp) & this.mask;
    if (this.vlan[s] !== vlan + 1 || this.reqIp[s] !== reqIp || this.tgtIp[s] !== tgtIp) return -1;
    const age = us - this.us[s]!;
    if (age < 0 || age > windowUs) return -1;
    return s;
  }

  /**
   * Adds a responder to a slot. Returns its rank (1 = first) or 0 when this
   * MAC already answered this request.
   */
  respond(s: number, mac: number, ref: number): number {
    const n = this.n[s]!;
    const base = s * MAX_RESPONDERS;
    const lim = n < MAX_RESPONDERS ? n : MAX_RESPONDERS;
    for (let i = 0; i < lim; i++) if (this.resp[base + i] === mac) return 0;
    if (n < MAX_RESPONDERS) this.resp[base + n] = mac;
    if (n === 0) this.ref1[s] = ref;
    if (n < 255) this.n[s] = n + 1;
    return n + 1;
  }

  responder(s: number, i: number): number {
    return this.resp[s * MAX_RESPONDERS + i]!;
  }
}
