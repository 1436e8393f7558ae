/**
 * One REST GET for market data (a depth snapshot), with a deadline and no connection kept
 * alive afterwards. Snapshots are rare (a connect, a gap), and a pooled keep-alive socket would
 * hold the ingest thread open for seconds after a stop.
 */
import http from 'node:http';
import https from 'node:https';

/** `signal` aborts the request (a stopping connector must not wait for a slow venue). */
export function httpGetBuffer(url: string, timeoutMs: number, signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const req = get(url, { agent: false, signal, headers: { accept: 'application/json', connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        if ((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300) resolve(body);
        else reject(new Error(`HTTP ${res.statusCode}: ${body.subarray(0, 200).toString('utf8')}`));
      });
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}
