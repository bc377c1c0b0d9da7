// arpwatch's arp.dat, so its users can move over with their history, and back.
//
// One line per (MAC, IPv4) pair, tab-separated: MAC (arpwatch writes hex
// pairs; older builds drop leading zeros: 0:c:29:...), IPv4, last seen
// (seconds since the epoch), host name (may be empty), and in Debian's
// build the interface. arpwatch keeps no first-seen time and no VLAN: an
// imported MAC is first and last seen at its timestamp, untagged.
import { formatIp, formatMac, parseIp } from '../util/addr.js';
import { emptyState, type SensorState, StateError, type StateDoc, STATE_FORMAT, STATE_VERSION, type StationJson } from './state-file.js';
import { formatTime } from '../util/time.js';
import { vendorOf } from '../util/vendor.js';

/** The sensor of arp.dat lines that name no interface (arpwatch's older four-field format). */
export const ARPWATCH_SENSOR = 'arpwatch';

/** A MAC as arpwatch writes it: six hex groups of one or two digits. */
function parseArpwatchMac(text: string): number {
  const m = /^([0-9a-f]{1,2}):([0-9a-f]{1,2}):([0-9a-f]{1,2}):([0-9a-f]{1,2}):([0-9a-f]{1,2}):([0-9a-f]{1,2})$/i.exec(text);
  if (!m) return -1;
  let v = 0;
  for (let i = 1; i <= 6; i++) v = v * 256 + parseInt(m[i]!, 16);
  return v;
}

export interface ImportResult {
  doc: StateDoc;
  /** Lines read per sensor. */
  lines: Record<string, number>;
}

/**
 * Adds the pairs of an arp.dat to a state document: each line to the sensor
 * its interface field names, or `sensor` when the line has none (or when
 * `sensor` is given, to every line). A bad line is a StateError with its number.
 */
export function importArpDat(text: string, file: string, into: StateDoc = emptyState(), sensor?: string): ImportResult {
  const doc: StateDoc = structuredClone(into);
  const lines: Record<string, number> = {};
  const bySensor = new Map<string, Map<string, StationJson>>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) return;
    const f = line.split('\t');
    const where = `${file}:${i + 1}`;
    if (f.length < 3) throw new StateError(`${where}: not an arp.dat line (MAC, IP and time separated by tabs)`);
    const mac = parseArpwatchMac(f[0]!.trim());
    if (mac < 0) throw new StateError(`${where}: ${JSON.stringify(f[0])} is not a MAC`);
    const ip = parseIp(f[1]!.trim());
    if (ip < 0) throw new StateError(`${where}: ${JSON.stringify(f[1])} is not an IPv4 address`);
    const t = Number(f[2]!.trim());
    if (!/^\d+$/.test(f[2]!.trim()) || !Number.isSafeInteger(t)) throw new StateError(`${where}: ${JSON.stringify(f[2])} is not a time in seconds`);
    const name = sensor ?? (f[4]?.trim() || ARPWATCH_SENSOR);
    const hostname = f[3]?.trim() ?? '';
    let stations = bySensor.get(name);
    if (!stations) {
      stations = new Map((doc.sensors[name]?.stations ?? []).filter((s) => s.vlanPath.length === 0 && s.vni === undefined).map((s) => [s.ip, s]));
      bySensor.set(name, stations);
    }
    lines[name] = (lines[name] ?? 0) + 1;
    const ipText = formatIp(ip);
    const seen = formatTime(t * 1e6);
    let st = stations.get(ipText);
    if (!st) {
      st = { vlanPath: [], ip: ipText, macs: [] };
      stations.set(ipText, st);
    }
    const macText = formatMac(mac);
    const m = st.macs.find((x) => x.mac === macText);
    if (!m) st.macs.push({ mac: macText, vendor: vendorOf(mac), firstSeen: seen, lastSeen: seen, learnedBy: ['arpwatch'], ...(hostname ? { hostname } : {}) });
    else {
      if (hostname) m.hostname = hostname;
      if (seen > m.lastSeen) m.lastSeen = seen;
      if (seen < m.firstSeen) m.firstSeen = seen;
      if (!m.learnedBy.includes('arpwatch')) m.learnedBy.push('arpwatch');
    }
  });
  for (const [name, stations] of bySensor) {
    const old: SensorState | undefined = doc.sensors[name];
    const others = (old?.stations ?? []).filter((s) => s.vlanPath.length !== 0 || s.vni !== undefined);
    const all = [...others, ...stations.values()];
    const times = all.flatMap((s) => s.macs.map((m) => m.firstSeen)).sort();
    doc.sensors[name] = {
      created: old?.created ?? times[0] ?? formatTime(Date.now() * 1000),
      learnUntil: old?.learnUntil ?? null,
      updated: old?.updated ?? times[times.length - 1] ?? formatTime(Date.now() * 1000),
      evicted: old?.evicted ?? 0,
      stations: all,
      groups: old?.groups ?? [],
      routers: old?.routers ?? [],
    };
  }
  doc.format = STATE_FORMAT;
  doc.schemaVersion = STATE_VERSION;
  return { doc, lines };
}

/**
 * The IPv4 stations of a state as arp.dat lines (arpwatch reads them back):
 * untagged segments only unless `allVlans` (arpwatch knows no VLANs), each
 * line with the sensor's name as the interface. Sorted by IP, then MAC.
 */
export function exportArpDat(doc: StateDoc, sensors: string[], allVlans = false): { text: string; lines: number; skipped: number } {
  const out: string[] = [];
  let skipped = 0;
  for (const name of sensors) {
    const s = doc.sensors[name];
    if (!s) continue;
    for (const st of s.stations) {
      const ip = parseIp(st.ip);
      if (ip < 0 || (!allVlans && (st.vlanPath.length > 0 || st.vni !== undefined))) {
        skipped += st.macs.length;
        continue;
      }
      // the host name back in its field; the interface only when the lines had one (the default sensor stands for none)
      for (const m of st.macs) out.push(`${m.mac}\t${st.ip}\t${Math.floor(Date.parse(m.lastSeen) / 1000)}\t${m.hostname ?? ''}${name === ARPWATCH_SENSOR ? '' : `\t${name}`}`);
    }
  }
  const key = (l: string) => {
    const [mac, ip] = l.split('\t');
    return [parseIp(ip!) >>> 0, mac!] as const;
  };
  out.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0);
  });
  return { text: out.map((l) => `${l}\n`).join(''), lines: out.length, skipped };
}
