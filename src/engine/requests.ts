// Who asks too much: a MAC asking for many distinct addresses that never
// answer (a scan: arp-scan, nmap, netdiscover, a worm's sweep, a router
// asking for a dead range) or re-asking for the same few at a high rate (a
// request storm: a router repeating unanswered requests, a loop).
//
// Every check is O(1) per frame, on counts kept as the evidence arrives (as
// Zeek's SumStats reduces observations per key in epochs); nothing walks
// what was kept:
// - every request counts toward its sender's one-second window in the
//   binding record; a sender reaching --scan-rate there is watched per
//   request (an object of its own) and its windows are judged for a storm as
//   they close;
// - the pending table tells of each request nobody answered, one window
//   after it was sent (or when the capture ends); its sender is watched from
//   then on, with no cost per request: the distinct targets it left
//   unanswered that never answered anyone are counted in epochs of half the
//   scan window, and so are its requests answered (the request's pending slot
//   is tagged with the watch). A scan is --scan-targets distinct silent
//   targets within the last two epochs, with at least half the sender's
//   requests judged there unanswered.
import type { FrameCtx } from './ctx.js';
import { type IncidentStore, MAX_EVIDENCE, type Watch } from './incidents.js';
import { K_REQUEST } from './kinds.js';
import type { EngineOptions } from './options.js';
import type { PendingRequests } from './pending.js';
import type { Tables } from './tables.js';
import { IntMap } from '../util/int-set.js';

export type { Watch } from './incidents.js';

/** Requests are counted per sender over windows of this length (µs). */
const WINDOW_US = 1e6;
/** Distinct targets remembered per watched sender; past it they are counted as new. */
const MAX_TARGETS = 65536;
/** Senders watched at once; past it a stale one is reused, else the newcomer is counted. */
const MAX_WATCHED = 4096;
/** Watches looked at for reuse when the list is full. */
const REUSE_TRIES = 8;
/** A window is re-asking when at most this share of its requests are for new targets. */
const STORM_NEW_SHARE = 0.25;
/** A scan: at least this share of the sender's requests judged in the scan window went unanswered. */
const SCAN_SILENT_SHARE = 0.5;
/** Distinct unanswered targets are counted in epochs of this length; a scan is judged over two (µs). */
export const SCAN_EPOCH_US = 30e6;
/**
 * A pending request's tag names its sender's watch: 1 + the watch's index in
 * the low bits, and above them the generation of that index (bumped when the
 * index is given to another sender), so an answer to a request of a sender
 * whose watch was reused since is told apart without reading the watch.
 */
const TAG_INDEX_BITS = 13; // holds MAX_WATCHED (4,096) + 1
const TAG_INDEX_MASK = (1 << TAG_INDEX_BITS) - 1;
const TAG_GEN_MASK = (1 << (31 - TAG_INDEX_BITS)) - 1;

export class RequestWatch {
  readonly watches: Watch[] = [];
  watchesDropped = 0;
  /** The next watch to consider reusing when the list is full (oldest first). */
  private reuse = 0;
  // What an answer updates, per watch index, in typed arrays (a reply reads no watch object): the
  // generation of the index, the current epoch (packet time / SCAN_EPOCH_US) and its requests answered
  private readonly gen = new Int32Array(MAX_WATCHED);
  private readonly epochOf = new Float64Array(MAX_WATCHED);
  private readonly answeredIn = new Int32Array(MAX_WATCHED);

  constructor(
    private readonly opts: EngineOptions,
    private readonly ctx: FrameCtx,
    private readonly tables: Tables,
    private readonly incidents: IncidentStore,
    private readonly pending: PendingRequests,
  ) {}

  /** A who-has from binding b for target tpa (int32): one counter, unless b is watched per request. */
  request(b: number, vlan: number, spa: number, tpa: number): void {
    const t = this.tables;
    const n = t.requestTick(b, WINDOW_US);
    let i: number;
    if (n < 0) i = -1 - n;
    else {
      // the request's slot names the sender's watch, so its answer is counted there
      const s = t.sweepOf(b);
      if (s >= 0) this.pending.setTag(this.pending.lastSlot, this.tagOf(s));
      if (n < this.opts.scanRate) return;
      i = t.sweepOf(b);
      if (i < 0) {
        i = this.watch(b, vlan, spa);
        if (i < 0) return;
        this.watches[i]!.requestBase = t.count(b, K_REQUEST) - n;
      }
      const w = this.watches[i]!;
      // counted per request from now on; its earlier requests of this window were counted in the record, their targets not kept
      t.setWatch(b, i);
      w.fast = true;
      w.requests = t.count(b, K_REQUEST) - 1 - w.requestBase;
      if (w.requests === n - 1) w.firstUs = t.requestWindowStart(b);
    }
    this.pending.setTag(this.pending.lastSlot, this.tagOf(i));
    this.update(this.watches[i]!, tpa);
  }

