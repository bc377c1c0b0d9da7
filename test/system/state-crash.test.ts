// The --state file under crashes: a writer killed with SIGKILL mid-transaction,
// 25 times at random moments, leaves the last committed state, never a torn one
// (SQLite's journal). In the system tier: it spawns and kills processes for seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readState } from '../../src/state/store.js';

const tmp = mkdtempSync(join(tmpdir(), 'arpaudit-state-crash-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

test('kill -9 while the state is being written leaves the last committed state, never a torn one', { timeout: 120_000 }, async () => {
  const path = join(tmp, 'crash.db');
  // a writer replacing a sensor of 3,000 and then 7,000 stations, one transaction each, as fast as it can
  const script = `
    import { StateStore } from ${JSON.stringify(new URL('../../src/state/store.js', import.meta.url).href)};
    const doc = (n) => ({ format: 'arpaudit-state', schemaVersion: 2, written: '', writtenBy: 'crash-loop', sensors: { s: { created: '2025-01-01T00:00:00.000000Z', learnUntil: null, updated: '2025-01-01T00:00:00.000000Z', evicted: 0, groups: [], routers: [],
      stations: Array.from({ length: n }, (_, i) => ({ vlanPath: [], ip: '10.' + (i >> 16 & 255) + '.' + (i >> 8 & 255) + '.' + (i & 255), macs: [{ mac: '02:00:00:00:00:01', vendor: '', firstSeen: '2025-01-01T00:00:00.000000Z', lastSeen: '2025-01-01T00:00:00.000000Z', learnedBy: ['reply'] }] })) } } });
    const docs = [doc(3000), doc(7000)];
    const store = StateStore.open(process.argv[2], true);
    for (let i = 0; ; i++) {
      store.importDoc(docs[i & 1]);
      store.commit();
      if (i === 1) process.stdout.write('ready\\n');
    }
  `;
  writeFileSync(join(tmp, 'crash-loop.mjs'), script);
  let kills = 0;
  for (let round = 0; round < 25; round++) {
    const child = spawn(process.execPath, [join(tmp, 'crash-loop.mjs'), path], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((r) => child.stdout!.once('data', () => r()));
    await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 60)));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    kills++;
    const doc = readState(path);
    const n = doc.sensors.s!.stations.length;
    assert.ok(n === 3000 || n === 7000, `round ${round}: a whole state (${n} stations)`);
  }
  assert.equal(kills, 25);
});
