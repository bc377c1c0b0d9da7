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
import { readFileSync } from 'node:fs';
import { formatIp, formatMac, parseIp, parseMac } from '../util/addr.js';
import { vlanKeyOf } from '../decode/link.js';
import type { Engine } from './engine.js';
import { K_ANNOUNCE, K_GARP_REPLY, K_GARP_REQUEST, K_REPLY, K_UNSOLICITED } from './tables.js';
import type { ExtraFinding } from '../report/model.js';

export interface Expectation {
  ip: number;
  vlanPath: number[];
  macs: number[];
  vrrp: number | null;
  required: boolean;
}

export class ExpectError extends Error {}

const ALLOWED_KEYS = new Set(['ip', 'vlan', 'macs', 'vrrp', 'required', 'note']);

export function loadExpectations(path: string): Expectation[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ExpectError(`${path}: cannot read expectations (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ExpectError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return parseExpectations(doc, path);
}

export function parseExpectations(doc: unknown, name = 'expectations'): Expectation[] {
  const list = Array.isArray(doc) ? doc : (doc as { addresses?: unknown })?.addresses;
  const root = Array.isArray(doc) ? '' : 'addresses';
  if (!Array.isArray(list)) throw new ExpectError(`${name}: expected an object with an "addresses" array (or an array)`);
  return list.map((item, i) => {
    const at = `${name}: ${root}[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new ExpectError(`${at}: expected an object`);
    const o = item as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!ALLOWED_KEYS.has(k)) throw new ExpectError(`${at}.${k}: unknown field (allowed: ${[...ALLOWED_KEYS].join(', ')})`);
    if (typeof o.ip !== 'string' || parseIp(o.ip) < 0) throw new ExpectError(`${at}.ip: expected a dotted IPv4 address, got ${JSON.stringify(o.ip)}`);
    let vlanPath: number[] = [];
    if (o.vlan !== undefined && o.vlan !== null) {
      const v = Array.isArray(o.vlan) ? o.vlan : [o.vlan];
      if (v.length > 4 || !v.every((x) => Number.isInteger(x) && x >= 1 && x <= 4094)) {
        throw new ExpectError(`${at}.vlan: expected a VLAN ID 1-4094 (or an array of up to 4, outermost first), got ${JSON.stringify(o.vlan)}`);
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
      macs.push(0x00005e000100 + vrrp);
    }
    if (macs.length === 0) throw new ExpectError(`${at}: needs "macs" or "vrrp"`);
    if (o.required !== undefined && typeof o.required !== 'boolean') throw new ExpectError(`${at}.required: expected true or false`);
    return { ip: parseIp(o.ip), vlanPath, macs, vrrp, required: o.required !== false };
  });
}

const ANSWER_KINDS = [K_REPLY, K_UNSOLICITED, K_GARP_REQUEST, K_GARP_REPLY, K_ANNOUNCE];

/** Checks the expectations against the engine's address table (after finish()). */
export function evaluateExpectations(engine: Engine, exps: Expectation[]): ExtraFinding[] {
  const t = engine.tables;
  const out: ExtraFinding[] = [];
  const endUs = Math.max(engine.stats.lastUs, 0);
  for (const x of exps) {
    const key = vlanKeyOf(x.vlanPath);
    const vlan = engine.vlanKeys.indexOf(key);
    const a = vlan >= 0 ? t.findAddr(vlan, x.ip) : -1;
    const where = `${formatIp(x.ip)}${x.vlanPath.length ? ` vlan ${x.vlanPath.join('.')}` : ''}`;
    const allowed = x.macs.map(formatMac).join(', ');
    const unexpected: number[] = [];
    const refs: number[] = [];
    let answers = 0;
    let ownerAnswered = false;
    let firstUs = Infinity;
    let lastUs = -Infinity;
    if (a >= 0) {
      for (let b = t.headOf(a); b >= 0; b = t.nextOf(b)) {
        const n = ANSWER_KINDS.reduce((s, k) => s + t.count(b, k), 0);
        if (n === 0) continue;
        const mac = t.mac(b);
        if (x.macs.includes(mac)) ownerAnswered = true;
        else {
          unexpected.push(mac);
          answers += n;
          refs.push(t.firstRef(b), t.lastRef(b));
          firstUs = Math.min(firstUs, t.firstUs(b));
          lastUs = Math.max(lastUs, t.lastUs(b));
        }
      }
    }
    const details = { expected: x.macs.map(formatMac), vrrp: x.vrrp };
    if (unexpected.length) {
      out.push({
        code: 'expect.unexpected-mac', ip: x.ip, vlan: Math.max(vlan, 0), vlanPath: x.vlanPath, macs: unexpected, refs: [...new Set(refs)], count: answers,
        firstUs, lastUs,
        summary: `${where} was answered by ${unexpected.map(formatMac).join(', ')} (${answers} answers); only ${allowed} may answer.`,
        details: { ...details, unexpected: unexpected.map(formatMac) },
      });
    }
    if (!ownerAnswered && x.required) {
      out.push({
        code: 'expect.owner-silent', ip: x.ip, vlan: Math.max(vlan, 0), vlanPath: x.vlanPath, macs: x.macs, refs: [], count: 1, firstUs: endUs, lastUs: endUs,
        summary: `${where}: none of the expected MACs (${allowed}) answered for it in the capture${a < 0 ? '; the address was never seen' : ''}.`,
        details: { ...details, seen: a >= 0 },
      });
    }
  }
  return out;
}
