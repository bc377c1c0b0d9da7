// libpcap through the optional `cap` package, loaded only when live capture
// or probing asks for it, so everything else works without libpcap. Every
// failure becomes a CaptureUnavailable with a one-line explanation and fix.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { parseMac } from '../util/addr.js';

export interface CapDevice {
  name: string;
  description?: string;
  addresses: { addr: string; netmask?: string }[];
  flags?: string;
}

export interface CapHandle {
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  close(): void;
  send(buffer: Buffer, size?: number): void;
  on(event: 'packet', fn: (nbytes: number, truncated: boolean) => void): void;
  removeAllListeners(event?: string): void;
  setMinBytes?: (n: number) => void;
  /** pcap_stats(), which scripts/patch-cap.mjs adds to cap at install. */
  stats?: () => { received: number; dropped: number; ifDropped: number };
}

interface CapModule {
  Cap: { new (): CapHandle; deviceList(): CapDevice[]; findDevice(ip?: string): string | undefined };
}

/** Why live capture cannot run, with the fix; maps to exit code 4. */
export class CaptureUnavailable extends Error {
  constructor(message: string) {
    super(message);
  }
}

const INSTALL_FIX = 'apt-get install libpcap-dev && npm rebuild cap (or npm install cap)';

let loaded: CapModule | null = null;

export function loadCap(): CapModule {
  if (loaded) return loaded;
  try {
    loaded = createRequire(import.meta.url)('cap') as CapModule;
    return loaded;
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0] ?? '';
    if (/Cannot find module 'cap'/.test(msg)) throw new CaptureUnavailable(`live capture needs the optional 'cap' package, which is not installed: ${INSTALL_FIX}`);
    throw new CaptureUnavailable(`the 'cap' package did not load (${msg}): ${INSTALL_FIX}`);
  }
}

/**
 * Handles never given to the garbage collector: cap's native destructor
 * (Pcap::~Pcap, run from a GC weak callback after close()) calls into
 * AsyncWrap::EmitDestroy and can crash the process (SIGSEGV seen here under
 * load, at the end of a live run). A run opens one handle per interface, so
 * keeping them costs nothing; the process's exit frees them.
 */
const handles: CapHandle[] = [];

/** A new capture handle, kept reachable for the life of the process. */
export function newCap(mod: CapModule): CapHandle {
  const c = new mod.Cap();
  handles.push(c);
  return c;
}

/** libpcap link-type number for what cap.open() returned. */
export function capLinktype(name: string): number {
  switch (name) {
    case 'ETHERNET': return 1;
    case 'NULL': return 0;
    case 'RAW': return 101;
    case 'IEEE802_11_RADIO': return 127;
    case 'LINUX_SLL': return 113;
    case 'LINUX_SLL2': return 276;
    default: {
      const m = /(\d+)/.exec(name);
      return m ? Number(m[1]) : -1;
    }
  }
}

function sysNet(iface: string, file: string): string | null {
  const p = `/sys/class/net/${iface}/${file}`;
  try {
    return existsSync(p) ? readFileSync(p, 'utf8').trim() : null;
  } catch {
    return null;
  }
}

/** True when the kernel has the interface (Linux); null when it cannot tell. */
export function interfaceExists(iface: string): boolean | null {
  if (!existsSync('/sys/class/net')) return null;
  return existsSync(`/sys/class/net/${iface}`);
}

/** The interface's MAC from /sys/class/net/IFACE/address; -1 when unknown. */
export function interfaceMac(iface: string): number {
  const a = sysNet(iface, 'address');
  return a === null ? -1 : parseMac(a);
}

/** IFF_UP from /sys/class/net/IFACE/flags; null when unknown. */
export function interfaceUp(iface: string): boolean | null {
  const f = sysNet(iface, 'flags');
  return f === null ? null : (parseInt(f, 16) & 1) === 1;
}

/** Turns a libpcap/cap error into a one-line explanation with the fix. */
export function explainOpenError(iface: string, err: unknown): CaptureUnavailable {
  const msg = String((err as Error)?.message ?? err);
  if (/permission|not permitted|EPERM|EACCES/i.test(msg)) {
    return new CaptureUnavailable(`${iface}: permission denied: capturing needs root or CAP_NET_RAW: run with sudo, or: setcap cap_net_raw,cap_net_admin+eip "$(readlink -f "$(command -v node)")"`);
  }
  if (/no such device|doesn't exist|not exist|ENODEV|ENXIO/i.test(msg) || interfaceExists(iface) === false) {
    return new CaptureUnavailable(`${iface}: no such interface: list them with "arpaudit devices" or "ip -br link"`);
  }
  if (/not up|is down|ENETDOWN/i.test(msg)) {
    return new CaptureUnavailable(`${iface}: interface is down: ip link set ${iface} up`);
  }
  if (/syntax error|can't parse filter|filter/i.test(msg)) {
    return new CaptureUnavailable(`${iface}: the capture filter was rejected by libpcap: ${msg}`);
  }
  return new CaptureUnavailable(`${iface}: cannot capture: ${msg}`);
}

/** Pseudo-devices that are not LAN ports. */
const PSEUDO = /^(any|nflog|nfqueue|dbus-|bluetooth|usbmon|lo$)/;

export interface DeviceInfo {
  name: string;
  up: boolean | null;
  loopback: boolean;
  addresses: string[];
  description: string;
}

export function listDevices(): DeviceInfo[] {
  const cap = loadCap();
  let devs: CapDevice[];
  try {
    devs = cap.Cap.deviceList();
  } catch (e) {
    throw explainOpenError('devices', e);
  }
  return devs.map((d) => ({
    name: d.name,
    up: interfaceUp(d.name),
    loopback: d.flags === 'PCAP_IF_LOOPBACK' || d.name === 'lo',
    addresses: (d.addresses ?? []).map((a) => a.addr),
    description: d.description ?? '',
  }));
}

/** The first up, non-loopback, real interface. */
export function defaultInterface(): string {
  const devs = listDevices();
  const pick = devs.find((d) => !d.loopback && !PSEUDO.test(d.name) && d.up !== false && interfaceExists(d.name) !== false);
  if (!pick) {
    throw new CaptureUnavailable(devs.length
      ? `no up, non-loopback interface to capture on (found: ${devs.map((d) => `${d.name}${d.up === false ? ' (down)' : ''}`).join(', ')}); name one with -i`
      : 'libpcap lists no interface to capture on: run as root or with CAP_NET_RAW (sudo arpaudit devices)');
  }
  return pick.name;
}
