// Where a command writes: bin/arpaudit.js gives synchronous writes to fds 1
// and 2; tests collect into strings.
export interface CommandIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Bytes to standard output, used before it returns (large JSON tables); optional. */
  outBytes?: (b: Uint8Array) => void;
}
