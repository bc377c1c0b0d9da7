// Expectations for `check --expect FILE`: which MACs may answer for an address.
//
//   { "addresses": [
//       { "ip": "10.0.0.10", "macs": ["02:00:00:00:00:01"] },
//       { "ip": "10.0.0.1", "vlan": 100, "vrrp": 1 },
//       { "ip": "10.0.0.20", "macs": ["02:00:00:00:00:02"], "required": false } ] }
//
// An answer is a reply, an unsolicited reply, a gratuitous ARP or an
// announcement with the IP as sender. Any answer from a MAC not allowed is
// expect.unexpected-mac; no answer from an allowed MAC (unless required is
// false) is expect.owner-silent.
import { parseIp, parseMac, vrrp6VirtualMac, vrrpVirtualMac } from '../util/addr.js';
import type { ExpectedRouter } from './routers.js';

export type { ExpectedRouter } from './routers.js';
import { formatIp6, ip6Words, parseIp6 } from '../decode/nd.js';
import { ipv6Key, vlanKeyOf } from '../decode/link.js';
import type { Engine } from './engine.js';
import { isAnswer, NKINDS } from './kinds.js';

export interface Expectation {
  /** IPv4 as uint32, or -1 for an IPv6 expectation. */
  ip: number;
  /** An IPv6 address (RFC 5952 text), checked against neighbour discovery; null for IPv4. */
  ip6: string | null;
  vlanPath: number[];
  macs: number[];
  vrrp: number | null;
  required: boolean;
}

export class ExpectError extends Error {}

const ALLOWED_KEYS = new Set(['ip', 'vlan', 'macs', 'vrrp', 'required', 'note']);
/** VLAN paths are at most this deep (QinQ and a little more). */
const MAX_VLAN_DEPTH = 4;

/**
 * The "routers" list of an expectations document: MACs (or {mac, vlan})
 * allowed to advertise IPv6 routes; any other router offering a default
 * route or prefixes is rogue. Absent: no list (rogue means "a second one").
 */
export function parseExpectedRouters(doc: unknown, name = 'expectations'): ExpectedRouter[] | null {
  const list = Array.isArray(doc) ? undefined : (doc as { routers?: unknown } | null)?.routers;
  if (list === undefined) return null;
  if (!Array.isArray(list)) throw new ExpectError(`${name}: routers: expected an array of MACs or {"mac", "vlan"} objects`);
  return list.map((r, i) => {
    const at = `${name}: routers[${i}]`;
    const o = typeof r === 'string' ? { mac: r } : (r as Record<string, unknown> | null);
    if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new ExpectError(`${at}: expected a MAC or an object`);
    for (const k of Object.keys(o)) if (!['mac', 'vlan', 'note'].includes(k)) throw new ExpectError(`${at}.${k}: unknown field (allowed: mac, vlan, note)`);
    const mac = typeof o.mac === 'string' ? parseMac(o.mac) : -1;
    if (mac < 0) throw new ExpectError(`${at}.mac: ${JSON.stringify(o.mac)} is not a MAC address`);
    let vlanPath: number[] | null = null;
    if (o.vlan !== undefined && o.vlan !== null) {
      const v = Array.isArray(o.vlan) ? o.vlan : [o.vlan];
      if (v.length > MAX_VLAN_DEPTH || !v.every((x) => Number.isInteger(x) && x >= 1 && x <= 4094)) throw new ExpectError(`${at}.vlan: expected a VLAN ID 1-4094 (or an array of up to ${MAX_VLAN_DEPTH}), got ${JSON.stringify(o.vlan)}`);
      vlanPath = v as number[];
    }
    return { mac, vlanPath };
  });
}

