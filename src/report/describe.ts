// One describer per incident code, grouped by family (describe-arp.ts,
// describe-vrrp.ts); the table below is checked by the compiler to cover
// every code the engine can raise.
import type { Engine } from '../engine/engine.js';
import type { IncidentCode } from '../engine/findings.js';
import type { Incident } from '../engine/incidents.js';
import { linktypeName } from '../decode/linktype.js';
import { segmentText } from '../decode/link.js';
import { plural } from '../util/text.js';
import * as arp from './describe-arp.js';
import * as vrrp from './describe-vrrp.js';
import * as station from './describe-station.js';
import type { Described } from './schema.js';
import type { DescribeCtx } from './describe-common.js';

type Describer<C extends IncidentCode> = (inc: Incident<C>, c: DescribeCtx) => Described<C>;

function unsupportedLink(inc: Incident<'capture.unsupported-link'>): Described<'capture.unsupported-link'> {
  const lts = inc.data.linktypes.map(linktypeName);
  return {
    summary: `${plural(inc.count, 'frame')} on link types arpaudit does not decode (${lts.join(', ')}) were counted and skipped.`,
    details: { linktypes: lts },
  };
}

const DESCRIBERS: { [C in IncidentCode]: Describer<C> } = {
  'arp.race.multi-responder': arp.race,
  'arp.binding.flip-flop': arp.flipFlop,
  'arp.binding.changed': arp.changed,
  'arp.binding.takeover': arp.takeover,
  'arp.spoof.unsolicited-reply': arp.spoof,
  'arp.leak.vip-sender': arp.leak,
  'arp.garp.hijack': arp.hijack,
  'arp.claim.impersonation': arp.impersonation,
  'arp.spoof.one-sided': arp.oneSided,
  'arp.claim.own-address': arp.ownAddress,
  'arp.probe.defended': arp.probeDefended,
  'arp.silent.address': arp.silentAddress,
  'arp.scan': arp.scan,
  'arp.request.storm': arp.requestStorm,
  'arp.garp.burst': arp.garpBurst,
  'arp.garp.storm': arp.garpStorm,
  'arp.frame.bad-sender-mac': arp.badSender,
  'arp.frame.eth-mismatch': arp.ethMismatch,
  'arp.decode.anomaly': arp.decodeAnomaly,
  'vrrp.resignation': vrrp.resignation,
  'vrrp.dual-master': vrrp.dualMaster,
  'vrrp.contention': vrrp.contention,
  'vrrp.garp-from-backup': vrrp.garpFromBackup,
  'vrrp.vip-answered-by-backup': vrrp.answeredByBackup,
  'vrrp.vmac-leak': vrrp.vmacLeak,
  'vrrp.decode.anomaly': vrrp.decodeAnomaly,
  'nd.decode.anomaly': vrrp.ndAnomaly,
  'nd.router.rogue': vrrp.routerRogue,
  'nd.router.spoofed': vrrp.routerSpoofed,
  'nd.router.withdrawn': vrrp.routerWithdrawn,
  'nd.router.changed': vrrp.routerChanged,
  'vrrp.carp': vrrp.carp,
  'capture.unsupported-link': unsupportedLink,
  'station.new': station.stationNew,
  'station.changed': station.stationChanged,
  'station.reused': station.stationReused,
  'station.returned': station.stationReturned,
};

export function describe<C extends IncidentCode>(engine: Engine, inc: Incident<C>): Described<C> {
  const ip = inc.ip >= 0 ? engine.ipText(inc.vlan, inc.ip) : '';
  const vt = segmentText(engine.vlanKeys[inc.vlan]!);
  return (DESCRIBERS[inc.code] as Describer<C>)(inc, { engine, ip, vlanText: vt, where: `${ip}${vt}`, v6: engine.isIpv6(inc.vlan) });
}
