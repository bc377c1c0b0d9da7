// A live capture session: cap's packet handler copies each frame into the
// ring and stamps its time; a drain loop feeds the ring to the engine (and to
// the --write file) in batches, yielding to the event loop between batches.
// The engine sees exactly the frames written, with the same timestamps, so a
// replay of the file gives the same report.
import { performance } from 'node:perf_hooks';
import { Engine, EngineOptions } from '../engine/engine.js';
import { FrameRing } from './ring.js';
import { type CapDevice, capLinktype, CapHandle, CaptureUnavailable, defaultInterface, explainOpenError, interfaceExists, interfaceMac, interfaceUp, loadCap, newCap } from './cap.js';
import { parseIp } from '../util/addr.js';
import { dropPrivileges, targetUser, type Account } from './privileges.js';
import { fileSink, PcapWriter } from '../pcap/writer.js';
import type { InputInfo } from '../pcap/reader.js';
import type { CaptureJson } from '../report/schema.js';

/**
 * Bytes kept of each frame. ARP, VRRP and tunnelled ARP are far shorter; with
 * the patched cap this is also libpcap's snaplen, and in immediate mode each
 * slot of the kernel's ring is this large, so a small one lets the ring hold
 * more frames (~15,000 in KERNEL_BUFFER) before the kernel drops.
 */
export const CAPTURE_SNAPLEN = 2048;
/** The kernel's capture buffer (libpcap's buffer size). */
export const KERNEL_BUFFER = 32 * 1024 * 1024;
/** How often packet time is moved on when no frame arrives (ms), and how far behind the wall clock it stays (µs). */
const CLOCK_MS = 250;
const CLOCK_LAG_US = 200_000;

/** What libpcap's pcap_stats() says (the patched cap's stats()). */
export interface KernelStats {
  received: number;
  dropped: number;
  ifDropped: number;
}

/**
 * What the analysis reads: ARP, VRRP/CARP, HSRP, GLBP, IPv6 neighbour
 * discovery (without extension headers), and VXLAN and Geneve (their inner
 * frames are analysed per VNI).
 */
const WANTED = 'arp or ip proto 112 or ip6 proto 112 or udp dst port 1985 or udp dst port 3222 or (icmp6 and ip6[40] >= 133 and ip6[40] <= 137) or udp dst port 4789 or udp dst port 6081';
/** Tags the analysis decodes (decode/link.ts), and so the capture takes. */
const MAX_TAGS = 4;
/**
 * WANTED untagged or under up to MAX_TAGS 802.1Q/802.1ad tags: each `vlan`
 * shifts libpcap's offsets by one tag for the rest of the expression, so the
 * levels nest.
 */
export const DEFAULT_FILTER = Array.from({ length: MAX_TAGS }).reduce<string>((inner) => `${WANTED} or (vlan and (${inner}))`, WANTED);

export interface LiveOptions {
  iface?: string;
  filter?: string;
  write?: string;
  user?: string;
  engine?: Partial<EngineOptions>;
  ringBits?: number;
  slotSize?: number;
  /** Frames analysed per drain batch before yielding to the event loop. */
  batch?: number;
  /** Stop after this many frames (tcpdump -c): later frames in the ring are not analysed; onLimit is called once. */
  count?: number;
  onLimit?: () => void;
}

export class LiveSession {
  readonly engine: Engine;
  readonly ring: FrameRing;
  iface = '';
  filter: string;
  linktype = -1;
  linktypeName = '';
  frames = 0;
  /** Who the process runs as after opening the handle (null: unchanged). */
  droppedTo: Account | null = null;
  private cap: CapHandle | null = null;
  private writer: PcapWriter | null = null;
  private closeWriter: (() => void) | null = null;
  private scheduled = false;
  private flushTimer: NodeJS.Timeout | null = null;
  /** Moves packet time on a quiet wire (see open()). */
  private clockTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly capBuf = Buffer.alloc(CAPTURE_SNAPLEN);
  /** The kernel's counts at the end of the capture (null: cap without pcap_stats). */
  private kernel: KernelStats | null = null;
  private readonly batch: number;

  constructor(private readonly opts: LiveOptions) {
    this.engine = new Engine(opts.engine);
    this.ring = new FrameRing(opts.ringBits ?? 13, opts.slotSize ?? 512);
    this.filter = opts.filter ?? DEFAULT_FILTER;
    this.batch = opts.batch ?? 2048;
  }

  /** The capture handle is open and not stopped. */
  get running(): boolean {
    return this.cap !== null && !this.stopped;
  }

