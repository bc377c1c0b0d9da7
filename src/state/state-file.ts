// The state's JSON document: the shape `state show --format json` prints and
// `state import` reads (and the whole file of the first format, version 1,
// which store.ts converts). One section per sensor (a live interface, or the
// name a `check` run gives): its stations (segment + address, every MAC with
// first and last time seen, vendor, how learned), its VRRP/HSRP/GLBP groups
// with their routers and masters, and its IPv6 routers. Also what a run adds
// to a sensor's groups and routers, merged with what the state held.
import type { Engine } from '../engine/engine.js';
import type { StationBook } from '../engine/stations.js';
import { isIpv6Key, overlayKey, vlanKeyOf, vlanPath, vniOf } from '../decode/link.js';
import { formatMac, parseMac } from '../util/addr.js';
import { formatTime, isoToUs } from '../util/time.js';

export const STATE_FORMAT = 'arpaudit-state';
export const STATE_VERSION = 1;

/** A state file that cannot be used: corrupt, of a newer version, or unreadable. Exit 2, never replaced. */
export class StateError extends Error {}

export interface StateMacJson {
  mac: string;
  vendor: string;
  firstSeen: string;
  lastSeen: string;
  learnedBy: string[];
  /** The host name arpwatch's arp.dat gave the pair, when imported from one. */
  hostname?: string;
}

export interface StationJson {
  vlanPath: number[];
  vni?: number;
  ip: string;
  macs: StateMacJson[];
}

export interface GroupRouterJson {
  ip: string;
  mac: string;
  priority: number;
  firstSeen: string;
  lastSeen: string;
  /** Last time it was seen as master (active gateway); null if never. */
  lastMaster: string | null;
}

export interface GroupJson {
  protocol: string;
  vrid: number;
  family: number;
  vlanPath: number[];
  vni?: number;
  vips: string[];
  routers: GroupRouterJson[];
}

export interface RouterJson {
  vlanPath: number[];
  vni?: number;
  mac: string;
  ip: string;
  prefixes: string[];
  lifetime: number;
  firstSeen: string;
  lastSeen: string;
}

export interface SensorState {
  /** Packet time of the first frame this sensor's state learned from. */
  created: string;
  /** New stations before this time are recorded, not reported (--learn); null when no learning period. */
  learnUntil: string | null;
  updated: string;
  /** Stations evicted for room over the state's life (--max-addresses). */
  evicted: number;
  stations: StationJson[];
  groups: GroupJson[];
  routers: RouterJson[];
}

export interface StateDoc {
  format: typeof STATE_FORMAT;
  schemaVersion: number;
  written: string;
  writtenBy: string;
  sensors: Record<string, SensorState>;
}

export { isoToUs };

export function segmentKey(path: unknown, vni: unknown, where: string): number {
  if (!Array.isArray(path) || !path.every((v) => Number.isInteger(v) && v >= 1 && v <= 4094) || path.length > 4) throw new StateError(`${where}: vlanPath must be a list of up to 4 VLAN IDs (1-4094)`);
  const k = vlanKeyOf(path as number[]);
  if (vni === undefined) return k;
  if (!Number.isInteger(vni) || (vni as number) < 0 || (vni as number) > 0xffffff) throw new StateError(`${where}: vni must be a whole number from 0 to 16777215`);
  return overlayKey(vni as number, k);
}

export function segmentJson(key: number): { vlanPath: number[]; vni?: number } {
  const vni = vniOf(key);
  return vni === null ? { vlanPath: vlanPath(key) } : { vlanPath: vlanPath(key), vni };
}

/** An empty document. */
export function emptyState(): StateDoc {
  return { format: STATE_FORMAT, schemaVersion: STATE_VERSION, written: '', writtenBy: '', sensors: {} };
}

