// The analysis engine: deterministic, driven only by packet time, the one
// path every frame takes, offline and live. process() decodes the link layer
// into preallocated fields and routes the frame (decode/route.ts): ARP to the
// ARP analysis, neighbour discovery to nd.ts (NS and NA through the ARP
// analysis), VRRP/HSRP/GLBP to fhrp-frames.ts; the tables are typed arrays and nothing is allocated
// per frame unless a problem is first seen or grows.
import { ArpFields, ARP_OK, decodeArp, ETHERTYPE_ARP } from '../decode/arp.js';
import { decodeLink, etherTypeAt, ipv6Key, isIpv6Key, LinkInfo, LINK_OK, LINK_TOO_MANY_TAGS, LINK_TRUNCATED, LINK_UNSUPPORTED, OVERLAY, overlayKey, vlanPath } from '../decode/link.js';
import { RouterWatch } from './routers.js';
import { Addr6Table } from './addr6.js';
import { NdFrames } from './nd.js';
import { ETHERTYPE_TEB, TunnelInfo, TUNNEL_PBB } from '../decode/tunnel.js';
import { LINKTYPE_ETHERNET, linktypeSupported } from '../decode/linktype.js';
import { formatIp, macAt } from '../util/addr.js';
import { ArpAnalysis } from './arp.js';
import { FrameCtx } from './ctx.js';
import { GarpTracker } from './garp.js';
import { K_UNSOLICITED } from './kinds.js';
import type { StationBook } from './stations.js';
import type { ExpectedRouter } from './routers.js';
import { type Incident, IncidentStore, MAX_EVIDENCE } from './incidents.js';
import { type EngineOptions, PENDING_BITS, resolveOptions } from './options.js';
import { Ownership } from './ownership.js';
import { PendingRequests } from './pending.js';
import { reconcile } from './reconcile.js';
import { Stats } from './stats.js';
import { Tables } from './tables.js';
import { VrrpTracker } from './vrrp.js';
import { VrrpArpEvidence } from './vrrp-arp.js';
import { Silence } from './silence.js';
import { UdpInfo } from '../decode/udp.js';
import { enterOverlay, isOverlay, routeNetwork, ROUTE_ARP, ROUTE_FHRP, ROUTE_ND, ROUTE_PBB_ARP, ROUTE_RARP, ROUTE_TUNNEL, ROUTE_VRRP } from '../decode/route.js';
import { RequestWatch } from './requests.js';
import { FhrpFrames } from './fhrp-frames.js';
import { StationWatch } from './station-watch.js';
import { HijackJudge } from './hijack.js';
import type { FailoverJudge } from './failover.js';
import { EV_OTHER, EvidenceLog } from './evidence-log.js';

export { DEFAULT_OPTIONS, type EngineOptions } from './options.js';

export interface AddressFacts {
  /** Request rounds answered by at least one MAC. */
  rounds: number;
  /** Changes of owner. */
  changes: number;
}

export interface BindingFacts {
  /** Requests this MAC answered, and how many of them it answered first. */
  answered: number;
  firstAnswers: number;
  unsolicited: number;
}

export class Engine {
  readonly opts: EngineOptions;
  readonly stats = new Stats();
  readonly ctx = new FrameCtx();
  readonly tables: Tables;
  readonly pending: PendingRequests;
  readonly incidents: IncidentStore;
  readonly vrrp: VrrpTracker;
  readonly arp: ArpAnalysis;
  readonly silence: Silence;
  readonly requests: RequestWatch;
  readonly hijacks: HijackJudge;
  /** Master changes' verdicts, reached as their evidence completes. */
  readonly failovers: FailoverJudge;
  /** VLAN keys by index (index 0 = untagged). */
  readonly vlanKeys: number[] = [0];
  private readonly vlanIdx = new Map<number, number>([[0, 0]]);
  private lastVlanKey = 0;
  private lastVlanIdx = 0;
  private readonly link = new LinkInfo();
  private readonly arpFields = new ArpFields();
  private readonly tunnel = new TunnelInfo();
  private readonly udp = new UdpInfo();
  /** Neighbour discovery frames. */
  private readonly nd: NdFrames;
  /** IPv6 addresses seen in neighbour discovery, as the ids the tables use. */
  readonly addr6: Addr6Table;
  /** IPv6 routers seen in router advertisements. */
  readonly routers: RouterWatch;
  /** The --state station book this run is held against, if any. */
  stations: StationBook | null = null;
  private unsupportedInc: Incident<'capture.unsupported-link'> | null = null;
  /** Cited frames described: time, sender MAC, kind (for the report's pictures). */
  readonly evidenceLog: EvidenceLog;
  /** VRRP adverts and HSRP/GLBP hellos. */
  private readonly fhrp: FhrpFrames;
  private finished = false;
  /** The buffer of the last frame, and a DataView over it. */
  private buf: Uint8Array | null = null;
  private dv: DataView = new DataView(new ArrayBuffer(0));

