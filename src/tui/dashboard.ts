// The terminal dashboard: the only module that imports blessed. It renders the
// view model on a timer (5 times a second at most), never per packet, so it
// stays responsive under a flood; sinks observe, they never change the engine.
import blessed from 'blessed';
import { performance } from 'node:perf_hooks';
import { openSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import type { Engine } from '../engine/engine.js';
import type { Playback } from './playback.js';
import { addressDetails, buildView, fit, incidentDetails, SORT_KEYS, type SortKey, type ViewModel } from './view.js';
import { extractFrames } from '../pcap/extract.js';
import { REF_INPUT } from '../engine/ctx.js';

export interface DashboardOptions {
  engine: Engine;
  title: string;
  playback?: Playback;
  /** Capture files (replay), for writing an incident's frames with `w`. */
  inputs?: string[];
  ring?: () => { fill: number; slots: number; drops: number };
  filter?: string;
  onQuit?: () => void;
  /** Keys from the controlling terminal: standard input carries the capture (replay -). */
  keysFromTty?: boolean;
}

const HELP = [
  'arpaudit dashboard (up/down scroll this help, esc closes it)',
  '',
  '  up/down j/k  move in the focused list',
  '  tab          switch between addresses and incidents',
  '  enter        details of the selected address or incident',
  '  esc          close details, help or the filter',
  '  /            filter by IP, MAC or "vlan N" (empty clears)',
  '  s            sort addresses: conflicts, IP, last seen, MACs',
  '  space        pause / resume (replay: the playback; live: the view)',
  '  + / -        replay faster / slower',
  '  w            write the selected incident\'s frames to a pcap',
  '  ?            this help',
  '  q            quit and print the report',
];
/** The help box: its longest line, its border and a space each side. */
const HELP_WIDTH = Math.max(...HELP.map((l) => l.length)) + 4;

export function openDashboard(o: DashboardOptions): { stop: () => Promise<void>; notice: (text: string) => void; setReportFindings: (n: number) => void } {
  const mono = Boolean(process.env.NO_COLOR);
  const color = (fg: string) => (mono ? {} : { fg });
  // throws when there is no controlling terminal: the caller falls back to the story
  const input = o.keysFromTty ? new ReadStream(openSync('/dev/tty', 'r')) : undefined;
  const screen = blessed.screen({ smartCSR: true, title: 'arpaudit', fullUnicode: true, forceUnicode: true, autoPadding: false, warnings: false, ...(input ? { input, output: process.stdout } : {}) });
  const status = blessed.box({ parent: screen, top: 0, left: 0, width: '100%', height: 2, tags: false, style: mono ? {} : { fg: 'white', bg: 'blue' } });
  const addrs = blessed.list({
    parent: screen, label: ' addresses ', top: 2, left: 0, width: '100%', height: '40%-1', border: 'line', keys: true, vi: true, tags: false,
    style: { selected: mono ? { inverse: true } : { bg: 'cyan', fg: 'black' }, border: color('gray') },
  });
  const incs = blessed.list({
    parent: screen, label: ' incidents (newest first) ', top: '40%+1', left: 0, width: '100%', height: '30%', border: 'line', keys: true, vi: true, tags: false,
    style: { selected: mono ? { inverse: true } : { bg: 'cyan', fg: 'black' }, border: color('gray') },
  });
  const tl = blessed.box({ parent: screen, label: ' timeline ', top: '70%+1', left: 0, width: '100%', height: '30%-1', border: 'line', tags: false, style: { border: color('gray') } });
  const details = blessed.box({
    parent: screen, label: ' details (esc to close) ', top: 'center', left: 'center', width: '94%', height: '90%', border: 'line', hidden: true, scrollable: true, alwaysScroll: true, keys: true, vi: true, tags: false,
    style: { bg: mono ? undefined : 'black', border: color('yellow') },
  });
  // sized to the terminal when shown, and scrollable when it is smaller than the help
  const help = blessed.box({ parent: screen, label: ' help ', top: 'center', left: 'center', width: HELP_WIDTH, height: HELP.length + 2, border: 'line', hidden: true, tags: false, content: HELP.join('\n'), scrollable: true, alwaysScroll: true, keys: true, vi: true, scrollbar: { ch: ' ', style: { inverse: true } } });
  const prompt = blessed.textbox({ parent: screen, label: ' filter: IP, MAC or vlan N ', bottom: 0, left: 0, width: '100%', height: 3, border: 'line', hidden: true, inputOnFocus: true });

  let filter = o.filter ?? '';
  let view: ViewModel | null = null;
  let frozen = false; // live: the view is frozen while capture goes on
  let message = '';
  let reportFindings: number | undefined;
  const wallStart = Date.now();
  const rates: number[] = [];
  let lastFrames = 0;
  let lastTick = performance.now();
  let focus: 'addrs' | 'incs' = 'addrs';
  let sort: SortKey = 'state';
  const SORT_LABEL: Record<SortKey, string> = { state: 'conflicts first', ip: 'by IP', last: 'last seen first', macs: 'most MACs first' };

  // wide terminals: addresses and incidents side by side
  const layout = () => {
    const wide = (screen.width as number) >= 160;
    addrs.width = wide ? '60%' : '100%';
    addrs.height = wide ? '65%-2' : '40%-1';
    incs.top = wide ? 2 : '40%+1';
    incs.left = wide ? '60%' : 0;
    incs.width = wide ? '40%' : '100%';
    incs.height = wide ? '65%-2' : '30%';
    tl.top = wide ? '65%' : '70%+1';
    tl.height = wide ? '35%' : '30%-1';
  };

  const render = () => {
    // one rate sample per second of wall time: frames analysed in it
    const now = performance.now();
    if (now - lastTick >= 1000) {
      const frames = o.engine.stats.frames;
      rates.push(((frames - lastFrames) * 1000) / (now - lastTick));
      if (rates.length > 120) rates.shift();
      lastFrames = frames;
      lastTick = now;
    }
    if (frozen && view) return;
    const width = Math.max(20, (screen.width as number) - 4);
    const sel = view?.addresses[(addrs as unknown as { selected: number }).selected]?.key ?? null;
    const pb = o.playback;
    view = buildView(o.engine, {
      source: o.title, wallStartMs: wallStart, nowMs: Date.now(), speed: pb?.speed, paused: pb?.paused || frozen, positionUs: pb?.positionUs, firstUs: pb?.firstUs,
      ring: o.ring?.(), rates, filter, selectedKey: sel, width, sort, reportFindings,
    });
    // a message takes the title line, where it is seen even at 80 columns
    status.setContent(message ? [fit(message, width), ...view.status.slice(1)].join('\n') : view.status.join('\n'));
    const ai = (addrs as unknown as { selected: number }).selected;
    addrs.setItems(view.addresses.map((r) => r.text) as unknown as string[]);
    addrs.select(Math.min(ai, Math.max(0, view.addresses.length - 1)));
    const ii = (incs as unknown as { selected: number }).selected;
    incs.setItems(view.incidents.map((r) => r.text) as unknown as string[]);
    incs.select(Math.min(ii, Math.max(0, view.incidents.length - 1)));
    tl.setLabel(` ${view.timelineTitle} `);
    addrs.setLabel(` addresses${filter ? ` matching "${filter.replace(/[^\x20-\x7e]/g, '?')}"` : ''} (${SORT_LABEL[sort]}; s sorts) `);
    tl.setContent(view.timeline.join('\n'));
    screen.render();
  };

  const showDetails = () => {
    if (!view) return;
    let lines: string[];
    if (focus === 'addrs') {
      const r = view.addresses[(addrs as unknown as { selected: number }).selected];
      if (!r) return;
      lines = addressDetails(o.engine, r.key);
    } else {
      const r = view.incidents[(incs as unknown as { selected: number }).selected];
      if (!r) return;
      lines = incidentDetails(o.engine, r.key);
    }
    details.setContent(lines.join('\n'));
    details.show();
    details.focus();
    screen.render();
  };

  const closeOverlays = () => {
    details.hide();
    help.hide();
    prompt.hide();
    (focus === 'addrs' ? addrs : incs).focus();
    screen.render();
  };

  const writeIncident = async () => {
    if (!view) return;
    const r = view.incidents[(incs as unknown as { selected: number }).selected];
    const inc = r && o.engine.findings().find((i) => `${i.code}|${i.vlan}|${i.ip}` === r.key);
    if (!inc) {
      message = 'w: select an incident first (tab)';
      return;
    }
    if (!o.inputs?.length) {
      message = 'w: live frames are not kept; use live --write, then replay that file';
      return;
    }
    if (o.inputs.includes('-')) {
      message = 'w: frames from standard input are not kept; replay a saved file to write them';
      return;
    }
    const refs = new Set(inc.evidenceRefs());
    const name = `arpaudit-${inc.code}-${inc.ip >= 0 ? o.engine.ipText(inc.vlan, inc.ip).replace(/:/g, '_') : 'all'}.pcap`;
    const n = await extractFrames(o.inputs, (input, frame) => refs.has(input * REF_INPUT + frame), name);
    // the file first: a message cut at 80 columns still says where the frames went (the name is relative to the working directory)
    message = `wrote ./${name} (${n} frame${n === 1 ? '' : 's'})`;
  };

  let resolveQuit: () => void;
  const quitted = new Promise<void>((r) => (resolveQuit = r));
  const quit = () => {
    if (o.playback) o.playback.quit = true;
    o.onQuit?.();
    resolveQuit();
  };

  screen.key(['q', 'C-c'], () => {
    if (!prompt.hidden) return;
    quit();
  });
  screen.key(['tab'], () => {
    focus = focus === 'addrs' ? 'incs' : 'addrs';
    (focus === 'addrs' ? addrs : incs).focus();
    screen.render();
  });
  screen.key(['enter'], () => {
    if (prompt.hidden && details.hidden) showDetails();
  });
  screen.key(['escape'], closeOverlays);
  screen.key(['?'], () => {
    if (help.hidden) {
      help.width = Math.min(HELP_WIDTH, (screen.width as number) - 2);
      help.height = Math.min(HELP.length + 2, (screen.height as number) - 2);
      help.show();
      help.focus();
    } else closeOverlays();
    screen.render();
  });
  screen.key(['space'], () => {
    if (o.playback) o.playback.paused = !o.playback.paused;
    else frozen = !frozen;
    render();
  });
  screen.key(['+', '='], () => {
    if (o.playback) o.playback.speed = o.playback.speed === 0 ? 0 : Math.min(1024, o.playback.speed * 2);
  });
  screen.key(['-', '_'], () => {
    if (o.playback) o.playback.speed = o.playback.speed === 0 ? 64 : Math.max(0.125, o.playback.speed / 2);
  });
  screen.key(['s'], () => {
    sort = SORT_KEYS[(SORT_KEYS.indexOf(sort) + 1) % SORT_KEYS.length]!;
    render();
  });
  screen.key(['w'], () => {
    void writeIncident().then(render);
  });
  screen.key(['/'], () => {
    prompt.show();
    prompt.setValue(filter);
    screen.render();
    prompt.readInput((_err: unknown, value?: string) => {
      if (typeof value === 'string') filter = value.trim();
      closeOverlays();
      render();
    });
  });
  screen.on('resize', () => {
    layout();
    render();
  });
  layout();
  addrs.focus();
  render();
  const timer = setInterval(render, 200);

  return {
    notice: (text: string) => {
      message = text;
      render();
    },
    /** The capture has ended: the status counts the final report's findings. */
    setReportFindings: (n: number) => {
      reportFindings = n;
      render();
    },
    // the capture ran out (or ended): keep the dashboard until the user quits
    stop: async () => {
      if (!o.playback?.quit) {
        message ||= 'end of capture: q to quit';
        render();
        await quitted;
      }
      clearInterval(timer);
      screen.destroy();
    },
  };
}
