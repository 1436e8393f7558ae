// L4's live venue against the simulated exchange, in one thread: orders go out through the real
// ccxt adapter, the user-data stream reports them, a resting order's fill arrives by the stream
// alone, and when the stream drops it reconnects and every working order is looked up (a fill
// made while it was down is repaired from the venue's own record).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OrderEventType } from '../../../src/shm/records.js';
import { waitUntil } from '../../support/deadline.js';
import { startTradingSim, touch } from '../../data/sim-exchange/binance-sim-trading-client.js';
import { intent } from '../paper-fill-engine-fixture.js';
import { eventKindsOf, withLiveVenue, type LiveVenueContext } from './live-venue-harness.js';

type Sim = Awaited<ReturnType<typeof startTradingSim>>;

async function withVenue(fn: (ctx: LiveVenueContext & { sim: Sim }) => Promise<void>, orderStyle: 'taker' | 'maker' = 'taker') {
  const sim = await startTradingSim({ eventsPerSecond: 20_000 });
  try {
    await withLiveVenue({
      endpoints: { venue: 'binance', restBase: sim.endpoints.restUrl, wsBase: sim.endpoints.wsUrl, sandbox: true, label: 'the simulated exchange' },
      symbols: ['BTC/USDT'], keys: { BINANCE_API_KEY: sim.account.apiKey, BINANCE_API_SECRET: sim.account.secret }, orderStyle,
    }, (ctx) => fn({ ...ctx, sim }));
  } finally {
    await sim.ex.stop();
  }
}

const kinds = eventKindsOf;

test('a market order is submitted, accepted and filled in full, each fill booked once', async () => {
  await withVenue(async ({ venue, sink, sim }) => {
    // The simulated book has levels before the first market order walks it.
    const { ask } = await touch(sim.endpoints.restUrl);
    assert.ok(venue.executor.submit(intent({ id: 1, side: 1, qty: 0.5, price: ask, origin: 1 }), 0, sink));
    await waitUntil(() => kinds(sink, 1).includes(OrderEventType.Filled), 5000, 'the fill');
    // The answer and the stream both told of the fills: still one quantity in total.
    await waitUntil(() => venue.streamStats.reports >= 2, 5000, 'the stream reports');
    await new Promise((r) => setTimeout(r, 100));
    const fills = sink.events.filter((e) => e.clientOrderId === 1 && (e.event === OrderEventType.Filled || e.event === OrderEventType.PartiallyFilled));
    assert.is(Number(fills.reduce((s, e) => s + e.lastQty, 0).toFixed(8)), 0.5);
    // The fee is the venue's commission (the simulated exchange charges 10 bps in USDT), not the estimate.
    for (const f of fills) assert.ok(Math.abs(f.feeUsd - f.lastQty * f.lastPrice * 0.001) < 1e-6, `fee ${f.feeUsd} on ${f.lastQty} at ${f.lastPrice}`);
    assert.is(kinds(sink, 1)[0], OrderEventType.Submitted);
    assert.is(kinds(sink, 1)[1], OrderEventType.Accepted);
    assert.is(sim.ex.tradingStats.orders, 1);
    assert.is(venue.executor.openQty[0], 0);
  });
});

test('a resting maker order fills when the market trades through it, and the stream brings the fill', async () => {
  await withVenue(async ({ venue, sink }) => {
    const { bid, ask } = await touch((venue.endpoints.restBase)!);
    // A buy priced above the ask with a mid that puts its near touch at the bid: it rests at the bid.
    const mid = (bid + ask) / 2;
    assert.ok(venue.executor.submit(intent({ id: 2, side: 1, qty: 0.001, price: ask, mid, origin: 1 }), 0, sink));
    await waitUntil(() => kinds(sink, 2).includes(OrderEventType.Accepted), 5000, 'acceptance');
    await waitUntil(() => kinds(sink, 2).includes(OrderEventType.Filled), 20_000, 'the market to trade through the bid');
  }, 'maker');
});

test('when the report stream drops it reconnects and looks up the working orders; the fill is booked once', async () => {
  await withVenue(async ({ venue, sink, sim, logs }) => {
    const { bid, ask } = await touch((venue.endpoints.restBase)!);
    venue.executor.submit(intent({ id: 3, side: 1, qty: 0.001, price: ask, mid: (bid + ask) / 2, origin: 1 }), 0, sink);
    await waitUntil(() => kinds(sink, 3).includes(OrderEventType.Accepted), 5000, 'acceptance');
    sim.ex.dropUserStreams();
    await waitUntil(() => logs.some((l) => l.includes('user-data stream closed')), 5000, 'the drop to be noticed');
    await waitUntil(() => venue.streamStats.connects >= 2, 10_000, 'the stream to reconnect');
    await waitUntil(() => venue.executor.stats.reconciles >= 1, 5000, 'the reconcile after the reconnect');
    await waitUntil(() => kinds(sink, 3).includes(OrderEventType.Filled), 20_000, 'the fill, by stream or reconcile');
    assert.is(kinds(sink, 3).filter((k) => k === OrderEventType.Filled).length, 1);
  }, 'maker');
});

test.run();
