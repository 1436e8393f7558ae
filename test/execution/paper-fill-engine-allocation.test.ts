// The paper fill engine allocates nothing per intent or market state: orders that fill, part
// fill and cancel, makers that rest and fill from trades, and makers re-posted at their TTL and
// then crossed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countGcs, semiSpaceFlag } from '../../src/shm/allocation-check.js';
import { PaperFillEngine } from '../../src/execution/paper-fill-engine.js';
import { Header, MarketState, OrderEvent, OrderEventType, SizedIntent } from '../../src/shm/records.js';
import { intent, marketState } from './paper-fill-engine-fixture.js';

/** A sink that overwrites one slot: what a ring port does, without the ring. */
const sink = { f64: new Float64Array(OrderEvent.f64), claim: () => 0, commit: (_b: number): void => {} };

// Both styles in one loop: each path's type feedback is complete before the compiler settles on
// the shared code (measured one after the other, the second style's first calls would run in
// code optimised for the first only, and be counted).
test('taker, maker and re-posting maker: 0 GCs over 300k intents and 600k market states each', () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
  const engines = (['taker', 'maker'] as const).map((orderStyle) =>
    new PaperFillEngine({ instruments: 2, feeBps: 7.5, orderStyle, makerTtlUs: 5_000, maxOpenOrders: 64 }));
  engines.push(new PaperFillEngine({ instruments: 2, feeBps: 7.5, orderStyle: 'maker', makerTtlUs: 5_000, maxOpenOrders: 64, makerReplaces: 2, makerExpiry: 'cross' }));
  const replaced = new Float64Array(1);
  sink.commit = (b: number) => { if (sink.f64[b + OrderEvent.event] === OrderEventType.Replaced) replaced[0]++; };
  const order = intent({ id: 1, side: 1, qty: 1.5, price: 100.2, mid: 100.1, origin: 1 });
  const state = marketState({ origin: 1, bids: [[100, 2], [99.9, 3]], asks: [[100.2, 1], [100.3, 4]], trade: { price: 100, size: 1, side: -1 } });
  const report = countGcs((i) => {
    const s = i & 1;
    order[SizedIntent.seq] = i + 1;
    order[SizedIntent.side] = (i & 2) === 0 ? 1 : -1;
    order[SizedIntent.instrument] = s;
    order[Header.origin] = 2 * i;
    order[SizedIntent.ts] = 1.7e15 + 2000 * i;
    for (let e = 0; e < 3; e++) engines[e].submit(order, 0, sink);
    // The touch moves every 8 intents, so resting makers are left behind and re-posted.
    const shift = 0.1 * ((i >> 3) & 1);
    state[MarketState.bidPrice] = 100 + shift;
    state[MarketState.askPrice] = 100.2 + shift;
    for (let k = 1; k <= 2; k++) {
      state[Header.origin] = 2 * i + k;
      state[MarketState.ts] = 1.7e15 + 2000 * i + k;
      state[MarketState.instrument] = s;
      state[MarketState.tradeSize] = k === 2 ? 0.7 : 0;
      for (let e = 0; e < 3; e++) engines[e].onMarket(state, 0, sink);
    }
  }, 300_000);
  for (const engine of engines) assert.ok(engine.orderCount() > 300_000);
  assert.ok(engines[1].openOrders() > 0, 'makers rest');
  assert.ok(replaced[0] > 10_000, `makers re-posted: ${replaced[0]}`);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test.run();
