// Command-line front end: the commands and their actions. Returns an exit
// code; only bin/ exits the process. Shared options live in options.ts.
import { appendFileSync } from 'node:fs';
import { writeFileAtomic, writeHtmlReport } from './files.js';
import { Command, CommanderError, Option } from '@commander-js/extra-typings';
import { check, type CheckResult, summaryLine } from './check.js';
import { BaselineError, loadBaseline } from './baseline-file.js';
import type { BaselineFile } from '../report/schema.js';
import type { CodesJson } from '../contract/codes.js';
import type { ProbeJson } from '../contract/probe.js';
import { allCatalogEntries, Severity } from '../engine/findings.js';
import type { Expectation } from '../engine/expect.js';
import { CHECK_HELP, EXIT_FINDINGS, EXIT_HELP, EXIT_NO_ANSWER, EXIT_OK, EXIT_USAGE, HOST_HELP, LIVE_HELP, PROBE_HELP, REPLAY_HELP } from './exit-codes.js';
import { parseIp } from '../util/addr.js';
import { parseIp6 } from '../decode/nd.js';
import { VERSION } from '../version.js';
import { sanitize, sanitizeLines } from '../util/text.js';
import type { CommandIo } from './io.js';
import { applyColor, collect, engineOptions, engineOpts, openState, ranged, readExpect, stateOptions, withCapture } from './options.js';

export type { CommandIo } from './io.js';

