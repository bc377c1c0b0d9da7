// The building blocks of every published JSON contract (docs/*.schema.json):
// the TypeBox schemas here are the one definition; the TypeScript types are
// inferred from them (report/schema.ts) and the JSON Schema files are written
// from them (scripts/schemas.ts). Runtime code imports these modules as types
// only (a dependency rule holds it), so TypeBox never loads in the tool.
import { type ObjectOptions, type SchemaOptions, type TLiteral, type TNull, type TProperties, type TSchema, type TUnion, Type } from '@sinclair/typebox';
import { SEVERITIES } from '../engine/codes.js';

/** An object that refuses fields it does not define. */
export const Strict = <P extends TProperties>(properties: P, options: ObjectOptions = {}) => Type.Object(properties, { ...options, additionalProperties: false });

/** One of several constants, as an enum-like union of literals. */
export function Literals<const T extends readonly (string | number)[]>(...values: T): TUnion<TLiteral<T[number]>[]> {
  return Type.Union(values.map((v) => Type.Literal(v)));
}

export const Nullable = <T extends TSchema>(t: T, options: SchemaOptions = {}): TUnion<[T, TNull]> => Type.Union([t, Type.Null()], options);

export const Mac = Type.String({ pattern: '^[0-9a-f]{2}(:[0-9a-f]{2}){5}$' });
/** A packet time: ISO 8601 (UTC) or, before 1970 or beyond year 275759, "@seconds". */
export const Time = Type.String({ pattern: '^([-+]?\\d{4,6}-\\d{2}-\\d{2}T|@-?\\d)' });
export const Count = Type.Integer({ minimum: 0 });
/** A frame number as Wireshark shows it (from 1). */
export const FrameNo = Type.Integer({ minimum: 1 });
/** A finding's stable id: code, segment, address and MAC set hashed. */
export const Id = Type.String({ pattern: '^[0-9a-f]{16}$' });
export const Vlan = Nullable(Type.Integer());
/** The 802.1Q/802.1ad tags of a segment, outermost first. */
export const VlanPath = Type.Array(Type.Integer({ minimum: 1, maximum: 4094 }));
/** The VXLAN/Geneve VNI of an overlay segment. */
export const Vni = Type.Integer({ minimum: 0, maximum: 16777215 });
export const Severity = Literals(...SEVERITIES);
export const Protocol = Literals('vrrp', 'hsrp', 'glbp');
export const Family = Literals(4, 6);
export const IpMac = Strict({ ip: Type.String(), mac: Mac });
export const SchemaVersion = Type.Literal(1);
