// pcapng (draft-ietf-opsawg-pcapng): sections in either byte order, interfaces
// with their own link type, if_tsresol and if_tsoffset; enhanced, simple and
// obsolete packet blocks. Every other block is skipped.
import { TWO32 } from '../util/addr.js';
import { type ContainerParser, FRAME, MAX_RECORD, type ReaderState } from './state.js';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BOM = 0x1a2b3c4d;
const BOM_SWAPPED = 0x4d3c2b1a;
const BLOCK_IDB = 1;
const BLOCK_OPB = 2;
const BLOCK_SPB = 3;
const BLOCK_EPB = 6;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;
const MAX_INTERFACES = 65536;

/** Timestamp units per interface: µs exactly, ns exactly, or a factor to µs. */
const UNIT_US = 1;
const UNIT_NS = 1000;
const UNIT_SCALED = 0;

export class Pcapng implements ContainerParser {
  readonly format = 'pcapng' as const;
  private le = true;
  // per interface of the current section
  private readonly ifLink: number[] = [];
  private readonly ifSnap: number[] = [];
  private readonly ifUnit: number[] = [];
  private readonly ifMul: number[] = [];
  private readonly ifOffUs: number[] = [];

  next(r: ReaderState): number {
    const dv = r.dv;
    for (;;) {
      const avail = r.end - r.start;
      if (avail < 12) {
        if (!r.eof) return r.needs(12);
        if (avail === 0) return r.atEnd();
        return r.fail('truncated', `truncated pcapng block header (${avail} of 12 bytes)`);
      }
      const p = r.start;
      const type = dv.getUint32(p, this.le);
      if (type === PCAPNG_SHB) {
        const bom = dv.getUint32(p + 8, true);
        if (bom === BOM) this.le = true;
        else if (bom === BOM_SWAPPED) this.le = false;
        else return r.fail('corrupt', `bad pcapng byte-order magic 0x${bom.toString(16)} in section header`);
      }
      const le = this.le;
      const blen = dv.getUint32(p + 4, le);
      if (blen < 12 || (blen & 3) !== 0) return r.fail('corrupt', `bad pcapng block length ${blen} (block type 0x${type.toString(16)})`);
      if (blen > MAX_RECORD) return r.fail('corrupt', `pcapng block claims ${blen} bytes (limit ${MAX_RECORD}); the file is corrupt`);
      if (avail < blen) {
        if (!r.eof) return r.needs(blen);
        return r.fail('truncated', `truncated pcapng block (${avail} of ${blen} bytes, block type 0x${type.toString(16)})`);
      }
      if (dv.getUint32(p + blen - 4, le) !== blen) {
        return r.fail('corrupt', `pcapng block length mismatch (leading ${blen}, trailing ${dv.getUint32(p + blen - 4, le)})`);
      }
      const status = this.block(r, type, p, blen);
      if (status !== 0) return status;
      r.start = p + blen;
    }
  }

