// Incidents: one per problem (code + VLAN + IP), updated as frames arrive.
// Created rarely (only when a problem first shows), so plain objects are fine;
// evidence frame lists are capped so a flood cannot grow them.
import { catalogEntry, Severity } from './catalog.js';

/** First frames kept as evidence per incident; the last one is always kept too. */
export const MAX_EVIDENCE = 32;

export class Incident {
  readonly severity: Severity;
  /** MACs involved, in order of first involvement. */
  readonly macs: number[] = [];
  count = 0;
  firstUs: number;
  lastUs: number;
  readonly frames: number[] = [];
  lastRef = -1;
  framesTotal = 0;
  /** Code-specific numbers and lists; rendered by the report. */
  data: Record<string, unknown> = {};
  dropped = false;

  constructor(
    readonly seq: number,
    readonly code: string,
    readonly vlan: number,
    /** IPv4 as uint32, or -1 when the incident is not about one address. */
    readonly ip: number,
    us: number,
  ) {
    this.severity = catalogEntry(code).severity;
    this.firstUs = us;
    this.lastUs = us;
  }

  addMac(mac: number): void {
    if (!this.macs.includes(mac)) this.macs.push(mac);
  }

  /** Records one occurrence at time `us`, with evidence frame ref. */
  hit(us: number, ref: number): void {
    this.count++;
    if (us < this.firstUs) this.firstUs = us;
    if (us > this.lastUs) this.lastUs = us;
    this.evidence(ref);
  }

  evidence(ref: number): void {
    if (ref < 0 || ref === this.lastRef) return;
    if (this.frames.length < MAX_EVIDENCE) {
      if (this.frames.includes(ref)) return;
      this.frames.push(ref);
    }
    this.framesTotal++;
    this.lastRef = ref;
  }

  /** Evidence refs in order, the last one appended when the cap cut the list. */
  evidenceRefs(): number[] {
    const r = this.frames.slice();
    if (this.lastRef >= 0 && !r.includes(this.lastRef)) r.push(this.lastRef);
    return r.sort((a, b) => a - b);
  }
}

export type IncidentListener = (inc: Incident) => void;

export class IncidentStore {
  private readonly byKey = new Map<string, Incident>();
  readonly list: Incident[] = [];
  dropped = 0;
  listener: IncidentListener | null = null;

  constructor(readonly max: number) {}

  get(code: string, vlan: number, ip: number): Incident | undefined {
    return this.byKey.get(key(code, vlan, ip));
  }

  /** Returns the incident for (code, vlan, ip), creating it; null when the store is full. */
  open(code: string, vlan: number, ip: number, us: number): Incident | null {
    const k = key(code, vlan, ip);
    let inc = this.byKey.get(k);
    if (inc) return inc;
    if (this.list.length >= this.max) {
      this.dropped++;
      return null;
    }
    inc = new Incident(this.list.length, code, vlan, ip, us);
    this.byKey.set(k, inc);
    this.list.push(inc);
    return inc;
  }

  /** Tells the listener (live sinks) that an incident was raised. */
  raised(inc: Incident): void {
    this.listener?.(inc);
  }

  live(): Incident[] {
    return this.list.filter((i) => !i.dropped);
  }
}

function key(code: string, vlan: number, ip: number): string {
  return `${code}|${vlan}|${ip}`;
}
