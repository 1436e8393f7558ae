// Routed maker orders: one part, resting where the intent's own side is best (the lowest ask
// for a sell), unless the intent reduces a position: then on the best venue holding it, so its
// fill closes the position there instead of opening the opposite one elsewhere.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PaperFillEngine } from '../../../src/execution/paper-fill-engine.js';
import { RoutedOrders, RoutedPart } from '../../../src/execution/routing/routed-orders.js';
import { RoutingGroups } from '../../../src/execution/routing/routing-groups.js';
import { InstrumentRegistry } from '../../../src/core/instrument-registry.js';
import { Header, MarketState, OrderEvent, RecordKind, SizedIntent } from '../../../src/shm/records.js';
import { routedCryptoConfig } from '../../support/routed-config.js';

/** Binance (0) asks 100.20, Coinbase (1) asks 100.10; both bid 99.90. */
function split(filled: Float64Array, side: number): number[] {
  const config = routedCryptoConfig();
  const engine = new PaperFillEngine({ instruments: 2, feeBps: 10 });
  const sink = { f64: new Float64Array(OrderEvent.f64), claim: () => 0, commit: () => {} };
  [100.2, 100.1].forEach((ask, s) => {
    const m = new Float64Array(MarketState.f64);
    m[Header.kind] = RecordKind.MarketState;
    m[Header.instrument] = s;
    m[Header.ts] = 1.7e15;
    m[MarketState.askPrice] = ask;
    m[MarketState.askQty] = 1;
    m[MarketState.bidPrice] = 99.9;
    m[MarketState.bidQty] = 1;
    engine.onMarket(m, 0, sink);
  });
  const routed = new RoutedOrders(RoutingGroups.fromConfig(config), InstrumentRegistry.fromConfig(config).instruments);
  const intent = new Float64Array(SizedIntent.f64);
  intent[SizedIntent.ts] = 1.7e15 + 1;
  intent[SizedIntent.side] = side;
  intent[SizedIntent.quantity] = 0.5;
  assert.is(routed.split(intent, 0, engine, new Float64Array(2), filled, true), 1, 'one part');
  return [routed.parts[RoutedPart.instrument], routed.parts[RoutedPart.quantity], routed.parts[RoutedPart.price]];
}

test('a sell with nothing held rests at the lowest ask: Coinbase', () => {
  assert.equal(split(new Float64Array(2), -1), [1, 0.5, 99.9]);
});

test('a sell that reduces a long held on Binance rests there', () => {
  assert.equal(split(Float64Array.of(1, 0), -1), [0, 0.5, 99.9]);
});

test('a buy is not steered by a long (it reduces nothing)', () => {
  assert.equal(split(Float64Array.of(1, 0), 1)[0], 0, 'equal bids: the lower venue index');
});

test.run();
