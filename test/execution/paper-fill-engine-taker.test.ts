// Taker orders: they meet the market after their decision, walk the book level by level, pay the
// taker fee per fill, and what the visible book cannot give fills past its worst level.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FillReason, OrderEndReason, PaperFillEngine } from '../../src/execution/paper-fill-engine.js';
import { Liquidity, OrderEventType as E } from '../../src/shm/records.js';
import { CollectingSink, intent, marketState, T0 } from './paper-fill-engine-fixture.js';

const book = (origin: number) => marketState({
  origin, bids: [[99, 1], [98, 2]], asks: [[101, 1], [101.05, 2], [101.5, 5]],
});

test('an order waits for the first market state after its decision, then walks the asks', () => {
  const engine = new PaperFillEngine({ instruments: 1, feeBps: 10, beyondDepthBps: 10 });
  const sink = new CollectingSink();
  engine.onMarket(book(5), 0, sink);
  assert.ok(engine.submit(intent({ id: 1, side: 1, qty: 2.5, price: 101, origin: 5 }), 0, sink));
  assert.equal(sink.events.map((e) => e.event), [E.Submitted]);
  // The same event again (origin 5) is not after the decision: nothing happens.
  engine.onMarket(book(5), 0, sink);
  assert.is(sink.events.length, 1);
  engine.onMarket(book(6), 0, sink);
  const [, accepted, first, second, cancelled] = sink.events;
  assert.is(accepted.event, E.Accepted);
  assert.equal([first.event, first.lastQty, first.lastPrice], [E.PartiallyFilled, 1, 101]);
  assert.equal([second.event, second.lastQty, second.lastPrice, second.cumQty], [E.Filled, 1.5, 101.05, 2.5]);
  assert.is(cancelled, undefined, 'nothing left to cancel');
  assert.is(second.leavesQty, 0);
});

test('what the visible book cannot give fills at its worst level made beyondDepthBps worse', () => {
  const engine = new PaperFillEngine({ instruments: 1, feeBps: 10, beyondDepthBps: 10 });
  const sink = new CollectingSink();
  engine.submit(intent({ id: 7, side: 1, qty: 10, price: 101, origin: 1 }), 0, sink);
  engine.onMarket(book(2), 0, sink);
  const events = sink.events;
  assert.equal(events.map((e) => e.event), [E.Submitted, E.Accepted, E.PartiallyFilled, E.PartiallyFilled, E.PartiallyFilled, E.Filled]);
  const beyond = events[5];
  assert.equal([beyond.lastQty, beyond.cumQty, beyond.leavesQty, beyond.reason], [2, 10, 0, FillReason.BeyondVisibleDepth]);
  assert.ok(Math.abs(beyond.lastPrice - 101.5 * 1.001) < 1e-9, `${beyond.lastPrice}`);
  assert.is(events[2].reason, FillReason.VisibleLevel);
  // Fees: 10 bps of each fill's notional; taker liquidity.
  assert.ok(Math.abs(events[2].feeUsd - 0.001 * 101) < 1e-12);
  assert.ok(Math.abs(events[3].feeUsd - 0.001 * 2 * 101.05) < 1e-12);
  assert.is(events[2].liquidity, Liquidity.Taker);
  // Event numbers increase by one; a fill's trade id is its own event number.
  assert.equal(events.map((e) => e.seq), [1, 2, 3, 4, 5, 6]);
  assert.equal([events[2].tradeId, events[3].tradeId, events[0].tradeId], [3, 4, 0]);
  assert.is(engine.openOrders(), 0);
  assert.is(engine.openQty[0], 0);
});

test('a sell walks the bids; a side with no level cancels as no_book', () => {
  const engine = new PaperFillEngine({ instruments: 2, feeBps: 0, beyondDepthBps: 200 });
  const sink = new CollectingSink();
  engine.submit(intent({ id: 1, side: -1, qty: 2, price: 99, origin: 1 }), 0, sink);
  engine.submit(intent({ id: 2, instrument: 1, side: -1, qty: 2, price: 99, origin: 1 }), 0, sink);
  engine.onMarket(book(2), 0, sink);
  engine.onMarket(marketState({ origin: 3, instrument: 1, bids: [], asks: [[101, 1]] }), 0, sink);
  const fills = sink.events.filter((e) => e.event === E.Filled || e.event === E.PartiallyFilled);
  assert.equal(fills.map((e) => [e.lastQty, e.lastPrice]), [[1, 99], [1, 98]]);
  // Instrument 1 has no bid at all: nothing to sell into.
  const end = sink.events.at(-1)!;
  assert.equal([end.event, end.clientOrderId, end.reason], [E.Cancelled, 2, OrderEndReason.NoBook]);
});

test('latency: the order reaches the venue at the first state at least latencyUs later', () => {
  const engine = new PaperFillEngine({ instruments: 1, feeBps: 0, latencyUs: 5_000 });
  const sink = new CollectingSink();
  engine.submit(intent({ id: 1, side: 1, qty: 1, price: 101, origin: 1, ts: T0 }), 0, sink);
  engine.onMarket(marketState({ origin: 2, ts: T0 + 4_999, bids: [[99, 1]], asks: [[101, 1]] }), 0, sink);
  assert.is(sink.events.length, 1);
  engine.onMarket(marketState({ origin: 3, ts: T0 + 5_000, bids: [[99, 1]], asks: [[101.02, 1]] }), 0, sink);
  const fill = sink.events.find((e) => e.event === E.Filled)!;
  assert.equal([fill.lastPrice, fill.ts, fill.origin], [101.02, T0 + 5_000, 3]);
});

test('liquidity one order took is not there for the next until the book is refreshed', () => {
  const engine = new PaperFillEngine({ instruments: 1, feeBps: 0, beyondDepthBps: 100 });
  const sink = new CollectingSink();
  engine.onMarket(book(1), 0, sink);
  engine.submit(intent({ id: 1, side: 1, qty: 1, price: 101, origin: 1 }), 0, sink);
  engine.submit(intent({ id: 2, side: 1, qty: 1, price: 101, origin: 1 }), 0, sink);
  engine.onMarket(book(2), 0, sink);
  const fills = sink.events.filter((e) => e.event === E.Filled);
  assert.equal(fills.map((e) => [e.clientOrderId, e.lastPrice]), [[1, 101], [2, 101.05]]);
});

test('session end: working orders expire', () => {
  const engine = new PaperFillEngine({ instruments: 1, feeBps: 0 });
  const sink = new CollectingSink();
  engine.submit(intent({ id: 1, side: 1, qty: 1, price: 101, origin: 1 }), 0, sink);
  engine.expireAll(sink, new Float64Array([T0 + 9]), 0);
  const end = sink.events.at(-1)!;
  assert.equal([end.event, end.reason, end.leavesQty, end.ts], [E.Expired, OrderEndReason.SessionEnd, 1, T0 + 9]);
  assert.is(engine.openQty[0], 0);
});

test('a restarted engine continues the event numbers', () => {
  const engine = new PaperFillEngine({ instruments: 1, feeBps: 0 });
  engine.resumeAfter(41);
  const sink = new CollectingSink();
  engine.submit(intent({ id: 9, side: 1, qty: 1, price: 101, origin: 1 }), 0, sink);
  assert.is(sink.events[0].seq, 42);
});

test.run();
