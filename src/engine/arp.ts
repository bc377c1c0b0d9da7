// The ARP analysis of one decoded frame: classify it (request, reply, probe,
// gratuitous, unsolicited), count it on its binding, and run the checks its
// kind calls for: a second responder to one request (race), a request sent
// with an address another MAC answers for (leak), an unsolicited reply for an
// address another MAC claims (spoofing), a probe answered (defended); frames
// that are malformed or say two things at once are arp-frame-checks.ts's.
import { ArpFields, OP_REQUEST } from '../decode/arp.js';
import type { LinkInfo } from '../decode/link.js';
import { isVirtualMac } from '../util/addr.js';
import type { FrameCtx } from './ctx.js';
import type { GarpTracker } from './garp.js';
import { type IncidentStore, listAdd, MAX_LISTED } from './incidents.js';
import type { IncidentCode } from './codes.js';
import { C_TARGET, isAnswer, K_ANNOUNCE, K_GARP_REPLY, K_GARP_REQUEST, K_PROBE, K_REPLY, K_REQUEST, K_UNSOLICITED } from './kinds.js';
import type { Ownership } from './ownership.js';
import { MAX_RESPONDERS, type PendingRequests } from './pending.js';
import type { Stats } from './stats.js';
import type { Tables } from './tables.js';
import type { VrrpTracker } from './vrrp.js';
import type { VrrpArpEvidence } from './vrrp-arp.js';
import type { Silence } from './silence.js';
import type { RequestWatch } from './requests.js';
import type { HijackJudge } from './hijack.js';
import { ArpFrameChecks, sameMac } from './arp-frame-checks.js';

/** Unsolicited replies from an address's only claimant, never answering nor asking as it, that make it one-sided spoofing. */
const ONE_SIDED = 3;

export class ArpAnalysis {
  /** The capturing interface's own addresses (live): IPv4 as int32 -> its MAC. */
  readonly own = new Map<number, number>();
  /** What the last frame was, for the replay story: its kind (-1: not analysed ARP) and reply rank. */
  lastKind = -1;
  lastRank = 0;
  /** Told of each binding a sender's claim creates (the station book, when a --state is kept); not per frame. */
  onNewClaim: ((vlan: number, b: number) => void) | null = null;
  /** Frames that are malformed or say two things at once. */
  readonly frameChecks: ArpFrameChecks;

  constructor(
    private readonly f: ArpFields,
    private readonly link: LinkInfo,
    private readonly stats: Stats,
    private readonly ctx: FrameCtx,
    private readonly tables: Tables,
    private readonly pending: PendingRequests,
    private readonly incidents: IncidentStore,
    private readonly vrrp: VrrpTracker,
    private readonly vrrpArp: VrrpArpEvidence,
    private readonly garp: GarpTracker,
    private readonly owners: Ownership,
    private readonly silence: Silence,
    private readonly requests: RequestWatch,
    private readonly hijacks: HijackJudge,
  ) {
    this.frameChecks = new ArpFrameChecks(f, link, stats, ctx, incidents);
  }

