// Routed execution (`execution.routing: best_price`): an intent of BTC/USDT@binance, the lead of
// the unified BTC/USD, is split across Binance's and Coinbase's books by price, each part an
// order of its own on its venue's instrument, filled there. Runs the real ExecutionStage in one
// thread on hand-built books.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ExecutionStage } from '../../../src/workers/stages/execution-stage.js';
import { RingPort } from '../../../src/workers/stages/output-ports.js';
import { ROUTED_PART_ID_STRIDE } from '../../../src/execution/paper-fill-engine.js';
import { ExecutionExposureLayout } from '../../../src/execution/execution-exposure.js';
import { Header, MarketState, OrderEvent, OrderEventType, OrderType, RecordKind, Side, SizedIntent, VenueId } from '../../../src/shm/records.js';
import { Counter, SymbolGauge, symbolGaugeIndex } from '../../../src/pipeline/telemetry.js';
import { stageRuntime } from '../../support/stage-runtime.js';
import { routedCryptoConfig } from '../../support/routed-config.js';
import { buyIntent, watermark } from './intent-fixture.js';

const T0 = 1_700_000_000_000_000;

/** A market state of `instrument` with ask levels [price, qty]... and bids a tick under the first ask. */
function book(instrument: number, origin: number, asks: [number, number][], bids: [number, number][]): Float64Array {
  const m = new Float64Array(MarketState.f64);
  m[Header.kind] = RecordKind.MarketState;
  m[Header.instrument] = instrument;
  m[Header.ts] = T0 + origin;
  m[Header.origin] = origin;
  asks.forEach(([p, q], i) => { m[MarketState.askPrice + i] = p; m[MarketState.askQty + i] = q; });
  bids.forEach(([p, q], i) => { m[MarketState.bidPrice + i] = p; m[MarketState.bidQty + i] = q; });
  return m;
}

const BINANCE_ASKS: [number, number][] = [[100, 1], [101, 1]];
const COINBASE_ASKS: [number, number][] = [[100.5, 0.5], [102, 5]];
const BIDS: [number, number][] = [[99, 1]];

interface Sent { orderType: number; feeUsd: number; event: number; clientOrderId: number; intentId: number; instrument: number; venue: number; quantity: number; limitPrice: number; lastQty: number; lastPrice: number }
interface Run { sent: Sent[]; released: number[]; routedIntents: number; routedOrders: number; replaced: number }

/**
 * Both venues' books (`before`), then each intent (the i-th at origin 3 + 3i) followed by the
 * next state of each venue (`after`, at origins 4 + 3i and 5 + 3i), where its parts arrive and fill.
 */
