// The frame being analysed, shared by the engine's parts. Its time and
// evidence reference are doubles; handing them over through this object
// rather than as arguments keeps them unboxed on the per-frame path (V8 boxes
// a double passed to a function it did not inline: an allocation per call).
export class FrameCtx {
  /** Packet time in microseconds since the epoch. */
  us = 0;
  /** Evidence reference: input index * 2^32 + frame number. */
  ref = 0;
}
