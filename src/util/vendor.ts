// MAC vendor names from the IEEE OUI registry (the oui-data package, no
// network at run time), loaded lazily the first time a name is asked for;
// virtual (VRRP/HSRP/GLBP) and locally administered MACs are labelled.
import { createRequire } from 'node:module';
import { macHi16, macIsGroup, macIsLocal, virtualMacLabel } from './addr.js';
import { sanitize } from './text.js';

let table: Record<string, string> | null | undefined;

function load(): Record<string, string> | null {
  if (table !== undefined) return table;
  try {
    table = createRequire(import.meta.url)('oui-data') as Record<string, string>;
  } catch {
    table = null;
  }
  return table;
}

export function vendorOf(mac: number): string {
  const v = virtualMacLabel(mac);
  if (v) return v;
  if (macIsGroup(mac)) return 'multicast';
  if (macIsLocal(mac)) return 'local';
  const t = load();
  if (!t) return '';
  const hi = macHi16(mac);
  const key = ((hi << 8) | (mac >>> 24)).toString(16).toUpperCase().padStart(6, '0');
  const name = t[key];
  return name ? sanitize(name.split('\n')[0]!.trim()) : '';
}