  /** Handles one complete block: FRAME for a packet, 0 to go on, or an END from fail(). */
  private block(r: ReaderState, type: number, p: number, blen: number): number {
    const dv = r.dv;
    const le = this.le;
    switch (type) {
      case PCAPNG_SHB: {
        if (blen < 28) return r.fail('corrupt', `section header block too short (${blen} bytes)`);
        const major = dv.getUint16(p + 12, le);
        if (major !== 1) return r.fail('corrupt', `unsupported pcapng version ${major}.${dv.getUint16(p + 14, le)}`);
        r.bigEndian = !le;
        r.sections++;
        this.ifLink.length = this.ifSnap.length = this.ifUnit.length = this.ifMul.length = this.ifOffUs.length = 0;
        return 0;
      }
      case BLOCK_IDB: {
        if (blen < 20) return r.fail('corrupt', `interface description block too short (${blen} bytes)`);
        if (this.ifLink.length >= MAX_INTERFACES) return r.fail('corrupt', `more than ${MAX_INTERFACES} interfaces in one section`);
        const err = this.interface(r, p, blen);
        return err === null ? 0 : r.fail('corrupt', err);
      }
      case BLOCK_EPB:
      case BLOCK_OPB: {
        const epb = type === BLOCK_EPB;
        if (blen < 32) return r.fail('corrupt', `${epb ? 'enhanced' : 'obsolete'} packet block too short (${blen} bytes)`);
        const ifid = epb ? dv.getUint32(p + 8, le) : dv.getUint16(p + 8, le);
        if (ifid >= this.ifLink.length) return r.fail('corrupt', `packet block names interface ${ifid} but the section defines ${this.ifLink.length}`);
        const cap = dv.getUint32(p + 20, le);
        if (cap > blen - 32) return r.fail('corrupt', `packet block captured length ${cap} exceeds its block (${blen} bytes)`);
        r.tsUs = this.time(ifid, dv.getUint32(p + 12, le), dv.getUint32(p + 16, le));
        r.caplen = cap;
        r.len = dv.getUint32(p + 24, le);
        r.off = p + 28;
        return this.emit(r, ifid, p + blen);
      }
      case BLOCK_SPB: {
        if (blen < 16) return r.fail('corrupt', `simple packet block too short (${blen} bytes)`);
        if (this.ifLink.length === 0) return r.fail('corrupt', 'simple packet block before any interface description');
        const orig = dv.getUint32(p + 8, le);
        let cap = Math.min(orig, blen - 16);
        const snap = this.ifSnap[0]!;
        if (snap > 0 && cap > snap) cap = snap;
        // SPBs carry no timestamp: the previous frame's stays, so the timeline stays ordered
        r.caplen = cap;
        r.len = orig;
        r.off = p + 12;
        return this.emit(r, 0, p + blen);
      }
      default:
        return 0; // NRB, ISB, DSB, custom and unknown blocks
    }
  }

  private emit(r: ReaderState, ifid: number, next: number): number {
    r.linktype = this.ifLink[ifid]!;
    r.ifIndex = ifid;
    r.start = next;
    r.frame++;
    return FRAME;
  }

  private time(ifid: number, hi: number, lo: number): number {
    const unit = this.ifUnit[ifid]!;
    let us: number;
    if (unit === UNIT_US) us = hi * TWO32 + lo;
    else if (unit === UNIT_NS) {
      // exact 64-bit division by 1000 without BigInt: split the high word
      const qh = Math.floor(hi / 1000);
      const rh = hi - qh * 1000;
      us = qh * TWO32 + Math.floor((rh * TWO32 + lo) / 1000);
    } else us = Math.floor((hi * TWO32 + lo) * this.ifMul[ifid]!);
    return us + this.ifOffUs[ifid]!;
  }

  /** Reads an IDB at p; returns an error message or null. */
  private interface(r: ReaderState, p: number, blen: number): string | null {
    const dv = r.dv;
    const le = this.le;
    const link = dv.getUint16(p + 8, le);
    const snap = dv.getUint32(p + 12, le);
    let unit = UNIT_US;
    let mul = 1;
    let offUs = 0;
    let o = p + 16;
    const endOpts = p + blen - 4;
    while (o + 4 <= endOpts) {
      const code = dv.getUint16(o, le);
      const olen = dv.getUint16(o + 2, le);
      if (code === 0) break;
      if (o + 4 + olen > endOpts) return `interface option ${code} overruns its block`;
      if (code === OPT_IF_TSRESOL && olen >= 1) {
        const v = r.buf[o + 4]!;
        const exp = v & 0x7f;
        if (v & 0x80) {
          if (exp > 63) return `interface if_tsresol 2^-${exp} out of range`;
          mul = 1e6 / 2 ** exp;
          unit = UNIT_SCALED;
        } else {
          if (exp > 18) return `interface if_tsresol 10^-${exp} out of range`;
          if (exp === 6) unit = UNIT_US;
          else if (exp === 9) unit = UNIT_NS;
          else {
            unit = UNIT_SCALED;
            mul = 10 ** (6 - exp);
          }
        }
      } else if (code === OPT_IF_TSOFFSET && olen >= 8) {
        const hi = dv.getInt32(o + 4 + (le ? 4 : 0), le);
        const lo = dv.getUint32(o + 4 + (le ? 0 : 4), le);
        offUs = (hi * TWO32 + lo) * 1e6;
      }
      o += 4 + ((olen + 3) & ~3);
    }
    this.ifLink.push(link);
    this.ifSnap.push(snap);
    this.ifUnit.push(unit);
    this.ifMul.push(mul);
    this.ifOffUs.push(offUs);
    if (!r.linktypes.includes(link)) r.linktypes.push(link);
    return null;
  }
}