function run(intents: Float64Array | Float64Array[], opts: { before?: Float64Array[]; after?: Float64Array[]; staleCoinbase?: boolean; edit?: (yaml: string) => string } = {}): Run {
  const before = opts.before ?? [book(0, 1, BINANCE_ASKS, BIDS), book(1, 2, COINBASE_ASKS, BIDS)];
  const after = opts.after ?? [book(0, 4, BINANCE_ASKS, BIDS), book(1, 5, COINBASE_ASKS, BIDS)];
  const { rt, topo } = stageRuntime('L4', routedCryptoConfig(opts.edit));
  try {
    if (opts.staleCoinbase) rt.symbolGauges[symbolGaugeIndex(SymbolGauge.stale, 1, 2)] = 1;
    const events = rt.ring('order_events');
    const stage = new ExecutionStage(rt, new RingPort(rt, events, rt.telemetry), 0);
    stage.beginBatch();
    stage.process(watermark(2), 0);
    for (const m of before) assert.ok(stage.processSide(0, m, 0));
    (Array.isArray(intents) ? intents : [intents]).forEach((intent, i) => {
      intent[Header.origin] = 3 + 3 * i;
      intent[Header.ts] = T0 + 3 + 3 * i;
      stage.process(intent, 0);
      stage.process(watermark(3 + 3 * i + after.length), 0);
      after.forEach((state, k) => {
        const m = state.slice();
        m[Header.origin] = 4 + 3 * i + k;
        m[Header.ts] = T0 + m[Header.origin];
        assert.ok(stage.processSide(0, m, 0));
      });
    });
    rt.markBatchOut();
    stage.endBatch();
    const sent: Sent[] = [];
    const f = events.f64;
    for (let k = 0; k < events.available(); k++) {
      const at = events.readIndex(k);
      sent.push({
        orderType: f[at + OrderEvent.orderType], feeUsd: f[at + OrderEvent.feeUsd], event: f[at + OrderEvent.event], clientOrderId: f[at + OrderEvent.clientOrderId], intentId: f[at + OrderEvent.intentId],
        instrument: f[at + OrderEvent.instrument], venue: f[at + OrderEvent.venue], quantity: f[at + OrderEvent.quantity], limitPrice: f[at + OrderEvent.limitPrice],
        lastQty: f[at + OrderEvent.lastQty], lastPrice: f[at + OrderEvent.lastPrice],
      });
    }
    const exposure = new Float64Array(ExecutionExposureLayout.fieldCount(2));
    topo.exposure.read(exposure);
    const counters = rt.telemetryOf('L4').counters;
    return {
      sent, released: [exposure[0], exposure[1]], routedIntents: counters.get(Counter.routed_intents), routedOrders: counters.get(Counter.routed_orders),
      replaced: counters.get(Counter.orders_replaced),
    };
  } finally {
    rt.finish();
  }
}

const submitted = (r: Run) => r.sent.filter((e) => e.event === OrderEventType.Submitted);

function buy(quantity: number): Float64Array {
  const intent = buyIntent(T0 + 3, 3, 7);
  intent[SizedIntent.quantity] = quantity;
  intent[SizedIntent.limitPrice] = 100;
  intent[SizedIntent.venue] = VenueId.Binance;
  return intent;
}

test('a buy of 2 takes the cheapest levels of both books: 1.5 on Binance, 0.5 on Coinbase, each an order of its own', () => {
  const r = run(buy(2));
  assert.equal(submitted(r).map((e) => [e.instrument, e.venue, e.quantity]), [[0, VenueId.Binance, 1.5], [1, VenueId.Coinbase, 0.5]]);
  assert.equal(submitted(r).map((e) => e.clientOrderId), [7, 7 + ROUTED_PART_ID_STRIDE], 'the second part has an id of its own');
  assert.ok(submitted(r).every((e) => e.intentId === 7), 'both name their intent');
  const fills = r.sent.filter((e) => e.event === OrderEventType.Filled || e.event === OrderEventType.PartiallyFilled);
  assert.equal(fills.map((e) => [e.instrument, e.lastQty, e.lastPrice]), [[0, 1, 100], [0, 0.5, 101], [1, 0.5, 100.5]]);
  assert.equal([r.routedIntents, r.routedOrders], [1, 2]);
  assert.equal(r.released, [0, 0], 'everything filled: nothing released');
});

