// Stable finding ids for CI baselines: what a finding is about, not when or
// how often. The code, the segment (overlay VNI and VLAN path), the address
// and the sorted MAC set, hashed: the same problem in another capture, or
// in the same capture after unrelated traffic changed, keeps its id; a new
// MAC in a race is a new finding. The hash is 64-bit FNV-1a over the key's
// UTF-16 units, in two 32-bit lanes: ids need stability, not secrecy, and
// loading node:crypto for them cost every run ~5 ms of startup.

export interface FingerprintParts {
  code: string;
  vlanPath: number[];
  vni?: number;
  ip: string | null;
  macs: string[];
}

/** 16 hex digits. */
export function fingerprint(f: FingerprintParts): string {
  const key = `${f.code}|${f.vni ?? ''}|${f.vlanPath.join('.')}|${f.ip ?? ''}|${[...f.macs].sort().join(',')}`;
  return fnv1a64(key);
}

/** FNV-1a, 64 bits (offset basis 0xcbf29ce484222325, prime 0x100000001b3), as 16 hex digits. */
export function fnv1a64(s: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < s.length; i++) {
    lo ^= s.charCodeAt(i);
    // (hi:lo) * 0x100000001b3 mod 2^64: lo*0x1b3, plus hi*0x1b3 and lo<<8 (0x100 * 2^32) into the high word
    const l = lo >>> 0;
    const lLow = (l & 0xffff) * 0x1b3;
    const lHigh = (l >>> 16) * 0x1b3;
    const nlo = (lLow + ((lHigh & 0xffff) << 16)) >>> 0;
    const carry = Math.floor((lLow + (lHigh & 0xffff) * 65536) / 4294967296) + (lHigh >>> 16);
    hi = (Math.imul(hi, 0x1b3) + (l << 8) + carry) >>> 0;
    lo = nlo;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}
