// The hand-written Advanced Trade message shapes of nautilus_trader's Coinbase adapter (ws_*.json)
// decode to the exact values they contain. Each fixture is its own connection starting at its
// sequence_num, so no gap is counted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BookTop, Side, Tick, VenueId } from '../../../../src/shm/records.js';
import { BookSide } from '../../../../src/data/book/l2-book.js';
import {
  AdvancedFrame, CoinbaseAdvancedKind, CoinbaseAdvancedParser,
} from '../../../../src/data/venues/coinbase/coinbase-advanced-parser.js';
import { sharedText } from '../../../support/shared-data.js';
import { buildRecord } from '../../../support/record-builder.js';

const US = (iso: string, micros: number): number => Date.parse(iso) * 1000 + micros;

function fixture(name: string): { text: string; sequence: number } | null {
  const text = sharedText(`ws/coinbase/nautilus/${name}`);
  return text === null ? null : { text, sequence: JSON.parse(text).sequence_num };
}

function parserAt(sequence: number): CoinbaseAdvancedParser {
  const p = new CoinbaseAdvancedParser(['BTC/USD', 'ETH/USD']);
  p.resetConnection(sequence);
  return p;
}

test('ws_l2_data_snapshot + ws_l2_data_update: book levels, zero quantity removes', () => {
  const snap = fixture('ws_l2_data_snapshot.json');
  const update = fixture('ws_l2_data_update.json');
  if (snap === null || update === null) return;
  const p = parserAt(snap.sequence);
  assert.is(p.parseFrame(snap.text), CoinbaseAdvancedKind.L2Snapshot);
  assert.is(p.frame[AdvancedFrame.ts], US('2026-04-07T14:30:00Z', 123456));
  assert.is(p.levels.count, 7);
  const book = p.books[0];
  assert.equal([book.bestBid(), book.bestBidQty(), book.bestAsk(), book.bestAskQty()], [68900, 1.5, 68901, 0.5]);
  assert.equal([book.depth(BookSide.Bid), book.depth(BookSide.Ask)], [3, 3]);
  assert.is(p.parseFrame(update.text), CoinbaseAdvancedKind.L2Update);
  assert.equal([book.bestBid(), book.bestBidQty(), book.bestAsk(), book.bestAskQty()], [68900, 2, 68901.5, 1.2]);
  assert.is(p.frame[AdvancedFrame.levelsTs], US('2026-04-07T14:30:01Z', 456789));
  assert.is(p.gaps, 0);
});

test('ws_market_trades: two trades, maker side turned into aggressor side', () => {
  const f = fixture('ws_market_trades.json');
  if (f === null) return;
  const p = parserAt(f.sequence);
  assert.is(p.parseFrame(f.text), CoinbaseAdvancedKind.TradesUpdate);
  assert.is(p.tradeCount, 2);
  const t = p.trades;
  assert.equal([...t.subarray(0, Tick.f64)], [...buildRecord(Tick, {
    t0: 0, ts: US('2026-04-07T14:30:02Z', 789012), instrument: 0, venue: VenueId.Coinbase, price: 68900.5, size: 0.0015, side: Side.Sell, seq: 5,
  })]);
  assert.is(t[Tick.f64 + Tick.side], Side.Buy);
  assert.is(t[Tick.f64 + Tick.price], 68900);
  assert.equal([...p.tradeIds.subarray(0, 2)], [995098700, 995098701]);
});

test('ws_ticker: BookTop with quantities, last price, envelope time', () => {
  const f = fixture('ws_ticker.json');
  if (f === null) return;
  const p = parserAt(f.sequence);
  assert.is(p.parseFrame(f.text), CoinbaseAdvancedKind.TickerSnapshot);
  assert.is(p.topCount, 1);
  assert.equal([...p.tops.subarray(0, BookTop.f64)], [...buildRecord(BookTop, {
    t0: 0, ts: US('2026-04-07T14:30:03Z', 0), instrument: 0, venue: VenueId.Coinbase, bidPrice: 68900, bidSize: 1.5, askPrice: 68901, askSize: 0.5,
  })]);
  assert.is(p.tickerPrice[0], 68900.5);
});

test('ws_candles: start in microseconds, OHLCV', () => {
  const f = fixture('ws_candles.json');
  if (f === null) return;
  const p = parserAt(f.sequence);
  assert.is(p.parseFrame(f.text), CoinbaseAdvancedKind.CandlesUpdate);
  const c = p.candles;
  assert.is(c.count, 1);
  assert.equal([c.start[0], c.open[0], c.high[0], c.low[0], c.close[0], c.volume[0], c.symbol[0], c.kind[0]],
    [1775521800 * 1e6, 68900, 68950, 68850, 68920.5, 42.15, 0, 1]);
});

test('ws_heartbeats and ws_subscriptions', () => {
  const hb = fixture('ws_heartbeats.json');
  const subs = fixture('ws_subscriptions.json');
  if (hb === null || subs === null) return;
  const p = parserAt(hb.sequence);
  assert.is(p.parseFrame(hb.text), CoinbaseAdvancedKind.Heartbeats);
  assert.is(p.frame[AdvancedFrame.heartbeatCounter], 42);
  const q = parserAt(subs.sequence);
  assert.is(q.parseFrame(subs.text), CoinbaseAdvancedKind.Subscriptions);
  assert.equal([...q.subscribed], [0b11, 0b10]);
});

test.run();
