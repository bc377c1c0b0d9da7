// IPv6 routers as their advertisements show them: per IPv6 segment and
// router MAC, its link-local address, default-router lifetime, M/O flags and
// prefixes. Objects per router, never per frame (an RA is compared with the
// router's previous one and then forgotten). Findings: a second router
// offering a default route or prefixes where another already does (a rogue
// RA, or a second router someone should know about), a default route
// withdrawn (lifetime 0), and a router whose flags or prefixes changed.
import { formatIp6, MAX_PREFIXES, type NdFields } from '../decode/nd.js';
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
  /** It offered a default route or prefixes at some point. */
  offered: boolean;
}

export class RouterWatch {
  readonly routers: Ipv6Router[] = [];
  dropped = 0;
  /** Whether a router may advertise in a segment (--expect "routers"); null: no list. */
  allowed: ((vlan: number, mac: number) => boolean) | null = null;
  private readonly byKey = new Map<number, Ipv6Router>();

  constructor(
    private readonly incidents: IncidentStore,
    private readonly addr6: Addr6Table,
  ) {}

  /** A router advertisement `f` from `mac` in IPv6 segment `vlan`. */
  advert(vlan: number, mac: number, f: NdFields, us: number, ref: number): void {
    const key = vlan * 2 ** 48 + mac;
    let r = this.byKey.get(key);
    const prefixes = prefixList(f);
    const offers = f.routerLifetime > 0 || prefixes.length > 0;
    if (!r) {
      if (this.routers.length >= MAX_ROUTERS) {
        this.dropped++;
        return;
      }
      r = { vlan, mac, src: Math.max(0, this.addr6.id(f.src)), firstUs: us, lastUs: us, firstRef: ref, lastRef: ref, adverts: 0, lifetime: f.routerLifetime, managed: f.managed, other: f.other, prefixes, offered: false };
      this.byKey.set(key, r);
      this.routers.push(r);
      if (offers) this.newRouter(r, us, ref);
    } else {
      const changed: string[] = [];
      if (r.managed !== f.managed) changed.push(`managed flag ${f.managed ? 'set' : 'cleared'}`);
      if (r.other !== f.other) changed.push(`other-config flag ${f.other ? 'set' : 'cleared'}`);
      const added = prefixes.filter((p) => !r!.prefixes.includes(p));
      const gone = r.prefixes.filter((p) => !prefixes.includes(p));
      if (added.length) changed.push(`prefix ${added.join(', ')} added`);
      if (gone.length) changed.push(`prefix ${gone.join(', ')} no longer advertised`);
      if (changed.length) this.raise('nd.router.changed', r, us, ref, [], changed);
      if (f.routerLifetime === 0 && r.lifetime > 0) this.raise('nd.router.withdrawn', r, us, ref);
      if (offers && !r.offered) this.newRouter(r, us, ref);
      r.lifetime = f.routerLifetime;
      r.managed = f.managed;
      r.other = f.other;
      r.prefixes = prefixes;
      r.lastUs = us;
      r.lastRef = ref;
    }
    r.adverts++;
  }

  /**
   * A router that starts offering a default route or prefixes: with a list of
   * allowed routers (--expect), rogue when not on it; without one, rogue when
   * another in its segment already offers them.
   */
  private newRouter(r: Ipv6Router, us: number, ref: number): void {
    r.offered = true;
    const others = this.routers.filter((x) => x !== r && x.vlan === r.vlan && x.offered);
    if (this.allowed !== null ? this.allowed(r.vlan, r.mac) : others.length === 0) return;
    this.raise('nd.router.rogue', r, us, ref, others);
  }

  private raise(code: 'nd.router.rogue' | 'nd.router.withdrawn' | 'nd.router.changed', r: Ipv6Router, us: number, ref: number, existing: Ipv6Router[] = [], changes: string[] = []): void {
    const inc = this.incidents.open(code, r.vlan, r.src, us);
    if (!inc) return;
    inc.addMac(r.mac);
    if (inc.is('nd.router.rogue')) for (const o of existing) if (!inc.data.existing.includes(o.mac) && inc.data.existing.length < 16) inc.data.existing.push(o.mac);
    if (inc.is('nd.router.changed')) for (const c of changes) if (!inc.data.changes.includes(c) && inc.data.changes.length < 16) inc.data.changes.push(c);
    this.incidents.hit(inc, us, ref);
  }
}

function prefixList(f: NdFields): string[] {
  const out: string[] = [];
  for (let i = 0; i < f.prefixCount && i < MAX_PREFIXES; i++) if (f.prefixValid[i]! > 0) out.push(`${formatIp6(f.prefixes, 4 * i)}/${f.prefixLen[i]}`);
  return out.sort();
}
