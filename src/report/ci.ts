// Outputs CI systems read, written by hand (each is a few lines of a small,
// stable format; a library would bring more dependencies than code it saves):
//  - JUnit XML: one test case per input and per expectation, a failure per
//    case listing its failing findings with their frames and ids;
//  - GitHub workflow commands (::error/::warning/::notice) for annotations,
//    and a Markdown job summary for $GITHUB_STEP_SUMMARY.
import type { Severity } from '../engine/findings.js';
import { failing } from './baseline.js';
import { formatIp } from '../util/addr.js';
import { plural, sanitize } from '../util/text.js';
import type { FindingJson, Report } from './schema.js';

export interface CiExpectation {
  ip: number;
  ip6: string | null;
  vlanPath: number[];
}


function inputName(r: Report): string {
  return r.inputs.map((i) => i.file).join(' + ');
}

/** The address and its VLAN path ("10.0.0.10 vlan 100.200"), as every CI output names it. */
function where(f: FindingJson): string {
  return f.ip ? `${f.ip}${f.vlanPath.length ? ` vlan ${f.vlanPath.join('.')}` : ''}` : '';
}

/** The first `n` evidence frames, with "…" when there are more. */
function frameList(f: FindingJson, n: number): string {
  const more = f.framesTotal > n || f.frames.length > n;
  return `${f.frames.slice(0, n).join(', ')}${more ? ', …' : ''}`;
}

function findingLine(f: FindingJson): string {
  const w = where(f);
  const frames = f.frames.length ? ` (frames ${frameList(f, 8)})` : '';
  return `${f.severity.toUpperCase()} ${f.code}${w ? ` ${w}` : ''}: ${f.summary}${frames} [id ${f.id}]`;
}

// ---- JUnit ----

/** XML 1.0 allows tab, newline, carriage return and characters from 0x20; the rest are dropped. */
function xml(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface Case {
  classname: string;
  name: string;
  failure?: { message: string; body: string };
  error?: { message: string };
}

export function junit(reports: Report[], failOn: Severity | 'none', expectations: CiExpectation[]): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const r of reports) {
    const cases: Case[] = [];
    const name = inputName(r);
    const bad = failing(r, failOn);
    const broken = r.inputs.find((i) => i.error);
    const input: Case = { classname: 'arpaudit.check', name };
    // an unreadable input is an error, with what was read before the break in its text; not also a failure
    const own = bad.filter((f) => !f.code.startsWith('expect.'));
    if (broken) input.error = { message: `${broken.file}: ${broken.error!.message}${own.length ? `; read before the break: ${plural(own.length, 'finding')} at or above ${failOn}` : ''}` };
    else if (own.length) input.failure = { message: `${plural(own.length, 'finding')} at or above ${failOn}`, body: own.map(findingLine).join('\n') };
    cases.push(input);
    for (const e of expectations) {
      const ip = e.ip6 ?? formatIp(e.ip);
      const path = e.vlanPath.join('.');
      const c: Case = { classname: 'arpaudit.expect', name: `${name}: ${ip}${path ? ` vlan ${path}` : ''}` };
      const v = bad.filter((f) => f.code.startsWith('expect.') && f.ip === ip && f.vlanPath.join('.') === path);
      if (v.length) c.failure = { message: v.map((f) => f.code).join(', '), body: v.map(findingLine).join('\n') };
      cases.push(c);
    }
    const sf = cases.filter((c) => c.failure).length;
    const se = cases.filter((c) => c.error).length;
    tests += cases.length;
    failures += sf;
    errors += se;
    const body = cases.map((c) => {
      const inner = `${c.error ? `\n      <error message="${xml(c.error.message)}"/>` : ''}${c.failure ? `\n      <failure message="${xml(c.failure.message)}" type="arpaudit.findings">${xml(c.failure.body)}</failure>` : ''}`;
      return `    <testcase classname="${xml(c.classname)}" name="${xml(c.name)}"${inner ? `>${inner}\n    </testcase>` : '/>'}`;
    });
    suites.push(`  <testsuite name="${xml(`arpaudit check ${name}`)}" tests="${cases.length}" failures="${sf}" errors="${se}">\n${body.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="arpaudit" tests="${tests}" failures="${failures}" errors="${errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}

// ---- GitHub ----

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One workflow command per finding that is not accepted by a baseline (info findings are left to the summary). */
export function githubAnnotations(reports: Report[]): string {
  const out: string[] = [];
  for (const r of reports) {
    const file = r.inputs.length === 1 ? r.inputs[0]!.file : null;
    for (const f of r.findings) {
      if (f.baseline === 'known' || f.baseline === 'accepted' || f.severity === 'info') continue;
      const level = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
      const w = where(f);
      const title = `${f.code}${w ? ` ${w}` : ''}`;
      const props = [`title=${escapeProperty(title)}`, ...(file && file !== '-' ? [`file=${escapeProperty(file)}`] : [])];
      out.push(`::${level} ${props.join(',')}::${escapeData(sanitize(findingLine(f)))}`);
    }
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

const md = (s: string) => sanitize(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The job summary: per input its verdict and its findings as a table. */
export function githubSummary(reports: Report[], failOn: Severity | 'none', code: number): string {
  const out = [`## arpaudit: exit ${code}`, ''];
  for (const r of reports) {
    const bad = failing(r, failOn).length;
    const err = r.inputs.find((i) => i.error);
    out.push(`### ${md(inputName(r))}: ${err ? `unreadable (${md(err.error!.message)})` : bad ? `${plural(bad, 'failing finding')}` : 'passed'}`, '');
    if (r.findings.length === 0) {
      out.push('No findings.', '');
      continue;
    }
    out.push('| severity | code | address | MACs | what | frames | id |', '|---|---|---|---|---|---|---|');
    for (const f of r.findings) {
      const sev = `${f.severity}${f.baseline === 'known' ? ' (known)' : f.baseline === 'accepted' ? ' (accepted now)' : ''}`;
      out.push(`| ${sev} | \`${f.code}\` | ${where(f)} | ${f.macs.slice(0, 4).join(' ')}${f.macs.length > 4 ? ' …' : ''} | ${md(f.summary)} | ${frameList(f, 6)} | \`${f.id}\` |`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