export async function main(argv: string[], rawIo: CommandIo): Promise<number> {
  // every message on stderr can carry outside bytes (file names, an --expect file's keys, a parser's
  // snippet of it): control characters are shown escaped, never sent to the terminal
  const io: CommandIo = { ...rawIo, err: (s) => rawIo.err(sanitizeLines(s)) };
  let code = EXIT_OK;
  const program = new Command();
  program
    .name('arpaudit')
    .description('Proves who answers ARP for each address: ARP races (LVS-DR/TUN), flip-flops, spoofing, VIP leaks, gratuitous ARP.')
    .version(VERSION)
    .exitOverride()
    // a usage error is one line, with where to read more
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: (str, write) => write(`arpaudit: ${str.replace(/^error: /, '').trimEnd()} (see --help)\n`) })
    .addHelpText('after', `\n${EXIT_HELP}`)
    .hook('preAction', (_p, action) => applyColor(action.opts().color));

  const checkCmd = program
    .command('check')
    .description('analyse pcap/pcapng captures (optionally .gz) and fail on findings: for CI')
    .argument('[file...]', 'capture files (pcap, pcapng, or gzip of either; - reads standard input); each is analysed on its own unless --merge')
    .option('-r, --read <file>', 'a capture to read, as tcpdump -r (repeatable)', collect)
    .option('-n', 'accepted as in tcpdump: arpaudit never resolves names')
    .option('--expect <file>', 'JSON expectations: which MACs may answer for which IPs')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json'] as const).default('text' as const))
    .option('--merge', 'analyse several files as one timeline ordered by packet time (one capture split across files)')
    .option('--baseline <file>', 'accept the findings listed in this file (by id): only new or expired ones fail the run')
    .option('--junit <file>', 'also write a JUnit XML file: a test case per input and per expectation, failures with their findings')
    .option('--html <file>', 'also write the report as one self-contained HTML page with a timeline per involved address and per failover')
    .option('--github', 'also print GitHub Actions annotations (stdout, with the text report) and append a Markdown summary to $GITHUB_STEP_SUMMARY when set')
    .option('--metrics-file <file>', "write the run's metrics in Prometheus text format (node_exporter's textfile collector)")
    .option('--write-baseline <file>', 'write every finding of this run as accepted (keeping notes and expiry dates from --baseline); the run then fails only on unreadable input or expired entries')
    .addOption(new Option('--separate', 'each file on its own (the default)').hideHelp())
    .option('--write-state', 'write what this run learned back into the --state file');
  engineOptions(stateOptions(checkCmd, false))
    .addHelpText('after', `\n${CHECK_HELP}`)
    .action(async (args, o) => {
      const files = inputsOf(args, o, 'check', io);
      if (!files || !oneStdin(files, io)) {
        code = EXIT_USAGE;
        return;
      }
      if (o.github && o.format === 'json') {
        io.err('arpaudit: --github prints annotations on stdout, which --format json keeps for the report: use one, or --junit FILE beside JSON\n');
        code = EXIT_USAGE;
        return;
      }
      const ex = readExpect(o, io);
      if (!ex) {
        code = EXIT_USAGE;
        return;
      }
      const { addresses: expectations, routers } = ex;
      let baseline: { file: string; doc: BaselineFile } | undefined;
      if (o.baseline) {
        try {
          baseline = { file: o.baseline, doc: loadBaseline(o.baseline) };
        } catch (e) {
          if (e instanceof BaselineError) {
            io.err(`arpaudit: invalid baseline: ${sanitize(e.message)}\n`);
            code = EXIT_USAGE;
            return;
          }
          throw e;
        }
      }
      if (o.writeState && !o.state) {
        io.err('arpaudit: --write-state needs --state FILE\n');
        code = EXIT_USAGE;
        return;
      }
      const state = await openState(o, null, Boolean(o.writeState), io);
      if (state === null) {
        code = EXIT_USAGE;
        return;
      }
      let r: CheckResult;
      try {
        r = await check(files, {
        baseline,
        writeBaseline: o.writeBaseline,
        format: o.format,
        failOn: o.failOn,
        merge: Boolean(o.merge),
        addresses: o.addresses,
        expectations,
        routers,
        engine: engineOpts(o),
        ...(state ? { state } : {}),
        ...(o.metricsFile ? { metricsFile: o.metricsFile } : {}),
      }, io.out, io.outBytes);
      } catch (e) {
        if (e instanceof BaselineError || (state && e instanceof (await import('../state/state-file.js')).StateError)) {
          io.err(`arpaudit: ${sanitize(e.message)}\n`);
          code = EXIT_USAGE;
          return;
        }
        throw e;
      }
      for (const rep of r.reports) for (const i of rep.inputs) if (i.error) io.err(`arpaudit: ${sanitize(formatInputError(i))}\n`);
      try {
        await ciOutputs(r, o, expectations, io);
        if (o.html) await writeHtmlReport(o.html, files.join(', '), r.reports);
      } catch (e) {
        io.err(`arpaudit: ${sanitize((e as Error).message)}\n`);
        code = EXIT_USAGE;
        return;
      }
      if (r.wrote) io.err(`arpaudit: wrote baseline ${sanitize(r.wrote.file)}: ${r.wrote.entries} accepted finding${r.wrote.entries === 1 ? '' : 's'}${r.wrote.dropped ? `, ${r.wrote.dropped} dropped as fixed` : ''}\n`);
      io.err(`${summaryLine(r.reports, r.code)}\n`);
      code = r.code;
    });

  const liveCmd = program
    .command('live')
    .description('capture ARP, ND and VRRP/HSRP/GLBP on LAN ports (libpcap through the optional cap package); findings as they happen, the report at the end; as a monitor: --state, --metrics')
    .option('-i, --interface <iface>', 'interface to capture on, repeatable for several (default: the first up, non-loopback one)', collect)
    .option('--filter <bpf>', 'libpcap filter replacing the default (ARP, VRRP/CARP, HSRP, GLBP and IPv6 ND, tagged or not)')
    .option('--duration <seconds>', 'stop after this many seconds (default: until SIGINT/SIGTERM)', ranged('--duration', 'seconds', 0.1, 2_000_000))
    .option('-c, --count <frames>', 'stop after this many frames (on each interface), as tcpdump -c', ranged('--count', 'frames', 1, 1e12, true))
    .option('-w, --write <file.pcap>', 'save every analysed frame with its timestamp as a pcap, as tcpdump -w (evidence for the ticket)')
    .option('-n', 'accepted as in tcpdump: arpaudit never resolves names')
    .addOption(new Option('--format <format>', 'text, or NDJSON (one JSON object per line, each with a "type" and an "observer")').choices(['text', 'json'] as const).default('text' as const))
    .option('--no-tui', 'print text/NDJSON even on a terminal')
    .option('--user <name>', 'drop root to this user once the capture is open (default under sudo: the sudo caller)')
    .option('--ring-bits <n>', 'frame ring of 2^n slots between capture and analysis', ranged('--ring-bits', 'bits (2^n slots)', 4, 20, true), 13)
    .option('--expect <file>', 'JSON expectations: which MACs may answer for which IPs (also the only IPs used as metric labels)')
    .option('--metrics <host:port>', 'serve Prometheus metrics at http://HOST:PORT/metrics (e.g. 127.0.0.1:9850, :9850 for every address)')
    .option('--metrics-file <file>', "write the metrics in Prometheus text format to this file every 15 s and at exit (node_exporter's textfile collector)")
    .option('--html <file>', 'when the capture ends, also write the report as one self-contained HTML page with timelines')
    .option('--observer-name <name>', 'the host name NDJSON events carry in "observer" (default: this host\'s name)')
    .option('--observer-vlan <id>', 'the VLAN the port mirrors, carried in "observer" (frames on an access port carry no tag)', ranged('--observer-vlan', 'VLAN ID', 1, 4094, true));
  engineOptions(stateOptions(liveCmd, true).option('--state-interval <seconds>', 'seconds between --state writes', ranged('--state-interval', 'seconds', 0.1, 86_400), 60))
    .addHelpText('after', `\n${LIVE_HELP}`)
    .action(async (o) => {
      const ex = readExpect(o, io);
      if (!ex) {
        code = EXIT_USAGE;
        return;
      }
      const { addresses: expectations, routers } = ex;
      const { live } = await import('./live.js');
      code = await live({
        ifaces: o.interface ?? [],
        filter: o.filter,
        duration: o.duration,
        count: o.count,
        write: o.write,
        format: o.format,
        tui: o.tui,
        user: o.user,
        ringBits: o.ringBits,
        failOn: o.failOn,
        addresses: o.addresses,
        engine: engineOpts(o),
        expectations,
        routers,
        ...(o.state ? { state: { file: o.state, sensor: o.sensor, learnMs: o.learn, absenceMs: o.absentAfter, intervalS: o.stateInterval } } : {}),
        ...(o.metrics ? { metrics: o.metrics } : {}),
        ...(o.metricsFile ? { metricsFile: o.metricsFile } : {}),
        observer: { host: o.observerName ?? null, vlan: o.observerVlan ?? null },
        ...(o.html ? { html: o.html } : {}),
      }, io);
    });

  engineOptions(
    program
      .command('replay')
      .description('play captures through the engine at their recorded pace (or faster) in the dashboard, or as a text story')
      .argument('[file...]', 'capture files (- reads standard input, e.g. from ssh HOST tcpdump -U -w -); several are one timeline')
      .option('-r, --read <file>', 'a capture to read, as tcpdump -r (repeatable)', collect)
      .option('-n', 'accepted as in tcpdump: arpaudit never resolves names')
      .option('--speed <n>', 'times the recorded pace', ranged('--speed', 'times the recorded pace', 0.001, 1_000_000), 1)
      .addOption(new Option('--max', 'as fast as possible').conflicts('speed'))
      .option('--no-tui', 'print the story as text even on a terminal')
      .option('--start <time>', 'start playing at an ISO time or +SECONDS from the first frame (earlier frames are analysed, not shown)')
      .option('--filter <what>', 'show only frames and findings about an IP, a MAC or "vlan N" (the analysis sees everything)')
      .option('--html <file>', 'when the replay ends, also write the report as one self-contained HTML page with timelines'),
  )
    .addHelpText('after', `\n${REPLAY_HELP}`)
    .action(async (args, o) => {
      const files = inputsOf(args, o, 'replay', io);
      if (!files || !oneStdin(files, io)) {
        code = EXIT_USAGE;
        return;
      }
      const { replay } = await import('./replay.js');
      code = await replay({
        files,
        speed: o.max ? 0 : o.speed,
        tui: o.tui && Boolean(process.stdout.isTTY),
        start: o.start,
        filter: o.filter,
        failOn: o.failOn,
        addresses: o.addresses,
        engine: engineOpts(o),
        ...(o.html ? { html: o.html } : {}),
      }, io);
    });

  program
    .command('devices')
    .description('list the interfaces libpcap can capture on, with state and addresses')
    .action(async () => {
      code = await withCapture(io, async () => {
        const { listDevices } = await import('../live/cap.js');
        const devs = listDevices();
        if (devs.length === 0) io.out('libpcap lists no interface: capturing needs root or CAP_NET_RAW (sudo arpaudit devices)\n');
        else {
          const w = Math.max(9, ...devs.map((d) => sanitize(d.name).length));
          io.out(`${'INTERFACE'.padEnd(w)}  STATE  ADDRESSES\n`);
          for (const d of devs) {
            const state = d.up === null ? '?' : d.up ? 'up' : 'down';
            const what = [d.loopback ? 'loopback' : '', ...d.addresses, d.description ? `(${sanitize(d.description)})` : ''].filter(Boolean).join(' ');
            io.out(`${sanitize(d.name).padEnd(w)}  ${state.padEnd(5)}  ${what}\n`.replace(/ +\n$/, '\n'));
          }
        }
        return EXIT_OK;
      });
    });

  program
    .command('probe')
    .description('ask the wire now: send ARP who-has (IPv4) or a neighbour solicitation (IPv6) for each address and report every MAC that answers each round')
    .requiredOption('-i, --interface <iface>', 'interface to probe on')
    .argument('<ip...>', 'addresses to ask for')
    .option('--count <n>', 'rounds of requests', ranged('--count', 'rounds', 1, 10_000, true), 3)
    .option('--interval <ms>', 'time between rounds (ms)', ranged('--interval', 'ms', 1, 3_600_000), 1000)
    .option('--wait <ms>', 'time to wait for late replies after the last round (ms)', ranged('--wait', 'ms', 1, 600_000), 1000)
    .option('--dad', 'ask as a newcomer: ARP from 0.0.0.0 (RFC 5227), NS from :: (RFC 4862); works without an address on the interface')
    .option('--vlan <id>', 'tag the requests with this VLAN; replies must carry it too', ranged('--vlan', 'VLAN ID', 1, 4094, true))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json'] as const).default('text' as const))
    .addHelpText('after', `\n${PROBE_HELP}`)
    .action(async (ips, o) => {
      for (const ip of ips) {
        if (ip.includes(':') ? parseIp6(ip) === null : parseIp(ip) < 0) {
          io.err(`arpaudit: ${sanitize(ip)}: not an IPv4 or IPv6 address\n`);
          code = EXIT_USAGE;
          return;
        }
      }
      code = await withCapture(io, async () => {
        const { probe, renderProbe } = await import('../live/probe.js');
        const r = await probe({ iface: o.interface, ips, count: o.count, intervalMs: o.interval, waitMs: o.wait, dad: Boolean(o.dad), vlan: o.vlan });
        const doc: ProbeJson = { schemaVersion: 1, ...r };
        io.out(o.format === 'json' ? JSON.stringify(doc, null, 2) + '\n' : renderProbe(r));
        return r.targets.some((t) => t.verdict === 'several') ? EXIT_FINDINGS : r.targets.some((t) => t.verdict === 'none') ? EXIT_NO_ANSWER : EXIT_OK;
      });
    });

  program
    .command('host')
    .description('audit this machine: will it answer ARP (IPv6: neighbour solicitations) for its VIPs, leak or announce them, and the fix to paste')
    .option('--vip <ip...>', 'VIPs to audit, IPv4 or IPv6 (default: /32 and /128 addresses on lo, dummy and tunnel devices)')
    .addOption(new Option('--role <role>', 'what this host is in the cluster (default: inferred)').choices(['real-server', 'director'] as const))
    .option('--proc <path>', 'read sysctls from this tree instead of /proc (tests); ip-addr.json there replaces "ip -j addr"', '/proc')
    .addOption(new Option('--format <format>', 'output format: text, json, or sarif (SARIF 2.1.0 for code-scanning dashboards)').choices(['text', 'json', 'sarif'] as const).default('text' as const))
    .addHelpText('after', `\n${HOST_HELP}`)
    .action(async (o) => {
      const { hostCommand } = await import('./host.js');
      code = hostCommand({ vip: o.vip, role: o.role, proc: o.proc, format: o.format }, io);
    });

  const stateCmd = program.command('state').description('the --state station baseline: import arpwatch history, export it, show it');
  stateCmd
    .command('import')
    .description("add arpwatch's arp.dat pairs to a state file (each line to the sensor its interface field names)")
    .argument('<arp.dat...>', 'arpwatch data files (- reads standard input)')
    .requiredOption('--state <file>', 'the state file to add to (created when missing)')
    .option('--sensor <name>', 'put every pair in this sensor (default: the interface named on each line, else "arpwatch")')
    .action(async (files, o) => {
      code = (await import('./state.js')).stateImport(files, { state: o.state, sensor: o.sensor }, io);
    });
  stateCmd
    .command('export')
    .description("write a state's IPv4 stations as arpwatch's arp.dat on standard output")
    .requiredOption('--state <file>', 'the state file')
    .option('--sensor <name>', 'only this sensor (default: all)')
    .option('--all-vlans', 'include tagged IPv4 stations (arpwatch itself knows no VLANs)')
    .action(async (o) => {
      code = (await import('./state.js')).stateExport({ state: o.state, sensor: o.sensor, allVlans: Boolean(o.allVlans) }, io);
    });
  stateCmd
    .command('show')
    .description('list what a state file holds, per sensor')
    .requiredOption('--state <file>', 'the state file')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json'] as const).default('text' as const))
    .action(async (o) => {
      code = (await import('./state.js')).stateShow({ state: o.state, format: o.format }, io);
    });

  program
    .command('codes')
    .description('list every finding code with its severity, meaning and fix')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json'] as const).default('text' as const))
    .action((o) => {
      const list = allCatalogEntries();
      const doc: CodesJson = { schemaVersion: 1, codes: [...list] };
      if (o.format === 'json') io.out(JSON.stringify(doc, null, 2) + '\n');
      else for (const e of list) io.out(`${e.code}  [${e.severity}]  ${e.title}\n${e.ndTitle ? `  IPv6 neighbour discovery: ${e.ndTitle}\n` : ''}  ${e.meaning}\n  fix: ${e.fix}\n\n`);
    });

  // a bare arpaudit: the help, on stdout like --help, but a usage error (no command)
  if (argv.length === 0) {
    io.out(program.helpInformation() + `\n${EXIT_HELP}\n`);
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // help asked for (--help, help CMD) or the version: success; help shown for want of a command: usage
      if (e.code === 'commander.version' || ((e.code === 'commander.helpDisplayed' || e.code === 'commander.help') && e.exitCode === 0)) return EXIT_OK;
      return EXIT_USAGE;
    }
    throw e;
  }
  return code;
}

