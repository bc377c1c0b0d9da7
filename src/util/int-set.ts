// A set of int32 keys (IPv4 addresses, IPv6 ids) in one typed array: open
// addressing, linear probing, grown by doubling up to a cap. A lookup is a
// hash and a probe or two with no boxing, where a JS Set of numbers costs a
// hashed lookup per call and some 24 bytes per key. With a value per key
// (IntMap), the same table keeps a small integer beside each key.

const EMPTY = 0;
/** The storage of a map that has held nothing yet: watches are made by the thousand, most hold little. */
const NONE = new Int32Array(0);

export class IntMap {
  private keys: Int32Array;
  private vals: Int32Array;
  private mask: number;
  /** 32 - log2(slots): Fibonacci hashing takes the product's top bits. */
  private shift: number;
  /** Key 0 is kept apart (0 marks an empty slot): its value, or undefined. */
  private zero: number | undefined = undefined;
  size = 0;

  constructor() {
    this.keys = NONE;
    this.vals = NONE;
    this.mask = 0;
    this.shift = 32;
  }

  /** The slot of key k (nonzero): the one holding it, or the empty one where it would go. */
  private slot(k: number): number {
    const keys = this.keys;
    const mask = this.mask;
    let i = Math.imul(k, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const x = keys[i]!;
      if (x === k || x === EMPTY) return i;
      i = (i + 1) & mask;
    }
  }

  get(k: number): number | undefined {
    k |= 0;
    if (k === 0) return this.zero;
    if (this.keys.length === 0) return undefined;
    const i = this.slot(k);
    return this.keys[i] === k ? this.vals[i] : undefined;
  }

  has(k: number): boolean {
    return this.get(k) !== undefined;
  }

  set(k: number, v: number): void {
    this.put(k, v, true);
  }

  /** Adds k (value 0) unless present, in one probe; says whether it was new. */
  add(k: number): boolean {
    return this.put(k, 0, false);
  }

  /**
   * Sets k to v, in one probe, unless k holds a value of at least `min`
   * already or the map holds `cap` keys. True when it was set.
   */
  renew(k: number, v: number, min: number, cap: number): boolean {
    k |= 0;
    if (k === 0) {
      if ((this.zero !== undefined && this.zero >= min) || this.size >= cap) return false;
      if (this.zero === undefined) this.size++;
      this.zero = v;
      return true;
    }
    if (this.keys.length === 0) {
      if (this.size >= cap) return false;
      this.grow();
    }
    const i = this.slot(k);
    const fresh = this.keys[i] !== k;
    if ((!fresh && this.vals[i]! >= min) || this.size >= cap) return false;
    this.vals[fresh ? this.insert(i, k) : i] = v;
    return true;
  }

  /** Puts k with value v (an existing value is kept unless `replace`); true when k was new. */
  private put(k: number, v: number, replace: boolean): boolean {
    k |= 0;
    if (k === 0) {
      const fresh = this.zero === undefined;
      if (fresh) this.size++;
      if (fresh || replace) this.zero = v;
      return fresh;
    }
    if (this.keys.length === 0) this.grow();
    let i = this.slot(k);
    const fresh = this.keys[i] !== k;
    if (fresh) i = this.insert(i, k);
    if (fresh || replace) this.vals[i] = v;
    return fresh;
  }

  /** Inserts k, absent, at slot i (its empty slot), growing first when the table would pass half full; returns where it went. */
  private insert(i: number, k: number): number {
    if ((this.size + 1) * 2 > this.keys.length) {
      this.grow();
      i = this.slot(k);
    }
    this.keys[i] = k;
    this.size++;
    return i;
  }

  /** Removes every key whose value is below `min` (rebuilt in place: amortised by the caller's growth). */
  dropBelow(min: number): void {
    const keys = this.keys;
    const vals = this.vals;
    this.keys = new Int32Array(keys.length);
    this.vals = new Int32Array(keys.length);
    this.size = 0;
    if (this.zero !== undefined) {
      if (this.zero < min) this.zero = undefined;
      else this.size = 1;
    }
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j]!;
      if (k !== EMPTY && vals[j]! >= min) {
        const i = this.slot(k);
        this.keys[i] = k;
        this.vals[i] = vals[j]!;
        this.size++;
      }
    }
  }

  /** The keys, in no particular order (for reports, not per frame). */
  *keysOf(): Generator<number> {
    if (this.zero !== undefined) yield 0;
    for (const k of this.keys) if (k !== EMPTY) yield k;
  }

  private grow(): void {
    const keys = this.keys;
    const vals = this.vals;
    const n = keys.length === 0 ? 16 : keys.length * 2;
    this.keys = new Int32Array(n);
    this.vals = new Int32Array(n);
    this.mask = n - 1;
    this.shift = 32 - Math.log2(n);
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j]!;
      if (k === EMPTY) continue;
      const i = this.slot(k);
      this.keys[i] = k;
      this.vals[i] = vals[j]!;
    }
  }
}
