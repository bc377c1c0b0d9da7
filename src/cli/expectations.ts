// Reading an --expect file: the engine validates the document (parseExpectations).
import { readFileSync } from 'node:fs';
import { ExpectError, parseExpectations, type Expectation } from '../engine/expect.js';

export function loadExpectations(path: string): Expectation[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ExpectError(`${path}: cannot read expectations (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ExpectError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return parseExpectations(doc, path);
}
