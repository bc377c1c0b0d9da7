// The scan fast path. It walks the complete classic-pcap records of an
// Ethernet capture in place, and analyses fully, in this one function, the
// frames that make up nearly all of a busy LAN's traffic:
//   - a frame that is neither ARP nor VRRP (counted, nothing else);
//   - a who-has from a host already known with one MAC;
//   - the first answer to a pending who-has, from a host known with one MAC,
//     addressed to the requester.
// Fields are read with DataView (one load per field), addresses stay
// integers, and the table probes are written out here rather than called.
//
// Engine.process() stays the definition of the analysis: every other frame,
// and every frame whose handling would differ in any way (a new host, a second
// MAC, a race, a GARP, VRRP active, a full table, a tag it has not seen last),
// is handed to it before anything is changed. The fast path must leave the
// engine in exactly the state process() would; test/scan.test.ts compares the
// reports of both, byte for byte, on every fixture and on generated traffic.
//
// scan.wat is the same loop in WebAssembly, used when the engine's tables live
// in its memory (check with one input); this one serves everything else
// (several inputs, big-endian files, no arena). A change to the fast path is
// made in both, and the test holds all three to the same reports.
import type { CaptureReader } from '../capture/reader.js';
import { LINKTYPE_ETHERNET } from '../capture/linktype.js';
import type { Engine } from './engine.js';
import { P_N, P_REF, P_REF1, P_REQIP, P_REQMAC, P_RESP, P_TGTIP, P_US, P_VLAN, PD, PI } from './pending.js';
import {
  BF, BF_LAST_REF, BF_LAST_US, BF_MAC, BI, BI_ANSWERED, BI_CLAIMS, BI_COUNTS, BI_FIRST_ANSWER, BI_FLAGS, BI_IP, BI_VLAN,
  F_SOLE, hash3, K_REPLY, K_REQUEST,
} from './tables.js';

const TWO32 = 4294967296;
/** Bindings beyond which lookups are read ahead (128 B each: 8 MiB, past L2 and most of L3). */
export const PREFETCH_BINDINGS = 1 << 16;
const BATCH = 32;
/** The binding slots a read-ahead batch found (0: none). */
const batchSlots = new Int32Array(BATCH);
/** Where the read-ahead loads go, so that the compiler keeps them. */
export let prefetched = 0;
const IPPROTO_VRRP = 112;

/**
 * Loads the lines the next BATCH records will need and nothing else; returns
 * how many records it covered. A first pass loads each frame's binding slot
 * and pending-request slot, a second the bindings those slots name: a short
 * loop of independent loads, all in flight at once. A function of its own so
 * the scan loop stays small to compile.
 */
function readAhead(
  dv: DataView, le: boolean, hdr: number, maxRecord: number, p: number, end: number,
  bSlots: Int32Array, bMask: number, bI: Int32Array, pi: Int32Array, pmask: number,
): number {
  let sink = 0;
  let left = 0;
  let q = p;
  for (; left < BATCH && end - q >= hdr; left++) {
    const n = dv.getUint32(q + 8, le);
    if (n > maxRecord || end - q - hdr < n) break;
    const f = q + hdr;
    q = f + n;
    batchSlots[left] = 0;
    if (n < 42 || dv.getUint16(f + 12) !== 0x0806) continue;
    const spa = dv.getInt32(f + 28);
    const tpa = dv.getInt32(f + 38);
    const v = bSlots[hash3(spa, dv.getInt32(f + 24), dv.getUint16(f + 22)) & bMask]!;
    sink = (sink + v + pi[((dv.getUint16(f + 20) === 1 ? hash3(0, spa, tpa) : hash3(0, tpa, spa)) & pmask) * PI]!) | 0;
    batchSlots[left] = v;
  }
  for (let i = 0; i < left; i++) {
    const v = batchSlots[i]!;
    if (v > 0) sink = (sink + bI[(v - 1) * BI + BI_IP]!) | 0;
  }
  prefetched = sink;
  return left;
}

/**
 * Writes back into the engine what a run of fast frames counted: the
 * JavaScript scan and the WebAssembly one (wasm-scan.ts) both call it before
 * process() runs and when a buffer is done. Fast frames are requests, replies
 * or neither ARP nor VRRP, so the rest is derived.
 */
export function creditFastFrames(
  e: Engine, frames: number, bytes: number, snapShort: number, back: number, lastUs: number, firstUs: number,
  requests: number, replies: number, overwritten: number, seenUs: number, seenRef: number, lastKind: number, answered: boolean,
): void {
  if (frames === 0) return;
  const st = e.stats;
  st.frames += frames;
  st.bytes += bytes;
  st.snapTruncated += snapShort;
  st.timeWentBack += back;
  st.lastUs = lastUs;
  st.firstUs = firstUs;
  st.arpFrames += requests + replies;
  st.nonArp += frames - requests - replies;
  st.kinds[K_REQUEST] += requests;
  st.kinds[K_REPLY] += replies;
  e.pending.overwritten += overwritten;
  e.ctx.us = seenUs;
  e.ctx.ref = seenRef;
  e.lastKind = lastKind;
  e.lastVrrp = '';
  if (answered) e.lastRank = 1;
}

