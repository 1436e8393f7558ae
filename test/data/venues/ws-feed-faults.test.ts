// A websocket feed against a real loopback server that misbehaves: closes mid-stream, goes
// silent, stops answering pings, refuses every connection. The feed reconnects and resubscribes
// each time, says why in its counters, and never retries faster than its backoff allows.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { WsFeed, WsFeedCounter } from '../../../src/data/venues/ws-feed.js';

interface Loopback {
  wss: WebSocketServer;
  url: string;
  subscribes: string[];
  connections: WebSocket[];
}

async function loopback(options: { autoPong?: boolean; onConnection?: (ws: WebSocket, n: number) => void } = {}): Promise<Loopback> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: options.autoPong ?? true });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const lb: Loopback = { wss, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/stream`, subscribes: [], connections: [] };
  wss.on('connection', (ws) => {
    lb.connections.push(ws);
    ws.on('message', (m) => lb.subscribes.push(m.toString()));
    options.onConnection?.(ws, lb.connections.length);
  });
  return lb;
}

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const fast = { baseMs: 20, maxMs: 200, stableMs: 60_000 };

test('closed mid-stream: reconnects and resubscribes; frames arrive as Buffers', async () => {
  const lb = await loopback({ onConnection: (ws, n) => {
    ws.send('{"n":1}');
    if (n === 1) setTimeout(() => ws.close(1011, 'going away'), 50);
  } });
  const feed = new WsFeed({ name: 't', url: lb.url, subscribeFrames: () => ['{"method":"SUBSCRIBE","id":1}'], backoff: fast });
  const frames: Buffer[] = [];
  const closes: string[] = [];
  feed.on('frame', (b) => frames.push(b));
  feed.on('close', (why) => closes.push(why));
  try {
    feed.start();
    // The server greets before it reads: the second subscribe can land after the second frame.
    await until(() => lb.connections.length >= 2 && frames.length >= 2 && lb.subscribes.length >= 2, 'the second connection and its subscribe');
    assert.equal(lb.subscribes, ['{"method":"SUBSCRIBE","id":1}', '{"method":"SUBSCRIBE","id":1}'], 'subscribed again after the reconnect');
    assert.ok(Buffer.isBuffer(frames[0]));
    assert.match(closes[0], /closed by peer \(code 1011: going away\)/);
    assert.is(feed.counters[WsFeedCounter.connects], 2);
  } finally {
    feed.stop();
    lb.wss.close();
  }
});

test('a stream that goes silent while connected is dropped after the idle timeout and reconnected', async () => {
  const lb = await loopback({ onConnection: (ws) => ws.send('hello') });
  const feed = new WsFeed({ name: 't', url: lb.url, idleTimeoutMs: 150, pingIntervalMs: 0, backoff: fast });
  try {
    feed.start();
    await until(() => lb.connections.length >= 2, 'a reconnect after silence');
    assert.ok(feed.counters[WsFeedCounter.idle_timeouts] >= 1);
  } finally {
    feed.stop();
    lb.wss.close();
  }
});

test('a server that keeps pinging but sends no data is dropped after the idle timeout all the same', async () => {
  const pingers: NodeJS.Timeout[] = [];
  const lb = await loopback({ onConnection: (ws) => {
    ws.send('hello');
    pingers.push(setInterval(() => { if (ws.readyState === ws.OPEN) ws.ping(); }, 30));
  } });
  const feed = new WsFeed({ name: 't', url: lb.url, idleTimeoutMs: 200, pingIntervalMs: 0, backoff: fast });
  try {
    feed.start();
    await until(() => lb.connections.length >= 2, 'a reconnect after a data-less stretch of pings');
    assert.ok(feed.counters[WsFeedCounter.idle_timeouts] >= 1);
  } finally {
    for (const p of pingers) clearInterval(p);
    feed.stop();
    lb.wss.close();
  }
});

test('a ping left unanswered kills the socket and the feed reconnects', async () => {
  // The server neither answers pings nor sends data after the first frame.
  const lb = await loopback({ autoPong: false });
  const feed = new WsFeed({ name: 't', url: lb.url, idleTimeoutMs: 0, pingIntervalMs: 50, pongTimeoutMs: 100, backoff: fast });
  try {
    feed.start();
    await until(() => lb.connections.length >= 2, 'a reconnect after an unanswered ping');
    assert.ok(feed.counters[WsFeedCounter.pong_timeouts] >= 1);
    assert.is(feed.counters[WsFeedCounter.idle_timeouts], 0);
  } finally {
    feed.stop();
    lb.wss.close();
  }
});

test('a server that drops every connection gets backoff, not a storm', async () => {
  const lb = await loopback({ onConnection: (ws) => ws.terminate() });
  const feed = new WsFeed({ name: 't', url: lb.url, backoff: { baseMs: 50, maxMs: 400, stableMs: 60_000 } });
  try {
    feed.start();
    await sleep(2000);
    // Delays are at least 25, 50, 100, 200, 200, ... ms: about ten attempts fit in 2 s.
    const attempts = lb.connections.length;
    assert.ok(attempts >= 3 && attempts <= 16, `${attempts} connections in 2 s`);
  } finally {
    feed.stop();
    lb.wss.close();
  }
});

test('a refused port is retried with backoff; fail() stops for good', async () => {
  const lb = await loopback();
  const url = lb.url;
  await new Promise<void>((resolve) => lb.wss.close(() => resolve()));
  const feed = new WsFeed({ name: 't', url, backoff: fast });
  const closes: (number | null)[] = [];
  feed.on('close', (_why, retry) => closes.push(retry));
  feed.start();
  await until(() => closes.length >= 3, 'three failed attempts');
  feed.fail('venue rejected our keys');
  const before = closes.length;
  await sleep(300);
  assert.is(closes.length, before, 'no attempt after fail()');
  assert.is(feed.failure, 'venue rejected our keys');
  assert.ok(feed.counters[WsFeedCounter.errors] >= 3);
});

test.run();
