// Frame counters for the report: what was read, what was analysed, and what
// could not be (truncated, unsupported, malformed).
import { ARP_STATUS_NAMES } from '../decode/arp.js';
import { NKINDS } from './kinds.js';
import { ND_STATUS_NAMES } from '../decode/nd.js';

export class Stats {
  frames = 0;
  bytes = 0;
  arpFrames = 0;
  nonArp = 0;
  readonly kinds = new Float64Array(NKINDS);
  /** Frames whose captured length is below their wire length (snaplen). */
  snapTruncated = 0;
  linkTruncated = 0;
  unsupportedLink = 0;
  tooManyTags = 0;
  arpAnomalies = 0;
  readonly anomalyReasons = new Float64Array(ARP_STATUS_NAMES.length);
  duplicateReplies = 0;
  badSenderMac = 0;
  ethMismatch = 0;
  virtualMismatch = 0;
  timeWentBack = 0;
  vrrpAdverts = 0;
  carpAdverts = 0;
  vrrpAnomalies = 0;
  /** HSRP and GLBP hellos followed by the failover tracker. */
  fhrpHellos = 0;
  /** IPv6 neighbour discovery messages by type (RS, RA, NS, NA, redirect), and NS/NA as the ARP kinds they were analysed as. */
  readonly ndMessages = new Float64Array(5);
  /** Every ND message by type, analysed or refused (a bad checksum, a forged hop limit): what tshark counts. */
  readonly ndReceived = new Float64Array(5);
  readonly ndKinds = new Float64Array(NKINDS);
  /** ND messages refused by the decoder, by ND_STATUS_NAMES index. */
  readonly ndAnomalies = new Float64Array(ND_STATUS_NAMES.length);
  /** Frames carried in VXLAN or Geneve and analysed in their overlay segment. */
  overlayFrames = 0;
  /** ARP frames seen inside tunnels that are counted, not analysed (indexed by TUNNEL_*: GRE, ERSPAN, PBB). */
  readonly tunnelledArp = new Float64Array(6);
  /** The first frames of tunnelled ARP and RARP, as evidence. */
  readonly tunnelledRefs: number[] = [];
  /** RARP frames (ethertype 0x8035): counted, not analysed. */
  rarp = 0;
  /** Frames timed before 1970 (a pcapng offset or a forged file), and the first of them. */
  beforeEpoch = 0;
  beforeEpochRef = -1;
  /** The first frame's time and the latest time seen; meaningful once frames > 0. */
  firstUs = 0;
  lastUs = 0;

  /** Decode anomalies by reason name, for the report (reasons seen only). */
  anomalies(): Record<string, number> {
    const out: Record<string, number> = {};
    ARP_STATUS_NAMES.forEach((n, i) => {
      if (i > 0 && this.anomalyReasons[i]! > 0) out[n] = this.anomalyReasons[i]!;
    });
    return out;
  }
}
