// IPv6 routers as their advertisements show them: per IPv6 segment and
// router MAC, its link-local address, default-router lifetime, M/O flags and
// prefixes. Objects per router, never per frame (an RA is compared with the
// router's previous one and then forgotten). Findings: a second router
// offering a default route, prefixes or routes where another already does (a rogue
// RA, or a second router someone should know about), a default route
// withdrawn (lifetime 0), a router whose flags, prefixes, routes or DNS servers changed,
// and a router's source address advertised from a second MAC (a spoofed RA).
import { formatIp6, MAX_DNS, MAX_PREFIXES, MAX_ROUTES, type NdFields } from '../decode/nd.js';
import type { Addr6Table } from './addr6.js';
import type { IncidentStore } from './incidents.js';

/** Routers kept per capture; more are counted. */
const MAX_ROUTERS = 256;

/** An IPv6 router allowed to send router advertisements (the "routers" list of --expect). */
export interface ExpectedRouter {
  mac: number;
  /** Only in this VLAN path; null: in any segment. */
  vlanPath: number[] | null;
}

export interface Ipv6Router {
  vlan: number;
  mac: number;
  /** Its source address (an id of the IPv6 table). */
  src: number;
  firstUs: number;
  lastUs: number;
  firstRef: number;
  lastRef: number;
  adverts: number;
  /** The last advert's router lifetime (s: 0 = not a default router), flags and prefixes ("2001:db8::/64"). */
  lifetime: number;
  managed: boolean;
  other: boolean;
  prefixes: string[];
  /** Route information (RFC 4191): "2001:db8:1::/48 high", and recursive DNS servers (RFC 8106). */
  routes: string[];
  dns: string[];
  /** NdFields.raHash of its last advert: lists are rebuilt only when it changes. */
  hash: number;
  /** It offered a default route, prefixes or routes at some point. */
  offered: boolean;
  /** Another MAC advertised this source address first: this one spoofs it. */
  spoofs?: Ipv6Router;
}

export class RouterWatch {
  readonly routers: Ipv6Router[] = [];
  dropped = 0;
  /** Whether a router may advertise in a segment (--expect "routers"); null: no list. */
  allowed: ((vlan: number, mac: number) => boolean) | null = null;
  /**
   * Whether a MAC is a router of a first-hop redundancy group (VRRP, HSRP,
   * GLBP; set by the engine). Without an allowed list, a second IPv6 router
   * that is one is its pair's redundant router, not a rogue; two of them
   * sharing an address take turns, not spoof.
   */
  groupRouter: (mac: number) => boolean = () => false;
  private readonly byKey = new Map<number, Ipv6Router>();
  /** The first router seen with each source address, by segment then address id. */
  private readonly bySrc = new Map<number, Map<number, Ipv6Router>>();

  constructor(
    private readonly incidents: IncidentStore,
    private readonly addr6: Addr6Table,
  ) {}

  /** A router advertisement `f` from `mac` in IPv6 segment `vlan`. */
  advert(vlan: number, mac: number, f: NdFields, us: number, ref: number): void {
    const key = vlan * 2 ** 48 + mac;
    let r = this.byKey.get(key);
    const offers = f.routerLifetime > 0 || f.prefixCount > 0 || f.routeCount > 0;
    if (!r) {
      if (this.routers.length >= MAX_ROUTERS) {
        this.dropped++;
        return;
      }
      r = { vlan, mac, src: Math.max(0, this.addr6.id(f.src)), firstUs: us, lastUs: us, firstRef: ref, lastRef: ref, adverts: 0, lifetime: f.routerLifetime, managed: f.managed, other: f.other, prefixes: prefixList(f), routes: routeList(f), dns: dnsList(f), hash: f.raHash, offered: false };
      this.byKey.set(key, r);
      this.routers.push(r);
      let srcs = this.bySrc.get(vlan);
      if (!srcs) this.bySrc.set(vlan, (srcs = new Map()));
      const owner = srcs.get(r.src);
      if (owner === undefined) srcs.set(r.src, r);
      else r.spoofs = owner;
      if (offers && !r.spoofs) this.newRouter(r, us, ref);
    } else {
      // the same offer as last time (the common case, and every RA of a flood): no text is built
      if (f.raHash !== r.hash) {
        const changed: string[] = [];
        if (r.managed !== f.managed) changed.push(`managed flag ${f.managed ? 'set' : 'cleared'}`);
        if (r.other !== f.other) changed.push(`other-config flag ${f.other ? 'set' : 'cleared'}`);
        const prefixes = prefixList(f);
        const routes = routeList(f);
        const dns = dnsList(f);
        diff(r.prefixes, prefixes, 'prefix', changed);
        diff(r.routes, routes, 'route', changed);
        diff(r.dns, dns, 'DNS server', changed);
        if (changed.length) this.raise('nd.router.changed', r, us, ref, [], changed);
        r.prefixes = prefixes;
        r.routes = routes;
        r.dns = dns;
        r.hash = f.raHash;
      }
      if (f.routerLifetime === 0 && r.lifetime > 0) this.raise('nd.router.withdrawn', r, us, ref);
      if (offers && !r.offered && !r.spoofs) this.newRouter(r, us, ref);
      r.lifetime = f.routerLifetime;
      r.managed = f.managed;
      r.other = f.other;
      r.lastUs = us;
      r.lastRef = ref;
    }
    r.adverts++;
    if (r.spoofs) this.spoofed(r, r.spoofs, f.routerLifetime === 0, us, ref);
  }

