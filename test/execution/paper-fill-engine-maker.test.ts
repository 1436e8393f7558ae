// Maker orders rest at the near touch and fill only as trades eat through the queue ahead of
// them (NautilusTrader's documented case: 100 ahead, trades of 80 and 30 at the price -> 10).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OrderEndReason, PaperFillEngine } from '../../src/execution/paper-fill-engine.js';
import { Liquidity, OrderEventType as E } from '../../src/shm/records.js';
import { CollectingSink, intent, marketState, T0 } from './paper-fill-engine-fixture.js';

function restingBuy(ttlUs = 30e6): { engine: PaperFillEngine; sink: CollectingSink } {
  const engine = new PaperFillEngine({ instruments: 1, feeBps: 10, makerFeeBps: 2, orderStyle: 'maker', makerTtlUs: ttlUs });
  const sink = new CollectingSink();
  // Priced against the ask 100.2 with mid 100.1: it rests at the bid, 100.0, behind 100.
  engine.submit(intent({ id: 1, side: 1, qty: 50, price: 100.2, mid: 100.1, origin: 1 }), 0, sink);
  engine.onMarket(marketState({ origin: 2, bids: [[100, 100]], asks: [[100.2, 5]] }), 0, sink);
  return { engine, sink };
}

test('a maker rests at the near touch, its exact level price', () => {
  const { sink, engine } = restingBuy();
  assert.equal(sink.events.map((e) => e.event), [E.Submitted, E.Accepted]);
  assert.is(sink.events[1].limitPrice, 100);
  assert.is(engine.openQty[0], 50);
});

test('100 ahead, trades of 80 then 30 at the price: a fill of 10 at the order price, as maker', () => {
  const { engine, sink } = restingBuy();
  engine.onMarket(marketState({ origin: 3, bids: [[100, 20]], asks: [[100.2, 5]], trade: { price: 100, size: 80, side: -1 } }), 0, sink);
  assert.is(sink.events.length, 2, 'nothing filled while 20 are still ahead');
  engine.onMarket(marketState({ origin: 4, bids: [[100, 0.0001]], asks: [[100.2, 5]], trade: { price: 100, size: 30, side: -1 } }), 0, sink);
  const fill = sink.events[2];
  assert.equal([fill.event, fill.lastQty, fill.lastPrice, fill.liquidity], [E.PartiallyFilled, 10, 100, Liquidity.Maker]);
  assert.ok(Math.abs(fill.feeUsd - 2e-4 * 10 * 100) < 1e-12, 'maker fee');
});

test('a trade through the price fills the rest at the order price', () => {
  const { engine, sink } = restingBuy();
  engine.onMarket(marketState({ origin: 3, bids: [[99.9, 10]], asks: [[100.1, 5]], trade: { price: 99.9, size: 1, side: -1 } }), 0, sink);
  const fill = sink.events.at(-1)!;
  assert.equal([fill.event, fill.lastQty, fill.lastPrice, fill.leavesQty], [E.Filled, 50, 100, 0]);
  assert.is(engine.openOrders(), 0);
});

test('quotes alone (no trades) never fill a resting order; the TTL cancels it', () => {
  const { engine, sink } = restingBuy(1_000);
  engine.onMarket(marketState({ origin: 3, ts: T0 + 500, bids: [[100, 3]], asks: [[100.2, 5]] }), 0, sink);
  assert.is(sink.events.length, 2);
  engine.onMarket(marketState({ origin: 4, ts: T0 + 2 + 1_000, bids: [[100, 3]], asks: [[100.2, 5]] }), 0, sink);
  const end = sink.events.at(-1)!;
  assert.equal([end.event, end.reason, end.leavesQty], [E.Cancelled, OrderEndReason.MakerTtl, 50]);
  assert.is(engine.openQty[0], 0);
});

test('an order\'s events never go back in time: a later state stamped earlier (another clock) fills at the order\'s last time', () => {
  const { engine, sink } = restingBuy();
  const accepted = sink.events[1].ts;
  engine.onMarket(marketState({ origin: 3, ts: accepted - 2_000_000, bids: [[99.9, 10]], asks: [[100.1, 5]], trade: { price: 99.9, size: 1, side: -1 } }), 0, sink);
  const fill = sink.events.at(-1)!;
  assert.is(fill.event, E.Filled);
  assert.is(fill.ts, accepted);
});

test.run();
