// L4's live venue on Coinbase Exchange, in one thread, against a loopback server speaking the
// venue's REST API: orders go out through the real ccxt adapter (signed, with our client_oid), no
// push channel is read, so fills are heard by looking the working orders up every second; a
// resting order is cancelled at the venue when the venue closes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OrderEventType } from '../../../src/shm/records.js';
import { venueClientOrderUuid } from '../../../src/execution/live/live-order.js';
import { waitUntil } from '../../support/deadline.js';
import { startCoinbaseExchangeLoopback, type CoinbaseExchangeLoopback } from '../../support/coinbase-exchange-loopback.js';
import { intent } from '../paper-fill-engine-fixture.js';
import { eventKindsOf, withLiveVenue, type LiveVenueContext } from './live-venue-harness.js';

// ccxt signs with the secret decoded from base64: any base64 will do for a venue that does not check.
const KEYS = { COINBASE_EXCHANGE_API_KEY: 'loopback-key', COINBASE_EXCHANGE_API_SECRET: Buffer.from('loopback-secret').toString('base64'), COINBASE_EXCHANGE_API_PASSPHRASE: 'loopback' };

async function withVenue(fn: (ctx: LiveVenueContext & { venueServer: CoinbaseExchangeLoopback }) => Promise<void>, orderStyle: 'taker' | 'maker' = 'taker') {
  const venueServer = await startCoinbaseExchangeLoopback();
  try {
    await withLiveVenue({
      endpoints: { venue: 'coinbaseexchange', restBase: venueServer.url, wsBase: '', sandbox: true, label: 'Coinbase Exchange at loopback' },
      symbols: ['BTC/USDC'], keys: KEYS, orderStyle,
    }, (ctx) => fn({ ...ctx, venueServer }));
  } finally {
    await venueServer.close();
  }
}

test('a market order is submitted with our client_oid and accepted; its fills are heard by lookups, booked once', async () => {
  await withVenue(async ({ venue, sink, venueServer }) => {
    assert.ok(venue.executor.submit(intent({ id: 1, side: 1, qty: 0.5, price: 60_000, origin: 1 }), 0, sink));
    await waitUntil(() => eventKindsOf(sink, 1).includes(OrderEventType.Accepted), 5000, 'acceptance');
    const placed = venueServer.orders[0];
    assert.equal([placed.client_oid, placed.product_id, placed.side, placed.type, placed.size], [venueClientOrderUuid('tb-', 1), 'BTC-USDC', 'buy', 'market', '0.5']);
    const post = venueServer.requests.find((r) => r.method === 'POST');
    assert.ok(post !== undefined && !post.body.includes('price'), 'a market order carries no price');
    venueServer.fill(placed.client_oid, 0.2, 60_010);
    await waitUntil(() => eventKindsOf(sink, 1).includes(OrderEventType.PartiallyFilled), 5000, 'the first fill, by lookup');
    venueServer.fill(placed.client_oid, 0.3, 60_020);
    await waitUntil(() => eventKindsOf(sink, 1).includes(OrderEventType.Filled), 5000, 'the rest, by lookup');
    // Further lookups add nothing.
    await new Promise((r) => setTimeout(r, 1_200));
    const fills = sink.events.filter((e) => e.clientOrderId === 1 && (e.event === OrderEventType.Filled || e.event === OrderEventType.PartiallyFilled));
    assert.is(Number(fills.reduce((s, e) => s + e.lastQty, 0).toFixed(8)), 0.5);
    const notional = fills.reduce((s, e) => s + e.lastQty * e.lastPrice, 0);
    assert.ok(Math.abs(notional - (0.2 * 60_010 + 0.3 * 60_020)) < 1e-6, `notional ${notional}`);
    // The venue's own commission (0.4%, charged in USDC), not the executor's estimate.
    const fees = fills.reduce((s, e) => s + e.feeUsd, 0);
    assert.ok(Math.abs(fees - notional * 0.004) < 1e-6, `fees ${fees}`);
    assert.is(venue.executor.openQty[0], 0);
    assert.ok(venue.streamStats.reports >= 2, 'lookup rounds counted');
  });
});

test('a resting maker order is cancelled at the venue when the session closes', async () => {
  let server: CoinbaseExchangeLoopback | null = null;
  await withVenue(async ({ venue, sink, venueServer }) => {
    server = venueServer;
    assert.ok(venue.executor.submit(intent({ id: 2, side: -1, qty: 0.01, price: 60_000, mid: 60_010, origin: 1 }), 0, sink));
    await waitUntil(() => eventKindsOf(sink, 2).includes(OrderEventType.Accepted), 5000, 'acceptance');
    assert.equal([venueServer.orders[0].type, venueServer.orders[0].side], ['limit', 'sell']);
  }, 'maker');
  const s = server as CoinbaseExchangeLoopback | null;
  assert.ok(s !== null);
  assert.ok(s.requests.some((r) => r.method === 'DELETE'), 'a cancel was sent');
  assert.equal([s.orders[0].status, s.orders[0].done_reason], ['done', 'canceled']);
});

test.run();
