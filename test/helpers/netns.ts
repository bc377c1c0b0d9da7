// A small LAN in network namespaces: one bridge namespace and veth hosts,
// private addresses, torn down on every exit path. The host namespace is
// never touched: both veth ends are created inside the namespaces.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';

export function sh(cmd: string, args: string[], timeoutMs = 15_000): string {
  return execFileSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Why namespace tests cannot run here, or null when they can. */
export function netnsUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces)';
  for (const tool of ['ip', 'tcpdump', 'arping']) {
    try {
      sh('sh', ['-c', `command -v ${tool}`]);
    } catch {
      return `${tool} is not installed (apt-get install iproute2 tcpdump iputils-arping)`;
    }
  }
  const probe = `aa-probe-${process.pid}`;
  try {
    sh('ip', ['netns', 'add', probe]);
    sh('ip', ['netns', 'del', probe]);
  } catch (e) {
    return `cannot create network namespaces: ${(e as Error).message.split('\n')[0]}`;
  }
  return null;
}

/** Why a tool the test needs is missing (with the Debian package to install), or null. */
export function toolMissing(tool: string, pkg = tool): string | null {
  try {
    sh('sh', ['-c', `command -v ${tool}`]);
    return null;
  } catch {
    return `${tool} is not installed (apt-get install ${pkg})`;
  }
}

export class Lan {
  readonly prefix: string;
  readonly hosts = new Map<string, { ns: string; mac: string; ip: string }>();
  private procs: ChildProcess[] = [];
  private closed = false;
  /** Tears the LAN down if the test process exits first; removed once closed (many LANs, one process). */
  private readonly onExit = () => this.close();

  constructor(tag: string) {
    this.prefix = `aa${process.pid % 100000}${tag}`;
    process.once('exit', this.onExit);
    sh('ip', ['netns', 'add', this.br]);
    sh('ip', ['-n', this.br, 'link', 'add', 'br0', 'type', 'bridge']);
    sh('ip', ['-n', this.br, 'link', 'set', 'br0', 'up']);
    sh('ip', ['-n', this.br, 'link', 'set', 'lo', 'up']);
  }

  get br(): string {
    return `${this.prefix}-br`;
  }

  /** Adds a host with eth0 on the bridge at `ip` (a /24 in 10.77.0.0). */
  host(name: string, ip: string): { ns: string; mac: string; ip: string } {
    const ns = `${this.prefix}-${name}`;
    sh('ip', ['netns', 'add', ns]);
    sh('ip', ['-n', this.br, 'link', 'add', `p-${name}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
    sh('ip', ['-n', this.br, 'link', 'set', `p-${name}`, 'master', 'br0', 'up']);
    sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    sh('ip', ['-n', ns, 'addr', 'add', `${ip}/24`, 'dev', 'eth0']);
    sh('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
    const mac = (JSON.parse(sh('ip', ['-j', '-n', ns, 'link', 'show', 'eth0'])) as { address: string }[])[0]!.address;
    const h = { ns, mac, ip };
    this.hosts.set(name, h);
    return h;
  }

  /** Kills this process (by PID) when the LAN is torn down. */
  track(p: ChildProcess): void {
    this.procs.push(p);
  }

  exec(ns: string, cmd: string[], timeoutMs = 15_000): string {
    return sh('ip', ['netns', 'exec', ns, ...cmd], timeoutMs);
  }

  /** Sends frames from namespace `ns`'s eth0 with a raw socket, `gap` seconds apart (test/helpers/raw-send.py); prints how many went. */
  sendRaw(ns: string, frames: Buffer[], gap = '0.2', timeoutMs = 20_000): string {
    return this.exec(ns, ['python3', resolvePath('test/helpers/raw-send.py'), 'eth0', gap, ...frames.map((b) => b.toString('hex'))], timeoutMs);
  }

  /** Starts tcpdump on the bridge; resolves once it is listening. */
  async capture(file: string, filter = 'arp'): Promise<ChildProcess> {
    const p = spawn('ip', ['netns', 'exec', this.br, 'tcpdump', '-i', 'br0', '-s', '2048', '-B', '32768', '--immediate-mode', '-U', '-n', '-w', file, filter], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.procs.push(p);
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('tcpdump did not start')), 10_000);
      let err = '';
      p.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('listening on')) {
          clearTimeout(t);
          resolve();
        }
      });
      p.on('exit', (c) => reject(new Error(`tcpdump exited ${c}: ${err}`)));
    });
    return p;
  }

  async stop(p: ChildProcess): Promise<void> {
    if (p.exitCode !== null) return;
    const done = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill('SIGINT');
    const t = setTimeout(() => p.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(t);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    process.off('exit', this.onExit);
    for (const p of this.procs) {
      if (p.exitCode === null && p.pid) {
        try {
          process.kill(p.pid, 'SIGCONT');
        } catch {
          /* gone */
        }
        p.kill('SIGKILL');
      }
    }
    for (const h of this.hosts.values()) {
      try {
        sh('ip', ['netns', 'del', h.ns]);
      } catch {
        /* already gone */
      }
    }
    try {
      sh('ip', ['netns', 'del', this.br]);
    } catch {
      /* already gone */
    }
  }
}

export const LVS_VIP = '10.77.0.100';

/**
 * An LVS-DR cluster on a fresh LAN: a client, a director holding the VIP on
 * eth0, and two real servers with the VIP on lo; `fixed` applies
 * arp_ignore=1/arp_announce=2 on the real servers.
 */
export function lvsCluster(tag: string, fixed: boolean) {
  const lan = new Lan(tag);
  const client = lan.host('c', '10.77.0.2');
  const dir = lan.host('d', '10.77.0.10');
  const rs = [lan.host('r1', '10.77.0.11'), lan.host('r2', '10.77.0.12')];
  lan.exec(dir.ns, ['ip', 'addr', 'add', `${LVS_VIP}/24`, 'dev', 'eth0']);
  for (const r of rs) {
    lan.exec(r.ns, ['ip', 'addr', 'add', `${LVS_VIP}/32`, 'dev', 'lo']);
    if (fixed) lan.exec(r.ns, ['sysctl', '-q', '-w', 'net.ipv4.conf.all.arp_ignore=1', 'net.ipv4.conf.all.arp_announce=2']);
  }
  return { lan, client, dir, rs };
}
