// The Alpaca stocks connector against the simulated Alpaca stream on loopback: it authenticates,
// subscribes, and emits well-formed trades and quotes for three tickers with the messages' own
// microsecond times; a garbage frame is counted and skipped while the connection carries on; the
// credentials appear in no log line; and stop() leaves no timer or socket behind.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { AlpacaSimExchange } from '../../../../src/data/sim-exchange/alpaca-sim-exchange.js';
import { ALPACA_TOTAL_NAMES, AlpacaMarketData } from '../../../../src/data/venues/alpaca/alpaca-market-data.js';
import { EventKind, MarketEvent } from '../../../../src/data/synthetic-market.js';

const SYMBOLS = ['AAPL', 'MSFT', 'SPY'];
const KEY = 'AKSIMFLOW0001';
const SECRET = 'flow-secret-value-42';
/** Wednesday 2024-03-06 11:00 EST. */
const START_US = Date.UTC(2024, 2, 6, 16, 0) * 1000;

async function until(cond: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Timers and sockets alive in this process, by kind. */
function resources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

test('authenticates, subscribes and emits trades and quotes for three tickers; garbage is counted and skipped', async () => {
  const before = resources();
  const ex = new AlpacaSimExchange({ symbols: SYMBOLS, annualVol: 0.3, seed: 11, eventsPerSecond: 4000, startEpochUs: START_US, credentials: { key: KEY, secret: SECRET } });
  const { wsUrl } = await ex.start();
  const logs: string[] = [];
  const seen = { trades: new Float64Array(3), quotes: new Float64Array(3), bad: 0, backwards: 0, sideNotZero: 0, lastTs: 0, firstTs: 0 };
  const md = new AlpacaMarketData({
    endpoints: { wsBase: wsUrl }, feed: 'iex', symbols: SYMBOLS, keyId: KEY, secretKey: SECRET, log: (m) => logs.push(m),
    onEvent: (e) => {
      const s = e[MarketEvent.symbol];
      const ts = e[MarketEvent.ts];
      if (!Number.isInteger(ts) || ts < START_US) seen.bad++;
      if (ts < seen.lastTs) seen.backwards++;
      seen.lastTs = ts;
      seen.firstTs ||= ts;
      if (e[MarketEvent.kind] === EventKind.Trade) {
        seen.trades[s]++;
        if (!(e[MarketEvent.price] > 0 && e[MarketEvent.size] > 0)) seen.bad++;
        if (e[MarketEvent.side] !== 0) seen.sideNotZero++;
      } else {
        seen.quotes[s]++;
        if (!(e[MarketEvent.bid] > 0 && e[MarketEvent.bid] < e[MarketEvent.ask] && e[MarketEvent.bidSize] > 0 && e[MarketEvent.askSize] > 0)) seen.bad++;
      }
    },
  });
  try {
    md.start();
    await until(() => md.streaming, 'streaming');
    await until(() => [0, 1, 2].every((s) => seen.trades[s] > 10 && seen.quotes[s] > 40), 'trades and quotes of every ticker');
    assert.is(seen.bad, 0, 'every event well formed, with the message time in µs');
    assert.is(seen.backwards, 0, 'events in time order');
    assert.is(seen.sideNotZero, 0, 'stock trades carry no aggressor');
    assert.ok(seen.firstTs - START_US < 60_000_000, 'times come from the virtual clock');
    const totals = md.totals();
    assert.equal(Object.keys(totals), [...ALPACA_TOTAL_NAMES]);
    assert.is(totals.auth_sent, 1);
    assert.is(totals.subscribe_sent, 1);
    assert.is(totals.connects, 1);
    assert.is(totals.trades, seen.trades.reduce((a, b) => a + b, 0));
    assert.is(ex.stats.authentications, 1);
    assert.equal([...md.stale], [0, 0, 0]);

    ex.sendGarbage();
    await until(() => md.totals().reject_malformed_json >= 1, 'the garbage frame counted');
    const trades = md.totals().trades;
    await until(() => md.totals().trades > trades + 10, 'trades after the garbage');
    assert.ok(md.feed.isOpen, 'the connection carried on');
    assert.is(md.totals().connects, 1);
    assert.match(logs.join('\n'), /alpaca: skipped a frame \(malformed_json\)/);
    assert.is(seen.bad, 0);

    const text = logs.join('\n');
    assert.not.ok(text.includes(KEY) || text.includes(SECRET), 'no credential in any log line');
  } finally {
    md.stop();
    await ex.stop();
  }
  await sleep(50);
  const after = resources();
  for (const kind of ['Timeout', 'TCPSocketWrap', 'TCPServerWrap']) {
    assert.ok((after[kind] ?? 0) <= (before[kind] ?? 0), `${kind}: ${before[kind] ?? 0} before, ${after[kind] ?? 0} after stop`);
  }
});

test('bad options are refused up front', () => {
  const base = { endpoints: { wsBase: 'ws://127.0.0.1:1' }, symbols: ['AAPL'], keyId: 'k', secretKey: 's', onEvent: () => {}, log: () => {} };
  assert.throws(() => new AlpacaMarketData({ ...base, feed: 'crypto' as 'iex' }), /unknown feed/);
  assert.throws(() => new AlpacaMarketData({ ...base, feed: 'iex', keyId: '' }), /key id and secret key are required/);
  assert.throws(() => new AlpacaMarketData({ ...base, feed: 'iex', symbols: ['BTC/USD'] }), /stock ticker/);
  assert.throws(() => new AlpacaMarketData({ ...base, feed: 'iex', symbols: [] }), /at least one symbol/);
  const md = new AlpacaMarketData({ ...base, feed: 'sip', endpoints: { wsBase: 'wss://stream.data.alpaca.markets/' } });
  assert.is(md.url, 'wss://stream.data.alpaca.markets/v2/sip');
});

test.run();