export function parseExpectations(doc: unknown, name = 'expectations'): Expectation[] {
  // a document with only a "routers" list expects nothing of addresses
  if (!Array.isArray(doc) && typeof doc === 'object' && doc !== null && !('addresses' in doc) && 'routers' in doc) return [];
  const list = Array.isArray(doc) ? doc : (doc as { addresses?: unknown })?.addresses;
  const root = Array.isArray(doc) ? '' : 'addresses';
  if (!Array.isArray(list)) throw new ExpectError(`${name}: expected an object with an "addresses" array (or an array)`);
  return list.map((item, i) => {
    const at = `${name}: ${root}[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new ExpectError(`${at}: expected an object`);
    const o = item as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!ALLOWED_KEYS.has(k)) throw new ExpectError(`${at}.${k}: unknown field (allowed: ${[...ALLOWED_KEYS].join(', ')})`);
    const w6 = typeof o.ip === 'string' && o.ip.includes(':') ? parseIp6(o.ip) : null;
    if (typeof o.ip !== 'string' || (w6 === null && parseIp(o.ip) < 0)) throw new ExpectError(`${at}.ip: expected an IPv4 or IPv6 address, got ${JSON.stringify(o.ip)}`);
    let vlanPath: number[] = [];
    if (o.vlan !== undefined && o.vlan !== null) {
      const v = Array.isArray(o.vlan) ? o.vlan : [o.vlan];
      if (v.length > MAX_VLAN_DEPTH || !v.every((x) => Number.isInteger(x) && x >= 1 && x <= 4094)) {
        throw new ExpectError(`${at}.vlan: expected a VLAN ID 1-4094 (or an array of up to ${MAX_VLAN_DEPTH}, outermost first), got ${JSON.stringify(o.vlan)}`);
      }
      vlanPath = v as number[];
    }
    let macs: number[] = [];
    if (o.macs !== undefined) {
      if (!Array.isArray(o.macs) || o.macs.length === 0) throw new ExpectError(`${at}.macs: expected a non-empty array of MAC addresses`);
      macs = o.macs.map((m, j) => {
        const v = typeof m === 'string' ? parseMac(m) : -1;
        if (v < 0) throw new ExpectError(`${at}.macs[${j}]: ${JSON.stringify(m)} is not a MAC address`);
        return v;
      });
    }
    let vrrp: number | null = null;
    if (o.vrrp !== undefined) {
      if (!Number.isInteger(o.vrrp) || (o.vrrp as number) < 1 || (o.vrrp as number) > 255) throw new ExpectError(`${at}.vrrp: expected a VRID 1-255, got ${JSON.stringify(o.vrrp)}`);
      vrrp = o.vrrp as number;
      macs.push(w6 ? vrrp6VirtualMac(vrrp) : vrrpVirtualMac(vrrp));
    }
    if (macs.length === 0) throw new ExpectError(`${at}: needs "macs" or "vrrp"`);
    if (o.required !== undefined && typeof o.required !== 'boolean') throw new ExpectError(`${at}.required: expected true or false`);
    return { ip: w6 ? -1 : parseIp(o.ip), ip6: w6 ? formatIp6(w6) : null, vlanPath, macs, vrrp, required: o.required !== false };
  });
}

/** What the capture showed for one expectation. */
export interface ExpectVerdict {
  exp: Expectation;
  /** The engine's VLAN index of the expectation's VLAN (-1: never seen). */
  vlan: number;
  /** The address was seen at all. */
  seen: boolean;
  /** Some allowed MAC answered. */
  ownerAnswered: boolean;
  /** MACs that answered and are not allowed, with their answers and evidence. */
  unexpected: number[];
  answers: number;
  refs: number[];
  firstUs: number;
  lastUs: number;
}

/** Checks the expectations against the engine's address table (after finish()). */
export function evaluateExpectations(engine: Engine, exps: Expectation[]): ExpectVerdict[] {
  const t = engine.tables;
  return exps.map((x) => {
    // an IPv6 address lives in the IPv6 twin of its VLAN, as the id neighbour discovery gave it
    const key = vlanKeyOf(x.vlanPath);
    const vlan = engine.vlanKeys.indexOf(x.ip6 ? ipv6Key(key) : key);
    const ip = x.ip6 ? engine.addr6.find(ip6Words(x.ip6)) : x.ip;
    const a = vlan >= 0 && ip > 0 ? t.findAddr(vlan, ip) : -1;
    const v: ExpectVerdict = { exp: x, vlan, seen: a >= 0, ownerAnswered: false, unexpected: [], answers: 0, refs: [], firstUs: Infinity, lastUs: -Infinity };
    if (a < 0) return v;
    for (let b = t.headOf(a); b >= 0; b = t.nextOf(b)) {
      let n = 0;
      for (let k = 0; k < NKINDS; k++) if (isAnswer(k)) n += t.count(b, k);
      if (n === 0) continue;
      const mac = t.mac(b);
      if (x.macs.includes(mac)) {
        v.ownerAnswered = true;
        continue;
      }
      v.unexpected.push(mac);
      v.answers += n;
      v.refs.push(t.firstRef(b), t.lastRef(b));
      v.firstUs = Math.min(v.firstUs, t.firstUs(b));
      v.lastUs = Math.max(v.lastUs, t.lastUs(b));
    }
    return v;
  });
}
