// The report's sections drawn straight from engine state, beside the
// findings (build.ts): the inputs, the counters, the addresses nobody
// answered, and the VRRP/HSRP/GLBP groups.
import { named } from '../util/named.js';
import { ND_NOT_ND, ND_STATUS_NAMES } from '../decode/nd.js';
import type { Engine } from '../engine/engine.js';
import { refFrame } from '../engine/ctx.js';
import { KIND_NAMES } from '../engine/kinds.js';
import { linktypeName } from '../decode/linktype.js';
import { TUNNEL_ERSPAN, TUNNEL_GRE, TUNNEL_PBB } from '../decode/tunnel.js';
import type { InputInfo } from '../pcap/reader.js';
import { formatIp, formatMac } from '../util/addr.js';
import type { InputJson, StatsJson, UnansweredJson, VrrpJson } from './schema.js';
import { formatTime } from '../util/time.js';
import { segmentOf } from './segment.js';

export function inputJson(i: InputInfo): InputJson {
  return {
    file: i.path,
    format: i.format,
    compressed: i.compressed,
    linktypes: i.linktypes.map(linktypeName),
    frames: i.frames,
    error: i.error ? { kind: i.error.kind, message: i.error.message, offset: i.error.offset, frame: i.error.frame } : null,
  };
}

const ND_MESSAGE_NAMES = ['routerSolicitation', 'routerAdvertisement', 'neighbourSolicitation', 'neighbourAdvertisement', 'redirect'] as const;

/** IPv6 neighbour discovery: messages by type, NS/NA by the kind they were analysed as, and what was dropped. */
function ndJson(engine: Engine): StatsJson['nd'] {
  const s = engine.stats;
  const messages = named(ND_MESSAGE_NAMES, (i) => s.ndMessages[i]!);
  const received = named(ND_MESSAGE_NAMES, (i) => s.ndReceived[i]!);
  const kinds = named(KIND_NAMES, (k) => s.ndKinds[k]!);
  const reasons: Record<string, number> = {};
  ND_STATUS_NAMES.forEach((n, i) => {
    if (i > ND_NOT_ND && s.ndAnomalies[i]! > 0) reasons[n] = s.ndAnomalies[i]!;
  });
  return { received, messages, kinds, anomalies: Object.values(reasons).reduce((a, b) => a + b, 0), anomalyReasons: reasons, addresses: engine.addr6.size, addressesRefused: engine.addr6.refused };
}

export function statsJson(engine: Engine): StatsJson {
  const s = engine.stats;
  const kinds = named(KIND_NAMES, (k) => s.kinds[k]!);
  return {
    frames: s.frames,
    bytes: s.bytes,
    arpFrames: s.arpFrames,
    nonArpFrames: s.nonArp,
    first: s.frames > 0 ? formatTime(s.firstUs) : null,
    last: s.frames > 0 ? formatTime(s.lastUs) : null,
    kinds,
    nd: ndJson(engine),
    decodeAnomalies: s.anomalies(),
    snaplenTruncated: s.snapTruncated,
    linkTruncated: s.linkTruncated,
    unsupportedLink: s.unsupportedLink,
    tooManyVlanTags: s.tooManyTags,
    duplicateReplies: s.duplicateReplies,
    badSenderMac: s.badSenderMac,
    ethMismatch: s.ethMismatch,
    virtualMacMismatch: s.virtualMismatch,
    timeWentBackwards: s.timeWentBack,
    addresses: engine.tables.aCount,
    bindings: engine.tables.bCount,
    evictedAddresses: engine.tables.evicted,
    macsDropped: engine.tables.macsDropped,
    incidentsDropped: engine.incidents.dropped,
    pendingRequestsOverwritten: engine.pending.overwritten,
    vrrpAdverts: s.vrrpAdverts,
    carpAdverts: s.carpAdverts,
    fhrpHellos: s.fhrpHellos,
    vrrpAnomalies: s.vrrpAnomalies,
    overlayFrames: s.overlayFrames,
    tunnelledArp: { gre: s.tunnelledArp[TUNNEL_GRE]!, erspan: s.tunnelledArp[TUNNEL_ERSPAN]!, pbb: s.tunnelledArp[TUNNEL_PBB]! },
    rarpFrames: s.rarp,
  };
}

/** Unanswered requests listed in the report. */
const UNANSWERED_LISTED = 32;

export function unansweredJson(e: Engine): UnansweredJson {
  const s = e.silence;
  const all = [...s.unheard.values()];
  const listed = all
    .sort((a, b) => b.requests - a.requests || a.vlan - b.vlan || a.ip - b.ip)
    .slice(0, UNANSWERED_LISTED)
    .map((u) => ({
      ip: e.ipText(u.vlan, u.ip),
      ...segmentOf(e, u.vlan),
      requests: u.requests,
      first: formatTime(u.firstUs),
      firstFrame: refFrame(u.firstRef),
      last: formatTime(u.lastUs),
      lastFrame: refFrame(u.lastRef),
      requesters: u.requesters.map(([ip, mac]) => ({ ip: e.ipText(u.vlan, ip), mac: formatMac(mac) })),
    }));
  return { addresses: all.length, requests: all.reduce((n, u) => n + u.requests, 0), untrackedRequests: s.unheardUntracked, listed };
}

export function vrrpJson(e: Engine): VrrpJson[] {
  return e.vrrp.states.map((s) => {
    const r = (x: { ip: string; mac: number; priority: number; intervalMs: number; heardUs: number }) => ({ ip: x.ip, mac: formatMac(x.mac), priority: x.priority, intervalMs: x.intervalMs, lastAdvert: formatTime(x.heardUs) });
    return {
      ...segmentOf(e, s.vlan),
      family: s.family,
      vrid: s.vrid,
      protocol: s.protocol,
      vips: s.family === 4 ? s.vips4.map(formatIp) : s.vips6.slice(),
      virtualMac: s.vmac,
      master: s.master ? r(s.master) : null,
      backups: s.routers.filter((x) => x !== s.master).map(r),
      adverts: s.adverts,
      masterChanges: s.changes.length + s.changesDropped,
    };
  }).sort((a, b) => a.vlanPath.join('.').localeCompare(b.vlanPath.join('.')) || a.family - b.family || a.vrid - b.vrid);
}
