// Binance's user-data stream at its ends. When its first listenKey request fails, start() rejects
// with the venue's words, scrubbed (an error page may echo the key header), and the stream keeps
// retrying with its backoff, so a 503 at the start of a session does not leave it off for good.
// Closing does not wait long on a venue that does not answer the listenKey's DELETE: the session's
// end has the last cancels' answers to publish within its drain budget.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { BinanceUserStream } from '../../../src/execution/live/binance-user-stream.js';
import { ReconnectBackoff } from '../../../src/data/venues/reconnect-backoff.js';
import { waitUntil, withDeadline } from '../../support/deadline.js';
import { fakeCredentials, fakeKeyEnv } from '../../support/fake-credentials.js';

test('a first listenKey refused with 503 fails start() without the key, then the stream connects on a retry', async () => {
  const env = fakeKeyEnv('ustream');
  let posts = 0;
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/api/v3/userDataStream') {
      posts++;
      // A proxy's error page that repeats the request's headers.
      if (posts === 1) { res.writeHead(503).end(`upstream unavailable; request had X-MBX-APIKEY ${String(req.headers['x-mbx-apikey'])}`); return; }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ listenKey: 'LK2' }));
      return;
    }
    res.writeHead(200).end('{}');
  });
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const logs: string[] = [];
  let reconnected = 0;
  const stream = new BinanceUserStream({
    clientOrderIdPrefix: 'tb-', onReport: () => {}, onReconnected: () => { reconnected++; }, log: (m) => logs.push(m),
    restBase: `http://${origin}`, wsBase: `ws://${origin}`, credentials: fakeCredentials('binance', env),
    backoff: new ReconnectBackoff({ baseMs: 20, maxMs: 40 }),
  });
  try {
    const failure = await withDeadline(stream.start().then(() => null, (error: Error) => error), 5_000, 'start() to fail');
    assert.ok(failure !== null, 'start() rejected');
    assert.match(failure!.message, /HTTP 503: upstream unavailable/);
    assert.not.ok(failure!.message.includes(env.BINANCE_API_KEY!), failure!.message);
    await waitUntil(() => stream.stats.connects === 1, 5_000, 'the stream to connect on a retry');
    assert.is(posts, 2);
    assert.is(reconnected, 1, 'the orders are looked up once it is up');
    for (const line of logs) assert.not.ok(line.includes(env.BINANCE_API_KEY!), line);
  } finally {
    await stream.close();
    for (const ws of wss.clients) ws.terminate();
    wss.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('close() gives up on an unanswered listenKey DELETE after a second', async () => {
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    if (req.method === 'POST') { res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ listenKey: 'LK1' })); return; }
    held.push(res); // the DELETE: never answered
  });
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const stream = new BinanceUserStream({
    clientOrderIdPrefix: 'tb-', onReport: () => {}, onReconnected: () => {}, log: () => {},
    restBase: `http://${origin}`, wsBase: `ws://${origin}`, credentials: fakeCredentials('binance'),
  });
  try {
    await withDeadline(stream.start(), 5_000, 'the stream to connect');
    const started = performance.now();
    await withDeadline(stream.close(), 5_000, 'close() to return');
    const took = performance.now() - started;
    assert.ok(held.length === 1, 'the DELETE was sent');
    assert.ok(took < 2_000, `close() took ${Math.round(took)} ms`);
  } finally {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test.run();
