// What `codes --format json` prints: the finding catalogue.
import { type Static, Type } from '@sinclair/typebox';
import { SchemaVersion, Severity, Strict } from './common.js';

export const CodesDocument = Strict({
  schemaVersion: SchemaVersion,
  codes: Type.Array(Strict({
    code: Type.String({ pattern: '^[a-z]+(\\.[a-z0-9-]+)+$' }),
    severity: Severity,
    title: Type.String(),
    meaning: Type.String(),
    fix: Type.String(),
    ndTitle: Type.Optional(Type.String({ description: 'the title when the check judges IPv6 neighbour discovery (same code)' })),
  })),
});

export type CodesJson = Static<typeof CodesDocument>;
