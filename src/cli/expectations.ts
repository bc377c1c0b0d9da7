// Reading an --expect file: the engine validates the document (parseExpectations).
import { readFileSync } from 'node:fs';
import { ExpectError, type ExpectedRouter, parseExpectations, parseExpectedRouters, type Expectation } from '../engine/expect.js';

/** The addresses of an --expect file, and its allowed IPv6 routers (null: no "routers" list). */
export interface ExpectFile {
  addresses: Expectation[];
  routers: ExpectedRouter[] | null;
}

export function loadExpectations(path: string): ExpectFile {
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
  return { addresses: parseExpectations(doc, path), routers: parseExpectedRouters(doc, path) };
}
