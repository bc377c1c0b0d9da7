// Stable finding ids for CI baselines: what a finding is about, not when or
// how often. The code, the segment (overlay VNI and VLAN path), the address
// and the sorted MAC set, hashed: the same problem in another capture, or
// in the same capture after unrelated traffic changed, keeps its id; a new
// MAC in a race is a new finding.
import { createHash } from 'node:crypto';

export interface FingerprintParts {
  code: string;
  vlanPath: number[];
  vni?: number;
  ip: string | null;
  macs: string[];
}

/** 16 hex digits (64 bits of SHA-256). */
export function fingerprint(f: FingerprintParts): string {
  const key = `${f.code}|${f.vni ?? ''}|${f.vlanPath.join('.')}|${f.ip ?? ''}|${[...f.macs].sort().join(',')}`;
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}