test('venues are compared after their own fees: Coinbase\'s cheaper ask loses to its 60 bps taker fee, and each fill pays its venue\'s rate', () => {
  const withFees = (y: string) => y.replace('venueFees: {}', 'venueFees: {coinbase: {takerBps: 60}}');
  const cheapCoinbase: [number, number][] = [[99.95, 5]];
  const before = [book(0, 1, BINANCE_ASKS, BIDS), book(1, 2, cheapCoinbase, BIDS)];
  const after = [book(0, 4, BINANCE_ASKS, BIDS), book(1, 5, cheapCoinbase, BIDS)];
  const r = run(buy(0.5), { before, after, edit: withFees });
  assert.equal(submitted(r).map((e) => [e.instrument, e.quantity]), [[0, 0.5]], '100 x 1.001 beats 99.95 x 1.006');
  const paid = r.sent.find((e) => e.event === OrderEventType.Filled);
  assert.ok(Math.abs(paid!.feeUsd - 0.5 * 100 * 10e-4) < 1e-9, `Binance's 10 bps: ${paid?.feeUsd}`);
  // Without the fee tier, the same books send the order to Coinbase.
  const plain = run(buy(0.5), { before, after });
  assert.equal(submitted(plain).map((e) => [e.instrument, e.quantity]), [[1, 0.5]]);
  // Selling there anyway charges Coinbase's own rate.
  const sell = buy(0.5);
  sell[SizedIntent.side] = Side.Sell;
  const richBid: [number, number][] = [[101, 5]];
  const sold = run(sell, { before: [book(0, 1, BINANCE_ASKS, BIDS), book(1, 2, cheapCoinbase, richBid)], after: [book(0, 4, BINANCE_ASKS, BIDS), book(1, 5, cheapCoinbase, richBid)], edit: withFees });
  const fill = sold.sent.find((e) => e.event === OrderEventType.Filled);
  assert.is(fill?.instrument, 1, '101 x 0.994 beats 99 x 0.999');
  assert.ok(Math.abs(fill!.feeUsd - 0.5 * 101 * 60e-4) < 1e-9, `Coinbase's 60 bps: ${fill?.feeUsd}`);
});

test('a small buy goes whole to the venue with the best price', () => {
  assert.equal(submitted(run(buy(0.4))).map((e) => [e.instrument, e.quantity, e.clientOrderId]), [[0, 0.4, 7]]);
});

test('a sell goes to the best bid, here Coinbase', () => {
  const intent = buy(0.5);
  intent[SizedIntent.side] = Side.Sell;
  const coinbaseBids: [number, number][] = [[99.5, 2]];
  const r = run(intent, {
    before: [book(0, 1, BINANCE_ASKS, BIDS), book(1, 2, COINBASE_ASKS, coinbaseBids)],
    after: [book(0, 4, BINANCE_ASKS, BIDS), book(1, 5, COINBASE_ASKS, coinbaseBids)],
  });
  assert.equal(submitted(r).map((e) => [e.instrument, e.quantity]), [[1, 0.5]]);
  const fill = r.sent.find((e) => e.event === OrderEventType.Filled);
  assert.equal([fill?.instrument, fill?.lastPrice], [1, 99.5]);
});

test('a sell takes back a long where it is held first: 1 from Binance, where the buy filled, and only the rest at Coinbase\'s better bid', () => {
  const coinbaseBids: [number, number][] = [[99.5, 2]];
  const sell = buy(1.5);
  sell[SizedIntent.seq] = 8;
  sell[SizedIntent.side] = Side.Sell;
  const r = run([buy(1), sell], {
    before: [book(0, 1, BINANCE_ASKS, BIDS), book(1, 2, COINBASE_ASKS, coinbaseBids)],
    after: [book(0, 4, BINANCE_ASKS, BIDS), book(1, 5, COINBASE_ASKS, coinbaseBids)],
  });
  assert.equal(submitted(r).map((e) => [e.intentId, e.instrument, e.quantity]), [[7, 0, 1], [8, 0, 1], [8, 1, 0.5]]);
  // Without a holding the same sell goes where the bid is best.
  assert.equal(submitted(run(sell, {
    before: [book(0, 1, BINANCE_ASKS, BIDS), book(1, 2, COINBASE_ASKS, coinbaseBids)],
    after: [book(0, 4, BINANCE_ASKS, BIDS), book(1, 5, COINBASE_ASKS, coinbaseBids)],
  })).map((e) => [e.instrument, e.quantity]), [[1, 1.5]]);
});

test('an intent of NaN quantity makes no part and no order', () => {
  const r = run(buy(NaN));
  assert.equal(r.sent, [], 'nothing sent on a NaN');
  assert.is(r.routedIntents, 0);
});

