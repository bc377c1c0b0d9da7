// Summaries and details of the history findings (station.*): this run held
// against the --state baseline.
import type { Incident, StationMacSeen } from '../engine/incidents.js';
import { formatMac } from '../util/addr.js';
import { type DescribeCtx, macList } from './describe-common.js';
import type { Described, StationMacJson } from './schema.js';
import { formatTime } from '../util/time.js';

const DAY_US = 86_400e6;

function seenJson(m: StationMacSeen): StationMacJson {
  return { mac: formatMac(m.mac), firstSeen: formatTime(m.firstUs), lastSeen: formatTime(m.lastUs) };
}

/** "3 days" / "5 hours" / "12 minutes": how long before `us` the time `then` was. */
function ago(us: number, then: number): string {
  const d = us - then;
  if (d >= 2 * DAY_US) return `${Math.floor(d / DAY_US)} days`;
  if (d >= 2 * 3600e6) return `${Math.floor(d / 3600e6)} hours`;
  return `${Math.max(0, Math.floor(d / 60e6))} minutes`;
}

export function stationNew(inc: Incident<'station.new'>, c: DescribeCtx): Described<'station.new'> {
  return {
    summary: `${c.where} is a new station: ${macList(inc.macs)} (learned from ${inc.data.how.join(', ')}); the --state baseline had never seen the address.`,
    details: { macs: inc.macs.map(formatMac), learnedBy: inc.data.how.slice() },
  };
}

export function stationChanged(inc: Incident<'station.changed'>, c: DescribeCtx): Described<'station.changed'> {
  const known = inc.data.known.map((k) => `${formatMac(k.mac)} (last seen ${formatTime(k.lastUs)})`).join(', ');
  return {
    summary: `${c.where} is now claimed by ${macList(inc.macs)}, a MAC never seen for it before; the --state baseline knew ${known}.`,
    details: { newMacs: inc.macs.map(formatMac), known: inc.data.known.map(seenJson), learnedBy: inc.data.how.slice() },
  };
}

export function stationReused(inc: Incident<'station.reused'>, c: DescribeCtx): Described<'station.reused'> {
  const l = inc.data.latest;
  return {
    summary: `${c.where} is back on ${macList(inc.macs)}, which held it until ${formatTime(inc.data.lastUs)}; the latest MAC for it was ${l ? `${formatMac(l.mac)} (last seen ${formatTime(l.lastUs)})` : 'another one'}.`,
    details: { macs: inc.macs.map(formatMac), previousLastSeen: formatTime(inc.data.lastUs), latest: l ? seenJson(l) : null, learnedBy: inc.data.how.slice() },
  };
}

export function stationReturned(inc: Incident<'station.returned'>, c: DescribeCtx): Described<'station.returned'> {
  return {
    summary: `${c.where} (${macList(inc.macs)}) is back after ${ago(inc.firstUs, inc.data.lastUs)} of silence: last seen ${formatTime(inc.data.lastUs)}.`,
    details: { macs: inc.macs.map(formatMac), lastSeenBefore: formatTime(inc.data.lastUs), absentSeconds: Math.round((inc.firstUs - inc.data.lastUs) / 1e6), learnedBy: inc.data.how.slice() },
  };
}
