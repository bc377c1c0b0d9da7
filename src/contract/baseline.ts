// The baseline file (check --baseline / --write-baseline): accepted findings.
import { Type } from '@sinclair/typebox';
import { SchemaVersion, Strict } from './common.js';
import { BaselineEntry } from './parts.js';

export const BaselineDocument = Strict({
  schemaVersion: SchemaVersion,
  tool: Type.Optional(Type.Literal('arpaudit')),
  findings: Type.Array(BaselineEntry),
});
