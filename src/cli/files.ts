// Files the CLI writes beside its report (baselines, JUnit, HTML): whole or not at
// all, through a temporary file renamed over the old one.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Report } from '../report/schema.js';
import { sanitize } from '../util/text.js';

/** Writes `text` to `path` atomically; a failure is an Error naming the file and `what` it was. */
export function writeFileAtomic(path: string, text: string, what: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    // nothing of a failed write stays behind (the path a directory, a full disk)
    rmSync(tmp, { force: true, recursive: false });
    throw new Error(`${path}: cannot write ${what} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** --html FILE: the reports as one self-contained page, written atomically. */
export async function writeHtmlReport(path: string, title: string, reports: Report[]): Promise<void> {
  const { renderHtml } = await import('../report/html.js');
  writeFileAtomic(path, renderHtml({ title, reports }), 'the HTML report');
}

/** writeHtmlReport() for live and replay: false (said on stderr) when the page could not be written. */
export async function htmlWritten(path: string, title: string, reports: Report[], io: { err(s: string): void }): Promise<boolean> {
  try {
    await writeHtmlReport(path, title, reports);
    return true;
  } catch (e) {
    io.err(`arpaudit: ${sanitize((e as Error).message)}\n`);
    return false;
  }
}
