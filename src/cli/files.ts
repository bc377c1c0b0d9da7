// Files the CLI writes beside its report (baselines, JUnit): whole or not at
// all, through a temporary file renamed over the old one.
import { renameSync, rmSync, writeFileSync } from 'node:fs';

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