  /** An RA from `r` with the source address of `owner`, another MAC that advertised it first. */
  private spoofed(r: Ipv6Router, owner: Ipv6Router, withdraws: boolean, us: number, ref: number): void {
    if (this.groupRouter(r.mac) && this.groupRouter(owner.mac)) return;
    const inc = this.incidents.open('nd.router.spoofed', r.vlan, r.src, us);
    if (!inc) return;
    if (inc.count === 0) {
      inc.data.router = owner.mac;
      inc.data.spoofer = r.mac;
      inc.evidence(owner.lastRef);
    }
    inc.addMac(r.mac);
    inc.addMac(owner.mac);
    if (withdraws) inc.data.withdrawals++;
    this.incidents.hit(inc, us, ref);
  }

  /**
   * A router that starts offering a default route, prefixes or routes: with a list of
   * allowed routers (--expect), rogue when not on it; without one, rogue when
   * another in its segment already offers them.
   */
  private newRouter(r: Ipv6Router, us: number, ref: number): void {
    r.offered = true;
    const others = this.routers.filter((x) => x !== r && x.vlan === r.vlan && x.offered);
    if (this.allowed !== null ? this.allowed(r.vlan, r.mac) : others.length === 0 || this.groupRouter(r.mac)) return;
    this.raise('nd.router.rogue', r, us, ref, others, [], this.allowed !== null);
  }

  /**
   * A MAC just proved itself a router of a redundancy group (its first
   * advert or hello): the rogue and spoofing findings told about it so far
   * were its group's redundancy, and are retracted now, not at the end.
   */
  groupRouterSeen(): void {
    for (const r of this.routers) {
      const rogue = this.allowed === null && r.offered ? this.incidents.get('nd.router.rogue', r.vlan, r.src) : undefined;
      if (rogue && !rogue.dropped && this.groupRouter(r.mac)) this.incidents.retract(rogue);
      const spoof = r.spoofs ? this.incidents.get('nd.router.spoofed', r.vlan, r.src) : undefined;
      if (spoof && !spoof.dropped && this.groupRouter(spoof.data.spoofer) && this.groupRouter(spoof.data.router)) this.incidents.retract(spoof);
    }
  }

  private raise(code: 'nd.router.rogue' | 'nd.router.withdrawn' | 'nd.router.changed', r: Ipv6Router, us: number, ref: number, existing: Ipv6Router[] = [], changes: string[] = [], notAllowed = false): void {
    const inc = this.incidents.open(code, r.vlan, r.src, us);
    if (!inc) return;
    inc.addMac(r.mac);
    if (inc.is('nd.router.rogue')) inc.data.notAllowed = notAllowed;
    if (inc.is('nd.router.rogue')) for (const o of existing) if (!inc.data.existing.includes(o.mac) && inc.data.existing.length < 16) inc.data.existing.push(o.mac);
    if (inc.is('nd.router.changed')) for (const c of changes) if (!inc.data.changes.includes(c) && inc.data.changes.length < 16) inc.data.changes.push(c);
    this.incidents.hit(inc, us, ref);
  }
}

/** "prefix 2001:db8::/64 added" / "... no longer advertised" for what differs between two lists. */
function diff(before: string[], after: string[], what: string, out: string[]): void {
  const added = after.filter((p) => !before.includes(p));
  const gone = before.filter((p) => !after.includes(p));
  if (added.length) out.push(`${what} ${added.join(', ')} added`);
  if (gone.length) out.push(`${what} ${gone.join(', ')} no longer advertised`);
}

function routeList(f: NdFields): string[] {
  const out: string[] = [];
  for (let i = 0; i < f.routeCount && i < MAX_ROUTES; i++) if (f.routeLifetime[i]! > 0) out.push(`${formatIp6(f.routes, 4 * i)}/${f.routeLen[i]}${f.routePref[i]! > 0 ? ' high' : f.routePref[i]! < 0 ? ' low' : ''}`);
  return out.sort();
}

function dnsList(f: NdFields): string[] {
  const out: string[] = [];
  for (let i = 0; i < f.dnsCount && i < MAX_DNS; i++) if (f.dnsLifetime[i]! > 0) out.push(formatIp6(f.dns, 4 * i));
  return [...new Set(out)].sort();
}

function prefixList(f: NdFields): string[] {
  const out: string[] = [];
  for (let i = 0; i < f.prefixCount && i < MAX_PREFIXES; i++) if (f.prefixValid[i]! > 0) out.push(`${formatIp6(f.prefixes, 4 * i)}/${f.prefixLen[i]}`);
  return out.sort();
}