  // Calls below pass only small integers (binding and address indices, VLAN
  // index, IPs as int32, MAC halves); time and frame come from this.ctx.
  analyse(dv: DataView, vlan: number): void {
    const f = this.f;
    const t = this.tables;
    const st = this.stats;
    // ND is counted apart from ARP (the report says how many of each)
    const kinds = f.ipv6 ? st.ndKinds : st.kinds;
    const shaHi = f.shaHi;
    const shaLo = f.shaLo;
    const spa = f.spaS;
    const tpa = f.tpaS;
    // a sender MAC with the I/G bit (multicast, broadcast) or all zeros: never learn it
    if ((shaHi & 0x100) !== 0 || (shaHi === 0 && shaLo === 0)) {
      st.badSenderMac++;
      this.frameChecks.badSender(vlan, dv);
      return;
    }
    const so = this.link.srcOff;
    if (so >= 0 && f.shaOff >= 0 && !sameMac(dv, so, f.shaOff)) this.frameChecks.mismatch(vlan, dv);
    t.ensureRoom();
    const slot = this.classify(vlan, spa, tpa, shaHi, shaLo);
    let kind = this.lastKind;
    if (this.own.size > 0 && spa !== 0 && !f.ipv6) this.ownAddress(vlan, spa);
    if (kind === K_PROBE) {
      const b = t.binding(vlan, tpa, shaHi, shaLo);
      if (b >= 0) t.touch(b, K_PROBE);
      kinds[K_PROBE]!++;
      return;
    }
    if (spa === 0) {
      // a reply with sender IP 0.0.0.0 claims nothing
      kinds[kind]!++;
      return;
    }
    const b = t.binding(vlan, spa, shaHi, shaLo);
    if (b < 0) {
      kinds[kind]!++;
      return;
    }
    if (t.created && this.onNewClaim !== null) this.onNewClaim(vlan, b);
    // a gratuitous request after a probe from the same MAC is the RFC 5227 announcement
    if (kind === K_GARP_REQUEST && t.count(b, K_PROBE) > 0) kind = this.lastKind = K_ANNOUNCE;
    kinds[kind]!++;
    t.touch(b, kind);
    const a = t.addrOf(b);
    // VRRP first: a VIP's evidence decides what the checks below would call a conflict
    if (this.vrrp.active) this.vrrpEvidence(kind, vlan);
    if (kind !== K_REQUEST && this.silence.watching) this.silence.answered(vlan, spa, t.mac(b));
    if (kind === K_REPLY) this.reply(slot, a, b, vlan);
    else if (kind === K_REQUEST) {
      this.requests.request(b, vlan, spa, tpa);
      if (this.owners.mayContest(shaLo)) this.impersonation(vlan, tpa);
      if (!t.sole(b)) {
        const s = t.lastStrong(a);
        if (s >= 0 && s !== b) this.leak(a, b, vlan);
      }
    } else if (kind === K_UNSOLICITED) {
      this.owners.unsolicited(t.mac(b));
      this.spoofCheck(a, b, vlan);
      if (t.sole(b)) this.oneSided(b, vlan);
    }
    else this.garp.gratuitous(b, a, vlan);
    // the old owner of a takeover speaking after it: the takeover is a hijack, now (only on addresses a takeover marked)
    if (!t.sole(b) && t.taken(a)) this.hijacks.ownerSpoke(a, b, this.ctx.us, this.ctx.ref);
    this.owners.claim(b, kind !== K_REQUEST, kind);
    // a reply's target fields are the requester's own address: a claim worth
    // learning unless the matched request already made it (same IP and MAC)
    if (tpa !== 0 && (kind === K_UNSOLICITED || (kind === K_REPLY && !this.pending.requesterIs(slot, f.thaHi, f.thaLo)))) this.targetClaim(vlan, tpa);
  }

  /**
   * Sets lastKind for the frame and returns the pending-request slot a reply
   * answers (-1 for anything else). A request is remembered for the replies
   * to come.
   */
  private classify(vlan: number, spa: number, tpa: number, shaHi: number, shaLo: number): number {
    const p = this.pending;
    if (this.f.op === OP_REQUEST) {
      this.lastKind = spa === 0 ? K_PROBE : spa === tpa ? K_GARP_REQUEST : K_REQUEST;
      p.add(vlan, spa, tpa, shaHi, shaLo);
      return -1;
    }
    const slot = p.match(vlan, tpa, spa);
    if (spa === tpa && spa !== 0) {
      // sender IP = target IP: gratuitous, unless it answers someone else's
      // gratuitous request (a host defending the address it still holds)
      if (slot >= 0 && !p.requesterIs(slot, shaHi, shaLo)) {
        this.lastKind = K_REPLY;
        return slot;
      }
      this.lastKind = K_GARP_REPLY;
      return -1;
    }
    this.lastKind = slot >= 0 ? K_REPLY : K_UNSOLICITED;
    return slot;
  }

