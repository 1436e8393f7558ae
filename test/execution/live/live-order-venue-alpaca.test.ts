// L4's live venue for stocks against the simulated Alpaca trading API, in one thread: a market
// order fills through the real Alpaca gateway, a resting limit's fill arrives on the trade updates
// stream, and after the stream drops it reconnects and the working orders are looked up.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OrderEventType } from '../../../src/shm/records.js';
import { waitUntil } from '../../support/deadline.js';
import { startAlpacaTradingSim, touch, type AlpacaTradingSim } from '../../data/sim-exchange/alpaca-sim-trading-client.js';
import { intent } from '../paper-fill-engine-fixture.js';
import { ESTIMATED_FEE_BPS, eventKindsOf, withLiveVenue, type LiveVenueContext } from './live-venue-harness.js';

async function withVenue(orderStyle: 'taker' | 'maker', fn: (ctx: LiveVenueContext & { sim: AlpacaTradingSim }) => Promise<void>) {
  const sim = await startAlpacaTradingSim({ eventsPerSecond: 20_000 });
  try {
    await withLiveVenue({
      endpoints: { venue: 'alpaca', restBase: sim.endpoints.restUrl, wsBase: sim.endpoints.wsUrl, sandbox: true, label: 'the simulated exchange' },
      symbols: ['AAPL', 'MSFT'], keys: { APCA_API_KEY_ID: sim.account.apiKey, APCA_API_SECRET_KEY: sim.account.secret }, orderStyle,
    }, (ctx) => fn({ ...ctx, sim }));
  } finally {
    await sim.ex.stop();
  }
}

const kinds = eventKindsOf;

test('a market order fills through the Alpaca gateway; the trade updates repeat it, booked once', async () => {
  await withVenue('taker', async ({ venue, sink, sim }) => {
    // A market IOC before the symbol's first quote has nothing to fill against (it ends cancelled).
    const { ask } = await touch(sim.endpoints);
    assert.ok(venue.executor.submit(intent({ id: 1, side: 1, qty: 3, price: ask, origin: 1 }), 0, sink));
    await waitUntil(() => kinds(sink, 1).includes(OrderEventType.Filled), 5000, 'the fill');
    await waitUntil(() => venue.streamStats.reports >= 2, 5000, 'the trade updates');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(kinds(sink, 1), [OrderEventType.Submitted, OrderEventType.Accepted, OrderEventType.Filled]);
    // Alpaca reports no commission: the fee is the configured estimate.
    const filled = sink.events.find((e) => e.clientOrderId === 1 && e.event === OrderEventType.Filled)!;
    assert.ok(Math.abs(filled.feeUsd - filled.lastQty * filled.lastPrice * ESTIMATED_FEE_BPS * 1e-4) < 1e-9, `fee ${filled.feeUsd}`);
    assert.is(sim.ex.tradingStats.orders, 1);
  });
});

test('a resting limit fills by the stream; after a drop the stream reconnects and looks the orders up', async () => {
  await withVenue('maker', async ({ venue, sink, sim, logs }) => {
    const { bid, ask } = await touch(sim.endpoints);
    assert.ok(venue.executor.submit(intent({ id: 2, side: 1, qty: 2, price: ask, mid: (bid + ask) / 2, origin: 1 }), 0, sink));
    await waitUntil(() => kinds(sink, 2).includes(OrderEventType.Accepted), 5000, 'acceptance');
    sim.ex.dropTradeStreams();
    await waitUntil(() => logs.some((l) => l.includes('alpaca trade updates closed')), 5000, 'the drop to be noticed');
    await waitUntil(() => venue.streamStats.connects >= 2 && venue.executor.stats.reconciles >= 1, 10_000, 'the reconnect and its reconcile');
    await waitUntil(() => kinds(sink, 2).includes(OrderEventType.Filled), 20_000, 'the market to trade through the bid');
    assert.is(kinds(sink, 2).filter((k) => k === OrderEventType.Filled).length, 1);
  });
});

test.run();
