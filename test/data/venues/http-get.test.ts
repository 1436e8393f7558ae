// The REST depth snapshot request: a venue (or anything between) that answers and then never
// finishes, a byte now and then, or answers without end, must not hold the request open or grow
// memory without bound: the connector allows one snapshot in flight per symbol, so a request that
// never ends leaves that book without a snapshot for the rest of the session.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpGetBuffer } from '../../../src/data/venues/http-get.js';
import { withDeadline } from '../../support/deadline.js';

async function server(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const s = http.createServer(handler);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/api/v3/depth`,
    close: () => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); }),
  };
}

test('a body that trickles in without end fails at the deadline', async () => {
  const timers: NodeJS.Timeout[] = [];
  const venue = await server((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"lastUpdateId":1,"bids":[');
    timers.push(setInterval(() => res.write('["1","1"],'), 50));
  });
  const started = performance.now();
  try {
    const outcome = await withDeadline(httpGetBuffer(venue.url, 400).then(() => 'resolved', (err: Error) => err.message), 3000, 'the request to give up');
    assert.match(outcome, /400 ms/);
    assert.ok(performance.now() - started < 1500, `${Math.round(performance.now() - started)} ms`);
  } finally {
    for (const t of timers) clearInterval(t);
    await venue.close();
  }
});

test('a body far larger than any depth snapshot is refused, not buffered', async () => {
  const chunk = Buffer.alloc(1 << 20, 0x20);
  const venue = await server((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const pump = (): void => { while (res.write(chunk)) { /* until the socket pushes back */ } };
    res.on('drain', pump);
    pump();
  });
  try {
    const outcome = await withDeadline(httpGetBuffer(venue.url, 10_000).then(() => 'resolved', (err: Error) => err.message), 8000, 'the request to give up');
    assert.match(outcome, /bytes/);
  } finally {
    await venue.close();
  }
});

test.run();