  private reply(slot: number, a: number, b: number, vlan: number): void {
    const f = this.f;
    const rank = this.pending.respond(slot, f.shaHi, f.shaLo);
    this.lastRank = rank;
    if (rank === 0) {
      this.stats.duplicateReplies++;
      return;
    }
    this.tables.incAnswered(b, rank === 1);
    if (rank === 1) this.requests.answered(slot);
    // an address with a finding (pinned): the old owner of a takeover answering a request asked after it is alive
    if (this.tables.pinned(a)) this.ownerAnswers(slot, a, b, vlan);
    if (rank !== 1) this.race(slot, rank, a, vlan);
    if (this.pending.reqIpS(slot) === 0) this.probeDefended(slot, a, vlan, b);
  }

  private ownerAnswers(slot: number, a: number, b: number, vlan: number): void {
    const inc = this.incidents.get('arp.binding.takeover', vlan, this.tables.ipOf(a));
    if (!inc) return;
    const mac = this.tables.mac(b);
    const asked = this.pending.us(slot);
    for (const m of inc.data.moves) {
      if (m.from === mac && m.ownerUs < 0 && asked > m.us) {
        m.ownerUs = this.ctx.us;
        m.ownerRef = this.ctx.ref;
      }
    }
  }

  private targetClaim(vlan: number, tpa: number): void {
    const f = this.f;
    const thaHi = f.thaHi;
    const thaLo = f.thaLo;
    if ((thaHi & 0x100) !== 0 || (thaHi === 0 && thaLo === 0)) return;
    const t = this.tables;
    const tb = t.binding(vlan, tpa, thaHi, thaLo);
    if (tb < 0) return;
    t.touch(tb, C_TARGET);
    this.owners.claim(tb, false, K_REQUEST);
  }

  /** ARP evidence for VRRP: GARP bursts, replies and requests that carry a VIP. */
  private vrrpEvidence(kind: number, vlan: number): void {
    const f = this.f;
    const { us, ref } = this.ctx;
    const v = this.vrrpArp;
    if (kind === K_GARP_REQUEST || kind === K_GARP_REPLY || kind === K_ANNOUNCE) v.garp(vlan, f.spa, f.sha, us, ref, f.override, f.router);
    else if (kind === K_REPLY || kind === K_UNSOLICITED) v.reply(vlan, f.spa, f.sha, f.tpa, f.tha, us, ref);
    else if (kind === K_REQUEST) v.request(vlan, f.spa, f.sha, us, ref);
  }

  private race(slot: number, rank: number, a: number, vlan: number): void {
    const p = this.pending;
    const { us, ref } = this.ctx;
    const inc = this.incidents.open('arp.race.multi-responder', vlan, this.tables.ipOf(a), us);
    if (!inc) return;
    this.tables.pin(a);
    const n = Math.min(rank, MAX_RESPONDERS);
    for (let i = 0; i < n; i++) inc.addMac(p.responder(slot, i));
    if (rank !== 2) {
      inc.evidence(ref);
      return;
    }
    inc.evidence(p.ref(slot));
    inc.evidence(p.ref1(slot));
    const reqs = inc.data.requesters;
    const rip = p.reqIpS(slot) >>> 0;
    const rmac = p.reqMac(slot);
    if (reqs.length < MAX_LISTED && !reqs.some((r) => r[0] === rip && r[1] === rmac)) reqs.push([rip, rmac]);
    this.incidents.hit(inc, us, ref);
  }

  private probeDefended(slot: number, a: number, vlan: number, defender: number): void {
    const { us, ref } = this.ctx;
    const inc = this.incidents.open('arp.probe.defended', vlan, this.tables.ipOf(a), us);
    if (!inc) return;
    inc.addMac(this.tables.mac(defender));
    listAdd(inc.data.probers, this.pending.reqMac(slot));
    inc.evidence(this.pending.ref(slot));
    this.incidents.hit(inc, us, ref);
  }

