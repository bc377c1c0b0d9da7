// What the container parsers (classic.ts, pcapng.ts) see of the reader: the
// buffered bytes, the fields of the current frame they fill in, and the ways
// to ask for more bytes or stop with a located error.

/** next() results. */
export const FRAME = 1;
export const NEED_DATA = 0;
export const END = -1;

/** Largest record or block accepted; anything claiming more is corruption, not an allocation. */
export const MAX_RECORD = 16 * 1024 * 1024;

export type CaptureErrorKind = 'not-a-capture' | 'corrupt' | 'truncated' | 'io';

export interface ReaderState {
  // the buffered bytes: buf[start, end) is unparsed
  readonly buf: Buffer;
  readonly dv: DataView;
  start: number;
  readonly end: number;
  readonly eof: boolean;
  // the current frame
  off: number;
  caplen: number;
  len: number;
  tsUs: number;
  linktype: number;
  ifIndex: number;
  frame: number;
  // what the file says about itself
  readonly linktypes: number[];
  sections: number;
  bigEndian: boolean;
  /** Absolute offset (in the uncompressed stream) of buf[start]. */
  readonly position: number;
  /** Asks for at least n buffered bytes: NEED_DATA, or END at the end of input. */
  needs(n: number): number;
  /** Stops reading with a located error; returns END. */
  fail(kind: CaptureErrorKind, message: string, at?: number): number;
  /** The input ended cleanly between records: END (or the pending I/O error). */
  atEnd(): number;
  /** The frame about to be returned has a timestamp the format does not allow. */
  badTimestamp(): void;
}

/** A container format's record parser: the next frame, NEED_DATA or END. */
export interface ContainerParser {
  readonly format: CaptureFormat;
  next(r: ReaderState): number;
}

export type CaptureFormat = 'pcap' | 'pcap-ns' | 'pcap-kuznetzov' | 'pcapng';