export function parseState(text: string, path: string): StateDoc {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new StateError(`${path}: not a state file: corrupt JSON (${(e as Error).message}); move it away to start a new state, or restore a backup`);
  }
  const d = doc as Partial<StateDoc> | null;
  if (typeof d !== 'object' || d === null || d.format !== STATE_FORMAT) throw new StateError(`${path}: not an arpaudit state file (no "format": "${STATE_FORMAT}")`);
  if (typeof d.schemaVersion !== 'number' || !Number.isInteger(d.schemaVersion) || d.schemaVersion < 1) throw new StateError(`${path}: schemaVersion must be a whole number from 1`);
  if (d.schemaVersion > STATE_VERSION) throw new StateError(`${path}: written by a newer arpaudit (state schemaVersion ${d.schemaVersion}, this one reads ${STATE_VERSION} and 2); upgrade arpaudit, the file is left as it is`);
  if (typeof d.sensors !== 'object' || d.sensors === null || Array.isArray(d.sensors)) throw new StateError(`${path}: "sensors" must be an object`);
  for (const [name, s] of Object.entries(d.sensors)) checkSensor(s, `${path}: sensor "${name}"`);
  return d as StateDoc;
}

function checkSensor(s: unknown, where: string): void {
  const x = s as Partial<SensorState> | null;
  if (typeof x !== 'object' || x === null) throw new StateError(`${where} must be an object`);
  if (Number.isNaN(isoToUs(x.created))) throw new StateError(`${where}: "created" must be an ISO time`);
  if (x.learnUntil !== null && Number.isNaN(isoToUs(x.learnUntil))) throw new StateError(`${where}: "learnUntil" must be an ISO time or null`);
  for (const k of ['stations', 'groups', 'routers'] as const) if (!Array.isArray(x[k])) throw new StateError(`${where}: "${k}" must be a list`);
  x.stations!.forEach((st, i) => {
    const w = `${where}: stations[${i}]`;
    segmentKey(st.vlanPath, st.vni, w);
    if (typeof st.ip !== 'string' || st.ip === '') throw new StateError(`${w}: "ip" must be an address`);
    if (!Array.isArray(st.macs) || st.macs.length === 0) throw new StateError(`${w}: "macs" must be a non-empty list`);
    for (const m of st.macs) {
      if (parseMac(String(m.mac)) < 0) throw new StateError(`${w}: ${JSON.stringify(m.mac)} is not a MAC`);
      if (Number.isNaN(isoToUs(m.firstSeen)) || Number.isNaN(isoToUs(m.lastSeen))) throw new StateError(`${w}: firstSeen and lastSeen must be ISO times`);
    }
  });
}

/** A sensor's times and groups after this run (the stations are rows of their own: store.ts). */
export interface SensorAfter {
  created: string;
  learnUntil: string | null;
  updated: string;
  groups: GroupJson[];
  routers: RouterJson[];
}

/**
 * The sensor's times, groups and IPv6 routers after this run: the engines'
 * (brought into the book first) merged with what the state held (`old`,
 * null for a sensor new in this run).
 */
export function sensorAfter(old: SensorAfter | null, engines: Engine[], book: StationBook): SensorAfter {
  for (const e of engines) e.updateStations();
  const firsts = engines.map((e) => e.stats.firstUs).filter((t) => t > 0);
  const firstUs = firsts.length ? Math.min(...firsts) : 0;
  const created = old ? old.created : formatTime(firstUs > 0 ? firstUs : Date.now() * 1000);
  const learnUntil = old ? old.learnUntil : Number.isFinite(book.learnUntilUs) ? formatTime(book.learnUntilUs) : Number.isNaN(book.learnUntilUs) ? formatTime(isoToUs(created) + book.opts.learnMs * 1000) : null;
  const lastUs = Math.max(0, ...engines.map((e) => e.stats.lastUs), ...(old ? [isoToUs(old.updated)] : []));
  return {
    created,
    learnUntil,
    updated: formatTime(lastUs > 0 ? lastUs : Date.now() * 1000),
    groups: engines.reduce((g, e) => mergeGroups(g, groupsOf(e)), old?.groups ?? []),
    routers: engines.reduce((r, e) => mergeRouters(r, routersOf(e)), old?.routers ?? []),
  };
}

