// The analysis engine: deterministic, driven only by packet time, the same code
// for live capture, replay and check. process() is the hot path: it decodes
// into preallocated field objects, updates typed-array tables and touches
// objects only when a problem is first seen or grows.
import { ArpFields, ARP_OK, ARP_STATUS_NAMES, decodeArp, ETHERTYPE_ARP, OP_REQUEST } from '../decode/arp.js';
import { decodeLink, LinkInfo, LINK_OK, LINK_TOO_MANY_TAGS, LINK_TRUNCATED, LINK_UNSUPPORTED } from '../decode/link.js';
import { LINKTYPE_ETHERNET, linktypeSupported } from '../capture/linktype.js';
import { isVirtualMac, readMac } from '../util/addr.js';
import { Burst, GarpTable } from './garp.js';
import { Incident, IncidentStore } from './incidents.js';
import { PendingRequests } from './pending.js';
import { FrameCtx } from './ctx.js';
import type { WasmArena } from './arena.js';
import { VrrpTracker } from './vrrp.js';
import { decodeVrrp4, decodeVrrp6, IPPROTO_VRRP, VrrpFields, VRRP_CARP, VRRP_OK, VRRP_STATUS_NAMES } from '../decode/vrrp.js';
import {
  C_TARGET, K_ANNOUNCE, K_GARP_REPLY, K_GARP_REQUEST, K_PROBE, K_REPLY, K_REQUEST, K_UNSOLICITED, NKINDS, Tables,
} from './tables.js';

export interface EngineOptions {
  /** How long after a request replies count as answers to it (ms). */
  windowMs: number;
  /** GARPs from one (IP, MAC) closer together than this form one burst (ms). */
  burstGapMs: number;
  /** GARPs per second from one (IP, MAC) that make a storm. */
  stormRate: number;
  /** Address table cap; past it the least recently seen addresses are evicted. */
  maxAddresses: number;
  /** Incident cap; past it new incidents are counted, not stored. */
  maxIncidents: number;
  /** A VRRP master change with no GARP for a VIP this long after it lacks its GARP burst (ms). */
  garpWaitMs: number;
  /** GARPs, replies and neighbours this long after a master change belong to its timeline (ms). */
  failoverWindowMs: number;
  /** GARPs expected in the first burst after a takeover (keepalived's default is 5). */
  expectGarps: number;
}

/** Pending-request table: 2^13 slots. */
export const PENDING_BITS = 13;

export const DEFAULT_OPTIONS: EngineOptions = {
  windowMs: 1000,
  burstGapMs: 1000,
  stormRate: 20,
  maxAddresses: 1 << 20,
  maxIncidents: 10000,
  garpWaitMs: 3000,
  failoverWindowMs: 12000,
  expectGarps: 5,
};

function sameMac(b: Uint8Array, x: number, y: number): boolean {
  return b[x] === b[y] && b[x + 1] === b[y + 1] && b[x + 2] === b[y + 2] && b[x + 3] === b[y + 3] && b[x + 4] === b[y + 4] && b[x + 5] === b[y + 5];
}

export class Stats {
  frames = 0;
  bytes = 0;
  arpFrames = 0;
  nonArp = 0;
  readonly kinds = new Float64Array(NKINDS);
  /** Frames whose captured length is below their wire length (snaplen). */
  snapTruncated = 0;
  linkTruncated = 0;
  unsupportedLink = 0;
  tooManyTags = 0;
  arpAnomalies = 0;
  readonly anomalyReasons = new Float64Array(ARP_STATUS_NAMES.length);
  duplicateReplies = 0;
  badSenderMac = 0;
  ethMismatch = 0;
  virtualMismatch = 0;
  timeWentBack = 0;
  vrrpAdverts = 0;
  carpAdverts = 0;
  vrrpAnomalies = 0;
  firstUs = -1;
  lastUs = -1;
}

