// Classic pcap (libpcap's file format): a 24-byte file header, then records of
// a 16-byte header (Kuznetzov's patched format: 24) and the frame bytes. Both
// byte orders, microsecond and nanosecond timestamps.
import { type ContainerParser, FRAME, MAX_RECORD, type ReaderState } from './state.js';

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
const PCAP_MAGIC_US_SWAPPED = 0xd4c3b2a1;
const PCAP_MAGIC_NS_SWAPPED = 0x4d3cb2a1;
const PCAP_MAGIC_KUZNETZOV = 0xa1b2cd34;
const PCAP_MAGIC_KUZNETZOV_SWAPPED = 0x34cdb2a1;
const FILE_HEADER = 24;
/** Every classic pcap file since 1998 says 2.4; libpcap refuses earlier majors and anything past it. */
const PCAP_VERSION_MAJOR = 2;
const PCAP_VERSION_MINOR = 4;
/** Records up to this size are accepted whatever the header's snaplen says (files lie). */
const MIN_RECORD_LIMIT = 262144;

/** The byte order a classic pcap magic (read big-endian) implies: 'be', 'le', or null for another magic. */
export function classicByteOrder(magic: number): 'be' | 'le' | null {
  switch (magic) {
    case PCAP_MAGIC_US: case PCAP_MAGIC_NS: case PCAP_MAGIC_KUZNETZOV: return 'be';
    case PCAP_MAGIC_US_SWAPPED: case PCAP_MAGIC_NS_SWAPPED: case PCAP_MAGIC_KUZNETZOV_SWAPPED: return 'le';
    default: return null;
  }
}

export class ClassicPcap implements ContainerParser {
  readonly format: 'pcap' | 'pcap-ns' | 'pcap-kuznetzov';
  private readonly recHdr: number;
  private readonly maxRecord: number;

  private constructor(
    private readonly le: boolean,
    private readonly nsRes: boolean,
    kuznetzov: boolean,
    private readonly linktype: number,
    snaplen: number,
  ) {
    this.recHdr = kuznetzov ? 24 : 16;
    this.format = nsRes ? 'pcap-ns' : kuznetzov ? 'pcap-kuznetzov' : 'pcap';
    this.maxRecord = Math.max(MIN_RECORD_LIMIT, Math.min(snaplen, MAX_RECORD));
  }

  /** Reads the file header at r.start; returns the parser, or a status (NEED_DATA / END). */
  static open(r: ReaderState, le: boolean): ClassicPcap | number {
    const avail = r.end - r.start;
    if (avail < FILE_HEADER) {
      if (!r.eof) return r.needs(FILE_HEADER);
      return r.fail('truncated', `truncated pcap file header (${avail} of ${FILE_HEADER} bytes)`, r.position + avail);
    }
    const m = r.dv.getUint32(r.start, le);
    const major = r.dv.getUint16(r.start + 4, le);
    const minor = r.dv.getUint16(r.start + 6, le);
    // as libpcap: 1.x is archaic, anything past 2.4 unsupported
    if (major < PCAP_VERSION_MAJOR) return r.fail('corrupt', `archaic pcap file format (version ${major}.${minor}; libpcap writes 2.4)`);
    if (major > PCAP_VERSION_MAJOR || minor > PCAP_VERSION_MINOR) return r.fail('corrupt', `unsupported pcap file version ${major}.${minor} (libpcap writes 2.4)`);
    const snaplen = r.dv.getUint32(r.start + 16, le);
    const linktype = r.dv.getUint32(r.start + 20, le) & 0xffff;
    const p = new ClassicPcap(le, m === PCAP_MAGIC_NS, m === PCAP_MAGIC_KUZNETZOV, linktype, snaplen);
    r.bigEndian = !le;
    r.linktypes.push(linktype);
    r.sections = 1;
    r.start += FILE_HEADER;
    return p;
  }

  next(r: ReaderState): number {
    const hdr = this.recHdr;
    const avail = r.end - r.start;
    if (avail < hdr) {
      if (!r.eof) return r.needs(hdr);
      if (avail === 0) return r.atEnd();
      return r.fail('truncated', `truncated record header (${avail} of ${hdr} bytes)`);
    }
    const dv = r.dv;
    const p = r.start;
    const le = this.le;
    const incl = dv.getUint32(p + 8, le);
    if (incl > this.maxRecord) return r.fail('corrupt', `record claims ${incl} captured bytes (limit ${this.maxRecord}); the file is corrupt`);
    if (avail < hdr + incl) {
      if (!r.eof) return r.needs(hdr + incl);
      return r.fail('truncated', `truncated record (${avail - hdr} of ${incl} bytes)`);
    }
    const sec = dv.getUint32(p, le);
    const frac = dv.getUint32(p + 4, le);
    // a fraction of a second that is a second or more: kept as written (carried into the
    // seconds), and counted, as tcpdump flags it
    if (frac >= (this.nsRes ? 1e9 : 1e6)) r.badTimestamp();
    r.tsUs = sec * 1e6 + (this.nsRes ? Math.floor(frac / 1000) : frac);
    r.caplen = incl;
    r.len = dv.getUint32(p + 12, le);
    r.off = p + hdr;
    r.linktype = this.linktype;
    r.ifIndex = 0;
    r.start = p + hdr + incl;
    r.frame++;
    return FRAME;
  }
}