  private tagOf(i: number): number {
    return (this.gen[i]! << TAG_INDEX_BITS) | (i + 1);
  }

  /** The first answer to the request in pending-table slot `slot`: an outcome for its sender, if watched. */
  answered(slot: number): void {
    const tag = this.pending.tag(slot);
    if (tag === 0) return;
    const i = (tag & TAG_INDEX_MASK) - 1;
    // the watch may have been reused for another sender since
    if (this.gen[i] !== tag >>> TAG_INDEX_BITS) return;
    this.roll(i);
    this.answeredIn[i]!++;
  }

  /** A request in pending-table slot `slot` that nobody answered (or that the end of the capture cut short); `known`: its target has a record. */
  unanswered(slot: number, known: boolean): void {
    const p = this.pending;
    const t = this.tables;
    const vlan = p.vlanOf(slot);
    const b = t.findBinding(vlan, p.reqIpS(slot), p.reqMac(slot));
    if (b < 0) return;
    let i = t.sweepOf(b);
    if (i < 0) {
      i = this.watch(b, vlan, p.reqIpS(slot));
      if (i < 0) return;
      const w = this.watches[i]!;
      // watched from its first unanswered request: that request is its first
      w.firstUs = w.lastUs = p.us(slot);
      w.firstRef = w.lastRef = p.ref(slot);
      w.requestBase = t.count(b, K_REQUEST) - 1;
    }
    const w = this.watches[i]!;
    this.roll(i);
    if (!w.fast) {
      // a sender not counted per request: its record has the counts
      w.requests = t.count(b, K_REQUEST) - w.requestBase;
      const recent = t.requestsInWindow(b, WINDOW_US);
      if (recent > w.peakPerSecond) w.peakPerSecond = recent;
      if (p.us(slot) >= w.lastUs) {
        w.lastUs = p.us(slot);
        w.lastRef = p.ref(slot);
      }
    }
    w.unansweredRequests++;
    w.epochUnanswered++;
    const target = p.tgtIpS(slot);
    // a target is silent when its address never answered anyone (the tables have no record of it)
    if (known) return;
    // a target counts once per scan window: the map keeps the epoch it was counted in, relative to
    // the watch's first (an int32 however odd the capture's clock), and a target counted in this
    // epoch or the one before is not counted again
    const epoch = this.epochOf[i]! - w.epochBase;
    if (!w.silent.renew(target, epoch, epoch - 1, MAX_TARGETS)) return;
    w.silentTotal++;
    w.epochSilent++;
    if (w.silentRefs.length < MAX_EVIDENCE) w.silentRefs.push(p.ref(slot));
    minMax(w, target >>> 0);
    if (!w.scan && this.isScan(i)) {
      w.scan = true;
      this.raise('arp.scan', w);
    }
  }

  /** Starts watching binding b; -1 when the list is full of senders still active or reported. */
  private watch(b: number, vlan: number, spa: number): number {
    const t = this.tables;
    const { us, ref } = this.ctx;
    let i = this.watches.length;
    if (i >= MAX_WATCHED) {
      i = this.reusable(us);
      if (i < 0) {
        this.watchesDropped++;
        return -1;
      }
      const old = this.watches[i]!;
      const ob = t.findBinding(old.vlan, old.ip | 0, old.mac);
      if (ob >= 0) {
        t.setWatch(ob, -1);
        t.setSweep(ob, -1);
      }
    }
    const base = t.count(b, K_REQUEST);
    const w: Watch = {
      vlan, ip: spa >>> 0, mac: t.mac(b), firstUs: us, firstRef: ref, lastUs: us, lastRef: ref, requests: 0, requestBase: base, targets: new IntMap(), targetsOver: 0,
      minTarget: Infinity, maxTarget: -Infinity, winUs: us, winRequests: 0, winNew: 0, peakPerSecond: 0, stormWindows: 0, stormPeak: 0, refs: [], silentRefs: [], scan: false, inc: null, fast: false,
      silent: new IntMap(), silentTotal: 0, unansweredRequests: 0, epochBase: Math.floor(us / SCAN_EPOCH_US), epochUnanswered: 0, epochSilent: 0, prevAnswered: 0, prevUnanswered: 0, prevSilent: 0,
    };
    if (i === this.watches.length) this.watches.push(w);
    else this.watches[i] = w;
    this.gen[i] = (this.gen[i]! + 1) & TAG_GEN_MASK;
    this.epochOf[i] = w.epochBase;
    this.answeredIn[i] = 0;
    t.setSweep(b, i);
    return i;
  }