const TAKEOVER = 'arp.binding.takeover';
const CHANGED = 'arp.binding.changed';
const FLIPFLOP = 'arp.binding.flip-flop';
const RACE = 'arp.race.multi-responder';
const LEAK = 'arp.leak.vip-sender';
const SPOOF = 'arp.spoof.unsolicited-reply';
const PROBE_DEFENDED = 'arp.probe.defended';
const GARP_BURST = 'arp.garp.burst';
const GARP_STORM = 'arp.garp.storm';
const BAD_SENDER = 'arp.frame.bad-sender-mac';
const MISMATCH = 'arp.frame.eth-mismatch';
const ANOMALY = 'arp.decode.anomaly';
const UNSUPPORTED = 'capture.unsupported-link';

/** Incidents whose MAC pairs explain an address changing hands. */
const EXPLAINING = [RACE, LEAK, SPOOF, 'vrrp.vmac-leak'];

/** Bursts kept per incident; more are counted. */
const MAX_BURSTS = 64;
const MAX_MOVES = 32;

export class Engine {
  readonly opts: EngineOptions;
  readonly stats = new Stats();
  readonly tables: Tables;
  /** The frame being analysed (time, evidence reference). */
  readonly ctx = new FrameCtx();
  readonly pending: PendingRequests;
  readonly garp = new GarpTable();
  readonly vrrp: VrrpTracker;
  private readonly vrrpFields = new VrrpFields();
  readonly incidents: IncidentStore;
  /** VLAN keys by index (index 0 = untagged). */
  readonly vlanKeys: number[] = [0];
  private readonly vlanIdx = new Map<number, number>([[0, 0]]);
  /** @internal the VLAN key last interned and its index (read by scan.ts) */ lastVlanKey = 0;
  /** @internal */ lastVlanIdx = 0;
  private readonly link = new LinkInfo();
  private readonly arp = new ArpFields();
  private readonly windowUs: number;
  private readonly burstGapUs: number;
  private unsupportedInc: Incident | null = null;
  /** What the last frame was, for the replay story: ARP kind (-1: not analysed ARP), reply rank, VRRP event. */
  lastKind = -1;
  lastRank = 0;
  lastVrrp = '';
  private finalized = false;

  /**
   * `arena` (optional) puts the binding and pending-request tables in the
   * memory the WebAssembly scan works on (see arena.ts, wasm-scan.ts).
   */
  constructor(opts: Partial<EngineOptions> = {}, readonly arena: WasmArena | null = null) {
    this.opts = { ...DEFAULT_OPTIONS, ...opts };
    this.opts.maxIncidents = Math.min(this.opts.maxIncidents, Math.floor(this.opts.maxAddresses / 4));
    this.windowUs = this.opts.windowMs * 1000;
    this.burstGapUs = this.opts.burstGapMs * 1000;
    this.tables = new Tables(this.opts.maxAddresses, this.ctx, undefined, arena);
    this.pending = new PendingRequests(this.ctx, this.windowUs, PENDING_BITS, arena);
    this.incidents = new IncidentStore(this.opts.maxIncidents);
    this.vrrp = new VrrpTracker(
      { garpWaitMs: this.opts.garpWaitMs, failoverWindowMs: this.opts.failoverWindowMs, expectGarps: this.opts.expectGarps },
      this.incidents,
    );
    this.tables.onRemap = (bMap) => this.garp.remap(bMap, this.tables);
  }