/**
 * Analyses every complete record buffered in `r` (classic pcap, Ethernet),
 * then tells the reader how far it got. `base` is the input's frame-reference
 * base (input index * 2^32). Records it cannot take whole (incomplete,
 * oversized) are left for r.next(), which reports them.
 */
export function scanPcap(e: Engine, r: CaptureReader, base: number): void {
  if (r.fileLinktype !== LINKTYPE_ETHERNET) return;
  const buf = r.buf;
  const dv = r.dv;
  const le = r.le;
  const ns = r.nsRes;
  const hdr = r.recHdr;
  const maxRecord = r.maxRecord;
  const end = r.end;
  const first = r.frame;
  let p = r.start;
  let frame = first;
  const st = e.stats;
  const t = e.tables;
  const pend = e.pending;
  const pi = pend.pi;
  const pd = pend.pd;
  const pmask = pend.mask;
  const win = pend.windowUs;
  let left = 0;
  for (;;) {
    // What only process() changes is read here, once per run of fast frames:
    // the binding arrays (replaced when the table grows or is compacted),
    // whether the tables have room, VRRP, the VLAN last interned.
    const bF = t.bF;
    const bI = t.bI;
    const bU = t.bU;
    const bSlots = t.bSlots;
    const bMask = t.bMask;
    const room = t.aCount + 2 <= t.maxAddresses && t.bCount + 2 <= t.maxAddresses * 2;
    const vrrpOn = e.vrrp.active;
    const vKey = e.lastVlanKey;
    const vIdx = e.lastVlanIdx;
    // Counters and last-frame state are kept in locals and written back
    // before process() runs and when the buffer is done.
    let frames = 0;
    let bytes = 0;
    let snapShort = 0;
    let back = 0;
    let requests = 0;
    let replies = 0;
    let overwritten = 0;
    let lastUs = st.lastUs;
    let firstUs = st.firstUs;
    let lastKind = 0;
    let lastUsSeen = 0;
    let lastRef = 0;
    let answered = false;
    // the frame handed to process(), if any
    let hand = -1;
    let hIncl = 0;
    let hWire = 0;
    let hUs = 0;
    let hRef = 0;
    // With tables larger than the CPU caches every lookup is a trip to DRAM.
    // Then the next BATCH records are first read ahead only to load their
    // binding-slot, binding and pending-request lines: independent loads the
    // CPU overlaps, so the frames' misses are paid together rather than one
    // after another. Nothing is decided there; the frames are analysed below
    // exactly as without it. A batch cut short by a hand-over to process()
    // goes on after it (`left` lives across runs).
    const ahead = t.bCount > PREFETCH_BINDINGS;
    while (end - p >= hdr) {
      if (ahead && left === 0) {
        left = readAhead(dv, le, hdr, maxRecord, p, end, bSlots, bMask, bI, pi, pmask);
      }
      left--;
      const incl = dv.getUint32(p + 8, le);
      if (incl > maxRecord || end - p - hdr < incl) break;
      const frac = dv.getUint32(p + 4, le);
      const us = dv.getUint32(p, le) * 1e6 + (ns ? Math.floor(frac / 1000) : frac);
      const wire = dv.getUint32(p + 12, le);
      const off = p + hdr;
      p = off + incl;
      frame++;
      const ref = base + frame;
      fast: {
        counted: {
          if (incl < 14) break fast;
          const et = dv.getUint16(off + 12);
          let a = off + 14;
          let vkey = 0;
          if (et !== 0x0806) {
            if (et === 0x8100) {
              // one 802.1Q tag before ARP; anything else tagged takes the general path
              if (incl < 18 || dv.getUint16(off + 16) !== 0x0806) break fast;
              vkey = dv.getUint16(off + 14) & 0x0fff;
              a = off + 18;
            } else {
              if (et <= 1500 || et === 0x88a8 || et === 0x9100) break fast;
              if (et === 0x0800 ? incl > 23 && buf[off + 23] === IPPROTO_VRRP : et === 0x86dd && incl > 20 && buf[off + 20] === IPPROTO_VRRP) break fast;
              // neither ARP nor VRRP: only counted
              lastKind = -1;
              break counted;
            }
          }
          // Ethernet/IPv4 ARP, 28 bytes, request or reply
          if (off + incl - a < 28 || dv.getInt32(a) !== 0x00010800 || dv.getUint16(a + 4) !== 0x0604) break fast;
          const op = dv.getUint16(a + 6);
          const shaHi = dv.getUint16(a + 8);
          const shaLo = dv.getInt32(a + 10);
          const spa = dv.getInt32(a + 14);
          const tpa = dv.getInt32(a + 24);
          // a sound sender MAC, equal to the Ethernet source; a sender IP that claims
          // something and is not gratuitous; no VRRP to weigh; room in the tables
          if ((shaHi & 0x100) !== 0 || (shaHi === 0 && shaLo === 0)) break fast;
          if (dv.getUint16(off + 6) !== shaHi || dv.getInt32(off + 8) !== shaLo) break fast;
          if (spa === 0 || spa === tpa || vrrpOn || !room) break fast;
          let vlan = 0;
          if (a !== off + 14) {
            if (vkey !== vKey) break fast;
            vlan = vIdx;
          }
          // The pending-request slot is loaded before the binding is looked up, so
          // that the two cache misses of a frame overlap instead of following each other.
          const slot = (op === 1 ? hash3(vlan, spa, tpa) : hash3(vlan, tpa, spa)) & pmask;
          const oi = slot * PI;
          const od = slot * PD;
          const pv = pi[oi + P_VLAN]!;
          // the sender's binding (Tables.find): it must exist and be its address's only one
          const mac = shaHi * TWO32 + (shaLo >>> 0);
          let s = hash3(spa, shaLo, shaHi ^ (vlan << 16)) & bMask;
          let b = -1;
          for (;;) {
            const v = bSlots[s]!;
            if (v === 0) break;
            const i = v - 1;
            if (bF[i * BF + BF_MAC] === mac && bI[i * BI + BI_IP] === spa && bI[i * BI + BI_VLAN] === vlan) {
              b = i;
              break;
            }
            s = (s + 1) & bMask;
          }
          if (b < 0 || (bI[b * BI + BI_FLAGS]! & F_SOLE) === 0) break fast;
          const bi = b * BI;
          if (op === 1) {
            // PendingRequests.add
            if (pv !== 0 && us - pd[od + P_US]! <= win && (pv !== vlan + 1 || pi[oi + P_REQIP] !== spa || pi[oi + P_TGTIP] !== tpa)) overwritten++;
            pi[oi + P_VLAN] = vlan + 1;
            pi[oi + P_REQIP] = spa;
            pi[oi + P_TGTIP] = tpa;
            pi[oi + P_N] = 0;
            pd[od + P_REQMAC] = mac;
            pd[od + P_US] = us;
            pd[od + P_REF] = ref;
            requests++;
            lastKind = K_REQUEST;
            bU[bi + BI_COUNTS + K_REQUEST]!++;
          } else if (op === 2) {
            // the first answer to a live request from the reply's target, sent to its MAC
            if (tpa === 0) break fast;
            if (pv !== vlan + 1 || pi[oi + P_REQIP] !== tpa || pi[oi + P_TGTIP] !== spa) break fast;
            const age = us - pd[od + P_US]!;
            if (age < 0 || age > win || pi[oi + P_N] !== 0) break fast;
            if (pd[od + P_REQMAC] !== dv.getUint16(a + 18) * TWO32 + dv.getUint32(a + 20)) break fast;
            replies++;
            lastKind = K_REPLY;
            answered = true;
            bU[bi + BI_COUNTS + K_REPLY]!++;
            pd[od + P_RESP] = mac;
            pd[od + P_REF1] = ref;
            pi[oi + P_N] = 1;
            bI[bi + BI_ANSWERED]!++;
            bI[bi + BI_FIRST_ANSWER]!++;
          } else break fast;
          const bf = b * BF;
          if (us > bF[bf + BF_LAST_US]!) bF[bf + BF_LAST_US] = us;
          bF[bf + BF_LAST_REF] = ref;
          bI[bi + BI_CLAIMS]!++;
        }
        // every frame the fast path took: counts, time order, the last frame seen
        frames++;
        bytes += incl;
        if (incl < wire) snapShort++;
        if (us < lastUs) back++;
        else lastUs = us;
        if (firstUs < 0) firstUs = us;
        lastUsSeen = us;
        lastRef = ref;
        continue;
      }
      hand = off;
      hIncl = incl;
      hWire = wire;
      hUs = us;
      hRef = ref;
      break;
    }
    creditFastFrames(e, frames, bytes, snapShort, back, lastUs, firstUs, requests, replies, overwritten, lastUsSeen, lastRef, lastKind, answered);
    if (hand < 0) break;
    e.process(buf, hand, hIncl, hWire, hUs, LINKTYPE_ETHERNET, hRef);
  }
  r.advance(p, frame - first);
}
