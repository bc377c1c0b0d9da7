// The JSON address table written straight into bytes. A million addresses
// make a 400+ MB table: built as strings, each row is concatenated, then
// encoded again by the write; here digits, addresses and times go into one
// reused buffer, which is handed to the sink whole. The bytes are exactly
// those of JSON.stringify of the row objects (test/report-json.test.ts
// compares them).
import { isIpv6Key } from '../decode/link.js';
import type { Engine } from '../engine/engine.js';
import { COUNT_NAMES } from '../engine/kinds.js';
import { segmentOfKey } from './segment.js';
import { REF_INPUT } from '../engine/ctx.js';
import { TWO32, virtualMacLabel } from '../util/addr.js';
import { addressOrder } from './addresses.js';
import { datePart, formatTime } from '../util/time.js';

const HEX = Buffer.from('0123456789abcdef', 'latin1');
const CHUNK = 1 << 18;
/** An ASCII string as bytes. */
const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
// date parts ("YYYY-MM-DDTHH:MM:SS.", 20 bytes) of recent seconds as bytes, direct-mapped like time.ts's strings
const DATES = 1024;
const DATE_LEN = 20;
const dateSec = new Float64Array(DATES).fill(NaN);
const dateBytes = new Uint8Array(DATES * DATE_LEN);
/** Where the batch loads go, so that they are kept. */
export let touched = 0;

/**
 * A byte buffer for ASCII output. `sink` must use the bytes before it returns
 * (the buffer is reused).
 */
class AsciiOut {
  private buf = Buffer.allocUnsafe(CHUNK);
  private n = 0;
  constructor(private readonly sink: (b: Uint8Array) => void) {}

  /** Makes room for `k` more bytes. */
  room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    this.flush();
    if (k > this.buf.length) this.buf = Buffer.allocUnsafe(k);
  }
  flush(): void {
    if (this.n > 0) this.sink(this.buf.subarray(0, this.n));
    this.n = 0;
  }
  /** ASCII text (everything written here is ASCII); short strings byte by byte, which beats a native call. */
  text(s: string): void {
    const len = s.length;
    if (len > 48) {
      this.n += this.buf.write(s, this.n, 'latin1');
      return;
    }
    const b = this.buf;
    let n = this.n;
    for (let i = 0; i < len; i++) b[n++] = s.charCodeAt(i);
    this.n = n;
  }
  /** An IPv6 address of the id table as RFC 5952 text (at most 39 bytes; hex digits and colons, nothing to escape). */
  ip6(table: { writeText(id: number, out: Uint8Array, n: number): number }, id: number): void {
    this.n = table.writeText(id, this.buf, this.n);
  }
  /** Constant bytes. */
  put(f: Uint8Array): void {
    const b = this.buf;
    let n = this.n;
    for (let i = 0; i < f.length; i++) b[n++] = f[i]!;
    this.n = n;
  }
  /** A packet time as formatTime() writes it, without building the string. */
  time(us: number): void {
    const sec = Math.floor(us / 1e6);
    const micro = Math.floor(Math.round((us - sec * 1e6) * 1000) / 1000);
    // a fraction that rounds up to a whole second: as formatTime() says it
    if (micro > 999999) {
      this.text(formatTime(us));
      return;
    }
    const slot = sec & (DATES - 1);
    const o = slot * DATE_LEN;
    if (dateSec[slot] !== sec) {
      const base = datePart(sec);
      // an out-of-range date: as formatTime() says it
      if (base === null || base.length !== DATE_LEN) {
        this.text(formatTime(us));
        return;
      }
      for (let i = 0; i < DATE_LEN; i++) dateBytes[o + i] = base.charCodeAt(i);
      dateSec[slot] = sec;
    }
    const b = this.buf;
    let n = this.n;
    for (let i = 0; i < DATE_LEN; i++) b[n++] = dateBytes[o + i]!;
    let x = micro | 0;
    for (let i = n + 5; i >= n; i--) {
      b[i] = 48 + (x % 10);
      x = (x / 10) | 0;
    }
    b[n + 6] = 90; // Z
    this.n = n + 7;
  }
  /** A non-negative integer below 2^53, in decimal. */
  uint(v: number): void {
    const b = this.buf;
    if (v < 2147483648) {
      // small enough for integer arithmetic
      let x = v | 0;
      const d = x < 10 ? 1 : x < 100 ? 2 : x < 1000 ? 3 : x < 10000 ? 4 : x < 100000 ? 5 : x < 1000000 ? 6 : x < 10000000 ? 7 : x < 100000000 ? 8 : x < 1000000000 ? 9 : 10;
      const start = this.n;
      let i = start + d;
      this.n = i;
      while (i > start) {
        b[--i] = 48 + (x % 10);
        x = (x / 10) | 0;
      }
      return;
    }
    let d = 1;
    for (let x = v; x >= 10; x = Math.floor(x / 10)) d++;
    const start = this.n;
    let i = start + d;
    this.n = i;
    for (let x = v; i > start; x = Math.floor(x / 10)) b[--i] = 48 + (x % 10);
  }
  ip(ip: number): void {
    this.uint(ip >>> 24);
    this.buf[this.n++] = 46;
    this.uint((ip >>> 16) & 0xff);
    this.buf[this.n++] = 46;
    this.uint((ip >>> 8) & 0xff);
    this.buf[this.n++] = 46;
    this.uint(ip & 0xff);
  }
  mac(mac: number): void {
    const b = this.buf;
    const lo = mac >>> 0;
    const hi = (mac - lo) / TWO32;
    let n = this.n;
    b[n++] = HEX[hi >>> 12]!;
    b[n++] = HEX[(hi >>> 8) & 15]!;
    b[n++] = 58;
    b[n++] = HEX[(hi >>> 4) & 15]!;
    b[n++] = HEX[hi & 15]!;
    for (let k = 28; k >= 0; k -= 8) {
      b[n++] = 58;
      b[n++] = HEX[(lo >>> k) & 15]!;
      b[n++] = HEX[(lo >>> (k - 4)) & 15]!;
    }
    this.n = n;
  }
}

