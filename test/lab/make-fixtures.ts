// Regenerates fixtures/ (captures written by our own writer) and their golden
// reports in fixtures/golden/. Run with `npm run fixtures` after a deliberate
// change of output, and review the diff: the goldens are the contract.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureFiles } from './fixtures.js';
import { goldenOutputs, htmlGoldens, replayGoldens, runGoldens } from '../helpers/golden.js';

const dir = join(process.cwd(), 'fixtures');
mkdirSync(join(dir, 'golden'), { recursive: true });
for (const f of fixtureFiles()) writeFileSync(join(dir, f.name), f.bytes);
writeFileSync(join(dir, 'demo-lvs-dr.expect.json'), JSON.stringify({
  addresses: [
    { ip: '10.0.0.10', macs: ['02:00:00:00:00:d0'], note: 'only the director may answer for the VIP' },
    { ip: '10.0.0.1', macs: ['02:00:00:00:00:01'] },
  ],
}, null, 2) + '\n');
// an expectation whose owner never answers in the VRRP failover fixture (expect.owner-silent)
writeFileSync(join(dir, 'owner-silent.expect.json'), JSON.stringify({ addresses: [{ ip: '10.0.0.99', macs: ['02:00:00:00:00:99'], note: 'a host that should answer and never does' }] }, null, 2) + '\n');
for (const g of [...(await goldenOutputs(dir)), ...(await replayGoldens(dir)), ...(await htmlGoldens(dir)), ...(await runGoldens())]) writeFileSync(join(dir, 'golden', g.name), g.text);
console.log('fixtures written to', dir);