  /**
   * Analyses one frame. `ref` names it in evidence: input index * 2^32 + frame number.
   * `caplen` bytes are present at `off`; `len` is the length on the wire.
   */
  process(buf: Uint8Array, off: number, caplen: number, len: number, us: number, linktype: number, ref: number): void {
    const st = this.stats;
    const ctx = this.ctx;
    ctx.us = us;
    ctx.ref = ref;
    this.lastKind = -1;
    this.lastVrrp = '';
    st.frames++;
    st.bytes += caplen;
    if (caplen < len) st.snapTruncated++;
    if (us < st.lastUs) st.timeWentBack++;
    else st.lastUs = us;
    if (st.firstUs < 0) st.firstUs = us;
    const link = this.link;
    const end = off + caplen;
    // fast path: untagged Ethernet II ARP, the bulk of what this tool reads
    if (linktype === LINKTYPE_ETHERNET && caplen >= 14 && buf[off + 12] === 0x08 && buf[off + 13] === 0x06) {
      link.srcOff = off + 6;
      link.payload = off + 14;
      st.arpFrames++;
      const s = decodeArp(buf, off + 14, end, this.arp);
      if (s !== ARP_OK) this.anomaly(s, 0, buf);
      else this.analyse(buf, 0);
      return;
    }
    const ls = decodeLink(buf, off, end, linktype, link);
    if (ls !== LINK_OK) {
      if (ls === LINK_UNSUPPORTED && !linktypeSupported(linktype)) this.unsupported(linktype);
      else if (ls === LINK_TRUNCATED) st.linkTruncated++;
      else if (ls === LINK_TOO_MANY_TAGS) st.tooManyTags++;
      st.nonArp++;
      return;
    }
    if (link.ethertype !== ETHERTYPE_ARP) {
      st.nonArp++;
      const pl = link.payload;
      if (link.ethertype === 0x0800 ? end - pl > 9 && buf[pl + 9] === IPPROTO_VRRP : link.ethertype === 0x86dd && end - pl > 6 && buf[pl + 6] === IPPROTO_VRRP) {
        this.vrrpFrame(buf, pl, end, link.vlanKey === this.lastVlanKey ? this.lastVlanIdx : this.internVlan(link.vlanKey));
      }
      return;
    }
    st.arpFrames++;
    const vlan = link.vlanKey === this.lastVlanKey ? this.lastVlanIdx : this.internVlan(link.vlanKey);
    const s = decodeArp(buf, link.payload, end, this.arp);
    if (s !== ARP_OK) {
      this.anomaly(s, vlan, buf);
      return;
    }
    this.analyse(buf, vlan);
  }

  private internVlan(key: number): number {
    let i = this.vlanIdx.get(key);
    if (i === undefined) {
      i = this.vlanKeys.length;
      this.vlanKeys.push(key);
      this.vlanIdx.set(key, i);
    }
    this.lastVlanKey = key;
    this.lastVlanIdx = i;
    return i;
  }

  private vrrpFrame(buf: Uint8Array, pl: number, end: number, vlan: number): void {
    const st = this.stats;
    const f = this.vrrpFields;
    const status = this.link.ethertype === 0x0800 ? decodeVrrp4(buf, pl, end, f) : decodeVrrp6(buf, pl, end, f);
    const src = this.linkSrc(buf);
    const { us, ref } = this.ctx;
    if (status === VRRP_OK) {
      st.vrrpAdverts++;
      this.lastVrrp = this.vrrp.advert(vlan, src, f, us, ref);
    } else if (status === VRRP_CARP) {
      st.carpAdverts++;
      this.lastVrrp = 'CARP';
      this.vrrp.carpAdvert(vlan, f.carpVhid, src, us, ref);
    } else {
      st.vrrpAnomalies++;
      this.lastVrrp = `malformed: ${VRRP_STATUS_NAMES[status]}`;
      const inc = this.incidents.open('vrrp.decode.anomaly', vlan, -1, us);
      if (!inc) return;
      const fresh = inc.count === 0;
      const reasons = (inc.data.reasons ??= {}) as Record<string, number>;
      const name = VRRP_STATUS_NAMES[status]!;
      reasons[name] = (reasons[name] ?? 0) + 1;
      if (src >= 0 && inc.macs.length < 16) inc.addMac(src);
      inc.hit(us, ref);
      if (fresh) this.incidents.raised(inc);
    }
  }

