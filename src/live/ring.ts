// The frame ring between the capture callback and the analysis: one
// preallocated Buffer slab cut into power-of-two slots, with typed-array
// metadata. The producer (cap's packet handler) only copies a frame into the
// next slot and stamps its time; the consumer drains in batches. When the
// consumer falls behind, new frames are dropped and counted: memory never
// grows, whatever the wire does.

export const RING_TRUNCATED = 1;

export class FrameRing {
  readonly slots: number;
  readonly slotSize: number;
  readonly slab: Buffer;
  readonly caplen: Uint32Array;
  readonly len: Uint32Array;
  readonly tsUs: Float64Array;
  readonly flags: Uint8Array;
  private readonly mask: number;
  private head = 0; // frames ever pushed (next write)
  private tail = 0; // frames ever drained (next read)
  /** Frames dropped because the ring was full. */
  drops = 0;
  /** Frames cut to the slot size. */
  truncated = 0;
  /** Most slots ever in use at once. */
  highWater = 0;

  constructor(slotBits = 13, slotSize = 512) {
    if (slotBits < 1 || slotBits > 20) throw new RangeError('slotBits must be 1..20');
    this.slots = 1 << slotBits;
    this.mask = this.slots - 1;
    this.slotSize = slotSize;
    this.slab = Buffer.alloc(this.slots * slotSize);
    this.caplen = new Uint32Array(this.slots);
    this.len = new Uint32Array(this.slots);
    this.tsUs = new Float64Array(this.slots);
    this.flags = new Uint8Array(this.slots);
  }

  /** Frames waiting to be drained. */
  get fill(): number {
    return this.head - this.tail;
  }

  /**
   * Copies a frame of `nbytes` bytes from `src` into the next slot. Returns
   * false (and counts a drop) when the ring is full.
   */
  push(src: Uint8Array, nbytes: number, wireLen: number, us: number, truncated: boolean): boolean {
    const used = this.head - this.tail;
    if (used >= this.slots) {
      this.drops++;
      return false;
    }
    const i = this.head & this.mask;
    let n = nbytes;
    let f = truncated ? RING_TRUNCATED : 0;
    if (n > this.slotSize) {
      n = this.slotSize;
      f = RING_TRUNCATED;
    }
    if (f) this.truncated++;
    this.slab.set(src.subarray(0, n), i * this.slotSize);
    this.caplen[i] = n;
    this.len[i] = wireLen;
    this.tsUs[i] = us;
    this.flags[i] = f;
    this.head++;
    if (used + 1 > this.highWater) this.highWater = used + 1;
    return true;
  }

  /**
   * Hands up to `max` frames to `fn(slab, offset, caplen, len, us)` in order
   * and frees their slots. Returns how many were handed over.
   */
  drain(max: number, fn: (slab: Buffer, off: number, caplen: number, len: number, us: number) => void): number {
    let n = 0;
    while (n < max && this.tail < this.head) {
      const i = this.tail & this.mask;
      fn(this.slab, i * this.slotSize, this.caplen[i]!, this.len[i]!, this.tsUs[i]!);
      this.tail++;
      n++;
    }
    return n;
  }
}
