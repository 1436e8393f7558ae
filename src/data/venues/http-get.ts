/**
 * One REST GET for market data (a depth snapshot), with a deadline and no connection kept
 * alive afterwards. Snapshots are rare (a connect, a gap), and a pooled keep-alive socket would
 * hold the ingest thread open for seconds after a stop.
 *
 * The deadline covers the whole exchange, body included, not only a quiet socket: an answer that
 * trickles in a byte at a time would otherwise never end, and the connector, which keeps one
 * snapshot in flight per symbol, would never ask again. The body is capped for the same reason:
 * Binance's deepest snapshot (5,000 levels a side) is well under a megabyte.
 */
import http from 'node:http';
import https from 'node:https';

/** Largest body accepted (a 5,000-level snapshot is ~400 KB). */
export const MAX_BODY_BYTES = 16 << 20;

/** `signal` aborts the request (a stopping connector must not wait for a slow venue). */
export function httpGetBuffer(url: string, timeoutMs: number, signal?: AbortSignal, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const req = get(url, { agent: false, signal, headers: { accept: 'application/json', connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (bytes > maxBytes) {
          req.destroy(new Error(`answer larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => {
        clearTimeout(deadline);
        const body = Buffer.concat(chunks);
        if ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300) resolve(body);
        else reject(new Error(`HTTP ${res.statusCode}: ${body.subarray(0, 200).toString('utf8')}`));
      });
      res.on('error', fail);
    });
    const deadline = setTimeout(() => req.destroy(new Error(`no complete answer in ${timeoutMs} ms`)), timeoutMs);
    function fail(err: Error): void {
      clearTimeout(deadline);
      reject(err);
    }
    req.on('error', fail);
  });
}