  private leak(a: number, b: number, vlan: number): void {
    const t = this.tables;
    const { us, ref } = this.ctx;
    // a VRRP VIP sent with the master's physical MAC is a VMAC leak, reported as such
    if (this.vrrp.active && this.incidents.get('vrrp.vmac-leak', t.vlanOf(a), t.ipOf(a))?.macs.includes(t.mac(b))) return;
    // the owner an impostor contradicted, still using its own address, is the evidence against the impostor: never a leak
    if (t.pinned(a) && this.contradicted(t.vlanOf(a), t.ipOf(a), t.mac(b))) return;
    const inc = this.incidents.open('arp.leak.vip-sender', vlan, t.ipOf(a), us);
    if (!inc) return;
    t.pin(a);
    const lm = t.mac(b);
    listAdd(inc.data.leakers, lm);
    inc.addMac(lm);
    // every other MAC that answers for the address (replies, GARPs) is an owner
    for (let x = t.headOf(a); x >= 0; x = t.nextOf(x)) {
      if (x === b || !this.answers(x)) continue;
      const om = t.mac(x);
      listAdd(inc.data.owners, om);
      inc.addMac(om);
    }
    inc.evidence(t.lastRef(t.lastStrong(a)));
    this.incidents.hit(inc, us, ref);
  }

  /** True when `mac` is the party a takeover, hijack or spoofing of the address took it from. */
  private contradicted(vlan: number, ip: number, mac: number): boolean {
    const i = this.incidents;
    const moved = (inc: { data: { moves: { from: number }[] } } | undefined) => inc !== undefined && inc.data.moves.some((m) => m.from === mac);
    if (moved(i.get('arp.garp.hijack', vlan, ip)) || moved(i.get('arp.binding.takeover', vlan, ip))) return true;
    const spoof = i.get('arp.spoof.unsolicited-reply', vlan, ip);
    return spoof !== undefined && spoof.macs.includes(mac) && !spoof.data.spoofers.includes(mac);
  }

  /** True when the binding has answered for its address (reply, GARP, announcement). */
  private answers(b: number): boolean {
    const t = this.tables;
    for (let k = K_REPLY; k <= K_ANNOUNCE; k++) if (isAnswer(k) && t.count(b, k) > 0) return true;
    return false;
  }

  private spoofCheck(a: number, b: number, vlan: number): void {
    const t = this.tables;
    if (isVirtualMac(t.mac(b))) return;
    for (let x = t.headOf(a); x >= 0; x = t.nextOf(x)) {
      if (x !== b && t.claims(x) > 0) {
        raiseSpoof(this.tables, this.incidents, a, b, x, vlan, this.ctx.us, this.ctx.ref);
        return;
      }
    }
  }

  /**
   * The address's only claimant has claimed it in ONE_SIDED unsolicited
   * replies to hosts and never answered a request for it nor asked as it:
   * poisoning with the owner silent (arpspoof -t). Nobody is contradicted,
   * so it names the MAC and the hosts told, and never an owner.
   */
  private oneSided(b: number, vlan: number): void {
    const t = this.tables;
    const f = this.f;
    if (t.count(b, K_UNSOLICITED) < ONE_SIDED || t.answered(b) > 0 || t.count(b, K_REQUEST) > 0 || t.count(b, K_GARP_REQUEST) + t.count(b, K_GARP_REPLY) + t.count(b, K_ANNOUNCE) > 0) return;
    // only where the capture shows the host told asking ARP itself: a capture of replies alone (a
    // filter, one side of a mirror) cannot tell an unsolicited reply from an answer to a request it missed
    const victim = f.tpaS !== 0 ? t.find(vlan, f.tpaS, f.thaHi, f.thaLo) : -1;
    if (victim < 0 || t.count(victim, K_REQUEST) === 0) return;
    const mac = t.mac(b);
    if (isVirtualMac(mac) || (this.vrrp.active && this.vrrp.isGroupMac(vlan, f.spaS >>> 0, mac))) return;
    // already told better: the impostor asked for the address itself
    const imp = this.incidents.get('arp.claim.impersonation', vlan, f.spaS >>> 0);
    if (imp && imp.data.impostor === mac) return;
    const { us, ref } = this.ctx;
    const inc = this.incidents.open('arp.spoof.one-sided', vlan, f.spaS >>> 0, us);
    if (!inc) return;
    if (inc.count === 0) {
      inc.addMac(mac);
      // the replies that built up to it are the evidence too
      inc.evidence(t.firstRef(b));
      t.pin(t.addrOf(b));
    }
    if (f.tpaS !== 0 && inc.data.victims.length < MAX_LISTED && !inc.data.victims.some((v) => v[0] === f.tpaS >>> 0 && v[1] === f.tha)) inc.data.victims.push([f.tpaS >>> 0, f.tha]);
    this.incidents.hit(inc, us, ref);
  }