  /** The link-layer source MAC as a number, -1 when the link has none. */
  private linkSrc(buf: Uint8Array): number {
    const so = this.link.srcOff;
    return so >= 0 ? readMac(buf, so) : -1;
  }

  // The per-frame analysis. Calls below pass only small integers (binding and
  // address indices, VLAN index, IPs as int32, MAC halves); time and frame
  // reference come from this.ctx.
  private analyse(buf: Uint8Array, vlan: number): void {
    const f = this.arp;
    const t = this.tables;
    const st = this.stats;
    const shaHi = f.shaHi;
    const shaLo = f.shaLo;
    const spa = f.spaS;
    const tpa = f.tpaS;
    // a sender MAC with the I/G bit (multicast, broadcast) or all zeros: never learn it
    if ((shaHi & 0x100) !== 0 || (shaHi === 0 && shaLo === 0)) {
      st.badSenderMac++;
      this.badSender(vlan, buf);
      return;
    }
    const so = this.link.srcOff;
    if (so >= 0 && !sameMac(buf, so, this.link.payload + 8)) this.mismatch(vlan, buf);
    t.ensureRoom();
    let kind: number;
    let slot = -1;
    if (f.op === OP_REQUEST) {
      kind = spa === 0 ? K_PROBE : spa === tpa ? K_GARP_REQUEST : K_REQUEST;
      this.pending.add(vlan, spa, tpa, shaHi, shaLo);
    } else {
      slot = this.pending.match(vlan, tpa, spa);
      if (spa === tpa && spa !== 0) {
        // sender IP = target IP: gratuitous, unless it answers someone else's
        // gratuitous request (a host defending the address it still holds)
        if (slot >= 0 && !this.pending.requesterIs(slot, shaHi, shaLo)) kind = K_REPLY;
        else {
          kind = K_GARP_REPLY;
          slot = -1;
        }
      } else kind = slot >= 0 ? K_REPLY : K_UNSOLICITED;
    }
    this.lastKind = kind;
    if (kind === K_PROBE) {
      const b = t.binding(vlan, tpa, shaHi, shaLo);
      if (b >= 0) t.touch(b, K_PROBE);
      st.kinds[K_PROBE]++;
      return;
    }
    if (spa === 0) {
      // a reply with sender IP 0.0.0.0 claims nothing
      st.kinds[kind]++;
      return;
    }
    const b = t.binding(vlan, spa, shaHi, shaLo);
    if (b < 0) {
      st.kinds[kind]++;
      return;
    }
    if (kind === K_GARP_REQUEST && t.count(b, K_PROBE) > 0) kind = K_ANNOUNCE;
    st.kinds[kind]++;
    this.lastKind = kind;
    t.touch(b, kind);
    const a = t.addrOf(b);
    // VRRP first: a VIP's evidence decides what the ARP checks below would call a conflict
    if (this.vrrp.active) this.vrrpArp(kind, vlan);
    if (kind === K_REPLY) {
      const rank = this.pending.respond(slot, shaHi, shaLo);
      this.lastRank = rank;
      if (rank === 0) st.duplicateReplies++;
      else {
        t.incAnswered(b, rank === 1);
        if (rank !== 1) this.race(slot, rank, a, vlan);
        if (this.pending.reqIpS(slot) === 0) this.probeDefended(slot, a, vlan, b);
      }
    } else if (kind === K_REQUEST) {
      if (!t.sole(b)) {
        const s = t.lastStrong(a);
        if (s >= 0 && s !== b) this.leak(a, b, vlan);
      }
    } else if (kind === K_UNSOLICITED) {
      this.spoofCheck(a, b, vlan);
    } else {
      this.gratuitous(b, a, vlan);
    }
    this.claim(b, kind !== K_REQUEST, kind);
    // a reply's target fields are the requester's own address: a claim worth
    // learning unless the matched request already made it (same IP and MAC)
    if (tpa !== 0 && (kind === K_UNSOLICITED || (kind === K_REPLY && !this.pending.requesterIs(slot, f.thaHi, f.thaLo)))) {
      const thaHi = f.thaHi;
      const thaLo = f.thaLo;
      if ((thaHi & 0x100) === 0 && !(thaHi === 0 && thaLo === 0)) {
        const tb = t.binding(vlan, tpa, thaHi, thaLo);
        if (tb >= 0) {
          t.touch(tb, C_TARGET);
          this.claim(tb, false, K_REQUEST);
        }
      }
    }
  }

