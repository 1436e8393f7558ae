// The Alpaca stocks connector when things go wrong, against the simulated stream on loopback:
// bad keys fail the feed once, with one clear log line and no reconnect attempt (no retry storm);
// a dropped connection is reconnected, re-authenticated and resubscribed; a silent stream is
// dropped after the idle timeout and comes back.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { AlpacaSimExchange } from '../../../../src/data/sim-exchange/alpaca-sim-exchange.js';
import { AlpacaMarketData } from '../../../../src/data/venues/alpaca/alpaca-market-data.js';

const SYMBOLS = ['AAPL', 'MSFT', 'SPY'];
/** Thursday 2024-03-07 10:00 EST. */
const START_US = Date.UTC(2024, 2, 7, 15, 0) * 1000;

async function until(cond: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function setup(options: { key?: string; secret?: string; expected?: { key: string; secret: string }; idleTimeoutMs?: number } = {}) {
  const ex = new AlpacaSimExchange({ symbols: SYMBOLS, annualVol: 0.3, seed: 23, eventsPerSecond: 3000, startEpochUs: START_US, credentials: options.expected });
  const { wsUrl } = await ex.start();
  const logs: string[] = [];
  const events = { n: 0 };
  const md = new AlpacaMarketData({
    endpoints: { wsBase: wsUrl }, feed: 'iex', symbols: SYMBOLS, keyId: options.key ?? 'AKFAULTS', secretKey: options.secret ?? 'faults-secret',
    onEvent: () => { events.n++; }, log: (m) => logs.push(m), idleTimeoutMs: options.idleTimeoutMs,
  });
  md.start();
  return { ex, md, logs, events };
}

test('bad keys: 402 fails the feed once with one clear line, and nothing reconnects for 2 s', async () => {
  const { ex, md, logs, events } = await setup({ key: 'AKWRONGKEY', secret: 'wrong-secret-xyz', expected: { key: 'AKRIGHT', secret: 'right' } });
  try {
    await until(() => md.failure !== null, 'the failure');
    assert.match(md.failure!, /402 auth failed; not retrying/);
    await sleep(2000);
    assert.is(ex.stats.connections, 1, 'one connection only');
    assert.is(ex.stats.authFailures, 1);
    assert.is(md.feed.counters[0], 1, 'the feed connected once');
    assert.is(md.totals().connects, 1);
    assert.is(md.totals().terminal_failures, 1);
    assert.is(md.totals().auth_sent, 1);
    assert.is(events.n, 0);
    const failures = logs.filter((l) => /auth failed/.test(l));
    assert.is(failures.length, 1, `one line about it: ${JSON.stringify(logs)}`);
    assert.match(failures[0], /check the API key id and secret key/);
    assert.not.ok(logs.some((l) => /reconnecting/.test(l)), 'no reconnect announced');
    const text = logs.join('\n');
    assert.not.ok(text.includes('AKWRONGKEY') || text.includes('wrong-secret-xyz'), 'no credential logged');
  } finally {
    md.stop();
    await ex.stop();
  }
});

test('dropped by the exchange: reconnects, authenticates and subscribes again, and data flows', async () => {
  const { ex, md, logs, events } = await setup();
  try {
    await until(() => md.streaming && events.n > 100, 'first session streaming');
    ex.dropClients();
    await until(() => md.totals().connects >= 2, 'the reconnect');
    await until(() => md.streaming, 'streaming again');
    const n = events.n;
    await until(() => events.n > n + 100, 'events after the reconnect');
    const t = md.totals();
    assert.is(t.auth_sent, 2, 'authenticated again');
    assert.is(t.subscribe_sent, 2, 'subscribed again');
    assert.is(ex.stats.authentications, 2);
    assert.is(ex.stats.subscriptions, 2);
    assert.ok(md.protocol.confirmed.every((bits) => bits === 0b011), 'trades and quotes confirmed for every symbol');
    assert.match(logs.join('\n'), /alpaca: market data disconnected \(closed by peer.*\); reconnecting in \d+ ms/);
    assert.is(md.failure, null);
  } finally {
    md.stop();
    await ex.stop();
  }
});

test('a silent stream is dropped after the idle timeout and reconnected', async () => {
  const { ex, md, events } = await setup({ idleTimeoutMs: 400 });
  try {
    await until(() => md.streaming && events.n > 50, 'streaming');
    ex.silence(1500);
    await until(() => md.totals().idle_timeouts >= 1, 'the idle timeout');
    await until(() => md.totals().connects >= 2, 'the reconnect');
    const n = events.n;
    await until(() => md.streaming && events.n > n + 100, 'data again after the silence', 10_000);
    assert.ok(md.totals().auth_sent >= 2);
    assert.is(md.failure, null);
  } finally {
    md.stop();
    await ex.stop();
  }
});

test.run();
