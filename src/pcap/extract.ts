// Copies chosen frames of one or more captures into a new pcap (the frames of
// an incident, to open in Wireshark).
import { CaptureReader, FRAME, NEED_DATA } from './reader.js';
import { fileSink, PcapWriter } from './writer.js';

/** Writes the frames `want(input, frame)` picks to `path`; returns how many. */
export async function extractFrames(inputs: readonly string[], want: (input: number, frame: number) => boolean, path: string): Promise<number> {
  const out = fileSink(path);
  let w: PcapWriter | null = null;
  let n = 0;
  try {
    for (let i = 0; i < inputs.length; i++) {
      const rd = CaptureReader.open(inputs[i]!);
      for (;;) {
        const s = rd.next();
        if (s === FRAME) {
          if (want(i, rd.frame)) {
            w ??= new PcapWriter(out.sink, { linktype: rd.linktype });
            w.write(rd.buf.subarray(rd.off, rd.off + rd.caplen), rd.tsUs, rd.len);
            n++;
          }
        } else if (s === NEED_DATA) await rd.fill();
        else break;
      }
      rd.close();
    }
    w?.flush();
  } finally {
    out.close();
  }
  return n;
}
