// Values keyed by (VLAN index, address): a map per VLAN index of maps keyed
// by the address as int32. Both keys are small integers to V8, so a lookup
// boxes nothing; one number (VLAN × 2^32 + IP) would be a heap double per
// call on the per-frame path.
export class SegmentMap<T> {
  private readonly byVlan = new Map<number, Map<number, T>>();
  size = 0;

  get(vlan: number, ip: number): T | undefined {
    return this.byVlan.get(vlan)?.get(ip | 0);
  }

  set(vlan: number, ip: number, v: T): void {
    let m = this.byVlan.get(vlan);
    if (m === undefined) this.byVlan.set(vlan, (m = new Map()));
    const k = ip | 0;
    if (!m.has(k)) this.size++;
    m.set(k, v);
  }

  delete(vlan: number, ip: number): boolean {
    const m = this.byVlan.get(vlan);
    if (m === undefined || !m.delete(ip | 0)) return false;
    this.size--;
    return true;
  }

  clear(): void {
    this.byVlan.clear();
    this.size = 0;
  }

  /** [VLAN index, IP as uint32, value], VLAN by VLAN in insertion order. */
  *entries(): IterableIterator<[number, number, T]> {
    for (const [vlan, m] of this.byVlan) for (const [ip, v] of m) yield [vlan, ip >>> 0, v];
  }

  *values(): IterableIterator<T> {
    for (const m of this.byVlan.values()) yield* m.values();
  }
}
