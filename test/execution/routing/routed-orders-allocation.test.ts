// Splitting an intent across venues is on the per-intent path: it reads the fill engine's books
// and runs the venue allocator in preallocated arrays, so it makes no garbage (GC count over
// many splits, with a tiny young generation).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PaperFillEngine } from '../../../src/execution/paper-fill-engine.js';
import { RoutedOrders } from '../../../src/execution/routing/routed-orders.js';
import { RoutingGroups } from '../../../src/execution/routing/routing-groups.js';
import { InstrumentRegistry } from '../../../src/core/instrument-registry.js';
import { Header, MarketState, OrderEvent, RecordKind, SizedIntent } from '../../../src/shm/records.js';
import { assertNoGc } from '../../support/allocation.js';
import { routedCryptoConfig } from '../../support/routed-config.js';

test('a routed split allocates nothing', () => {
  const config = routedCryptoConfig();
  const engine = new PaperFillEngine({ instruments: 2, feeBps: 10 });
  const sink = { f64: new Float64Array(OrderEvent.f64), claim: () => 0, commit: () => {} };
  for (let s = 0; s < 2; s++) {
    const m = new Float64Array(MarketState.f64);
    m[Header.kind] = RecordKind.MarketState;
    m[Header.instrument] = s;
    for (let i = 0; i < 5; i++) {
      m[MarketState.askPrice + i] = 100 + s * 0.5 + i;
      m[MarketState.askQty + i] = 1;
      m[MarketState.bidPrice + i] = 99.5 - s * 0.25 - i;
      m[MarketState.bidQty + i] = 1;
    }
    engine.onMarket(m, 0, sink);
  }
  const routed = new RoutedOrders(RoutingGroups.fromConfig(config), InstrumentRegistry.fromConfig(config).instruments);
  const stale = new Float64Array(2);
  // Long on Binance: sells first take that back there, then route the rest anywhere.
  const held = Float64Array.of(1.2, 0);
  const intent = new Float64Array(SizedIntent.f64);
  intent[SizedIntent.instrument] = 0;
  intent[SizedIntent.ts] = 1_700_000_000_000_000;
  let parts = 0;
  assertNoGc('RoutedOrders.split', (i) => {
    intent[SizedIntent.side] = (i & 1) === 0 ? 1 : -1;
    intent[SizedIntent.quantity] = 0.5 + (i % 7) * 0.5;
    parts += routed.split(intent, 0, engine, stale, held, false);
  }, 100_000);
  assert.ok(parts > 100_000, `the splits used both venues: ${parts} parts`);
});

test.run();