  constructor(opts: Partial<EngineOptions> = {}) {
    this.opts = resolveOptions(opts);
    this.tables = new Tables(this.opts.maxAddresses, this.ctx);
    this.addr6 = new Addr6Table(this.opts.maxAddresses);
    this.pending = new PendingRequests(this.ctx, this.opts.windowMs * 1000, PENDING_BITS);
    this.incidents = new IncidentStore(this.opts.maxIncidents);
    const described = { kind: EV_OTHER, mac: -1 };
    this.evidenceLog = this.incidents.log = new EvidenceLog(this.ctx, () => {
      const arp = this.arp.lastKind;
      const so = this.link.srcOff;
      described.kind = arp >= 0 ? arp : this.ctx.kind;
      described.mac = arp >= 0 ? this.arpFields.sha : so >= 0 ? macAt(this.dv, so) : -1;
      return described;
    });
    this.routers = new RouterWatch(this.incidents, this.addr6);
    // an IPv6 router of a VRRP/HSRP/GLBP group is its pair's redundant router, not a rogue: judged when
    // its RA arrives, and again when a MAC first proves itself a group's router (routers.ts)
    this.routers.groupRouter = (mac) => this.vrrp.isRouterMac(mac);
    this.vrrp = new VrrpTracker(
      { garpWaitMs: this.opts.garpWaitMs, failoverWindowMs: this.opts.failoverWindowMs, expectGarps: this.opts.expectGarps },
      this.incidents,
    );
    this.vrrp.onRouterMac = () => this.routers.groupRouterSeen();
    this.fhrp = new FhrpFrames(this.link, this.udp, this.stats, this.ctx, this.vrrp, this.incidents);
    const garp = new GarpTracker(this.opts, this.ctx, this.tables, this.incidents);
    const owners = new Ownership(this.ctx, this.tables, this.incidents, this.vrrp);
    this.hijacks = new HijackJudge(this.tables, this.incidents, this.vrrp, this.opts.windowMs * 1000);
    const vrrpArp = new VrrpArpEvidence(this.vrrp, this.incidents);
    this.silence = new Silence(this.ctx, this.tables, this.pending, this.incidents);
    this.requests = new RequestWatch(this.opts, this.ctx, this.tables, this.incidents, this.pending);
    this.pending.onUnanswered = (slot, cut) => {
      // the requests the end cut short count for scans, not for dark windows
      const known = cut ? this.tables.findAddr(this.pending.vlanOf(slot), this.pending.tgtIpS(slot)) >= 0 : this.silence.unanswered(slot);
      this.requests.unanswered(slot, known);
    };
    this.arp = new ArpAnalysis(this.arpFields, this.link, this.stats, this.ctx, this.tables, this.pending, this.incidents, this.vrrp, vrrpArp, garp, owners, this.silence, this.requests, this.hijacks);
    this.nd = new NdFrames(this.link, this.stats, this.ctx, this.incidents, this.routers, this.addr6, this.pending, this.arpFields, this.arp, (segment) => this.vlanIndex(ipv6Key(segment)));
    this.tables.onRemap = (bMap) => garp.remap(bMap);
    this.failovers = this.vrrp.failovers;
    this.silence.vips = {
      isVip: (vlan, ip) => this.vrrp.vipState(vlan, ip) !== undefined,
      explain: (vlan, ip, w) => this.vrrp.outageOf(vlan, ip, w),
      waitUs: this.opts.failoverWindowMs * 1000,
    };
    this.failovers.ctx = {
      announcements: (v6) => (v6 ? this.stats.ndMessages[2]! + this.stats.ndMessages[3]! > 0 : this.stats.arpFrames > 0),
      advertisesRoutes: (mac) => this.routers.routers.some((r) => r.mac === mac && r.offered),
      ipText: (c, ip) => (c.state.family !== 4 ? this.addr6.text(ip) : formatIp(ip)),
    };
    this.vrrp.ipv6 = { id: (w, at) => this.addr6.id(w, at), twin: (vlan) => this.vlanIndex(ipv6Key(this.vlanKeys[vlan]!)) };
  }

  /**
   * Analyses one frame: `caplen` bytes at `off` (`len` on the wire), captured
   * at `us` µs with `linktype`. `ref` names it in evidence (see ctx.ts).
   */
  process(buf: Uint8Array, off: number, caplen: number, len: number, us: number, linktype: number, ref: number): void {
    this.ctx.us = us;
    this.ctx.ref = ref;
    this.processFrame(buf, off, caplen, len, linktype);
  }

