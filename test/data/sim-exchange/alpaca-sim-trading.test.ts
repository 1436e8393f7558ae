// The simulated stock exchange's Alpaca trading API, driven by the real AlpacaOrderGateway (the
// same code that trades on Alpaca's paper account): orders are placed, filled, cancelled and
// looked up, and every change arrives on the trading stream as Alpaca's trade_updates.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AlpacaOrderGateway } from '../../../src/execution/live/alpaca-order-gateway.js';
import { VenueCredentials } from '../../../src/execution/live/live-credentials.js';
import type { LiveOrder } from '../../../src/execution/live/live-order.js';
import { OrderEventType, OrderType, Side, TimeInForce } from '../../../src/shm/records.js';
import { waitUntil } from '../../support/deadline.js';
import { fakeCredentials } from '../../support/fake-credentials.js';
import { BEFORE_CLOSE_US, openTradeStream, startAlpacaTradingSim, touch } from './alpaca-sim-trading-client.js';

const order = (o: Partial<LiveOrder>): LiveOrder => ({
  clientOrderId: 1, symbol: 'AAPL', side: Side.Buy, orderType: OrderType.Market, timeInForce: TimeInForce.GTC, quantity: 10, limitPrice: NaN, ...o,
});
const cents = (p: number): number => Math.round(p * 100) / 100;
type Refusal = { failure?: string; message: string };

test('a market buy fills at once at the ask; the stream reports new then fill', async () => {
  const sim = await startAlpacaTradingSim();
  const gw = new AlpacaOrderGateway({ credentials: sim.credentials, baseUrl: sim.endpoints.restUrl });
  const stream = await openTradeStream(sim.endpoints, sim.account.apiKey, sim.account.secret);
  try {
    const { ask } = await touch(sim.endpoints);
    const result = await gw.submit(order({ clientOrderId: 1, quantity: 10 }));
    assert.is(result.duplicate, false);
    assert.is(result.snapshot?.status, 'closed');
    assert.is(result.snapshot?.filled, 10);
    assert.is(result.snapshot?.venueClientOrderId, 'tb-1');
    const avg = result.snapshot!.averagePrice;
    assert.ok(Math.abs(avg - ask) / ask < 0.01, `filled at ${avg}, near the ask ${ask}`);
    assert.equal(result.events.map((e) => e.event), [OrderEventType.Accepted, OrderEventType.Filled]);

    await waitUntil(() => stream.updates('tb-1').length >= 2, 5000, 'the new and fill updates');
    const updates = stream.updates('tb-1');
    assert.equal(updates.map((u) => u.event), ['new', 'fill']);
    assert.is(updates[0].order.status, 'new');
    assert.is(updates[0].price, undefined, 'no fill fields on new');
    assert.is(updates[1].order.status, 'filled');
    assert.is(updates[1].qty, '10');
    assert.is(updates[1].position_qty, '10');
    assert.is(Number(updates[1].price), avg);
    assert.is(updates[1].order.id, result.venueOrderId);
    assert.ok(stream.binary.every((b) => b), 'every frame is binary, as Alpaca sends them');
    assert.equal(sim.ex.tradingStats.orders, 1);
    assert.equal(sim.ex.tradingStats.fills, 1);
  } finally {
    stream.close();
    await gw.close();
    await sim.ex.stop();
  }
});

test('a limit buy below the market rests, is cancelled through the gateway, and is then canceled', async () => {
  const sim = await startAlpacaTradingSim();
  const gw = new AlpacaOrderGateway({ credentials: sim.credentials, baseUrl: sim.endpoints.restUrl });
  const stream = await openTradeStream(sim.endpoints, sim.account.apiKey, sim.account.secret);
  try {
    const { bid } = await touch(sim.endpoints);
    const placed = await gw.submit(order({ clientOrderId: 2, orderType: OrderType.Limit, quantity: 5, limitPrice: cents(bid * 0.9) }));
    assert.is(placed.snapshot?.status, 'open');
    assert.is(placed.snapshot?.filled, 0);
    assert.is((await gw.fetchOrder(2, 'AAPL')).status, 'open');

    const cancelled = await gw.cancel(2, 'AAPL');
    assert.is(cancelled.outcome, 'requested', 'Alpaca answers a cancel with 204');
    assert.is(cancelled.venueOrderId, placed.venueOrderId);
    assert.is((await gw.fetchOrder(placed.venueOrderId!, 'AAPL')).status, 'canceled');
    const again = await gw.cancel(placed.venueOrderId!, 'AAPL');
    assert.is(again.outcome, 'refused', 'a final order cannot be cancelled again');
    assert.ok(again.reason.includes('order is not cancelable'), again.reason);

    await waitUntil(() => stream.updates('tb-2').length >= 2, 5000, 'the canceled update');
    const updates = stream.updates('tb-2');
    assert.equal(updates.map((u) => u.event), ['new', 'canceled']);
    assert.is(updates[1].order.status, 'canceled');
    assert.type(updates[1].order.canceled_at, 'string');
    assert.is(sim.ex.tradingStats.cancels, 1);
  } finally {
    stream.close();
    await gw.close();
    await sim.ex.stop();
  }
});

