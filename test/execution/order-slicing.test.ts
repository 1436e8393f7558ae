// Sliced takers in the paper fill engine: one order that takes its quantity a slice at a time at
// the due market states (TWAP: equal slices, one per interval; POV: a share of the volume traded
// since the last slice), each slice walking the book of its moment; an order under the threshold,
// or a maker, is not sliced; the session's end expires what is left.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PaperFillEngine } from '../../src/execution/paper-fill-engine.js';
import type { OrderSlicing } from '../../src/execution/order-slicing.js';
import { countGcs, semiSpaceFlag } from '../../src/shm/allocation-check.js';
import { Header, MarketState, OrderEvent, OrderEventType, RecordKind, SizedIntent } from '../../src/shm/records.js';

const T0 = 1_700_000_000_000_000;
const SECOND = 1_000_000;

interface Event { event: number; ts: number; lastQty: number; lastPrice: number; leavesQty: number; clientOrderId: number }

function harness(slicing: Partial<OrderSlicing>, orderStyle: 'taker' | 'maker' = 'taker', record = true) {
  const engine = new PaperFillEngine({
    instruments: 1, feeBps: 10, orderStyle,
    slicing: { mode: 'twap', slices: 4, intervalUs: SECOND, povFraction: 0.5, aboveNotional: 0, ...slicing },
  });
  const events: Event[] = [];
  const f64 = new Float64Array(OrderEvent.f64);
  const sink = {
    f64, claim: () => 0,
    commit: () => record && events.push({
      event: f64[OrderEvent.event], ts: f64[OrderEvent.ts], lastQty: f64[OrderEvent.lastQty], lastPrice: f64[OrderEvent.lastPrice],
      leavesQty: f64[OrderEvent.leavesQty], clientOrderId: f64[OrderEvent.clientOrderId],
    }),
  };
  let origin = 0;
  const state = new Float64Array(MarketState.f64);
  state[Header.kind] = RecordKind.MarketState;
  const market = (tsUs: number, tradeSize = 0): void => {
    state[Header.origin] = ++origin;
    state[Header.ts] = tsUs;
    state[MarketState.bidPrice] = 99.9;
    state[MarketState.bidQty] = 10;
    state[MarketState.askPrice] = 100;
    state[MarketState.askQty] = 10;
    state[MarketState.askPrice + 1] = 100.1;
    state[MarketState.askQty + 1] = 10;
    state[MarketState.tradePrice] = 100;
    state[MarketState.tradeSize] = tradeSize;
    engine.onMarket(state, 0, sink);
  };
  const intent = new Float64Array(SizedIntent.f64);
  const buy = (quantity: number, seq = 1): void => {
    intent[Header.kind] = RecordKind.SizedIntent;
    intent[Header.ts] = T0;
    intent[Header.origin] = origin;
    intent[SizedIntent.seq] = seq;
    intent[SizedIntent.side] = 1;
    intent[SizedIntent.quantity] = quantity;
    intent[SizedIntent.limitPrice] = 100;
    intent[SizedIntent.arrivalMid] = 99.95;
    assert.ok(engine.submit(intent, 0, sink));
  };
  return { engine, events, market, buy };
}

const fills = (events: Event[]) => events.filter((e) => e.event === OrderEventType.Filled || e.event === OrderEventType.PartiallyFilled);

test('twap: four equal slices, one a second, the last one Filled, all one order', () => {
  const { engine, events, market, buy } = harness({ mode: 'twap', slices: 4 });
  market(T0);
  buy(4);
  for (let k = 1; k <= 10; k++) market(T0 + k * SECOND / 2);
  const f = fills(events);
  assert.equal(f.map((e) => [e.ts - T0, e.lastQty, e.event]), [
    [SECOND / 2, 1, OrderEventType.PartiallyFilled], [1.5 * SECOND, 1, OrderEventType.PartiallyFilled],
    [2.5 * SECOND, 1, OrderEventType.PartiallyFilled], [3.5 * SECOND, 1, OrderEventType.Filled],
  ]);
  assert.ok(events.every((e) => e.clientOrderId === 1), 'one order');
  assert.is(engine.openOrders(), 0);
  assert.is(engine.openQty[0], 0);
});

test('twap: a slice larger than the touch walks the book of its moment', () => {
  const { events, market, buy } = harness({ mode: 'twap', slices: 2 });
  market(T0);
  buy(30);
  market(T0 + 1);
  const first = fills(events);
  // 15 of the first slice: 10 at 100, 5 at 100.10.
  assert.equal(first.map((e) => [e.lastQty, e.lastPrice]), [[10, 100], [5, 100.1]]);
});

test('pov: each slice half the volume traded since the last one', () => {
  const { events, market, buy } = harness({ mode: 'pov' });
  market(T0);
  buy(5);
  // Trades of 0.4 every quarter second: 1.6 a second.
  for (let k = 1; k <= 8; k++) market(T0 + k * SECOND / 4, 0.4);
  const f = fills(events);
  assert.is(f.length, 1, `one slice by 2 s: ${JSON.stringify(f)}`);
  assert.ok(Math.abs(f[0].lastQty - 0.5 * 1.6) < 1e-9, `slice ${f[0].lastQty}: half of the 4 trades of 0.4 after arrival, to its interval's end`);
  assert.ok(f[0].leavesQty > 4, 'most is still working');
});

test('an order under the threshold, or a maker, is not sliced', () => {
  const small = harness({ mode: 'twap', aboveNotional: 1_000 });
  small.market(T0);
  small.buy(4);
  small.market(T0 + 1);
  assert.equal(fills(small.events).map((e) => [e.lastQty, e.event]), [[4, OrderEventType.Filled]], '400 of notional is under 1,000');
  const maker = harness({ mode: 'twap' }, 'maker');
  maker.market(T0);
  maker.buy(4);
  maker.market(T0 + 1);
  assert.equal(fills(maker.events), [], 'a maker rests at the bid');
});

test('the session ends: what is left expires, and nothing is working', () => {
  const { engine, events, market, buy } = harness({ mode: 'twap', slices: 4 });
  market(T0);
  buy(4);
  market(T0 + 1);
  engine.expireAll({ f64: new Float64Array(0), claim: () => 0, commit: () => {} } as never, Float64Array.of(T0 + 2), 0);
  assert.is(fills(events).length, 1);
  assert.is(engine.openOrders(), 0);
  assert.is(engine.openQty[0], 0);
});

test('slicing allocates nothing', () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
  const { engine, market, buy } = harness({ mode: 'twap', slices: 4 }, 'taker', false);
  // Times in an array: a double kept in a closure's variable is boxed on every write.
  const t = Float64Array.of(T0);
  market(t[0]);
  const report = countGcs((i) => {
    buy(4, i + 1);
    for (let k = 0; k < 5; k++) {
      t[0] += SECOND;
      market(t[0]);
    }
  }, 50_000);
  assert.is(report.gcCount, 0, JSON.stringify(report));
  assert.is(engine.openOrders(), 0);
});

test.run();
