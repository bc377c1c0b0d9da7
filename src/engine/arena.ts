// Memory shared by the engine's tables and the WebAssembly scan (scan.wat):
// one WebAssembly.Memory holding, at fixed offsets, the capture reader's
// buffer, the pending-request table, the binding index at its largest, the
// binding records for the whole address cap, and the address records and
// index likewise. Sized once and never grown,
// so no view of it is ever invalidated; the kernel maps its pages only as
// they are first written, so the resident size follows what is used.
import { A_BYTES, B_BYTES, slotsFor } from './tables.js';
import { SLOT_BYTES } from './pending.js';

const PAGE = 65536;

function up(n: number): number {
  return Math.ceil(n / PAGE) * PAGE;
}

export class WasmArena {
  readonly memory: WebAssembly.Memory;
  /** The capture reader's slabs. */
  readonly readOff = 0;
  readonly readBytes: number;
  /** Where a call of the WebAssembly scan leaves its results (one page). */
  readonly resOff: number;
  readonly pendOff: number;
  readonly pendBytes: number;
  readonly slotsOff: number;
  readonly slotsBytes: number;
  readonly recsOff: number;
  readonly recsBytes: number;
  /** The address records for the whole cap, and the address index at its largest. */
  readonly addrsOff: number;
  readonly addrsBytes: number;
  readonly aSlotsOff: number;
  readonly aSlotsBytes: number;
  /** Hosts (address and binding) the WebAssembly scan created itself, for tests and the bench. */
  newHosts = 0;
  /** Frames the WebAssembly scan has analysed in this arena, and whether the file was read ahead (for tests and the bench). */
  scannedFrames = 0;
  readAhead = false;

  /**
   * Read slabs: SLABS of SLAB_PRE + SLAB_DATA bytes from readOff. The reader
   * starts in the first (as one plain buffer) and, on a file of small frames,
   * reads the other ahead on the thread pool while it analyses one (see
   * CaptureReader.readAhead). Two of 1 MiB rather than three of 512 KiB: each
   * read handed to the pool costs this thread ~20-30 µs (waking a pool
   * thread), and a third slab bought nothing (10 M frames in process, medians
   * of 10 interleaved runs: 0.59 s against 0.65 s).
   */
  static readonly SLABS = 2;
  static readonly SLAB_PRE = 64 * 1024;
  static readonly SLAB_DATA = 1024 * 1024;

  private constructor(maxAddresses: number, pendingBits: number) {
    this.readBytes = up(WasmArena.SLABS * (WasmArena.SLAB_PRE + WasmArena.SLAB_DATA));
    this.resOff = this.readBytes;
    this.pendOff = this.resOff + PAGE;
    this.pendBytes = up((1 << pendingBits) * SLOT_BYTES);
    this.slotsOff = this.pendOff + this.pendBytes;
    this.slotsBytes = up(slotsFor(2 * maxAddresses + 2) * 4);
    this.recsOff = this.slotsOff + this.slotsBytes;
    this.recsBytes = up((2 * maxAddresses + 2) * B_BYTES);
    this.addrsOff = this.recsOff + this.recsBytes;
    this.addrsBytes = up((maxAddresses + 2) * A_BYTES);
    this.aSlotsOff = this.addrsOff + this.addrsBytes;
    this.aSlotsBytes = up(slotsFor(maxAddresses + 2) * 4);
    const pages = (this.aSlotsOff + this.aSlotsBytes) / PAGE;
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  }

  /** Largest arena tried (bytes); beyond it, or where the memory is refused, the engine uses its own arrays. */
  static readonly LIMIT = 1 << 30;

  /** An arena for these limits, or null when it would be too large or cannot be had. */
  static create(maxAddresses: number, pendingBits: number): WasmArena | null {
    if ((1 << pendingBits) * SLOT_BYTES + (2 * maxAddresses + 2) * (B_BYTES + 8) + (maxAddresses + 2) * (A_BYTES + 8) > WasmArena.LIMIT) return null;
    try {
      return new WasmArena(maxAddresses, pendingBits);
    } catch {
      return null;
    }
  }

  get buffer(): ArrayBuffer {
    return this.memory.buffer;
  }
}
