// --metrics HOST:PORT: a small HTTP server for Prometheus to scrape. GET
// /metrics gives the text exposition format; / says where the metrics are;
// anything else is 404. Nothing else listens, nothing is written.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from '../report/metrics.js';

export interface MetricsServer {
  /** "127.0.0.1:9850" or "[::1]:9850", as bound (port 0 gives the real port). */
  address: string;
  /** Connections the server holds now. */
  connections(): Promise<number>;
  close(): Promise<void>;
}

/** Parses HOST:PORT, [IPv6]:PORT or :PORT (every address); throws an Error saying what is wrong. */
export function parseListen(text: string): { host: string | undefined; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  if (!m) throw new Error('expected HOST:PORT, [IPv6]:PORT or :PORT (e.g. 127.0.0.1:9850)');
  const port = Number(m[3]);
  if (port > 65535) throw new Error(`port ${port} is above 65535`);
  const host = m[1] ?? (m[2] || undefined);
  return { host, port };
}

/** What one scraper may hold: Node's defaults leave an idle connection open and their number unbounded. */
export interface ServerLimits {
  /** Connections at once; more are closed as they come. */
  maxConnections: number;
  /** A connection idle this long (ms) is closed: one that never sends a request, a kept-alive one. */
  idleMs: number;
}

export const SERVER_LIMITS: ServerLimits = { maxConnections: 32, idleMs: 10_000 };

export function serveMetrics(listen: string, metrics: Metrics, limits: ServerLimits = SERVER_LIMITS): Promise<MetricsServer> {
  const { host, port } = parseListen(listen);
  // headers and the whole request within the idle time; the checks run often enough to hold it
  const server = createServer({ headersTimeout: limits.idleMs, requestTimeout: limits.idleMs, keepAliveTimeout: Math.min(5000, limits.idleMs), connectionsCheckingInterval: Math.max(100, limits.idleMs / 4) }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/metrics') {
      metrics.text().then(
        (body) => res.writeHead(200, { 'content-type': metrics.contentType }).end(req.method === 'HEAD' ? undefined : body),
        (e: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(e)}\n`),
      );
    } else if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('arpaudit: metrics at /metrics\n');
    } else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  server.maxConnections = limits.maxConnections;
  // a socket that sends nothing at all is closed too (headersTimeout needs a first byte on some paths)
  server.on('connection', (socket) => socket.setTimeout(limits.idleMs, () => socket.destroy()));
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new Error(e.code === 'EADDRINUSE' ? 'address already in use' : e.code === 'EACCES' ? 'permission denied (ports below 1024 need root)' : e.code === 'EADDRNOTAVAIL' ? 'no such local address (or its interface is down: ip link set lo up)' : (e.code ?? e.message))));
    server.listen(port, host, () => {
      const a = server.address() as AddressInfo;
      resolve({
        address: a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`,
        connections: () => new Promise((r) => server.getConnections((_e, n) => r(n))),
        close: () => new Promise((r) => {
          server.close(() => r());
          server.closeAllConnections();
        }),
      });
    });
  });
}
