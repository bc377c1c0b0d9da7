// A run held against a station book (--state): each address a MAC claims for
// the first time in the run is looked up once, and what the book says about
// it (a new station, a changed MAC, a reused address, a return after long
// absence) is raised as a station.* incident.
import type { FrameCtx } from './ctx.js';
import { type IncidentStore, MAX_LISTED } from './incidents.js';
import { COUNT_NAMES } from './kinds.js';
import type { KnownMac, StationBook } from './stations.js';
import type { Tables } from './tables.js';
import type { VrrpTracker } from './vrrp.js';

export class StationWatch {
  constructor(
    private readonly book: StationBook,
    private readonly ctx: FrameCtx,
    private readonly tables: Tables,
    private readonly incidents: IncidentStore,
    private readonly vrrp: VrrpTracker,
    /** The segment key and the address's text, for the book. */
    private readonly keyOf: (vlan: number) => number,
    private readonly ipText: (vlan: number, ip: number) => string,
  ) {}

  /** Binding `b` in segment `vlan` is the first claim of its address by its MAC in this run, by a frame of `kind` (-1: a request). */
  seen(vlan: number, b: number, kind: number): void {
    const t = this.tables;
    const ip = t.ipOf(t.addrOf(b));
    const mac = t.mac(b);
    this.book.seen(this.keyOf(vlan), this.ipText(vlan, ip), mac, this.ctx, (code, known, others) => {
      // a VIP moving between the routers of its group is a failover, judged as one
      if (code !== 'station.new' && this.vrrp.active && this.vrrp.isGroupMac(vlan, ip, mac)) return;
      const { us, ref } = this.ctx;
      const inc = this.incidents.open(code, vlan, ip, us);
      if (!inc) return;
      inc.addMacCapped(mac);
      const how = kind >= 0 ? COUNT_NAMES[kind]! : 'request';
      if (!inc.data.how.includes(how)) inc.data.how.push(how);
      const entry = (m: KnownMac) => ({ mac: m.mac, firstUs: m.firstUs, lastUs: m.lastUs });
      if (inc.is('station.changed')) for (const o of others) if (inc.data.known.length < MAX_LISTED && !inc.data.known.some((k) => k.mac === o.mac)) inc.data.known.push(entry(o));
      if (inc.is('station.reused')) {
        inc.data.latest = others[0] ? entry(others[0]) : null;
        inc.data.lastUs = known?.lastUs ?? 0;
      }
      if (inc.is('station.returned')) inc.data.lastUs = known?.lastUs ?? 0;
      t.pin(t.addrOf(b));
      this.incidents.hit(inc, us, ref);
    });
  }
}