function groupsOf(engine: Engine): GroupJson[] {
  return engine.vrrp.states.map((s) => {
    const key = engine.vlanKeys[s.vlan] ?? 0;
    const masters = new Map<number, number>();
    for (const c of s.changes) masters.set(c.to.mac, Math.max(masters.get(c.to.mac) ?? -Infinity, c.atUs));
    if (s.master) masters.set(s.master.mac, s.master.lastUs);
    return {
      protocol: s.protocol,
      vrid: s.vrid,
      family: s.family,
      ...segmentJson(isIpv6Key(key) ? key - 2 ** 51 : key),
      vips: s.family === 4 ? s.vips4.map((v) => engine.ipText(s.vlan, v)) : s.vips6.slice(),
      routers: s.routers.map((r) => ({ ip: r.ip, mac: formatMac(r.mac), priority: r.priority, firstSeen: formatTime(r.firstUs), lastSeen: formatTime(r.lastUs), lastMaster: masters.has(r.mac) ? formatTime(masters.get(r.mac)!) : null })),
    };
  });
}

function routersOf(engine: Engine): RouterJson[] {
  return engine.routers.routers.map((r) => {
    const key = engine.vlanKeys[r.vlan] ?? 0;
    return { ...segmentJson(isIpv6Key(key) ? key - 2 ** 51 : key), mac: formatMac(r.mac), ip: engine.addr6.text(r.src), prefixes: r.prefixes.slice(), lifetime: r.lifetime, firstSeen: formatTime(r.firstUs), lastSeen: formatTime(r.lastUs) };
  });
}

const segId = (x: { vlanPath: number[]; vni?: number }) => `${x.vni ?? ''}/${x.vlanPath.join('.')}`;
const earlier = (a: string, b: string) => (isoToUs(a) <= isoToUs(b) ? a : b);
const later = (a: string, b: string) => (isoToUs(a) >= isoToUs(b) ? a : b);

function mergeGroups(old: GroupJson[], now: GroupJson[]): GroupJson[] {
  const out = new Map<string, GroupJson>();
  const id = (g: GroupJson) => `${g.protocol}|${g.family}|${g.vrid}|${segId(g)}`;
  for (const g of old) out.set(id(g), { ...g, vips: [...g.vips], routers: g.routers.map((r) => ({ ...r })) });
  for (const g of now) {
    const o = out.get(id(g));
    if (!o) {
      out.set(id(g), g);
      continue;
    }
    for (const v of g.vips) if (!o.vips.includes(v)) o.vips.push(v);
    for (const r of g.routers) {
      const p = o.routers.find((x) => x.mac === r.mac && x.ip === r.ip);
      if (!p) o.routers.push(r);
      else {
        p.priority = r.priority;
        p.firstSeen = earlier(p.firstSeen, r.firstSeen);
        p.lastSeen = later(p.lastSeen, r.lastSeen);
        p.lastMaster = r.lastMaster && p.lastMaster ? later(p.lastMaster, r.lastMaster) : (r.lastMaster ?? p.lastMaster);
      }
    }
  }
  return [...out.values()].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

function mergeRouters(old: RouterJson[], now: RouterJson[]): RouterJson[] {
  const out = new Map<string, RouterJson>();
  const id = (r: RouterJson) => `${segId(r)}|${r.mac}|${r.ip}`;
  for (const r of old) out.set(id(r), { ...r, prefixes: [...r.prefixes] });
  for (const r of now) {
    const o = out.get(id(r));
    if (!o) out.set(id(r), r);
    else Object.assign(o, { prefixes: r.prefixes, lifetime: r.lifetime, firstSeen: earlier(o.firstSeen, r.firstSeen), lastSeen: later(o.lastSeen, r.lastSeen) });
  }
  return [...out.values()].sort((a, b) => (id(a) < id(b) ? -1 : 1));
}

export function stateText(doc: StateDoc): string {
  return JSON.stringify(doc, null, 1) + '\n';
}
