// A resting maker whose TTL runs out: re-posted at its side's new touch (OrderReplaced, back of
// that level's queue) up to makerReplaces times, then cancelled or crossed (makerExpiry).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OrderEndReason, PaperFillEngine, type MakerExpiry } from '../../src/execution/paper-fill-engine.js';
import { OrderLifecycle } from '../../src/execution/order-lifecycle.js';
import { Liquidity, OrderEvent, OrderEventType as E, OrderType } from '../../src/shm/records.js';
import { CollectingSink, intent, marketState, T0 } from './paper-fill-engine-fixture.js';

const TTL = 1e6;

/** A buy of 50 resting at the bid 100 behind 100, accepted at origin 2 (event time T0 + 2). */
function restingBuy(makerReplaces: number, makerExpiry: MakerExpiry = 'cancel'): { engine: PaperFillEngine; sink: CollectingSink } {
  const engine = new PaperFillEngine({ instruments: 1, feeBps: 10, makerFeeBps: 2, orderStyle: 'maker', makerTtlUs: TTL, makerReplaces, makerExpiry });
  const sink = new CollectingSink();
  engine.submit(intent({ id: 1, side: 1, qty: 50, price: 100.2, mid: 100.1, origin: 1 }), 0, sink);
  engine.onMarket(marketState({ origin: 2, bids: [[100, 100]], asks: [[100.2, 5]] }), 0, sink);
  return { engine, sink };
}

test('by default a maker is cancelled at its TTL (maker_ttl), as before re-posting existed', () => {
  const { engine, sink } = restingBuy(0);
  engine.onMarket(marketState({ origin: 3, ts: T0 + 2 + TTL, bids: [[100.1, 7]], asks: [[100.3, 5]] }), 0, sink);
  const last = sink.events.at(-1)!;
  assert.equal([last.event, last.reason, last.leavesQty], [E.Cancelled, OrderEndReason.MakerTtl, 50]);
  assert.is(engine.openQty[0], 0);
});

test('nothing happens before the TTL has run', () => {
  const { engine, sink } = restingBuy(2);
  engine.onMarket(marketState({ origin: 3, ts: T0 + 2 + TTL - 1, bids: [[100.1, 7]], asks: [[100.3, 5]] }), 0, sink);
  assert.equal(sink.events.map((e) => e.event), [E.Submitted, E.Accepted]);
});

test('a maker left behind by the market is re-posted at the new touch, same id and quantity, at the back of its queue', () => {
  const { engine, sink } = restingBuy(2);
  engine.onMarket(marketState({ origin: 3, ts: T0 + 2 + TTL, bids: [[100.1, 7], [100, 100]], asks: [[100.3, 5]] }), 0, sink);
  const replaced = sink.events.at(-1)!;
  assert.equal([replaced.event, replaced.clientOrderId, replaced.limitPrice, replaced.leavesQty, replaced.reason],
    [E.Replaced, 1, 100.1, 50, OrderEndReason.MakerTtl]);
  assert.is(engine.openQty[0], 50, 'still working for all of it');
  // 7 were ahead at 100.1: a trade of 7 there fills nothing, the next 5 fill 5.
  engine.onMarket(marketState({ origin: 4, ts: T0 + 3 + TTL, bids: [[100.1, 0.001]], asks: [[100.3, 5]], trade: { price: 100.1, size: 7, side: -1 } }), 0, sink);
  assert.is(sink.events.at(-1)!.event, E.Replaced, 'no fill while the queue ahead is eaten');
  engine.onMarket(marketState({ origin: 5, ts: T0 + 4 + TTL, bids: [[100.1, 0.001]], asks: [[100.3, 5]], trade: { price: 100.1, size: 5, side: -1 } }), 0, sink);
  const fill = sink.events.at(-1)!;
  assert.equal([fill.event, fill.lastQty, fill.lastPrice, fill.liquidity], [E.PartiallyFilled, 5, 100.1, Liquidity.Maker]);
});

test('a maker still at the touch keeps its place; the round counts, then it is cancelled', () => {
  const { engine, sink } = restingBuy(1);
  engine.onMarket(marketState({ origin: 3, ts: T0 + 2 + TTL, bids: [[100, 100]], asks: [[100.2, 5]] }), 0, sink);
  assert.equal(sink.events.map((e) => e.event), [E.Submitted, E.Accepted], 'no replace at the same price');
  engine.onMarket(marketState({ origin: 4, ts: T0 + 2 + 2 * TTL - 1, bids: [[100.1, 9]], asks: [[100.2, 5]] }), 0, sink);
  assert.is(sink.events.length, 2, 'its TTL restarted at the first expiry');
  engine.onMarket(marketState({ origin: 5, ts: T0 + 2 + 2 * TTL, bids: [[100.1, 9]], asks: [[100.2, 5]] }), 0, sink);
  const last = sink.events.at(-1)!;
  assert.equal([last.event, last.reason], [E.Cancelled, OrderEndReason.MakerTtl]);
});