// The constant parts of a row as bytes, merged where nothing comes between.
// ',"counts":{"request":' then ',"reply":' and so on
const COUNT_KEYS = COUNT_NAMES.map((n, k) => bytes(`${k ? ',' : ',"counts":{'}"${n}":`));
const ROW_FIRST = bytes('\n    {"ip":"');
const ROW_NEXT = bytes(',\n    {"ip":"');
const QUOTE = bytes('"');
const NULL = bytes('null');
const CHANGES = bytes(',"changes":');
const MACS = bytes(',"macs":[{"mac":"');
const MAC_NEXT = bytes(',{"mac":"');
const VIRTUAL = bytes('","virtual":');
const NOT_VIRTUAL_FIRST = bytes('","virtual":null,"first":"');
const FIRST = bytes(',"first":"');
const LAST = bytes('","last":"');
const FIRST_FRAME = bytes('","firstFrame":');
const LAST_FRAME = bytes(',"lastFrame":');
const ANSWERED = bytes('},"answeredRequests":');
const FIRST_ANSWERS = bytes(',"firstAnswers":');
const MAC_END = bytes('}');
const ROW_END = bytes(']}');
const NO_MACS = bytes(',"macs":[]}');

/** A packet time as the row writer writes it (for tests: it must equal formatTime()). */
export function timeText(us: number): string {
  let text = '';
  const out = new AsciiOut((b) => (text += Buffer.from(b).toString('latin1')));
  out.time(us);
  out.flush();
  return text;
}

/** Largest row: the fixed part plus one entry per MAC (with room to spare). */
function rowBound(macs: number): number {
  return 512 + macs * 640;
}

/** Writes the rows of the address table, comma-separated with the writer's indentation, through `sink`. */
export function writeAddressRows(engine: Engine, sink: (b: Uint8Array) => void): number {
  const t = engine.tables;
  const out = new AsciiOut(sink);
  const keys = engine.vlanKeys;
  // '","vlan":...,"vlanPath":[...],"owner":' per VLAN index
  const vlanPart = keys.map((k) => {
    const seg = segmentOfKey(k);
    return bytes(`","vlan":${seg.vlan === null ? 'null' : String(seg.vlan)},"vlanPath":${JSON.stringify(seg.vlanPath)}${seg.vni === undefined ? '' : `,"vni":${seg.vni}`},"owner":`);
  });
  const v6 = keys.map(isIpv6Key);
  let rows = 0;
  const order = addressOrder(engine);
  let loads = 0;
  for (let i = 0; i < order.length; i++) {
    // rows go out in IP order, records lie in the order hosts were first seen:
    // each batch of 16 rows first loads its address and first binding records,
    // so that their cache misses overlap
    if ((i & 15) === 0) {
      for (let k = i; k < i + 16 && k < order.length; k++) {
        const h = t.headOf(order[k]!);
        if (h >= 0) loads += t.claims(h);
      }
    }
    const a = order[i]!;
    out.room(rowBound(t.macCount(a)));
    out.put(rows === 0 ? ROW_FIRST : ROW_NEXT);
    // an IPv6 segment's address is an id: its text (hex digits and colons, nothing to escape)
    if (v6[t.vlanOf(a)]) out.ip6(engine.addr6, t.ipOf(a));
    else out.ip(t.ipOf(a));
    out.put(vlanPart[t.vlanOf(a)]!);
    const owner = t.owner(a);
    if (owner >= 0) {
      out.put(QUOTE);
      out.mac(t.mac(owner));
      out.put(QUOTE);
    } else out.put(NULL);
    out.put(CHANGES);
    out.uint(t.changes(a));
    const head = t.headOf(a);
    if (head < 0) out.put(NO_MACS);
    for (let b = head; b >= 0; b = t.nextOf(b)) {
      const mac = t.mac(b);
      out.put(b === head ? MACS : MAC_NEXT);
      out.mac(mac);
      const label = virtualMacLabel(mac);
      if (label === null) out.put(NOT_VIRTUAL_FIRST);
      else {
        out.put(VIRTUAL);
        out.text(JSON.stringify(label));
        out.put(FIRST);
      }
      out.time(t.firstUs(b));
      out.put(LAST);
      out.time(t.lastUs(b));
      out.put(FIRST_FRAME);
      out.uint(t.firstRef(b) % REF_INPUT);
      out.put(LAST_FRAME);
      out.uint(t.lastRef(b) % REF_INPUT);
      for (let k = 0; k < COUNT_KEYS.length; k++) {
        out.put(COUNT_KEYS[k]!);
        out.uint(t.count(b, k));
      }
      out.put(ANSWERED);
      out.uint(t.answered(b));
      out.put(FIRST_ANSWERS);
      out.uint(t.firstAnswers(b));
      out.put(MAC_END);
    }
    if (head >= 0) out.put(ROW_END);
    rows++;
  }
  out.flush();
  touched = loads;
  return rows;
}