  /** ARP evidence for VRRP: GARP bursts, replies and requests that carry a VIP. */
  private vrrpArp(kind: number, vlan: number): void {
    const f = this.arp;
    const { us, ref } = this.ctx;
    if (kind === K_GARP_REQUEST || kind === K_GARP_REPLY || kind === K_ANNOUNCE) this.vrrp.garp(vlan, f.spa, f.sha, us, ref);
    else if (kind === K_REPLY || kind === K_UNSOLICITED) this.vrrp.reply(vlan, f.spa, f.sha, f.tpa, f.tha, us, ref);
    else if (kind === K_REQUEST) this.vrrp.request(vlan, f.spa, f.sha, us, ref);
  }

  /** Records that binding b claims its address; tracks owner changes. */
  private claim(b: number, strong: boolean, kind: number): void {
    const t = this.tables;
    t.incClaims(b);
    if (t.sole(b)) return; // the only MAC of its address: nothing can change hands
    const a = t.addrOf(b);
    if (strong) t.setLastStrong(a, b);
    const prev = t.prevOwner(a);
    const from = t.setOwner(a, b);
    if (from >= 0) this.ownerChanged(a, from, b, prev, kind);
  }

  private ownerChanged(a: number, from: number, to: number, prev: number, kind: number): void {
    const t = this.tables;
    const { us, ref } = this.ctx;
    const vlan = t.vlanOf(a);
    const ip = t.ipOf(a);
    const fromMac = t.mac(from);
    const toMac = t.mac(to);
    // a VIP moving between the routers of its VRID around a master change is that failover
    if (this.vrrp.active && this.vrrp.explainsMove(vlan, ip, fromMac, toMac, us)) return;
    for (const code of EXPLAINING) {
      const inc = this.incidents.get(code, vlan, ip);
      if (inc && inc.macs.includes(fromMac) && inc.macs.includes(toMac)) {
        inc.data.alternations = ((inc.data.alternations as number) ?? 0) + 1;
        return;
      }
    }
    const announced = kind === K_GARP_REQUEST || kind === K_GARP_REPLY || kind === K_ANNOUNCE;
    const code = announced ? TAKEOVER : prev === to ? FLIPFLOP : CHANGED;
    const inc = this.incidents.open(code, vlan, ip, us);
    if (!inc) return;
    const fresh = inc.count === 0;
    t.pin(a);
    inc.addMac(fromMac);
    inc.addMac(toMac);
    inc.evidence(t.lastRef(from));
    inc.hit(us, ref);
    const moves = (inc.data.moves ??= []) as { from: number; to: number; us: number; ref: number }[];
    if (moves.length < MAX_MOVES) moves.push({ from: fromMac, to: toMac, us, ref });
    if (fresh) this.incidents.raised(inc);
  }

  private race(slot: number, rank: number, a: number, vlan: number): void {
    const p = this.pending;
    const { us, ref } = this.ctx;
    const inc = this.incidents.open(RACE, vlan, this.tables.ipOf(a), us);
    if (!inc) return;
    const fresh = inc.count === 0;
    this.tables.pin(a);
    const n = Math.min(rank, 8);
    for (let i = 0; i < n; i++) inc.addMac(p.responder(slot, i));
    if (rank === 2) {
      inc.evidence(p.ref(slot));
      inc.evidence(p.ref1(slot));
      inc.hit(us, ref);
      const reqs = (inc.data.requesters ??= []) as number[][];
      const rip = p.reqIpS(slot) >>> 0;
      const rmac = p.reqMac(slot);
      if (reqs.length < 16 && !reqs.some((r) => r[0] === rip && r[1] === rmac)) reqs.push([rip, rmac]);
    } else inc.evidence(ref);
    if (fresh) this.incidents.raised(inc);
  }

