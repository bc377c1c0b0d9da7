// `arpaudit probe` against namespaces where 1, 2 and 3 hosts answer for an
// address (VIPs on lo with default sysctls) and one where nobody does: exact
// responder sets, counts and exit codes; DAD mode; and the error exits.
import { assertValid } from '../helpers/schemas.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Lan, netnsUnavailable } from '../helpers/netns.js';

function capUnavailable(): string | null {
  try {
    createRequire(import.meta.url)('cap');
    return null;
  } catch {
    return 'the optional cap package is not built: apt-get install libpcap-dev && npm rebuild cap';
  }
}

const why = netnsUnavailable() ?? capUnavailable();
const BIN = resolve('bin/arpaudit.js');

interface Result {
  targets: { ip: string; requests: number; verdict: string; responders: { mac: string; answered: number; firstAnswers: number }[] }[];
}

test('probe: 1, 2, 3 and no responders, exact sets and counts, exit codes 0/1/5, DAD mode', { skip: why ?? false, timeout: 90_000 }, () => {
  const lan = new Lan('pr');
  try {
    const c = lan.host('c', '10.77.0.50');
    const hs = [lan.host('h1', '10.77.0.11'), lan.host('h2', '10.77.0.12'), lan.host('h3', '10.77.0.13')];
    // .101 on h1; .102 on h1, h2; .103 on h1, h2, h3; .104 nowhere
    for (let k = 0; k < 3; k++) for (let v = k; v < 3; v++) lan.exec(hs[k]!.ns, ['ip', 'addr', 'add', `10.77.0.${101 + v}/32`, 'dev', 'lo']);
    const run = (...args: string[]) => {
      const r = spawnSync('ip', ['netns', 'exec', c.ns, process.execPath, BIN, 'probe', '-i', 'eth0', '--count', '3', '--interval', '200', '--wait', '500', '--format', 'json', ...args], { encoding: 'utf8', timeout: 30_000 });
      if (r.stdout) assertValid('probe', JSON.parse(r.stdout), 'probe --format json');
      return { code: r.status, res: r.stdout ? (JSON.parse(r.stdout) as Result) : null, err: r.stderr };
    };
    const all = run('10.77.0.101', '10.77.0.102', '10.77.0.103', '10.77.0.104');
    assert.equal(all.code, 1, all.err);
    const macs = (ip: string) => all.res!.targets.find((t) => t.ip === ip)!.responders.map((r) => r.mac).sort();
    assert.deepEqual(macs('10.77.0.101'), [hs[0]!.mac]);
    assert.deepEqual(macs('10.77.0.102'), [hs[0]!.mac, hs[1]!.mac].sort());
    assert.deepEqual(macs('10.77.0.103'), hs.map((h) => h.mac).sort());
    assert.deepEqual(macs('10.77.0.104'), []);
    for (const t of all.res!.targets) {
      for (const r of t.responders) assert.equal(r.answered, 3, `${t.ip} ${r.mac} answered every round`);
      if (t.responders.length) assert.equal(t.responders.reduce((n, r) => n + r.firstAnswers, 0), 3, 'one winner per round');
    }
    assert.equal(run('10.77.0.101').code, 0);
    assert.equal(run('10.77.0.104').code, 5);
    const dad = run('--dad', '10.77.0.103');
    assert.equal(dad.code, 1);
    assert.deepEqual(dad.res!.targets[0]!.responders.map((r) => r.mac).sort(), hs.map((h) => h.mac).sort(), 'RFC 5227 probes are defended by every holder');
  } finally {
    lan.close();
  }
});

test('probe --vlan: only replies on that VLAN count (userspace tag shim)', { skip: why ?? false, timeout: 60_000 }, async () => {
  const lan = new Lan('pv');
  try {
    const c = lan.host('c', '10.77.0.50');
    const k = lan.host('k', '10.77.0.21'); // answers untagged, from its kernel
    const v1 = lan.host('v1', '10.77.0.22'); // answer tagged VLAN 100 only, from the shim
    const v2 = lan.host('v2', '10.77.0.23');
    lan.exec(k.ns, ['ip', 'addr', 'add', '10.77.0.200/32', 'dev', 'lo']);
    const shims = [v1, v2].map((h) => {
      const p = spawn('ip', ['netns', 'exec', h.ns, 'python3', resolve('test/helpers/vlan-responder.py'), 'eth0', '100', '10.77.0.200', '20'], { stdio: ['ignore', 'pipe', 'inherit'] });
      lan.track(p);
      return new Promise<void>((ok) => p.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && ok()));
    });
    await Promise.all(shims);
    const run = (...args: string[]) => {
      const r = spawnSync('ip', ['netns', 'exec', c.ns, process.execPath, BIN, 'probe', '-i', 'eth0', '--count', '2', '--interval', '200', '--wait', '500', '--format', 'json', ...args, '10.77.0.200'], { encoding: 'utf8', timeout: 30_000 });
      assertValid('probe', JSON.parse(r.stdout), 'probe --vlan --format json');
      return { code: r.status, res: JSON.parse(r.stdout) as Result & { vlan: number | null }, err: r.stderr };
    };
    const tagged = run('--vlan', '100');
    assert.equal(tagged.res.vlan, 100);
    assert.deepEqual(tagged.res.targets[0]!.responders.map((r) => r.mac).sort(), [v1.mac, v2.mac].sort(), 'the two VLAN 100 responders, not the untagged host');
    assert.equal(tagged.code, 1);
    const plain = run();
    assert.deepEqual(plain.res.targets[0]!.responders.map((r) => r.mac), [k.mac], 'untagged: only the kernel host');
    assert.equal(plain.code, 0);
  } finally {
    lan.close();
  }
});

