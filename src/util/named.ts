// Small typed helpers for building report objects.

/** An object of one number per name (counts by kind), typed by the names. */
export function named<K extends string>(names: readonly K[], value: (i: number) => number): Record<K, number> {
  const o = {} as Record<K, number>;
  names.forEach((n, i) => (o[n] = value(i)));
  return o;
}
