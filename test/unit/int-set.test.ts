// The int32 hash map the request watch keeps its targets in, against a JS Map
// under random operations: keys 0, negative and large, growth, and dropping
// the entries below a value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IntMap } from '../../src/util/int-set.js';

test('IntMap holds what a Map holds: get, has, set, add, renew, size, keys, dropBelow', () => {
  let seed = 7;
  const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
  const m = new IntMap();
  const ref = new Map<number, number>();
  let peak = 0;
  const pool = [0, -1, 1, 0x7fffffff, -0x80000000, ...Array.from({ length: 3000 }, () => rnd() | 0)];
  for (let i = 0; i < 40_000; i++) {
    const k = pool[rnd() % pool.length]!;
    const op = rnd() % 10;
    if (op < 4) {
      const v = rnd() % 100;
      m.set(k, v);
      ref.set(k, v);
    } else if (op < 6) {
      assert.equal(m.add(k), !ref.has(k), `add(${k})`);
      if (!ref.has(k)) ref.set(k, 0);
    } else if (op < 7 && i % 3 === 0) {
      // renew: set unless it holds a value of at least min, or the map is at its cap
      const v = rnd() % 100;
      const min = rnd() % 100;
      const cap = 500 + (rnd() % 3000);
      const old = ref.get(k);
      const want = !((old !== undefined && old >= min) || ref.size >= cap);
      assert.equal(m.renew(k, v, min, cap), want, `renew(${k})`);
      if (want) ref.set(k, v);
    } else if (op < 9) {
      assert.equal(m.get(k), ref.get(k), `get(${k})`);
      assert.equal(m.has(k), ref.has(k));
    } else if (i % 97 === 0) {
      const min = rnd() % 100;
      m.dropBelow(min);
      for (const [x, v] of ref) if (v < min) ref.delete(x);
    }
    assert.equal(m.size, ref.size);
    peak = Math.max(peak, m.size);
  }
  assert.deepEqual([...m.keysOf()].sort((a, b) => a - b), [...ref.keys()].sort((a, b) => a - b));
  assert.ok(peak > 1000, `a table that grew: ${peak} keys at most`);
});
