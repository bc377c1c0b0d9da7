// `arpaudit host`: audit this machine's ARP behaviour for its VIPs.
import { auditHost, type HostAudit, type Role } from '../audit/host.js';
import { AuditInputError, readInterfaces, readProxies, sysctlReader } from '../audit/system.js';
import { parseIp6 } from '../decode/nd.js';
import { parseIp } from '../util/addr.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { sanitize } from '../util/text.js';
import type { CommandIo } from './io.js';
import { hostSarif } from '../audit/sarif.js';
import { VERSION } from '../version.js';
import type { HostJson } from '../contract/host.js';

export function hostCommand(o: { vip?: string[]; role?: Role; proc: string; format: 'text' | 'json' | 'sarif' }, io: CommandIo): number {
  for (const v of o.vip ?? []) {
    if (v.includes(':') ? parseIp6(v) === null : parseIp(v) < 0) {
      io.err(`arpaudit: --vip ${sanitize(v)}: not an IPv4 or IPv6 address\n`);
      return EXIT_USAGE;
    }
  }
  let audit: HostAudit;
  try {
    audit = auditHost(readInterfaces(o.proc), sysctlReader(o.proc), { vips: o.vip, role: o.role, sysctl6: sysctlReader(o.proc, 6), proxies: readProxies(o.proc) });
  } catch (e) {
    if (e instanceof AuditInputError) {
      io.err(`arpaudit: ${sanitize(e.message)}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  // nothing to judge is not "configured right"
  if (audit.vips.length === 0 && audit.vips6.length === 0) {
    io.err('arpaudit: no VIP to audit: none given, and no /32 address on lo, dummy or tunnel devices; name them with --vip IP\n');
    return EXIT_USAGE;
  }
  if (o.format === 'sarif') io.out(JSON.stringify(hostSarif(audit, VERSION), null, 2) + '\n');
  else if (o.format === 'json') io.out(JSON.stringify({ schemaVersion: 1, ...audit } satisfies HostJson, null, 2) + '\n');
  else io.out(renderHost(audit));
  return audit.ok ? EXIT_OK : EXIT_FINDINGS;
}

export function renderHost(a: HostAudit): string {
  const out: string[] = [];
  out.push(`role: ${a.role}${a.roleInferred ? ' (inferred: ' + (a.role === 'director' ? 'a VIP is on a LAN interface with its subnet' : a.vips6.length && !a.vips.length ? 'VIPs are /128 on lo, dummy or tunnel devices' : 'VIPs are /32 on lo, dummy or tunnel devices') + '; --role to override)' : ''}`);
  if (a.tunl0.present) out.push(`tunl0 (LVS-TUN): ${a.tunl0.up ? 'up' : 'down'}${a.tunl0.vips.length ? `, addresses ${a.tunl0.vips.join(', ')}` : ', no address'}`);
  if (a.vips.length === 0 && a.vips6.length === 0) out.push('no VIP given or found (/32 and /128 addresses on lo, dummy or tunnel devices); name them with --vip');
  for (const v of a.vips) {
    out.push('');
    const where = v.configured.length ? v.configured.map((c) => `${c.device} /${c.prefixlen} scope ${c.scope}${c.label !== c.device ? ` label ${c.label}` : ''}`).join(', ') : 'not configured here';
    out.push(`VIP ${v.vip}: ${where} — ${v.ok ? 'OK' : 'PROBLEM'}`);
    for (const i of v.interfaces) {
      out.push(`  ${i.name}: arp_ignore=${i.arpIgnore} arp_announce=${i.arpAnnounce} arp_filter=${i.arpFilter} rp_filter=${i.rpFilter} (effective: max/or of all and ${i.name})`);
      out.push(`    answers ARP for ${v.vip}: ${i.willAnswer ? 'YES' : 'no'} — ${i.answerReason}`);
      out.push(`    leaks ${v.vip} as ARP sender: ${i.willLeak ? 'YES' : 'no'} — ${i.leakReason}`);
    }
    for (const p of v.problems) out.push(`  problem: ${p}`);
    if (v.fix.length) {
      out.push('  fix (paste):');
      for (const l of v.fix) out.push(`    ${l}`);
    }
  }
  for (const v of a.vips6) {
    out.push('');
    const where = v.configured.length ? v.configured.map((c) => `${c.device} /${c.prefixlen} scope ${c.scope}${c.flags.length ? ` ${c.flags.join(' ')}` : ''}`).join(', ') : 'not configured here';
    out.push(`VIP ${v.vip} (IPv6, neighbour discovery): ${where}${v.proxies.length ? `; proxy entries on ${v.proxies.join(', ')}` : ''} — ${v.ok ? 'OK' : 'PROBLEM'}`);
    for (const i of v.interfaces) {
      out.push(`  ${i.name}: forwarding=${i.forwarding} proxy_ndp=${i.proxyNdp} accept_dad=${i.acceptDad} dad_transmits=${i.dadTransmits} ndisc_notify=${i.ndiscNotify} accept_unsolicited_na=${i.acceptUnsolicitedNa} drop_unsolicited_na=${i.dropUnsolicitedNa}`);
      out.push(`    answers NS for ${v.vip}: ${i.willAnswer ? 'YES' : 'no'} — ${i.answerReason}`);
      out.push(`    sends NS from ${v.vip}: ${i.willLeak ? 'YES' : 'no'} — ${i.leakReason}`);
      out.push(`    announces ${v.vip} (unsolicited NA): ${i.willAnnounce ? 'YES' : 'no'} — ${i.announceReason}`);
    }
    for (const p of v.problems) out.push(`  problem: ${p}`);
    for (const n of v.notes) out.push(`  note: ${n}`);
    if (v.fix.length) {
      out.push('  fix (paste):');
      for (const l of v.fix) out.push(`    ${l}`);
    }
  }
  out.push('', a.ok ? `verdict: every VIP is configured right for a ${a.role}` : `verdict: this ${a.role} is misconfigured for ARP${a.vips6.length ? ' or neighbour discovery' : ''}`);
  return out.join('\n') + '\n';
}