test('re-posts are bounded by makerReplaces, then the maker is cancelled', () => {
  const { engine, sink } = restingBuy(2);
  let origin = 3;
  let ts = T0 + 2;
  for (const bid of [100.1, 100.2, 100.3]) {
    ts += TTL;
    engine.onMarket(marketState({ origin: origin++, ts, bids: [[bid, 4]], asks: [[bid + 0.2, 5]] }), 0, sink);
  }
  const kinds = sink.events.map((e) => e.event);
  assert.equal(kinds, [E.Submitted, E.Accepted, E.Replaced, E.Replaced, E.Cancelled]);
  assert.equal(sink.events.filter((e) => e.event === E.Replaced).map((e) => e.limitPrice), [100.1, 100.2]);
  assert.is(engine.openOrders(), 0);
});

test('makerExpiry cross: out of re-posts, the rest goes as a taker and fills in full at the asks', () => {
  const { engine, sink } = restingBuy(0, 'cross');
  // 10 of it fill as maker first: a trade through its price.
  engine.onMarket(marketState({ origin: 3, bids: [[100, 100]], asks: [[100.2, 5]], trade: { price: 100, size: 110, side: -1 } }), 0, sink);
  assert.is(sink.events.at(-1)!.lastQty, 10);
  engine.onMarket(marketState({ origin: 4, ts: T0 + 2 + TTL, bids: [[100, 100]], asks: [[100.2, 30], [100.3, 100]] }), 0, sink);
  const tail = sink.events.slice(3);
  assert.equal(tail.map((e) => e.event), [E.Replaced, E.PartiallyFilled, E.Filled]);
  assert.is(tail[0].limitPrice, 100.2, 'the crossing order is priced at the far touch');
  assert.equal(tail.slice(1).map((e) => [e.lastQty, e.lastPrice, e.liquidity]), [[30, 100.2, Liquidity.Taker], [10, 100.3, Liquidity.Taker]]);
  assert.ok(Math.abs(tail[1].feeUsd - 1e-3 * 30 * 100.2) < 1e-9, 'taker fee');
  assert.is(engine.openQty[0], 0);
  assert.is(engine.openOrders(), 0);
});

test('makerExpiry cross with no book on the far side: cancelled (no_book), never a fill without a price', () => {
  const { engine, sink } = restingBuy(0, 'cross');
  engine.onMarket(marketState({ origin: 3, ts: T0 + 2 + TTL, bids: [[100, 100]], asks: [] }), 0, sink);
  const last = sink.events.at(-1)!;
  assert.equal([last.event, last.reason], [E.Cancelled, OrderEndReason.NoBook]);
});

test('no touch on its own side to re-post at: cancelled (maker_ttl)', () => {
  const { engine, sink } = restingBuy(3);
  engine.onMarket(marketState({ origin: 3, ts: T0 + 2 + TTL, bids: [], asks: [[100.2, 5]] }), 0, sink);
  const last = sink.events.at(-1)!;
  assert.equal([last.event, last.reason], [E.Cancelled, OrderEndReason.MakerTtl]);
  assert.is(engine.openOrders(), 0);
});

test('every event a re-posting and crossing maker makes is a legal order life', () => {
  const engine = new PaperFillEngine({ instruments: 1, feeBps: 10, orderStyle: 'maker', makerTtlUs: TTL, makerReplaces: 1, makerExpiry: 'cross' });
  const lifecycle = new OrderLifecycle(8);
  const out = new Float64Array(OrderEvent.f64);
  const sink = { f64: out, claim: () => 0, commit: (base: number) => { assert.is(lifecycle.onEvent(out, base), -1, `event ${out[base + OrderEvent.event]}`); } };
  engine.submit(intent({ id: 7, side: -1, qty: 3, price: 99.9, mid: 100, origin: 1 }), 0, sink);
  engine.onMarket(marketState({ origin: 2, bids: [[99.9, 5]], asks: [[100.1, 5]] }), 0, sink);
  engine.onMarket(marketState({ origin: 3, ts: T0 + 2 + TTL, bids: [[99.8, 5]], asks: [[100, 5]] }), 0, sink);
  assert.is(lifecycle.table.limitPrice(lifecycle.table.slotOf(7)), 100, 'the table follows the new price');
  engine.onMarket(marketState({ origin: 4, ts: T0 + 2 + 2 * TTL, bids: [[99.7, 5]], asks: [[99.9, 5]] }), 0, sink);
  assert.is(lifecycle.working(), 0);
  assert.is(out[OrderEvent.event], E.Filled);
  assert.is(out[OrderEvent.orderType], OrderType.Market);
});

test('makerReplaces and makerExpiry are checked', () => {
  assert.throws(() => new PaperFillEngine({ instruments: 1, feeBps: 1, makerReplaces: -1 }), /makerReplaces/);
  assert.throws(() => new PaperFillEngine({ instruments: 1, feeBps: 1, makerReplaces: 1.5 }), /makerReplaces/);
  assert.throws(() => new PaperFillEngine({ instruments: 1, feeBps: 1, makerExpiry: 'chase' as MakerExpiry }), /makerExpiry/);
});

test.run();
