// What each evidence frame was: its time, its sender MAC and its kind,
// noted when a detector cites the frame it is analysing (the one moment it
// is known without reading the capture again). Only cited frames are noted,
// so the log costs nothing per frame; it is capped, and what the cap kept
// out is counted. The report lists these frames for pictures and tooltips.
import type { FrameCtx } from './ctx.js';

/** Kinds beyond the ARP kinds (kinds.ts, 0..6): adverts and other frames. */
export const EV_ADVERT = 16;
export const EV_ROUTER_ADVERT = 17;
export const EV_OTHER = 18;

/** Frames noted at most. */
export const EVIDENCE_LOG_CAP = 65_536;

export class EvidenceLog {
  private readonly index = new Map<number, number>();
  readonly refs = new Float64Array(EVIDENCE_LOG_CAP);
  readonly us = new Float64Array(EVIDENCE_LOG_CAP);
  readonly macs = new Float64Array(EVIDENCE_LOG_CAP);
  readonly kinds = new Uint8Array(EVIDENCE_LOG_CAP);
  size = 0;
  /** Cited frames not noted because the log was full. */
  full = 0;

  constructor(
    private readonly ctx: FrameCtx,
    /** The current frame's kind and sender MAC (-1: none), from the engine's state for it. */
    private readonly current: () => { kind: number; mac: number },
  ) {}

  /** A detector cites frame `ref`: noted when it is the frame being analysed and not noted yet. */
  note(ref: number): void {
    if (ref !== this.ctx.ref || this.index.has(ref)) return;
    if (this.size >= EVIDENCE_LOG_CAP) {
      this.full++;
      return;
    }
    const c = this.current();
    const i = this.size++;
    this.refs[i] = ref;
    this.us[i] = this.ctx.us;
    this.macs[i] = c.mac;
    this.kinds[i] = c.kind;
    this.index.set(ref, i);
  }

  /** The slot of a noted frame, or -1. */
  find(ref: number): number {
    return this.index.get(ref) ?? -1;
  }
}
