/**
 * `GET /metrics` (Prometheus text format) and `GET /health`. Runs in the metrics worker (see
 * workers/metrics-worker.ts), never in a layer worker, so a slow scrape can delay the next scrape
 * but never a tick. Binds to 127.0.0.1 unless configured otherwise.
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type client from 'prom-client';

export interface HealthReport {
  status: 'ok' | 'halted' | 'stopping';
  [key: string]: unknown;
}

export async function startMetricsServer(
  registry: client.Registry, host: string, port: number, health: () => HealthReport, cacheMs = 0,
): Promise<{ server: http.Server; port: number; close: () => Promise<void> }> {
  // Rendering costs ~0.5 ms of this thread, which shares two cores with six workers. Reusing a
  // render for `cacheMs` caps that cost at one render per interval however often anyone scrapes
  // (Prometheus itself scrapes every few seconds, so it always sees a fresh render).
  let cached: { body: string; at: number } | null = null;
  let rendering: Promise<string> | null = null;
  const render = (): Promise<string> => {
    const now = performance.now();
    if (cached && now - cached.at < cacheMs) return Promise.resolve(cached.body);
    rendering ??= registry.metrics().then((body) => {
      cached = { body, at: performance.now() };
      rendering = null;
      return body;
    }, (err: Error) => { rendering = null; throw err; });
    return rendering;
  };
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (req.method === 'GET' && url.startsWith('/metrics')) {
      render().then(
        (body) => { res.writeHead(200, { 'content-type': registry.contentType }); res.end(body); },
        (err: Error) => { res.writeHead(500, { 'content-type': 'text/plain' }); res.end(`metrics failed: ${err.message}\n`); },
      );
    } else if (req.method === 'GET' && url.startsWith('/health')) {
      const report = health();
      res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(report));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found: try /metrics or /health\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    server,
    port: bound,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
