// What `probe --format json` prints: who answered each address asked for.
import { type Static, Type } from '@sinclair/typebox';
import { Count, Literals, Mac, Nullable, SchemaVersion, Strict } from './common.js';

export const ProbeDocument = Strict({
  schemaVersion: SchemaVersion,
  interface: Type.String(),
  vlan: Nullable(Type.Integer({ minimum: 1, maximum: 4094 })),
  source: Strict({
    ip: Type.String({ description: 'the IPv4 sender of the ARP requests (0.0.0.0 in DAD mode); empty when only IPv6 addresses were probed' }),
    mac: Mac,
    ip6: Type.Optional(Type.String({ description: 'the IPv6 source of the neighbour solicitations (the interface\'s link-local, :: in DAD mode), when IPv6 addresses were probed' })),
  }),
  mode: Literals('request', 'dad'),
  rounds: Type.Integer({ minimum: 1 }),
  targets: Type.Array(Strict({
    ip: Type.String(),
    requests: Count,
    verdict: Literals('one', 'several', 'none'),
    responders: Type.Array(Strict({
      mac: Mac,
      answered: Count,
      firstAnswers: Count,
      latencyMs: Strict({ min: Type.Number(), median: Type.Number(), max: Type.Number() }),
    })),
  })),
});

export type ProbeJson = Static<typeof ProbeDocument>;
