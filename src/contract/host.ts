// What `host --format json` prints: will this server answer ARP/ND for each
// VIP, or leak it, and what to paste to fix it.
import { type Static, Type } from '@sinclair/typebox';
import { Count, Literals, SchemaVersion, Strict } from './common.js';

export const Interface = Strict({
  name: Type.String(),
  arpIgnore: Type.Integer(),
  arpAnnounce: Type.Integer(),
  arpFilter: Type.Integer(),
  rpFilter: Type.Integer(),
  willAnswer: Type.Boolean(),
  answerReason: Type.String(),
  willLeak: Type.Boolean(),
  leakReason: Type.String(),
});

export const Vip = Strict({
  vip: Type.String(),
  configured: Type.Array(Strict({ device: Type.String(), prefixlen: Type.Integer({ minimum: 0, maximum: 32 }), scope: Type.String(), label: Type.String() })),
  interfaces: Type.Array(Interface),
  ok: Type.Boolean(),
  problems: Type.Array(Type.String()),
  fix: Type.Array(Type.String(), { description: 'lines to paste: one recommended change; alternatives start with #' }),
});

export const Vip6 = Strict({
  vip: Type.String(),
  configured: Type.Array(Strict({
    device: Type.String(),
    prefixlen: Type.Integer({ minimum: 0, maximum: 128 }),
    scope: Type.String(),
    flags: Type.Array(Type.String()),
  })),
  proxies: Type.Array(Type.String()),
  interfaces: Type.Array(Strict({
    name: Type.String(),
    forwarding: Count,
    proxyNdp: Count,
    acceptDad: Type.Integer(),
    dadTransmits: Count,
    ndiscNotify: Count,
    acceptUnsolicitedNa: Count,
    dropUnsolicitedNa: Count,
    willAnswer: Type.Boolean(),
    answerReason: Type.String(),
    willLeak: Type.Boolean(),
    leakReason: Type.String(),
    willAnnounce: Type.Boolean(),
    announceReason: Type.String(),
  })),
  ok: Type.Boolean(),
  problems: Type.Array(Type.String()),
  notes: Type.Array(Type.String()),
  fix: Type.Array(Type.String()),
});

export const HostDocument = Strict({
  schemaVersion: SchemaVersion,
  role: Literals('real-server', 'director'),
  roleInferred: Type.Boolean(),
  vips: Type.Array(Vip),
  tunl0: Strict({ present: Type.Boolean(), up: Type.Boolean(), vips: Type.Array(Type.String()) }),
  ok: Type.Boolean(),
  vips6: Type.Array(Vip6, { description: 'IPv6 VIPs: neighbour discovery (answers NS, sends NS from it, announces it)' }),
});

export type HostJson = Static<typeof HostDocument>;
export type IfaceVerdict = Static<typeof Interface>;
export type VipVerdict = Static<typeof Vip>;
export type Vip6Verdict = Static<typeof Vip6>;
export type Iface6Verdict = Vip6Verdict['interfaces'][number];