  /**
   * process() for callers in a loop: they store the frame's time and ref in
   * this.ctx first, because a double passed as an argument to a call V8 does
   * not inline is boxed, an allocation per frame (ctx's fields are updated
   * in place).
   */
  processFrame(buf: Uint8Array, off: number, caplen: number, len: number, linktype: number): void {
    const us = this.ctx.us;
    // the decoders read through a DataView; readers and the live ring reuse their buffers, so it is made once per buffer
    if (buf !== this.buf) this.view(buf);
    const dv = this.dv;
    const st = this.stats;
    this.arp.lastKind = -1;
    this.ctx.kind = EV_OTHER;
    this.fhrp.story = '';
    st.frames++;
    st.bytes += caplen;
    if (caplen < len) st.snapTruncated++;
    if (st.frames === 1) st.firstUs = st.lastUs = us;
    else if (us < st.lastUs) st.timeWentBack++;
    else st.lastUs = us;
    if (us < 0 && st.beforeEpoch++ === 0) st.beforeEpochRef = this.ctx.ref;
    // requests nobody answered within the window are judged as packet time passes them
    if (us > this.pending.expireAt) this.pending.expire(us);
    // and master changes whose GARP wait is over get their verdict, and dark VIPs no failover explained are raised
    if (us > this.failovers.dueUs) this.failovers.tick(us);
    if (us > this.silence.deferDueUs) this.silence.tick(us);
    const link = this.link;
    const end = off + caplen;
    // the common case first: untagged Ethernet II ARP
    if (linktype === LINKTYPE_ETHERNET && caplen >= 14 && dv.getUint16(off + 12) === ETHERTYPE_ARP) {
      link.srcOff = off + 6;
      link.payload = off + 14;
      st.arpFrames++;
      this.arpFrame(dv, off + 14, end, 0);
      return;
    }
    const ls = decodeLink(dv, off, end, linktype, link);
    if (ls !== LINK_OK) {
      if (ls === LINK_UNSUPPORTED && !linktypeSupported(linktype)) this.unsupported(linktype);
      else if (ls === LINK_TRUNCATED) st.linkTruncated++;
      else if (ls === LINK_TOO_MANY_TAGS) st.tooManyTags++;
      st.nonArp++;
      return;
    }
    this.network(dv, end, link.vlanKey);
  }

  /** The frame's network layer, once the link layer is decoded into this.link; `segment` keys its addresses. */
  private network(dv: DataView, end: number, segment: number): void {
    const st = this.stats;
    const link = this.link;
    const pl = link.payload;
    // the fast path first (tagged ARP, most frames), as in processFrame; every route is decode/route.ts's
    const route = link.ethertype === ETHERTYPE_ARP ? ROUTE_ARP : routeNetwork(dv, end, link, this.udp, this.tunnel, segment >= OVERLAY);
    switch (route) {
      case ROUTE_ARP:
        st.arpFrames++;
        this.arpFrame(dv, pl, end, this.vlanIndex(segment));
        return;
      case ROUTE_VRRP:
        st.nonArp++;
        this.fhrp.advert(dv, pl, end, this.vlanIndex(segment));
        return;
      case ROUTE_ND:
        st.nonArp++;
        this.nd.frame(dv, pl, end, segment);
        return;
      case ROUTE_FHRP:
        st.nonArp++;
        this.fhrp.hello(dv, this.vlanIndex(segment));
        return;
      case ROUTE_TUNNEL:
        this.tunnelled(dv, end);
        return;
      case ROUTE_PBB_ARP:
        this.unanalysed(TUNNEL_PBB);
        break;
      case ROUTE_RARP:
        this.unanalysed(-1);
        break;
    }
    st.nonArp++;
  }

  /** A tunnel: VXLAN and Geneve carry frames analysed in their own segment; ARP inside GRE and ERSPAN is counted. */
  private tunnelled(dv: DataView, end: number): void {
    const t = this.tunnel;
    const link = this.link;
    const st = this.stats;
    if (isOverlay(t)) {
      if (!enterOverlay(dv, end, t, link)) {
        st.nonArp++;
        return;
      }
      st.overlayFrames++;
      this.network(dv, end, overlayKey(t.vni, link.vlanKey));
      return;
    }
    const inner = t.innerType === ETHERTYPE_TEB ? etherTypeAt(dv, t.inner, end) : t.innerType;
    if (inner === ETHERTYPE_ARP) this.unanalysed(t.kind);
    st.nonArp++;
  }

  /** ARP counted, not analysed: inside a tunnel of kind TUNNEL_* (GRE, ERSPAN, PBB), or RARP (-1). */
  private unanalysed(kind: number): void {
    const st = this.stats;
    if (kind < 0) st.rarp++;
    else st.tunnelledArp[kind]!++;
    if (st.tunnelledRefs.length < MAX_EVIDENCE) st.tunnelledRefs.push(this.ctx.ref);
  }

