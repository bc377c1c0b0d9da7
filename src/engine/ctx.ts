// The frame being analysed, shared by the engine's parts. Its time and
// evidence reference are doubles; handing them over through this object
// rather than as arguments keeps them unboxed on the per-frame path (V8 boxes
// a double passed to a function it did not inline: an allocation per call).
export class FrameCtx {
  /** Packet time in microseconds since the epoch. */
  us = 0;
  /** Evidence reference: input index * REF_INPUT + frame number. */
  ref = 0;
  /** What the frame is when it is not ARP (EV_* of evidence-log.ts), for the evidence it gives; set before it is analysed. */
  kind = 0;
}

/** Evidence references name a frame as input index * REF_INPUT + 1-based frame number. */
export const REF_INPUT = 4294967296;

export function refFrame(ref: number): number {
  return ref % REF_INPUT;
}

export function refInput(ref: number): number {
  return Math.floor(ref / REF_INPUT);
}
