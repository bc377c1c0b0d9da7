// Prometheus metrics (prom-client), read from the engines when scraped: the
// per-frame path pays nothing. Names follow Prometheus conventions: prefix
// arpaudit_, base units (seconds), _total only on counters. Labels stay
// bounded: the sensor (interface), kinds, finding codes, severities, groups
// (protocol, VRID, VLAN: at most the tracker's cap); an IP is a label only
// for the addresses named in --expect.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Engine } from '../engine/engine.js';
import { evaluateExpectations, type Expectation } from '../engine/expect.js';
import { KIND_NAMES } from '../engine/kinds.js';
import { catalogEntry, INCIDENT_CODES } from '../engine/findings.js';
import { segmentText } from '../decode/link.js';
import { currentFailovers } from './failovers.js';
import { formatIp } from '../util/addr.js';
import type { CaptureJson } from './schema.js';

/** One sensor's live figures, read at scrape time. */
export interface MetricSource {
  /** The label value: the interface (live) or the sensor name (check). */
  sensor: string;
  engine: Engine;
  /** Capture figures (live): frames, ring and kernel drops; null offline. */
  capture: () => CaptureJson | null;
  /** The capture is running. */
  up: () => boolean;
  /** The time now on the engine's clock (µs): the wall clock live, the last frame offline. */
  now: () => number;
  /** The --state book's size and write outcomes, when a state is kept. */
  state?: () => { stations: number; writes: number; writeErrors: number };
  expectations: Expectation[];
}

/** ND message types in Stats.ndMessages order, as the label says them. */
const ND_TYPES = ['router_solicitation', 'router_advertisement', 'neighbor_solicitation', 'neighbor_advertisement', 'redirect'] as const;

const FHRP_PROTOCOLS = ['vrrp', 'hsrp', 'glbp'] as const;

