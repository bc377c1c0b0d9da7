// Reading an --expect file: the engine validates the document (parseExpectations).
import { readJsonFile } from './json-file.js';
import { ExpectError, type ExpectedRouter, parseExpectations, parseExpectedRouters, type Expectation } from '../engine/expect.js';

/** The addresses of an --expect file, and its allowed IPv6 routers (null: no "routers" list). */
export interface ExpectFile {
  addresses: Expectation[];
  routers: ExpectedRouter[] | null;
}

export function loadExpectations(path: string): ExpectFile {
  const doc = readJsonFile(path, 'expectations', (m) => new ExpectError(m));
  return { addresses: parseExpectations(doc, path), routers: parseExpectedRouters(doc, path) };
}
