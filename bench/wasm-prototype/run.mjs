import { readFileSync, openSync, readSync, closeSync } from 'node:fs';
const f = process.argv[2] ?? 'bench/out/arp-10m.pcap';
const ts = [];
for (let k = 0; k < 3; k++) {
  const { instance } = await WebAssembly.instantiate(readFileSync(new URL('./scan.wasm', import.meta.url)));
  const x = instance.exports; const mem = new Uint8Array(x.mem.buffer);
  x.smask.value = (1 << 20) - 1;
  const t = process.hrtime.bigint();
  const fd = openSync(f, 'r'); const CH = 1 << 20;
  let end = readSync(fd, mem, 0, CH, null); let p = 24; let frame = 0;
  for (;;) {
    const before = x.frames.value;
    p = x.scan(p, end, frame, 1000000n);
    frame += x.frames.value - before;
    mem.copyWithin(0, p, end); end -= p; p = 0;
    const n = readSync(fd, mem, end, CH, null); if (n === 0) break; end += n;
  }
  closeSync(fd);
  ts.push(Number(process.hrtime.bigint() - t) / 1e6);
  if (k === 0) console.log('frames', x.frames.value, 'arp', x.arp.value, 'req', x.req.value, 'rep', x.rep.value, 'other', x.other.value, 'bindings', x.bcount.value, 'overw', x.overw.value);
}
console.log('wasm ms', ts.map((v) => v.toFixed(0)).join(' '));