  /** A frame claiming one of the capturing interface's own addresses with another MAC. */
  private ownAddress(vlan: number, spa: number): void {
    const mine = this.own.get(spa);
    const f = this.f;
    if (mine === undefined || mine === f.sha) return;
    const { us, ref } = this.ctx;
    const inc = this.incidents.open('arp.claim.own-address', vlan, f.spa, us);
    if (!inc) return;
    inc.data.ownMac = mine;
    listAdd(inc.data.claimants, f.sha);
    inc.addMac(f.sha);
    this.incidents.hit(inc, us, ref);
  }

  /**
   * A request for an address the requester itself answered for: while
   * another MAC holds it too, or after claiming it in unsolicited replies
   * (the owner need never speak ARP in the capture: arpspoof's pattern).
   */
  private impersonation(vlan: number, tpa: number): void {
    const f = this.f;
    const t = this.tables;
    const own = t.find(vlan, tpa, f.shaHi, f.shaLo);
    // its claim of the address was contested by another MAC, or (asking for another address than its own) it claimed it unasked
    if (own < 0 || (!t.contested(own) && (tpa === f.spaS || t.count(own, K_UNSOLICITED) === 0))) return;
    const { us, ref } = this.ctx;
    const inc = this.incidents.open('arp.claim.impersonation', vlan, tpa >>> 0, us);
    if (!inc) return;
    if (inc.count === 0) {
      inc.addMac(f.sha);
      inc.data.impostor = f.sha;
      inc.data.claimRef = own >= 0 ? t.lastRef(own) : -1;
      inc.evidence(inc.data.claimRef);
    }
    const a = t.findAddr(vlan, tpa);
    if (a >= 0) {
      t.pin(a);
      for (let x = t.headOf(a); x >= 0; x = t.nextOf(x)) if (t.strongClaims(x) > 0) inc.addMac(t.mac(x));
    }
    inc.data.requests++;
    this.incidents.hit(inc, us, ref);
    supersedeOneSided(this.incidents, vlan, tpa >>> 0, f.sha, 'arp.claim.impersonation');
  }
}

/** Binding b sent unsolicited replies for address a, which binding `other` claims too. */
export function raiseSpoof(t: Tables, incidents: IncidentStore, a: number, b: number, other: number, vlan: number, us: number, ref: number): void {
  const inc = incidents.open('arp.spoof.unsolicited-reply', vlan, t.ipOf(a), us);
  if (!inc) return;
  t.pin(a);
  const mac = t.mac(b);
  listAdd(inc.data.spoofers, mac);
  inc.addMac(mac);
  inc.addMac(t.mac(other));
  inc.evidence(t.firstRef(other));
  incidents.hit(inc, us, ref);
  supersedeOneSided(incidents, vlan, t.ipOf(a), mac, 'arp.spoof.unsolicited-reply');
}

/** One-sided spoofing by `mac` is told better now (a contradicted owner, or the impostor asking for the address): that finding says it. */
function supersedeOneSided(incidents: IncidentStore, vlan: number, ip: number, mac: number, by: IncidentCode): void {
  const os = incidents.get('arp.spoof.one-sided', vlan, ip);
  if (os && os.macs[0] === mac) incidents.retract(os, by);
}
