/**
 * `/metrics` (Prometheus text format) and `/health`, for GET and HEAD. Runs in the metrics worker
 * (see workers/metrics-worker.ts), never in a layer worker, so a slow scrape can delay the next
 * scrape but never a tick. Binds to 127.0.0.1 unless configured otherwise.
 *
 * Routes match the request path exactly, as sent: `/metrics/`, `/metricsXYZ`, `//metrics` and
 * `/metrics/../x` are all 404. Normalising dot segments or slashes here would make one resource
 * answer under many names, which a proxy or access rule in front of it may not expect.
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type client from 'prom-client';

export interface HealthReport {
  status: 'ok' | 'halted' | 'stopping';
  reason?: string;
  [key: string]: unknown;
}

const ROUTES = new Set(['/metrics', '/health']);
const ALLOW = 'GET, HEAD';

/**
 * The path of a request target, without its query string. Accepts the absolute form
 * (`http://host:port/metrics`) that HTTP/1.1 servers must understand, taking what follows the
 * authority unchanged.
 */
export function requestPath(target: string): string {
  let path = target;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(path);
  if (scheme) {
    const rest = path.slice(scheme[0].length);
    const end = rest.search(/[/?]/);
    path = end === -1 ? '/' : rest[end] === '?' ? `/${rest.slice(end)}` : rest.slice(end);
  }
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
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
    // An explicit length lets HEAD report exactly what GET would send; Node drops the body itself.
    const send = (status: number, headers: http.OutgoingHttpHeaders, body: string) => {
      if (res.destroyed) return;
      res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const path = requestPath(req.url ?? '');
    if (!ROUTES.has(path)) {
      send(404, { 'content-type': 'text/plain; charset=utf-8' }, 'not found: try /metrics or /health\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, { 'content-type': 'text/plain; charset=utf-8', allow: ALLOW }, `method not allowed: ${path} answers ${ALLOW}\n`);
      return;
    }
    if (path === '/metrics') {
      render().then(
        (body) => send(200, { 'content-type': registry.contentType }, body),
        (err: Error) => send(500, { 'content-type': 'text/plain; charset=utf-8' }, `metrics failed: ${err.message}\n`),
      );
      return;
    }
    const report = health();
    // A health answer describes one moment; a cached copy would hide a halt.
    send(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }, JSON.stringify(report));
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
