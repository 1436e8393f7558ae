// L4's live venue for stocks against the simulated Alpaca trading API, in one thread: a market
// order fills through the real Alpaca gateway, a resting limit's fill arrives on the trade updates
// stream, and after the stream drops it reconnects and the working orders are looked up.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LiveOrderVenue } from '../../../src/execution/live/live-order-venue.js';
import { OrderEventType } from '../../../src/shm/records.js';
import { waitUntil } from '../../support/deadline.js';
import { startAlpacaTradingSim, touch, type AlpacaTradingSim } from '../../data/sim-exchange/alpaca-sim-trading-client.js';
import { CollectingSink, intent } from '../paper-fill-engine-fixture.js';

async function withVenue(orderStyle: 'taker' | 'maker', fn: (ctx: { venue: LiveOrderVenue; sink: CollectingSink; logs: string[]; sim: AlpacaTradingSim }) => Promise<void>) {
  const sim = await startAlpacaTradingSim({ eventsPerSecond: 20_000 });
  const saved = { key: process.env['APCA_API_KEY_ID'], secret: process.env['APCA_API_SECRET_KEY'] };
  process.env['APCA_API_KEY_ID'] = sim.account.apiKey;
  process.env['APCA_API_SECRET_KEY'] = sim.account.secret;
  const sink = new CollectingSink();
  const logs: string[] = [];
  const ts = new Float64Array([1.7e15]);
  let venue: LiveOrderVenue | null = null;
  try {
    venue = new LiveOrderVenue(
      { venue: 'alpaca', restBase: sim.endpoints.restUrl, wsBase: sim.endpoints.wsUrl, sandbox: true, label: 'the simulated exchange' },
      {
        symbols: ['AAPL', 'MSFT'], feeBps: 1, makerFeeBps: 0, orderStyle, makerTtlMs: 0, maxOpenOrders: 16, rejects: new Float64Array(5),
        onPending: () => setImmediate(() => venue?.executor.drain(sink, ts, 0)), log: (m) => logs.push(m),
      },
    );
    await venue.start();
    await fn({ venue, sink, logs, sim });
  } finally {
    await venue?.close(2_000);
    for (const [name, value] of [['APCA_API_KEY_ID', saved.key], ['APCA_API_SECRET_KEY', saved.secret]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await sim.ex.stop();
  }
}

const kinds = (sink: CollectingSink, id: number) => sink.events.filter((e) => e.clientOrderId === id).map((e) => e.event);

test('a market order fills through the Alpaca gateway; the trade updates repeat it, booked once', async () => {
  await withVenue('taker', async ({ venue, sink, sim }) => {
    // A market IOC before the symbol's first quote has nothing to fill against (it ends cancelled).
    const { ask } = await touch(sim.endpoints);
    assert.ok(venue.executor.submit(intent({ id: 1, side: 1, qty: 3, price: ask, origin: 1 }), 0, sink));
    await waitUntil(() => kinds(sink, 1).includes(OrderEventType.Filled), 5000, 'the fill');
    await waitUntil(() => venue.streamStats.reports >= 2, 5000, 'the trade updates');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(kinds(sink, 1), [OrderEventType.Submitted, OrderEventType.Accepted, OrderEventType.Filled]);
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