  /** Opens the handle, drops privileges, opens the --write file. Throws CaptureUnavailable. */
  start(): void {
    const mod = loadCap();
    this.iface = this.opts.iface ?? defaultInterface();
    if (interfaceExists(this.iface) === false) throw explainOpenError(this.iface, new Error('no such device'));
    if (interfaceUp(this.iface) === false) throw new CaptureUnavailable(`${this.iface}: interface is down: ip link set ${this.iface} up`);
    const c = newCap(mod);
    let lt: string;
    try {
      lt = c.open(this.iface, this.filter, KERNEL_BUFFER, this.capBuf);
    } catch (e) {
      throw explainOpenError(this.iface, e);
    }
    c.setMinBytes?.(0);
    this.cap = c;
    this.linktypeName = lt;
    this.linktype = capLinktype(lt);
    this.protectOwn(mod);
    const ring = this.ring;
    const buf = this.capBuf;
    c.on('packet', (nbytes: number, truncated: boolean) => {
      // the producer: copy and stamp, nothing else (cap reuses its buffer and gives no timestamp)
      ring.push(buf, nbytes, nbytes, Math.round((performance.timeOrigin + performance.now()) * 1000), truncated);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.pump);
      }
    });
    const user = targetUser(this.opts.user);
    if (user) this.droppedTo = dropPrivileges(user);
    // packet time is the wall clock here: on a quiet wire it still passes, so verdicts due by now are
    // reached without waiting for the next frame (only once the ring is drained, and a little behind:
    // frames still on their way from the kernel keep their place)
    this.clockTimer = setInterval(() => {
      if (this.ring.fill === 0 && !this.stopped) this.engine.advance((performance.timeOrigin + performance.now()) * 1000 - CLOCK_LAG_US);
    }, CLOCK_MS);
    this.clockTimer.unref();
    if (this.opts.write) {
      try {
        const f = fileSink(this.opts.write);
        this.writer = new PcapWriter(f.sink, { linktype: this.linktype, snaplen: this.ring.slotSize });
        this.closeWriter = f.close;
      } catch (e) {
        this.stopCapture();
        throw new CaptureUnavailable(`--write ${this.opts.write}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}${this.droppedTo ? ` (writing as ${this.droppedTo.name})` : ''}`);
      }
      // flush once a second so the file is a valid pcap up to the last second even if we are killed
      this.flushTimer = setInterval(() => this.writer?.flush(), 1000);
      this.flushTimer.unref();
    }
  }

  /** This interface's own IPv4 addresses: a claim of one by another MAC is an error (arp.claim.own-address). */
  private protectOwn(mod: ReturnType<typeof loadCap>): void {
    const mac = interfaceMac(this.iface);
    if (mac < 0) return;
    let devs: CapDevice[] = [];
    try {
      devs = mod.Cap.deviceList();
    } catch {
      return;
    }
    for (const a of devs.find((d) => d.name === this.iface)?.addresses ?? []) {
      const ip = parseIp(a.addr);
      if (ip >= 0) this.engine.protect(ip, mac);
    }
  }

  /** The consumer: analyses up to one batch, then yields. */
  readonly pump = (): void => {
    this.scheduled = false;
    const n = this.ring.drain(this.batch, this.onFrame);
    if (n === this.batch && this.ring.fill > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(this.pump);
    }
  };

  private readonly onFrame = (slab: Buffer, off: number, caplen: number, len: number, us: number): void => {
    const limit = this.opts.count ?? 0;
    if (limit > 0 && this.frames >= limit) return;
    this.frames++;
    if (this.frames === limit) setImmediate(() => this.opts.onLimit?.());
    const ctx = this.engine.ctx;
    ctx.us = us;
    ctx.ref = this.frames;
    this.engine.processFrame(slab, off, caplen, len, this.linktype);
    this.writer?.write(slab.subarray(off, off + caplen), us, len, caplen);
  };

  /** The kernel's counts now, when cap can tell (the patched cap has stats()); null otherwise. */
  kernelStats(): KernelStats | null {
    if (this.cap && typeof this.cap.stats === 'function') {
      try {
        this.kernel = this.cap.stats();
      } catch {
        /* the handle is closing */
      }
    }
    return this.kernel;
  }

  private stopCapture(): void {
    if (this.cap) {
      this.kernelStats(); // the last counts, before the handle goes
      this.cap.removeAllListeners('packet');
      try {
        this.cap.close();
      } catch {
        /* already closed */
      }
      this.cap = null;
    }
  }

  /** Stops capturing, analyses what the ring still holds, closes the file. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.stopCapture();
    while (this.ring.drain(1 << 20, this.onFrame) > 0);
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.clockTimer) clearInterval(this.clockTimer);
    if (this.writer) {
      this.writer.flush();
      this.closeWriter?.();
      this.writer = null;
    }
    this.engine.finish();
  }

  /** The live input as the report lists inputs. */
  inputInfo(): InputInfo {
    return { path: `live:${this.iface}`, format: 'live', compressed: false, linktypes: this.linktype >= 0 ? [this.linktype] : [], frames: this.frames, error: null, badTimestamps: 0, badTimestampFrames: [] };
  }

  /** Capture figures for the report. */
  captureStats(): CaptureJson {
    const k = this.kernelStats();
    return {
      interface: this.iface,
      filter: this.filter,
      linktype: this.linktypeName,
      frames: this.frames,
      ringSlots: this.ring.slots,
      ringSlotBytes: this.ring.slotSize,
      ringHighWater: this.ring.highWater,
      ringDrops: this.ring.drops,
      truncatedFrames: this.ring.truncated,
      kernelDrops: k ? k.dropped + k.ifDropped : null,
      kernelDropsNote: k
        ? 'pcap_stats(): frames the kernel dropped for lack of room in its capture buffer, and the interface dropped'
        : 'not obtainable: this cap build has no stats() (arpaudit\'s install step patches it: run node scripts/patch-cap.mjs in the arpaudit package, with libpcap-dev installed)',
      runningAs: this.droppedTo ? this.droppedTo.name : null,
    };
  }
}