  private probeDefended(slot: number, a: number, vlan: number, defender: number): void {
    const { us, ref } = this.ctx;
    const inc = this.incidents.open(PROBE_DEFENDED, vlan, this.tables.ipOf(a), us);
    if (!inc) return;
    const fresh = inc.count === 0;
    inc.addMac(this.tables.mac(defender));
    const probers = (inc.data.probers ??= []) as number[];
    const prober = this.pending.reqMac(slot);
    if (!probers.includes(prober) && probers.length < 16) probers.push(prober);
    inc.evidence(this.pending.ref(slot));
    inc.hit(us, ref);
    if (fresh) this.incidents.raised(inc);
  }

  private leak(a: number, b: number, vlan: number): void {
    const t = this.tables;
    const { us, ref } = this.ctx;
    // a VRRP VIP sent with the master's physical MAC is a VMAC leak, reported as such
    if (this.vrrp.active && this.incidents.get('vrrp.vmac-leak', t.vlanOf(a), t.ipOf(a))?.macs.includes(t.mac(b))) return;
    const inc = this.incidents.open(LEAK, vlan, t.ipOf(a), us);
    if (!inc) return;
    const fresh = inc.count === 0;
    t.pin(a);
    const leakers = (inc.data.leakers ??= []) as number[];
    const owners = (inc.data.owners ??= []) as number[];
    const lm = t.mac(b);
    if (!leakers.includes(lm) && leakers.length < 16) leakers.push(lm);
    inc.addMac(lm);
    // every other MAC that answers for the address (replies, GARPs) is an owner
    for (let x = t.headOf(a); x >= 0; x = t.nextOf(x)) {
      if (x === b || !this.answers(x)) continue;
      const om = t.mac(x);
      if (!owners.includes(om) && owners.length < 16) owners.push(om);
      inc.addMac(om);
    }
    inc.evidence(t.lastRef(t.lastStrong(a)));
    inc.hit(us, ref);
    if (fresh) this.incidents.raised(inc);
  }

  /** True when the binding has answered for its address (reply, GARP, announcement). */
  private answers(b: number): boolean {
    const t = this.tables;
    return t.count(b, K_REPLY) + t.count(b, K_UNSOLICITED) + t.count(b, K_GARP_REQUEST) + t.count(b, K_GARP_REPLY) + t.count(b, K_ANNOUNCE) > 0;
  }

  private spoofCheck(a: number, b: number, vlan: number): void {
    const t = this.tables;
    if (isVirtualMac(t.mac(b))) return;
    for (let x = t.headOf(a); x >= 0; x = t.nextOf(x)) {
      if (x !== b && t.claims(x) > 0) {
        this.raiseSpoof(a, b, x, vlan, this.ctx.us, this.ctx.ref);
        return;
      }
    }
  }

  private raiseSpoof(a: number, b: number, other: number, vlan: number, us: number, ref: number): void {
    const t = this.tables;
    const inc = this.incidents.open(SPOOF, vlan, t.ipOf(a), us);
    if (!inc) return;
    const fresh = inc.count === 0;
    t.pin(a);
    const spoofers = (inc.data.spoofers ??= []) as number[];
    const mac = t.mac(b);
    if (!spoofers.includes(mac) && spoofers.length < 16) spoofers.push(mac);
    inc.addMac(mac);
    inc.addMac(t.mac(other));
    inc.evidence(t.firstRef(other));
    inc.hit(us, ref);
    if (fresh) this.incidents.raised(inc);
  }

