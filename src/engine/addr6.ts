// IPv6 addresses as small numbers: each address seen in neighbour discovery
// gets an id (1, 2, 3 ...) that the tables, the pending requests and the
// incidents use where they use an IPv4 address, in segments of their own
// (the IPv6 flag in the segment key), so the one ARP analysis audits ND too.
// Open addressing over typed arrays: no object and no string per frame; the
// text form is made only for output. Bounded: when it is full, new addresses
// are refused (counted), as the address table refuses them.
import { formatIp6, writeIp6 } from '../decode/nd.js';
import { hash3, slotsFor } from './hash.js';

export class Addr6Table {
  /** Address words by id (id 0 unused: it stands for ::). */
  private words: Uint32Array;
  private index: Int32Array;
  private mask: number;
  size = 0;
  refused = 0;

  constructor(readonly capacity: number) {
    this.words = new Uint32Array(4 * 64);
    this.index = new Int32Array(slotsFor(64)).fill(-1);
    this.mask = this.index.length - 1;
  }

  /** The index slot of the address in w[at..at+3]: the one holding its id, or the empty one where it would go. */
  private probe(w: Uint32Array, at: number): number {
    const a = w[at]!;
    const b = w[at + 1]!;
    const c = w[at + 2]!;
    const d = w[at + 3]!;
    const ws = this.words;
    let i = hash3(a ^ d, b, c) & this.mask;
    for (;;) {
      const id = this.index[i]!;
      if (id < 0) return i;
      const o = 4 * id;
      if (ws[o] === a && ws[o + 1] === b && ws[o + 2] === c && ws[o + 3] === d) return i;
      i = (i + 1) & this.mask;
    }
  }

  /** The id of the address in w[at..at+3]; 0 for ::, -1 when the table is full. */
  id(w: Uint32Array, at = 0): number {
    const a = w[at]!;
    const b = w[at + 1]!;
    const c = w[at + 2]!;
    const d = w[at + 3]!;
    if ((a | b | c | d) === 0) return 0;
    const i = this.probe(w, at);
    if (this.index[i]! >= 0) return this.index[i]!;
    if (this.size >= this.capacity) {
      this.refused++;
      return -1;
    }
    const id = ++this.size;
    if (4 * (id + 1) > this.words.length) this.grow();
    const o = 4 * id;
    this.words[o] = a;
    this.words[o + 1] = b;
    this.words[o + 2] = c;
    this.words[o + 3] = d;
    if (this.size * 2 > this.index.length) this.rehash();
    else this.index[i] = id;
    return id;
  }

  /** The id of an address already seen, or -1; never adds one (for lookups by expectations). */
  find(w: Uint32Array): number {
    if ((w[0]! | w[1]! | w[2]! | w[3]!) === 0) return 0;
    return this.index[this.probe(w, 0)]!;
  }

  /** Address order of two ids: negative, 0 or positive. */
  compare(x: number, y: number): number {
    const ws = this.words;
    for (let k = 0; k < 4; k++) {
      const d = ws[4 * x + k]! - ws[4 * y + k]!;
      if (d !== 0) return d;
    }
    return 0;
  }

  /** RFC 5952 text of an id (id 0's words are zero: ::). */
  text(id: number): string {
    return formatIp6(this.words, 4 * id);
  }

  /** Writes the RFC 5952 text of an id into `out` at `n` (at most 39 bytes); returns the end. */
  writeText(id: number, out: Uint8Array, n: number): number {
    return writeIp6(this.words, 4 * id, out, n);
  }

  /**
   * Each id's rank in address order (index: id), for sorting addresses as
   * addresses; made at report time. A least-significant-digit radix sort on
   * the eight 16-bit groups (a pass is skipped when every address shares the
   * group, as addresses of one prefix do): linear in the addresses, where a
   * comparison sort of a million of them took half a second.
   */
  ranks(): Uint32Array {
    const n = this.size;
    const ws = this.words;
    let ids = new Uint32Array(n);
    let tmp = new Uint32Array(n);
    for (let i = 0; i < n; i++) ids[i] = i + 1;
    const counts = new Uint32Array(65537);
    for (let g = 7; g >= 0; g--) {
      const word = g >>> 1;
      const shift = (g & 1) === 0 ? 16 : 0;
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[((ws[4 * ids[i]! + word]! >>> shift) & 0xffff) + 1]!++;
      if (n === 0 || counts[((ws[4 * ids[0]! + word]! >>> shift) & 0xffff) + 1] === n) continue;
      for (let d = 1; d < 65537; d++) counts[d]! += counts[d - 1]!;
      for (let i = 0; i < n; i++) {
        const id = ids[i]!;
        tmp[counts[(ws[4 * id + word]! >>> shift) & 0xffff]!++] = id;
      }
      const t = ids;
      ids = tmp;
      tmp = t;
    }
    const r = new Uint32Array(n + 1);
    for (let i = 0; i < n; i++) r[ids[i]!] = i + 1;
    return r;
  }

  private grow(): void {
    const n = new Uint32Array(this.words.length * 2);
    n.set(this.words);
    this.words = n;
  }

  private rehash(): void {
    const idx = new Int32Array(slotsFor(this.size * 2)).fill(-1);
    const mask = idx.length - 1;
    const ws = this.words;
    for (let id = 1; id <= this.size; id++) {
      const o = 4 * id;
      let i = hash3(ws[o]! ^ ws[o + 3]!, ws[o + 1]!, ws[o + 2]!) & mask;
      while (idx[i]! >= 0) i = (i + 1) & mask;
      idx[i] = id;
    }
    this.index = idx;
    this.mask = mask;
  }
}
