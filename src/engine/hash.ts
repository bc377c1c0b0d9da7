// The one hash of the engine's tables: three int32 keys to a uint32, a
// murmur-style mix (multiply, xor-shift) that V8 compiles to a few integer
// instructions.

/** Seed of the address index (its third key). */
export const ADDRESS_SEED = 0x2545f491;

export function hash3(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x5bd1e995, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ b, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ c, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Index size for n entries: a power of two, at least 2n (load at most 1/2) and 16. */
export function slotsFor(n: number): number {
  let s = 16;
  while (s < n * 2) s *= 2;
  return s;
}
