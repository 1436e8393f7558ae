/**
 * The body of a request to the simulated exchange's REST API, as text. Capped: a venue refuses an
 * oversized request rather than buffering it, and so does the simulation (an order is a few
 * hundred bytes).
 */
import type http from 'node:http';

export const MAX_BODY_BYTES = 64 * 1024;

/** The request body as text; rejects bodies over MAX_BODY_BYTES (the request is destroyed). */
export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        reject(new Error('body too large'));
      } else {
        chunks.push(c);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