  private gratuitous(b: number, a: number, vlan: number): void {
    const t = this.tables;
    const gt = this.garp;
    const us = this.ctx.us;
    const ref = this.ctx.ref;
    let g = t.garpOf(b);
    if (g < 0) {
      g = gt.add(b);
      t.setGarp(b, g);
    }
    if (gt.count_[g]! > 0 && us - gt.lastUs[g]! <= this.burstGapUs) {
      gt.count_[g]!++;
      const rec = gt.rec[g];
      if (rec) {
        rec.count++;
        rec.lastUs = us;
      }
      gt.inc[g]?.evidence(ref);
    } else {
      // a new burst: its record is kept while the incident has room for it
      gt.count_[g] = 1;
      let inc = gt.inc[g] ?? null;
      if (inc === null) inc = gt.inc[g] = this.incidents.open(GARP_BURST, vlan, t.ipOf(a), us);
      gt.rec[g] = null;
      if (inc) {
        const fresh = inc.count === 0;
        const bursts = (inc.data.bursts ??= []) as Burst[];
        if (bursts.length < MAX_BURSTS) {
          const rec: Burst = { mac: t.mac(b), startUs: us, lastUs: us, count: 1, firstRef: ref };
          bursts.push(rec);
          gt.rec[g] = rec;
        } else inc.data.burstsDropped = ((inc.data.burstsDropped as number) ?? 0) + 1;
        inc.addMac(t.mac(b));
        inc.hit(us, ref);
        if (fresh) this.incidents.raised(inc);
      }
    }
    gt.lastUs[g] = us;
    if (us - gt.winStartUs[g]! >= 1e6) {
      gt.winStartUs[g] = us;
      gt.winCount[g] = 0;
      gt.stormed[g] = 0;
    }
    const c = ++gt.winCount[g]!;
    if (c >= this.opts.stormRate) this.storm(g, b, a, vlan, c);
  }

  private storm(g: number, b: number, a: number, vlan: number, c: number): void {
    const t = this.tables;
    const gt = this.garp;
    const { us, ref } = this.ctx;
    let inc = gt.storm[g] ?? null;
    if (!gt.stormed[g]) {
      gt.stormed[g] = 1;
      if (inc === null) inc = gt.storm[g] = this.incidents.open(GARP_STORM, vlan, t.ipOf(a), us);
      if (inc) {
        const fresh = inc.count === 0;
        t.pin(a);
        inc.addMac(t.mac(b));
        inc.hit(us, ref);
        inc.data.windows = ((inc.data.windows as number) ?? 0) + 1;
        if (fresh) this.incidents.raised(inc);
      }
    }
    if (inc && c > ((inc.data.peakPerSecond as number) ?? 0)) inc.data.peakPerSecond = c;
  }

  private badSender(vlan: number, buf: Uint8Array): void {
    const f = this.arp;
    const src = this.linkSrc(buf);
    const inc = this.incidents.open(BAD_SENDER, vlan, f.spa, this.ctx.us);
    if (!inc) return;
    const fresh = inc.count === 0;
    inc.addMac(f.sha);
    if (src >= 0) inc.addMac(src);
    inc.hit(this.ctx.us, this.ctx.ref);
    if (fresh) this.incidents.raised(inc);
  }

  private mismatch(vlan: number, buf: Uint8Array): void {
    const f = this.arp;
    const st = this.stats;
    if (isVirtualMac(f.sha)) {
      st.virtualMismatch++;
      return;
    }
    st.ethMismatch++;
    const inc = this.incidents.open(MISMATCH, vlan, f.spa, this.ctx.us);
    if (!inc) return;
    const fresh = inc.count === 0;
    inc.addMac(f.sha);
    inc.addMac(this.linkSrc(buf));
    inc.hit(this.ctx.us, this.ctx.ref);
    if (fresh) this.incidents.raised(inc);
  }