test('orderStyle auto: a strong edge is split and taken across both books, a weak one rests as one part', () => {
  const auto = (y: string) => y.replace('orderStyle: taker', 'orderStyle: auto');
  const strong = buy(2);
  strong[SizedIntent.edgeBps] = 100;
  strong[SizedIntent.arrivalMid] = 99.5;
  const taken = run(strong, { edit: auto });
  assert.equal(submitted(taken).map((e) => [e.instrument, e.quantity, e.orderType]), [[0, 1.5, OrderType.Market], [1, 0.5, OrderType.Market]]);
  const weak = buy(2);
  weak[SizedIntent.edgeBps] = 1;
  weak[SizedIntent.arrivalMid] = 99.5;
  const rested = run(weak, { edit: auto });
  assert.equal(submitted(rested).map((e) => [e.quantity, e.orderType]), [[2, OrderType.Limit]]);
  assert.not.ok(rested.sent.some((e) => e.event === OrderEventType.Filled), 'resting: nothing traded through it');
});

test('a venue flagged stale is left out: the whole buy goes to Binance, walking its book', () => {
  assert.equal(submitted(run(buy(2), { staleCoinbase: true })).map((e) => [e.instrument, e.quantity, e.clientOrderId]), [[0, 2, 7]]);
});

test('what a part leaves unfilled is released from the lead, where sizing counted the intent', () => {
  // Coinbase shows no ask at all when its part arrives: that part is cancelled (no_book).
  const r = run(buy(2), { after: [book(0, 4, BINANCE_ASKS, BIDS), book(1, 5, [], BIDS)] });
  const cancelled = r.sent.find((e) => e.event === OrderEventType.Cancelled);
  assert.is(cancelled?.instrument, 1);
  assert.equal(r.released, [0.5, 0], 'released from BTC/USDT, the lead');
});

test('maker style: one part, resting on the venue with the best bid for a buy', () => {
  const coinbaseBids: [number, number][] = [[99.5, 2]];
  const r = run(buy(2), {
    edit: (y) => y.replace('orderStyle: taker', 'orderStyle: maker'),
    before: [book(0, 1, BINANCE_ASKS, BIDS), book(1, 2, COINBASE_ASKS, coinbaseBids)],
    after: [book(0, 4, BINANCE_ASKS, BIDS), book(1, 5, COINBASE_ASKS, coinbaseBids)],
  });
  const accepted = r.sent.filter((e) => e.event === OrderEventType.Accepted);
  assert.equal(submitted(r).map((e) => [e.instrument, e.quantity, e.clientOrderId]), [[1, 2, 7]]);
  assert.is(accepted.length, 1);
  assert.is(accepted[0].limitPrice, 99.5, 'it rests at Coinbase\'s bid, the best of both');
});

test('a resting part whose TTL runs out is re-posted at its venue\'s new bid: OrderReplaced, counted, nothing released', () => {
  const maker = (y: string) => y.replace('orderStyle: taker', 'orderStyle: maker').replace('makerTtlMs: 30000', 'makerTtlMs: 0.001')
    .replace('makerReplaces: 0', 'makerReplaces: 1');
  const coinbase = (bid: number) => book(1, 0, COINBASE_ASKS, [[bid, 2]]);
  const r = run(buy(2), {
    edit: maker,
    before: [book(0, 1, BINANCE_ASKS, BIDS), book(1, 2, COINBASE_ASKS, [[99.5, 2]])],
    // Accepted at Coinbase's first state after the intent; its TTL (1 µs) has run by the next one, where the bid rose.
    after: [book(0, 0, BINANCE_ASKS, BIDS), coinbase(99.5), book(0, 0, BINANCE_ASKS, BIDS), coinbase(99.6)],
  });
  const replaced = r.sent.filter((e) => e.event === OrderEventType.Replaced);
  assert.equal(replaced.map((e) => [e.instrument, e.clientOrderId, e.quantity, e.limitPrice]), [[1, 7, 2, 99.6]]);
  assert.is(r.replaced, 1);
  assert.equal(r.released, [0, 0], 'still working: nothing handed back to sizing');
});

test.run();