/** Buckets of the failover announcement delay (s): keepalived sends its first GARP at once, some routers after a second. */
const DELAY_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Metrics {
  readonly registry = new Registry();
  /** Failovers already observed in the histogram, per sensor (by count: changes are appended, never removed). */
  private readonly observed = new Map<string, Set<object>>();

  constructor(
    private readonly sources: () => MetricSource[],
    version: string,
  ) {
    const r = this.registry;
    const each = (fn: (s: MetricSource) => void) => () => {
      for (const s of this.sources()) fn(s);
    };
    new Gauge({ name: 'arpaudit_build_info', help: 'arpaudit version and Node.js runtime (always 1)', labelNames: ['version', 'nodejs'], registers: [r] }).set({ version, nodejs: process.versions.node }, 1);
    const self = this;
    type Value = (s: MetricSource, set: (labels: Record<string, string>, v: number) => void) => void;
    // every family is read from the engines when scraped: reset, then one sample per sensor and label set
    const family = (type: 'counter' | 'gauge') => (name: string, help: string, labelNames: string[], value: Value) => {
      const config = { name, help, labelNames: ['sensor', ...labelNames], registers: [r] };
      if (type === 'counter') new Counter({ ...config, collect() { this.reset(); each((s) => value(s, (l, v) => this.inc({ sensor: s.sensor, ...l }, v)))(); } });
      else new Gauge({ ...config, collect() { this.reset(); each((s) => value(s, (l, v) => this.set({ sensor: s.sensor, ...l }, v)))(); } });
    };
    const counter = family('counter');
    const gauge = family('gauge');
    gauge('arpaudit_capture_up', 'Whether the capture on the sensor is running (1) or not (0)', [], (s, set) => set({}, s.up() ? 1 : 0));
    counter('arpaudit_frames_total', 'Frames analysed', [], (s, set) => set({}, s.engine.stats.frames));
    counter('arpaudit_arp_messages_total', 'ARP messages analysed, by kind', ['kind'], (s, set) => {
      KIND_NAMES.forEach((k, i) => set({ kind: snake(k) }, s.engine.stats.kinds[i]!));
    });
    counter('arpaudit_nd_messages_total', 'IPv6 neighbour discovery messages, by type', ['type'], (s, set) => {
      ND_TYPES.forEach((k, i) => set({ type: k }, s.engine.stats.ndMessages[i]!));
    });
    counter('arpaudit_fhrp_adverts_total', 'VRRP/CARP adverts and HSRP/GLBP hellos', ['protocol'], (s, set) => {
      set({ protocol: 'vrrp' }, s.engine.stats.vrrpAdverts);
      set({ protocol: 'carp' }, s.engine.stats.carpAdverts);
      set({ protocol: 'hsrp-glbp' }, s.engine.stats.fhrpHellos);
    });
    // every code the engine raises is exported from the start, at 0, so increase() sees a finding's first occurrence
    counter('arpaudit_findings_total', 'Findings raised (one per problem and address), by code and severity', ['code', 'severity'], (s, set) => {
      const n = countBy(s.engine, (i) => i.code, () => 1);
      for (const code of INCIDENT_CODES) set({ code, severity: catalogEntry(code).severity }, n.get(code) ?? 0);
    });
    counter('arpaudit_finding_occurrences_total', 'Occurrences behind the findings (each race, each spoofed reply), by code', ['code'], (s, set) => {
      const n = countBy(s.engine, (i) => i.code, (i) => i.count);
      for (const code of INCIDENT_CODES) set({ code }, n.get(code) ?? 0);
    });
    counter('arpaudit_ring_dropped_frames_total', "Frames dropped because arpaudit's ring between capture and analysis was full", [], (s, set) => {
      const c = s.capture();
      if (c) set({}, c.ringDrops);
    });
    counter('arpaudit_kernel_dropped_frames_total', "Frames the kernel dropped for lack of room in the capture buffer (pcap_stats)", [], (s, set) => {
      // unknown (a cap without pcap_stats) is no sample, never a 0
      const k = s.capture()?.kernelDrops;
      if (k !== null && k !== undefined) set({}, k);
    });
    counter('arpaudit_truncated_frames_total', 'Frames longer than a ring slot, analysed truncated', [], (s, set) => {
      const c = s.capture();
      if (c) set({}, c.truncatedFrames);
    });
    counter('arpaudit_addresses_evicted_total', 'Addresses evicted from the table for room (--max-addresses)', [], (s, set) => set({}, s.engine.tables.evicted));
    gauge('arpaudit_addresses', 'Addresses (segment + IP) in the table, by family', ['family'], (s, set) => {
      const v6 = countAddresses(s.engine, true);
      set({ family: 'ipv4' }, s.engine.tables.aCount - v6);
      set({ family: 'ipv6' }, v6);
    });
    gauge('arpaudit_bindings', 'Address-to-MAC bindings in the table', [], (s, set) => set({}, s.engine.tables.bCount));
    gauge('arpaudit_addresses_with_several_macs', 'Addresses claimed by more than one MAC in this run', [], (s, set) => set({}, multiMac(s.engine)));
    gauge('arpaudit_last_frame_timestamp_seconds', 'Packet time of the last frame analysed', [], (s, set) => s.engine.stats.frames > 0 && set({}, s.engine.stats.lastUs / 1e6));
    gauge('arpaudit_fhrp_masters', 'Routers claiming to be master (active) of a VRRP/HSRP/GLBP group now: 1 healthy, 0 none, 2 dual master', ['protocol', 'vrid', 'vlan', 'family'], (s, set) => {
      const now = s.now();
      for (const st of s.engine.vrrp.states) {
        const m = st.master;
        // a master silent past its down interval (RFC 5798: 3 adverts; HSRP/GLBP: the hold time) is no master
        const alive = m !== null && m.claiming && now - m.lastUs <= Math.max(3 * m.intervalMs, st.holdMs) * 1000 + 1e6;
        const masters = st.dual ? Math.max(2, st.dual.routers.length) : alive ? 1 : 0;
        set({ protocol: st.protocol, vrid: String(st.vrid), vlan: segmentText(s.engine.vlanKeys[st.vlan] ?? 0).trim() || 'untagged', family: `ipv${st.family}` }, masters);
      }
    });
    counter('arpaudit_failovers_total', 'Master changes of VRRP/HSRP/GLBP groups', ['protocol'], (s, set) => {
      const n = new Map<string, number>();
      for (const st of s.engine.vrrp.states) n.set(st.protocol, (n.get(st.protocol) ?? 0) + st.changes.length + st.changesDropped);
      for (const p of FHRP_PROTOCOLS) set({ protocol: p }, n.get(p) ?? 0);
    });
    gauge('arpaudit_failover_verdicts', 'Master changes of this run by protocol and the engine\'s verdict (healthy, unhealthy, unjudged, hijack; pending inside their --garp-wait); later evidence can move one to another', ['protocol', 'verdict'], (s, set) => {
      const n = new Map<string, number>();
      for (const f of currentFailovers(s.engine)) {
        const k = `${f.protocol ?? 'garp'}|${f.verdict}`;
        n.set(k, (n.get(k) ?? 0) + 1);
      }
      for (const p of [...FHRP_PROTOCOLS, 'garp']) for (const v of ['healthy', 'unhealthy', 'unjudged', 'hijack', 'pending']) set({ protocol: p, verdict: v }, n.get(`${p}|${v}`) ?? 0);
    });
    const delay = new Histogram({
      name: 'arpaudit_failover_announcement_delay_seconds',
      help: 'Time from a master change to the new master\'s first gratuitous ARP or unsolicited NA for its VIPs',
      labelNames: ['sensor', 'protocol'],
      buckets: DELAY_BUCKETS,
      registers: [r],
      collect() {
        for (const s of self.sources()) self.observeDelays(s, this);
      },
    });
    void delay;
    counter('arpaudit_failovers_unannounced_total', 'Master changes with no announcement for their VIPs within --failover-window', ['protocol'], (s, set) => {
      const n = new Map<string, number>();
      const end = s.engine.stats.lastUs;
      for (const st of s.engine.vrrp.states) for (const c of st.changes) if (c.garps.length === 0 && (st.vips4.length || st.vips6.length) && end > c.atUs + s.engine.opts.failoverWindowMs * 1000) n.set(st.protocol, (n.get(st.protocol) ?? 0) + 1);
      for (const p of FHRP_PROTOCOLS) set({ protocol: p }, n.get(p) ?? 0);
    });
    gauge('arpaudit_expected_address_macs', 'MACs that answered for an address named in --expect, by whether the expectation allows them', ['ip', 'allowed'], (s, set) => {
      if (!s.expectations.length) return;
      for (const v of evaluateExpectations(s.engine, s.expectations)) {
        const ip = v.exp.ip6 ?? formatIp(v.exp.ip);
        set({ ip, allowed: 'false' }, v.unexpected.length);
        set({ ip, allowed: 'true' }, v.ownerAnswered ? 1 : 0);
      }
    });
    gauge('arpaudit_state_stations', 'Stations the --state baseline holds', [], (s, set) => s.state && set({}, s.state().stations));
    counter('arpaudit_state_writes_total', 'Writes of the --state file, by outcome', ['outcome'], (s, set) => {
      if (!s.state) return;
      const st = s.state();
      set({ outcome: 'ok' }, st.writes);
      set({ outcome: 'error' }, st.writeErrors);
    });
  }

  private observeDelays(s: MetricSource, h: Histogram): void {
    let seen = this.observed.get(s.sensor);
    if (!seen) this.observed.set(s.sensor, (seen = new Set()));
    for (const st of s.engine.vrrp.states) {
      for (const c of st.changes) {
        if (seen.has(c) || c.garps.length === 0) continue;
        seen.add(c);
        const first = Math.min(...c.garps.map((g) => g.us));
        h.observe({ sensor: s.sensor, protocol: st.protocol }, Math.max(0, first - c.atUs) / 1e6);
      }
    }
  }

  /** The text exposition format (for /metrics and --metrics-file). */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** garpRequest -> garp_request: label values in Prometheus style. */
function snake(k: string): string {
  return k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function countBy(engine: Engine, key: (i: ReturnType<Engine['findings']>[number]) => string, n: (i: ReturnType<Engine['findings']>[number]) => number): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of engine.findings()) m.set(key(i), (m.get(key(i)) ?? 0) + n(i));
  return m;
}

function countAddresses(engine: Engine, v6: boolean): number {
  const t = engine.tables;
  let n = 0;
  for (let a = 0; a < t.aCount; a++) if (engine.isIpv6(t.vlanOf(a)) === v6) n++;
  return n;
}

function multiMac(engine: Engine): number {
  const t = engine.tables;
  let n = 0;
  for (let a = 0; a < t.aCount; a++) if (t.macCount(a) > 1) n++;
  return n;
}
