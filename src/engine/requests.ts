// Who asks too much: a MAC asking for many distinct addresses quickly (a
// scan: arp-scan, nmap, netdiscover, a worm's sweep) or re-asking for the
// same few at a high rate (a request storm: a router repeating unanswered
// requests, a loop). Every request counts toward its sender's one-second
// window in the binding record; only a sender that reaches --scan-rate in a
// window is watched (an object of its own), so ordinary traffic, even a busy
// gateway's, costs one counter per request.
import type { FrameCtx } from './ctx.js';
import { type IncidentStore, MAX_EVIDENCE, type Watch } from './incidents.js';

export type { Watch } from './incidents.js';
import type { EngineOptions } from './options.js';
import type { Tables } from './tables.js';
import type { Silence } from './silence.js';
import { TWO32 } from '../util/addr.js';

/** Requests are counted per sender over windows of this length (µs). */
const WINDOW_US = 1e6;
/** Distinct targets remembered per watched sender; past it they are counted as new. */
const MAX_TARGETS = 65536;
/** Senders watched at once; more are counted. */
const MAX_WATCHED = 1024;
/** A window is re-asking when at most this share of its requests are for new targets. */
const STORM_NEW_SHARE = 0.25;
/** A watched sender is checked for a scan every this many new targets (a power of two). */
const SCAN_CHECK_EVERY = 32;
/** A scan: at least this share of the addresses asked for never answered. */
const SCAN_SILENT_SHARE = 0.5;

export class RequestWatch {
  readonly watches: Watch[] = [];
  watchesDropped = 0;

  constructor(
    private readonly opts: EngineOptions,
    private readonly ctx: FrameCtx,
    private readonly tables: Tables,
    private readonly incidents: IncidentStore,
    private readonly silence: Silence,
  ) {}

  /** A who-has from binding b (address a) for target tpa (int32). */
  request(b: number, vlan: number, spa: number, tpa: number): void {
    const n = this.tables.requestTick(b, WINDOW_US);
    let w: number;
    if (n < 0) w = -1 - n;
    else {
      if (n < this.opts.scanRate) return;
      w = this.watch(b, vlan, spa, n - 1);
      if (w < 0) return;
    }
    this.update(this.watches[w]!, tpa >>> 0);
  }

  /** Starts watching a sender that reached --scan-rate; its `earlier` requests of this window are counted (their targets were not kept). */
  private watch(b: number, vlan: number, spa: number, earlier: number): number {
    if (this.watches.length >= MAX_WATCHED) {
      this.watchesDropped++;
      return -1;
    }
    const { us, ref } = this.ctx;
    const w = this.watches.length;
    this.watches.push({
      vlan, ip: spa >>> 0, mac: this.tables.mac(b), firstUs: this.tables.requestWindowStart(b), firstRef: ref, lastUs: us, lastRef: ref, requests: earlier, targets: new Set(), targetsOver: 0,
      minTarget: Infinity, maxTarget: -Infinity, winUs: us, winRequests: 0, winNew: 0, peakPerSecond: 0, stormWindows: 0, stormPeak: 0, refs: [], scan: false,
    });
    this.tables.setWatch(b, w);
    return w;
  }

  private update(w: Watch, target: number): void {
    const { us, ref } = this.ctx;
    if (us - w.winUs >= WINDOW_US) this.closeWindow(w, us);
    w.requests++;
    w.winRequests++;
    w.lastUs = us;
    w.lastRef = ref;
    if (w.refs.length < MAX_EVIDENCE) w.refs.push(ref);
    if (!w.targets.has(target)) {
      if (w.targets.size < MAX_TARGETS) w.targets.add(target);
      else w.targetsOver++;
      w.winNew++;
      if (target < w.minTarget) w.minTarget = target;
      if (target > w.maxTarget) w.maxTarget = target;
    }
    if (w.winRequests > w.peakPerSecond) w.peakPerSecond = w.winRequests;
    if (w.scan) this.raise('arp.scan', w);
    else if (w.winNew > 0 && (w.targets.size & (SCAN_CHECK_EVERY - 1)) === 0) this.checkScan(w);
  }

  /**
   * A scan asks for many addresses, most of which never answer: a gateway
   * refreshing its neighbours asks as many, quickly, and they answer.
   */
  private checkScan(w: Watch): void {
    const distinct = w.targets.size + w.targetsOver;
    if (distinct < this.opts.scanTargets) return;
    let silent = 0;
    for (const x of w.targets) if (this.silence.unheard.has(w.vlan * TWO32 + x)) silent++;
    if (silent < w.targets.size * SCAN_SILENT_SHARE) return;
    w.scan = true;
    this.raise('arp.scan', w);
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

  /** The end of the capture (after silence.finish(): every unanswered request known): the last windows are judged too. */
  finish(): void {
    for (const w of this.watches) {
      if (!w.scan) this.checkScan(w);
      this.closeWindow(w, w.lastUs);
    }
  }

  private raise(code: 'arp.scan' | 'arp.request.storm', w: Watch): void {
    const inc = this.incidents.open(code, w.vlan, w.ip, w.firstUs);
    if (!inc) return;
    inc.data.watch = w;
    inc.addMac(w.mac);
    if (inc.count === 0) for (const r of w.refs) inc.evidence(r);
    this.incidents.hit(inc, w.lastUs, w.lastRef);
  }
}