/** --junit and --github, after the report. */
async function ciOutputs(r: CheckResult, o: { junit?: string; github?: true; failOn: Severity | 'none' }, expectations: Expectation[], io: CommandIo): Promise<void> {
  if (!o.junit && !o.github) return;
  const ci = await import('../report/ci.js');
  const failOn = o.failOn;
  if (o.junit) writeFileAtomic(o.junit, ci.junit(r.reports, failOn, expectations), 'the JUnit file');
  if (o.github) {
    io.out(ci.githubAnnotations(r.reports));
    const summary = process.env.GITHUB_STEP_SUMMARY;
    if (summary) {
      try {
        appendFileSync(summary, ci.githubSummary(r.reports, failOn, r.code));
      } catch (e) {
        throw new Error(`${summary}: cannot append the job summary (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
      }
    }
  }
}

/** The inputs: -r FILEs, then the arguments; none is a usage error. */
function inputsOf(args: string[], o: { read?: string[] }, cmd: string, io: CommandIo): string[] | null {
  const files = [...(o.read ?? []), ...args];
  if (files.length) return files;
  io.err(`arpaudit: no capture given: arpaudit ${cmd} FILE..., -r FILE, or - for standard input (arpaudit ${cmd} --help)\n`);
  return null;
}

/** Standard input (`-`) can be read once. */
function oneStdin(files: string[], io: CommandIo): boolean {
  if (files.filter((f) => f === '-').length <= 1) return true;
  io.err('arpaudit: "-" (standard input) can be given once\n');
  return false;
}

function formatInputError(i: { file: string; error: { kind: string; message: string; offset: number; frame: number } | null }): string {
  const e = i.error!;
  const where = e.kind === 'io' || e.kind === 'not-a-capture' ? '' : ` at byte offset ${e.offset} (frame ${e.frame})`;
  return `${i.file}: ${e.message}${where}`;
}

// the entry point (bin/arpaudit.js) loads the bundle of this module only
export { sanitize } from '../util/text.js';
export { EXIT_INTERNAL } from './exit-codes.js';