  ipText(vlan: number, ip: number): string {
    return isIpv6Key(this.vlanKeys[vlan] ?? 0) ? this.addr6.text(ip) : formatIp(ip);
  }

  /** True when a VLAN index is an IPv6 (neighbour discovery) segment. */
  isIpv6(vlan: number): boolean {
    return isIpv6Key(this.vlanKeys[vlan] ?? 0);
  }

  private arpFrame(dv: DataView, off: number, end: number, vlan: number): void {
    const s = decodeArp(dv, off, end, this.arpFields);
    if (s !== ARP_OK) this.arp.frameChecks.anomaly(s, vlan, dv);
    else this.arp.analyse(dv, vlan);
  }

  private view(buf: Uint8Array): void {
    this.buf = buf;
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** The index of a VLAN key (VLANs are numbered as first seen; 0 is untagged). */
  private vlanIndex(key: number): number {
    if (key === this.lastVlanKey) return this.lastVlanIdx;
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

  private unsupported(linktype: number): void {
    this.stats.unsupportedLink++;
    let inc = this.unsupportedInc;
    if (inc === null) {
      inc = this.unsupportedInc = this.incidents.open('capture.unsupported-link', 0, -1, this.ctx.us);
      if (inc === null) return;
    }
    if (!inc.data.linktypes.includes(linktype)) inc.data.linktypes.push(linktype);
    this.incidents.hit(inc, this.ctx.us, this.ctx.ref);
  }

  /**
   * Holds this run against a station book (--state): each address a MAC
   * claims for the first time in the run is looked up once, and history
   * findings (station.*) are raised as incidents.
   */
  useStations(book: StationBook): void {
    this.stations = book;
    const watch = new StationWatch(book, this.ctx, this.tables, this.incidents, this.vrrp, (vlan) => this.vlanKeys[vlan] ?? 0, (vlan, ip) => this.ipText(vlan, ip));
    this.arp.onNewClaim = (vlan, b) => watch.seen(vlan, b, this.arp.lastKind);
  }

  /** The IPv6 routers allowed to advertise (--expect "routers"): any other offering routes is rogue. */
  expectRouters(list: ExpectedRouter[]): void {
    this.routers.allowed = (vlan, mac) => {
      const path = vlanPath(this.vlanKeys[vlan] ?? 0);
      return list.some((r) => r.mac === mac && (r.vlanPath === null || (r.vlanPath.length === path.length && r.vlanPath.every((v, i) => v === path[i]))));
    };
  }

  /** Brings the station book (if any) up to date with this run's tables: call before saving it. */
  updateStations(): void {
    this.stations?.update(this.tables, this.vlanKeys, (vlan, ip) => this.ipText(vlan, ip));
  }

  /** Marks an address as this host's own (live): a claim of it by another MAC is an error. */
  protect(ip: number, mac: number): void {
    this.arp.own.set(ip | 0, mac);
  }

  /**
   * Packet time reached `us` with no frame to say so (live, a quiet wire):
   * what is due by then is judged as a frame at `us` would have it judged
   * (unanswered requests, failover verdicts, dark VIPs). The capture's span
   * does not move.
   */
  advance(us: number): void {
    if (this.finished || this.stats.frames === 0 || us <= this.stats.lastUs) return;
    if (us > this.pending.expireAt) this.pending.expire(us);
    if (us > this.failovers.dueUs) this.failovers.tick(us);
    if (us > this.silence.deferDueUs) this.silence.tick(us);
  }

  /** Closes the analysis: completes the findings that need the whole capture. Idempotent. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.failovers.finish(this.stats.lastUs);
    this.silence.finish(this.stats.lastUs);
    this.requests.finish();
    reconcile(this.tables, this.incidents, this.vrrp, this.hijacks);
  }

  /** Answered request rounds and owner changes of an address (for findings' details); null when unknown. */
  addressFacts(vlan: number, ip: number): AddressFacts | null {
    const t = this.tables;
    const a = t.findAddr(vlan, ip);
    return a < 0 ? null : { rounds: t.rounds(a), changes: t.changes(a) };
  }

  /** What one MAC did for an address (for findings' details); null when unknown. */
  bindingFacts(vlan: number, ip: number, mac: number): BindingFacts | null {
    const t = this.tables;
    const b = t.findBinding(vlan, ip, mac);
    return b < 0 ? null : { answered: t.answered(b), firstAnswers: t.firstAnswers(b), unsolicited: t.count(b, K_UNSOLICITED) };
  }

  /** What the last VRRP/HSRP/GLBP frame meant, for the replay story ('' for other frames). */
  get lastVrrp(): string {
    return this.fhrp.story;
  }

  /** Incidents that stand (after finish(): the findings), in creation order. */
  findings(): Incident[] {
    return this.incidents.live();
  }
}