test('a resting limit fills when the market trades through it, at its own price, and the stream reports it', async () => {
  const sim = await startAlpacaTradingSim({ symbols: ['AAPL'], eventsPerSecond: 5000, annualVol: 1 });
  const gw = new AlpacaOrderGateway({ credentials: sim.credentials, baseUrl: sim.endpoints.restUrl });
  const stream = await openTradeStream(sim.endpoints, sim.account.apiKey, sim.account.secret);
  try {
    // At the bid: passive (below the ask), and the next trade at the bid reaches it.
    const { bid } = await touch(sim.endpoints);
    const placed = await gw.submit(order({ clientOrderId: 3, orderType: OrderType.Limit, quantity: 1, limitPrice: bid }));
    assert.ok(placed.snapshot?.status === 'open' || placed.snapshot?.status === 'closed', String(placed.snapshot?.status));
    await waitUntil(() => stream.updates('tb-3').some((u) => u.event === 'fill'), 15_000, 'the resting order to fill');
    const filled = await gw.fetchOrder(3, 'AAPL');
    assert.is(filled.status, 'closed');
    assert.is(filled.filled, 1);
    const fill = stream.updates('tb-3').find((u) => u.event === 'fill')!;
    assert.is(fill.qty, '1');
    if (placed.snapshot?.status === 'open') assert.is(Number(fill.price), bid, 'a resting order fills at its limit');
    assert.ok(Number(fill.price) <= bid, 'never above the limit');
  } finally {
    stream.close();
    await gw.close();
    await sim.ex.stop();
  }
});

test('resubmitting a client order id returns the first order as a duplicate', async () => {
  const sim = await startAlpacaTradingSim();
  const gw = new AlpacaOrderGateway({ credentials: sim.credentials, baseUrl: sim.endpoints.restUrl });
  try {
    const { bid } = await touch(sim.endpoints);
    const resting = order({ clientOrderId: 4, orderType: OrderType.Limit, quantity: 3, limitPrice: cents(bid * 0.9) });
    const first = await gw.submit(resting);
    const second = await gw.submit(resting);
    assert.is(first.duplicate, false);
    assert.is(second.duplicate, true);
    assert.is(second.venueOrderId, first.venueOrderId);
    assert.is(second.snapshot?.status, 'open');
    assert.is(sim.ex.tradingStats.orders, 1);
    assert.is(sim.ex.tradingStats.rejectedRequests, 1, 'the second POST was refused (422)');
  } finally {
    await gw.close();
    await sim.ex.stop();
  }
});

test('an unknown symbol and a fractional GTC order are rejected with the venue\'s message', async () => {
  const sim = await startAlpacaTradingSim();
  const gw = new AlpacaOrderGateway({ credentials: sim.credentials, baseUrl: sim.endpoints.restUrl });
  try {
    const unknown = await gw.submit(order({ clientOrderId: 5, symbol: 'XYZ' }));
    assert.is(unknown.snapshot, null);
    assert.is(unknown.venueOrderId, null);
    const last = unknown.events[unknown.events.length - 1];
    assert.is(last.event, OrderEventType.Rejected);
    assert.ok(last.reason.includes('asset "XYZ" not found'), last.reason);
    assert.is(sim.ex.tradingStats.orders, 0);
  } finally {
    await gw.close();
    await sim.ex.stop();
  }
});

test('a gateway with the wrong secret, or a sim without an account, is refused as an authentication failure', async () => {
  const sim = await startAlpacaTradingSim();
  const noAccount = await startAlpacaTradingSim({ account: null });
  const wrong = new VenueCredentials('alpaca', sim.account.apiKey, fakeCredentials('alpaca').secret);
  const gw = new AlpacaOrderGateway({ credentials: wrong, baseUrl: sim.endpoints.restUrl });
  const gw2 = new AlpacaOrderGateway({ credentials: noAccount.credentials, baseUrl: noAccount.endpoints.restUrl });
  try {
    const error = await gw.submit(order({ clientOrderId: 6 })).then(() => null, (e: unknown) => e as Refusal);
    assert.ok(error !== null, 'refused');
    assert.is(error!.failure, 'auth', error!.message);
    assert.ok(error!.message.includes('401') && error!.message.includes('request is not authorized'), error!.message);
    assert.not.ok(error!.message.includes(sim.account.apiKey), 'no key in the message');
    assert.is(sim.ex.tradingStats.orders, 0);
    assert.is(sim.ex.tradingStats.rejectedRequests, 1);

    const lookup = await gw2.fetchOrder(6, 'AAPL').then(() => null, (e: unknown) => e as Refusal);
    assert.is(lookup?.failure, 'auth', lookup?.message);
  } finally {
    await gw.close();
    await gw2.close();
    await sim.ex.stop();
    await noAccount.ex.stop();
  }
});

test('an open DAY order expires when the virtual session closes', async () => {
  const sim = await startAlpacaTradingSim({ symbols: ['AAPL'], startEpochUs: BEFORE_CLOSE_US, eventsPerSecond: 3000 });
  const gw = new AlpacaOrderGateway({ credentials: sim.credentials, baseUrl: sim.endpoints.restUrl });
  const stream = await openTradeStream(sim.endpoints, sim.account.apiKey, sim.account.secret);
  try {
    const { bid } = await touch(sim.endpoints);
    // A fractional quantity: the gateway sends it as a DAY order.
    const placed = await gw.submit(order({ clientOrderId: 7, orderType: OrderType.Limit, quantity: 0.5, limitPrice: cents(bid * 0.9) }));
    assert.is(placed.snapshot?.status, 'open');
    await waitUntil(() => stream.updates('tb-7').some((u) => u.event === 'expired'), 10_000, 'the close of the virtual session');
    const expired = await gw.fetchOrder(7, 'AAPL');
    assert.is(expired.status, 'expired');
    const update = stream.updates('tb-7').find((u) => u.event === 'expired')!;
    assert.is(update.order.time_in_force, 'day');
    assert.is(update.order.expired_at, '2024-03-04T21:00:00.000000Z', 'at the 16:00 New York close');
    assert.is(sim.ex.tradingStats.expired, 1);
  } finally {
    stream.close();
    await gw.close();
    await sim.ex.stop();
  }
});

test.run();
