// The driver of the WebAssembly scan (scan.wat): the same contract as
// scanPcap() in scan.ts, twice as fast on the same frames, and it also adds
// new hosts itself. It calls the module on the reader's buffer (which lives in
// the arena), writes the counters and table counts the module kept back into
// the engine, hands the frame the module stopped at to Engine.process(), and
// calls it again. test/scan.test.ts holds its reports
// equal, byte for byte, to process() alone and to the JavaScript scan.
import type { CaptureReader } from '../capture/reader.js';
import { LINKTYPE_ETHERNET } from '../capture/linktype.js';
import { WasmArena } from './arena.js';
import type { Engine } from './engine.js';
import { SCAN_WASM_BASE64 } from './scan-wasm.js';
import { creditFastFrames, PREFETCH_BINDINGS } from './scan.js';

interface Global<T> {
  value: T;
}

interface ScanExports {
  scan(
    p: number, end: number, hdr: number, maxRecord: number, ns: number, base: number, frame: number, open: number,
    vKey: number, vIdx: number, bMask: number, pMask: number, win: number, lastUs: number, firstUs: number, ahead: number,
    hosts: number, aCount: number, bCount: number, aMask: number, maxAddresses: number,
  ): number;
  SLOTS: Global<number>;
  RECS: Global<number>;
  AREC: Global<number>;
  ASLOTS: Global<number>;
  PEND: Global<number>;
  RES: Global<number>;
}

// The results of a call, as scan.wat stores them at the arena's resOff:
// int32 slots, then float64 slots from byte 64. (From byte 256 the module
// keeps its read-ahead batch's binding slots.)
const R_FRAMES = 0;
const R_SNAP = 1;
const R_BACK = 2;
const R_REQ = 3;
const R_REP = 4;
const R_OVERW = 5;
const R_LAST_KIND = 6;
const R_ANSWERED = 7;
const R_HAND = 8;
const R_H_INCL = 9;
const R_H_WIRE = 10;
const R_A_COUNT = 11;
const R_B_COUNT = 12;
const R_NEW_HOSTS = 13;
const RF_BYTES = 0;
const RF_LAST_US = 1;
const RF_FIRST_US = 2;
const RF_SEEN_US = 3;
const RF_SEEN_REF = 4;
const RF_FRAME = 5;
const RF_H_US = 6;
const RF_H_REF = 7;

let compiled: WebAssembly.Module | null = null;

/** The scan module instantiated on an arena's memory. */
export class WasmScan {
  readonly x: ScanExports;
  private readonly ri: Int32Array;
  private readonly rf: Float64Array;
  constructor(readonly arena: WasmArena) {
    compiled ??= new WebAssembly.Module(Buffer.from(SCAN_WASM_BASE64, 'base64'));
    this.x = new WebAssembly.Instance(compiled, { env: { mem: arena.memory } }).exports as unknown as ScanExports;
    this.x.SLOTS.value = arena.slotsOff;
    this.x.RECS.value = arena.recsOff;
    this.x.AREC.value = arena.addrsOff;
    this.x.ASLOTS.value = arena.aSlotsOff;
    this.x.PEND.value = arena.pendOff;
    this.x.RES.value = arena.resOff;
    this.ri = new Int32Array(arena.buffer, arena.resOff, 16);
    this.rf = new Float64Array(arena.buffer, arena.resOff + 64, 8);
  }

  /** The reader's first buffer in the arena: the whole of the first slab. */
  readBuffer(): Buffer {
    return Buffer.from(this.arena.buffer, this.arena.readOff, WasmArena.SLAB_PRE + WasmArena.SLAB_DATA);
  }

  /** The arena's read slabs, for CaptureReader.readAhead (the first is readBuffer()). */
  slabs(): Buffer[] {
    const a = this.arena;
    const size = WasmArena.SLAB_PRE + WasmArena.SLAB_DATA;
    return Array.from({ length: WasmArena.SLABS }, (_, i) => Buffer.from(a.buffer, a.readOff + i * size, size));
  }

  /**
   * True when the module can scan `r` for `e`: little-endian classic pcap over
   * Ethernet, the reader's buffer and the binding tables still in the arena.
   */
  applies(e: Engine, r: CaptureReader): boolean {
    const t = e.tables;
    const b = this.arena.buffer;
    return r.fileLinktype === LINKTYPE_ETHERNET && r.le && r.buf.buffer === b && t.arena === this.arena && t.bSlots.buffer === b && e.pending.pi.buffer === b;
  }

  /** scanPcap() in WebAssembly; the caller checked applies(). */
  scan(e: Engine, r: CaptureReader, base: number): void {
    const x = this.x;
    const buf = r.buf;
    const boff = buf.byteOffset;
    const hdr = r.recHdr;
    const maxRecord = r.maxRecord;
    const ns = r.nsRes ? 1 : 0;
    const end = r.end + boff;
    const first = r.frame;
    let p = r.start + boff;
    let frame = first;
    const st = e.stats;
    const t = e.tables;
    const pend = e.pending;
    const ri = this.ri;
    const rf = this.rf;
    const arena = this.arena;
    const mem = arena.buffer;
    for (;;) {
      // the module checks the tables' room itself, as it adds hosts
      const open = e.vrrp.active ? 0 : 1;
      // past PREFETCH_BINDINGS the module reads each batch of records ahead, as scan.ts does
      const ahead = t.bCount > PREFETCH_BINDINGS ? 1 : 0;
      // hosts are added in the module while the address table is in the arena
      // and both tables hold the whole cap there (room for two more hosts is
      // then room in the records: the module checks the counts against the cap)
      const whole = t.aCap === t.maxAddresses + 2 && t.bCap === 2 * t.maxAddresses + 2;
      const hosts = whole && t.aI.buffer === mem && t.aSlots.buffer === mem ? 1 : 0;
      p = x.scan(p, end, hdr, maxRecord, ns, base, frame, open, e.lastVlanKey, e.lastVlanIdx, t.bMask, pend.mask, pend.windowUs, st.lastUs, st.firstUs, ahead,
        hosts, t.aCount, t.bCount, t.aMask, t.maxAddresses);
      t.aCount = ri[R_A_COUNT]!;
      t.bCount = ri[R_B_COUNT]!;
      arena.newHosts += ri[R_NEW_HOSTS]!;
      frame = rf[RF_FRAME]!;
      creditFastFrames(e, ri[R_FRAMES]!, rf[RF_BYTES]!, ri[R_SNAP]!, ri[R_BACK]!, rf[RF_LAST_US]!, rf[RF_FIRST_US]!,
        ri[R_REQ]!, ri[R_REP]!, ri[R_OVERW]!, rf[RF_SEEN_US]!, rf[RF_SEEN_REF]!, ri[R_LAST_KIND]!, ri[R_ANSWERED]! !== 0);
      arena.scannedFrames += ri[R_FRAMES]!;
      const hand = ri[R_HAND]!;
      if (hand < 0) break;
      e.process(buf, hand - boff, ri[R_H_INCL]! >>> 0, ri[R_H_WIRE]! >>> 0, rf[RF_H_US]!, LINKTYPE_ETHERNET, rf[RF_H_REF]!);
      // past the address cap's doubling the bindings leave the arena: the rest of the buffer goes to the JavaScript scan
      if (t.arena !== arena || t.bSlots.buffer !== mem) break;
    }
    r.advance(p - boff, frame - first);
  }
}
