// Over 1M events: prices finite and > 0, bid < ask, every price on its tick grid, sizes > 0,
// trades at the touch on their aggressor's side, timestamps non-decreasing, both kinds present
// with quotes more frequent than trades.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SyntheticMarket, MarketEvent, MARKET_EVENT_F64, EventKind, type SyntheticSymbolConfig } from '../../src/data/synthetic-market.js';

function onGrid(price: number, tick: number): boolean {
  const k = Math.round(price / tick);
  return Math.abs(price - k * tick) <= 1e-9 * Math.max(1, price);
}

function check(assetClass: 'crypto' | 'stocks', symbols: SyntheticSymbolConfig[], events: number): void {
  const m = new SyntheticMarket({
    symbols, seed: 123, assetClass, startEpochUs: Date.UTC(2024, 2, 4, 15) * 1000, eventsPerSecond: 200,
    // A jumpy, very volatile market stresses the floor and the tick rounding.
    jumpsPerDay: 50, jumpStdBps: 300,
  });
  const ev = new Float64Array(MARKET_EVENT_F64);
  let lastTs = -Infinity;
  let quotes = 0;
  let trades = 0;
  for (let i = 0; i < events; i++) {
    const kind = m.next(ev);
    const s = ev[MarketEvent.symbol];
    const tick = symbols[s].tickSize;
    const bid = ev[MarketEvent.bid];
    const ask = ev[MarketEvent.ask];
    const price = ev[MarketEvent.price];
    const ts = ev[MarketEvent.ts];
    if (!(Number.isFinite(bid) && Number.isFinite(ask) && bid > 0 && ask > bid)) assert.unreachable(`event ${i}: bid ${bid} ask ${ask}`);
    if (!onGrid(bid, tick) || !onGrid(ask, tick)) assert.unreachable(`event ${i}: off-grid ${bid}/${ask} (tick ${tick})`);
    if (!(ev[MarketEvent.bidSize] > 0 && ev[MarketEvent.askSize] > 0)) assert.unreachable(`event ${i}: quoted size not > 0`);
    if (!(price > 0) || !Number.isFinite(price)) assert.unreachable(`event ${i}: price ${price}`);
    if (!(ts >= lastTs) || !Number.isInteger(ts)) assert.unreachable(`event ${i}: ts ${ts} after ${lastTs}`);
    lastTs = ts;
    if (kind === EventKind.Trade) {
      trades++;
      const side = ev[MarketEvent.side];
      if (!(side === 1 ? price === ask : side === -1 && price === bid)) assert.unreachable(`event ${i}: trade side ${side} at ${price} vs ${bid}/${ask}`);
      if (!(ev[MarketEvent.size] > 0)) assert.unreachable(`event ${i}: trade size ${ev[MarketEvent.size]}`);
    } else {
      quotes++;
      assert.is(kind, EventKind.Quote);
    }
    assert.is(ev[MarketEvent.kind], kind);
  }
  assert.ok(trades > events * 0.1, `trades ${trades}`);
  assert.ok(quotes > 2 * trades, `quotes ${quotes} vs trades ${trades}`);
}

test('crypto: 1M events stay valid, including a sub-dollar coin with a 0.0001 tick', () => {
  check('crypto', [
    { startPrice: 60_000, annualVol: 0.6, tickSize: 0.01 },
    { startPrice: 3_000, annualVol: 0.8, tickSize: 0.01 },
    { startPrice: 0.45, annualVol: 1.5, tickSize: 0.0001 },
    { startPrice: 25, annualVol: 2.5, tickSize: 0.5 }, // coarse tick: spread is always >= 1 tick
  ], 1_000_000);
});

test('stocks: 1M events stay valid across sessions and overnight gaps', () => {
  check('stocks', [
    { startPrice: 190, annualVol: 0.3, tickSize: 0.01 },
    { startPrice: 5, annualVol: 0.9, tickSize: 0.01 },
  ], 1_000_000);
});

test.run();
