// Findings for --expect: the engine says who answered (evaluateExpectations),
// this says it in words.
import type { ExpectVerdict } from '../engine/expect.js';
import { formatIp, formatMac } from '../util/addr.js';
import type { ExtraFinding } from './build.js';

export function expectFindings(verdicts: ExpectVerdict[], endUs: number): ExtraFinding[] {
  const out: ExtraFinding[] = [];
  for (const v of verdicts) {
    const x = v.exp;
    const where = `${x.ip6 ?? formatIp(x.ip)}${x.vlanPath.length ? ` vlan ${x.vlanPath.join('.')}` : ''}`;
    const expected = x.macs.map(formatMac);
    const allowed = expected.join(', ');
    const base = { ip: x.ip, ...(x.ip6 ? { ipText: x.ip6 } : {}), vlan: Math.max(v.vlan, 0), vlanPath: x.vlanPath };
    if (v.unexpected.length) {
      out.push({
        ...base, code: 'expect.unexpected-mac', macs: v.unexpected, refs: [...new Set(v.refs)], count: v.answers, firstUs: v.firstUs, lastUs: v.lastUs,
        summary: `${where} was answered by ${v.unexpected.map(formatMac).join(', ')} (${v.answers} answers); only ${allowed} may answer.`,
        details: { expected, vrrp: x.vrrp, unexpected: v.unexpected.map(formatMac) },
      });
    }
    if (!v.ownerAnswered && x.required) {
      out.push({
        ...base, code: 'expect.owner-silent', macs: x.macs, refs: [], count: 1, firstUs: endUs, lastUs: endUs,
        summary: `${where}: none of the expected MACs (${allowed}) answered for it in the capture${v.seen ? '' : '; the address was never seen'}.`,
        details: { expected, vrrp: x.vrrp, seen: v.seen },
      });
    }
  }
  return out;
}
