// Dropping root after the capture handle is open, as tcpdump -Z does.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CaptureUnavailable } from './cap.js';

export interface Account {
  name: string;
  uid: number;
  gid: number;
}

/** Looks a user up through NSS (getent), falling back to /etc/passwd. */
export function lookupUser(name: string): Account | null {
  let line = '';
  try {
    line = execFileSync('getent', ['passwd', name], { encoding: 'utf8', timeout: 5000 }).trim();
  } catch {
    try {
      line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.split(':')[0] === name) ?? '';
    } catch {
      line = '';
    }
  }
  const f = line.split(':');
  if (f.length < 4) return null;
  return { name: f[0]!, uid: Number(f[2]), gid: Number(f[3]) };
}

/**
 * Whom to become after opening the handle: --user, else the sudo caller, else
 * nobody to switch to (null).
 */
export function targetUser(explicit: string | undefined): string | null {
  if (explicit) return explicit;
  if (process.getuid?.() === 0 && process.env.SUDO_USER && process.env.SUDO_USER !== 'root') return process.env.SUDO_USER;
  return null;
}

/** Switches to `name` (groups, gid, then uid). Returns the account. */
export function dropPrivileges(name: string): Account {
  const acct = lookupUser(name);
  if (!acct) throw new CaptureUnavailable(`--user ${name}: no such user`);
  if (process.getuid?.() !== 0) {
    if (process.getuid?.() === acct.uid) return acct;
    throw new CaptureUnavailable(`--user ${name}: only root can switch users`);
  }
  try {
    (process as unknown as { initgroups?: (user: string, gid: number) => void }).initgroups?.(acct.name, acct.gid);
    process.setgid?.(acct.gid);
    process.setuid?.(acct.uid);
  } catch (e) {
    throw new CaptureUnavailable(`--user ${name}: cannot drop privileges: ${(e as Error).message}`);
  }
  if (process.getuid?.() !== acct.uid || process.geteuid?.() !== acct.uid) {
    throw new CaptureUnavailable(`--user ${name}: privileges were not dropped`);
  }
  return acct;
}