  /** A watch to reuse, oldest first among a few: its sender quiet for a scan window and nothing raised; -1 if none. */
  private reusable(us: number): number {
    for (let k = 0; k < REUSE_TRIES; k++) {
      const i = this.reuse;
      this.reuse = (i + 1) % MAX_WATCHED;
      const old = this.watches[i]!;
      if (!old.scan && old.stormWindows === 0 && us - old.lastUs >= 2 * SCAN_EPOCH_US) return i;
    }
    return -1;
  }

  /** A request of a sender watched per request (it reached --scan-rate); `target` as int32. */
  private update(w: Watch, target: number): void {
    const { us, ref } = this.ctx;
    if (us - w.winUs >= WINDOW_US) this.closeWindow(w, us);
    w.requests++;
    w.winRequests++;
    w.lastUs = us;
    w.lastRef = ref;
    // more of a scan already reported: its evidence grows, it is not a new occurrence
    if (w.scan && w.inc !== null) this.incidents.extend(w.inc, us, ref);
    if (w.winRequests > w.peakPerSecond) w.peakPerSecond = w.winRequests;
    if (w.refs.length < MAX_EVIDENCE) w.refs.push(ref);
    // a storm re-asks what it asked within the window (the pending table knows): a gateway refreshing
    // hundreds of neighbours that answer asks each once, however fast
    if (!this.pending.lastReasked) w.winNew++;
    // the distinct targets, for the finding (past MAX_TARGETS, one not remembered counts each time)
    if (w.targets.size < MAX_TARGETS) {
      if (w.targets.add(target)) minMax(w, target >>> 0);
    } else if (!w.targets.has(target)) {
      w.targetsOver++;
      minMax(w, target >>> 0);
    }
  }

  /** Moves a watch's epoch counts on to the epoch of the current time. */
  private roll(i: number): void {
    const e = Math.floor(this.ctx.us / SCAN_EPOCH_US);
    const cur = this.epochOf[i]!;
    if (e === cur) return;
    const w = this.watches[i]!;
    const adjacent = e === cur + 1;
    w.prevAnswered = adjacent ? this.answeredIn[i]! : 0;
    w.prevUnanswered = adjacent ? w.epochUnanswered : 0;
    w.prevSilent = adjacent ? w.epochSilent : 0;
    this.answeredIn[i] = w.epochUnanswered = w.epochSilent = 0;
    this.epochOf[i] = e;
    // entries older than the two epochs judged no longer count: dropped once they are many (amortised: each is walked twice at most)
    if (w.silent.size >= 4 * this.opts.scanTargets) w.silent.dropBelow(e - 1 - w.epochBase);
  }

  /** Many distinct targets unanswered within the scan window, and most of the sender's requests judged there. */
  private isScan(i: number): boolean {
    const w = this.watches[i]!;
    if (w.epochSilent + w.prevSilent < this.opts.scanTargets) return false;
    const unanswered = w.epochUnanswered + w.prevUnanswered;
    return unanswered >= (unanswered + this.answeredIn[i]! + w.prevAnswered) * SCAN_SILENT_SHARE;
  }

  private closeWindow(w: Watch, us: number): void {
    if (!w.scan && w.winRequests >= this.opts.requestStormRate && w.winNew <= w.winRequests * STORM_NEW_SHARE) {
      w.stormWindows++;
      if (w.winRequests > w.stormPeak) w.stormPeak = w.winRequests;
      this.raise('arp.request.storm', w);
    }
    w.winUs = us;
    w.winRequests = 0;
    w.winNew = 0;
  }

  /** The end of the capture, after every pending request was reported: the last windows are judged. */
  finish(): void {
    for (const w of this.watches) if (w.fast) this.closeWindow(w, w.lastUs);
  }

  private raise(code: 'arp.scan' | 'arp.request.storm', w: Watch): void {
    const inc = this.incidents.open(code, w.vlan, w.ip, w.firstUs);
    if (!inc) return;
    inc.data.watch = w;
    if (inc.is('arp.scan')) w.inc = inc;
    inc.addMac(w.mac);
    // a scan's evidence is the requests nobody answered; a storm's, the requests
    if (inc.count === 0) for (const r of code === 'arp.scan' ? w.silentRefs : w.refs) inc.evidence(r);
    this.incidents.hit(inc, w.lastUs, w.lastRef);
  }
}

function minMax(w: Watch, target: number): void {
  if (target < w.minTarget) w.minTarget = target;
  if (target > w.maxTarget) w.maxTarget = target;
}