  private anomaly(status: number, vlan: number, buf: Uint8Array): void {
    const st = this.stats;
    st.arpAnomalies++;
    st.anomalyReasons[status]!++;
    const src = this.linkSrc(buf);
    const inc = this.incidents.open(ANOMALY, vlan, -1, this.ctx.us);
    if (!inc) return;
    const fresh = inc.count === 0;
    if (src >= 0 && inc.macs.length < 16) inc.addMac(src);
    inc.hit(this.ctx.us, this.ctx.ref);
    if (fresh) this.incidents.raised(inc);
  }

  private unsupported(linktype: number): void {
    this.stats.unsupportedLink++;
    let inc = this.unsupportedInc;
    if (inc === null) {
      inc = this.unsupportedInc = this.incidents.open(UNSUPPORTED, 0, -1, this.ctx.us);
      if (inc === null) return;
      this.incidents.raised(inc);
    }
    const lts = (inc.data.linktypes ??= []) as number[];
    if (!lts.includes(linktype)) lts.push(linktype);
    inc.hit(this.ctx.us, this.ctx.ref);
  }

  /**
   * Closes the analysis: completes findings that need the whole capture and
   * drops those the whole capture disproves. Idempotent.
   */
  finish(): void {
    if (this.finalized) return;
    this.finalized = true;
    this.vrrp.finish();
    const t = this.tables;
    // spoofing: unsolicited replies for an address some other MAC claimed at any time
    for (let b = 0; b < t.bCount; b++) {
      if (t.count(b, K_UNSOLICITED) === 0 || isVirtualMac(t.mac(b))) continue;
      const a = t.addrOf(b);
      if (this.incidents.get(SPOOF, t.vlanOf(a), t.ipOf(a))) continue;
      for (let x = t.headOf(a); x >= 0; x = t.nextOf(x)) {
        if (x !== b && t.claims(x) > 0) {
          this.raiseSpoof(a, b, x, t.vlanOf(a), t.firstUs(b), t.firstRef(b));
          break;
        }
      }
    }
    for (const inc of this.incidents.list) {
      if (inc.code === LEAK) {
        // an address that moved for good is not leaking: the old owner must
        // still be around after the first leaking request
        const owners = inc.data.owners as number[];
        const alive = owners.some((m) => {
          const b = t.findBinding(inc.vlan, inc.ip, m);
          return b >= 0 && t.lastUs(b) >= inc.firstUs;
        });
        if (!alive) {
          // the address moved for good: report the move the leak had absorbed
          inc.dropped = true;
          const moved = this.incidents.open(CHANGED, inc.vlan, inc.ip, inc.firstUs);
          if (moved) {
            const leakers = inc.data.leakers as number[];
            for (const m of owners) moved.addMac(m);
            for (const m of leakers) moved.addMac(m);
            for (const r of inc.frames) moved.evidence(r);
            moved.count = inc.count;
            moved.firstUs = inc.firstUs;
            moved.lastUs = inc.lastUs;
            moved.data.moves = [{ from: owners[0]!, to: leakers[0]!, us: inc.firstUs, ref: inc.frames[inc.frames.length - 1] ?? -1 }];
          }
        }
      } else if (inc.code === CHANGED && this.incidents.get(FLIPFLOP, inc.vlan, inc.ip)) {
        inc.dropped = true; // the flip-flop says more
      }
      // a VIP move seen before its master change was recorded (GARPs can precede the first advert)
      if ((inc.code === TAKEOVER || inc.code === CHANGED || inc.code === FLIPFLOP) && this.vrrp.active && !inc.dropped) {
        const moves = (inc.data.moves as { from: number; to: number; us: number }[]) ?? [];
        if (moves.length && moves.every((m) => this.vrrp.explainsMove(inc.vlan, inc.ip, m.from, m.to, m.us))) inc.dropped = true;
      }
    }
  }

  /** Incidents that stand after finish(), in creation order. */
  findings(): Incident[] {
    return this.incidents.live();
  }

  get pendingOverwritten(): number {
    return this.pending.overwritten;
  }
}