test('probe errors: no such interface, no address without --dad, no privileges: exit 4', { skip: why ?? false, timeout: 60_000 }, () => {
  const lan = new Lan('pe');
  try {
    const nosuch = spawnSync(process.execPath, [BIN, 'probe', '-i', 'nosuch0', '10.0.0.1'], { encoding: 'utf8' });
    assert.equal(nosuch.status, 4);
    assert.match(nosuch.stderr, /nosuch0: no such interface/);
    const noaddr = spawnSync('ip', ['netns', 'exec', lan.br, process.execPath, BIN, 'probe', '-i', 'br0', '10.77.0.1'], { encoding: 'utf8' });
    assert.equal(noaddr.status, 4, noaddr.stderr);
    assert.match(noaddr.stderr, /br0 has no IPv4 address to ask from: add one, or probe with --dad/);
    const nobody = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, BIN, 'probe', '-i', 'lo', '--dad', '127.0.0.2'], { encoding: 'utf8' });
    assert.equal(nobody.status, 4, nobody.stderr);
    assert.match(nobody.stderr, /permission denied/);
    assert.equal(spawnSync(process.execPath, [BIN, 'probe', '-i', 'lo', 'not-an-ip'], { encoding: 'utf8' }).status, 2);
  } finally {
    lan.close();
  }
});

test('probe IPv6: neighbour solicitations answered by exactly the hosts that hold the address on the link; an address on lo is not answered (IPv6 is strong host); DAD mode', { skip: why ?? false, timeout: 90_000 }, async () => {
  const lan = new Lan('p6');
  try {
    const c = lan.host('c', '10.77.0.50');
    const hs = [lan.host('h1', '10.77.0.11'), lan.host('h2', '10.77.0.12'), lan.host('h3', '10.77.0.13')];
    // ::101 on h1; ::102 on h1 and h2 (nodad: a duplicate on purpose); ::103 on h3's lo; ::104 nowhere
    lan.exec(hs[0]!.ns, ['ip', '-6', 'addr', 'add', '2001:db8::101/64', 'dev', 'eth0', 'nodad']);
    for (const h of hs.slice(0, 2)) lan.exec(h.ns, ['ip', '-6', 'addr', 'add', '2001:db8::102/64', 'dev', 'eth0', 'nodad']);
    lan.exec(hs[2]!.ns, ['ip', '-6', 'addr', 'add', '2001:db8::103/128', 'dev', 'lo']);
    // the prober's link-local must have passed its own DAD before it can ask from it
    for (let i = 0; i < 50 && /tentative/.test(lan.exec(c.ns, ['ip', '-6', 'addr', 'show', 'dev', 'eth0', 'scope', 'link'])); i++) await new Promise((r) => setTimeout(r, 100));
    const run = (...args: string[]) => {
      const r = spawnSync('ip', ['netns', 'exec', c.ns, process.execPath, BIN, 'probe', '-i', 'eth0', '--count', '3', '--interval', '200', '--wait', '700', '--format', 'json', ...args], { encoding: 'utf8', timeout: 30_000 });
      if (r.stdout) assertValid('probe', JSON.parse(r.stdout), 'probe --format json (IPv6)');
      return { code: r.status, res: r.stdout ? (JSON.parse(r.stdout) as Result & { source: { ip: string; ip6?: string } }) : null, err: r.stderr };
    };
    const all = run('2001:db8::101', '2001:db8::102', '2001:db8::103', '2001:db8::104');
    assert.equal(all.code, 1, all.err);
    assert.match(all.res!.source.ip6 ?? '', /^fe80::/, 'asked from the link-local address');
    const macs = (ip: string) => all.res!.targets.find((t) => t.ip === ip)!.responders.map((r) => r.mac).sort();
    assert.deepEqual(macs('2001:db8::101'), [hs[0]!.mac]);
    assert.deepEqual(macs('2001:db8::102'), [hs[0]!.mac, hs[1]!.mac].sort(), 'both holders answer: the IPv6 race');
    assert.deepEqual(macs('2001:db8::103'), [], 'an IPv6 address on lo is not answered on eth0');
    assert.deepEqual(macs('2001:db8::104'), []);
    for (const r of all.res!.targets.find((t) => t.ip === '2001:db8::102')!.responders) assert.equal(r.answered, 3, 'every round');
    const dad = run('--dad', '2001:db8::102');
    assert.equal(dad.code, 1, dad.err);
    assert.equal(dad.res!.source.ip6, '::');
    assert.deepEqual(dad.res!.targets[0]!.responders.map((r) => r.mac).sort(), [hs[0]!.mac, hs[1]!.mac].sort(), 'NS from :: is defended by every holder');
    // mixed: an IPv4 and an IPv6 target in one run
    const mixed = run('10.77.0.11', '2001:db8::101');
    assert.equal(mixed.code, 0, mixed.err);
    assert.deepEqual(mixed.res!.targets.map((t) => [t.ip, t.verdict]), [['10.77.0.11', 'one'], ['2001:db8::101', 'one']]);
  } finally {
    lan.close();
  }
});
