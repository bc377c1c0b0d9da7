// keepalived in a test namespace: its own config, pid files and log, started
// in the foreground and stopped by PID (the VRRP child's PID for SIGSTOP).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lan } from './netns.js';

export interface Router {
  name: string;
  proc: ChildProcess;
  dir: string;
  log: () => string;
  vrrpPid: () => number;
}

export function keepalivedConf(o: { name: string; priority: number; vip: string; vrid?: number; vmac?: boolean; version?: 2 | 3 }): string {
  return `global_defs {
  router_id ${o.name}
  vrrp_version ${o.version ?? 2}
  script_user root
  enable_script_security
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id ${o.vrid ?? 51}
  priority ${o.priority}
  advert_int 1
${o.vmac ? '  use_vmac\n' : ''}  virtual_ipaddress {
    ${o.vip}/${o.vip.includes(':') ? 64 : 24}
  }
}
`;
}

export function startKeepalived(lan: Lan, ns: string, dir: string, name: string, conf: string): Router {
  const cfg = join(dir, `${name}.conf`);
  writeFileSync(cfg, conf);
  const pid = join(dir, `${name}.pid`);
  const vpid = join(dir, `${name}.vrrp.pid`);
  const cpid = join(dir, `${name}.check.pid`);
  const logFile = join(dir, `${name}.log`);
  let log = '';
  const proc = spawn('ip', ['netns', 'exec', ns, 'keepalived', '-n', '-l', '-D', '-P', '-f', cfg, '-p', pid, '-r', vpid, '-c', cpid], { stdio: ['ignore', 'pipe', 'pipe'] });
  const add = (d: Buffer) => {
    log += d.toString();
    writeFileSync(logFile, log);
  };
  proc.stdout!.on('data', add);
  proc.stderr!.on('data', add);
  lan.track(proc);
  return {
    name,
    proc,
    dir,
    log: () => log,
    vrrpPid: () => (existsSync(vpid) ? Number(readFileSync(vpid, 'utf8').trim()) : -1),
  };
}

/** Resolves when `re` appears in the router's log (or rejects after ms). */
export async function waitLog(r: Router, re: RegExp, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (re.test(r.log())) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`${r.name}: ${re} not logged within ${ms} ms; log:\n${r.log().slice(-2000)}`);
}
