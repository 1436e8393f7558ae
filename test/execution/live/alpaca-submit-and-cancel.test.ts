// Alpaca over a real loopback HTTP server: an order goes out as Alpaca's order JSON with our
// client order id and both key headers, comes back accepted, its fills become fill events, and a
// cancel (by venue id or by our client order id) is a DELETE that Alpaca confirms on a later read.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LiveOrder } from '../../../src/execution/live/live-order.js';
import { orderEventsBetween } from '../../../src/execution/live/venue-order-events.js';
import { OrderEventType, OrderType, Side, TimeInForce } from '../../../src/shm/records.js';
import { withAlpacaGateway } from '../../support/alpaca-loopback.js';

const order = (clientOrderId: number, over: Partial<LiveOrder> = {}): LiveOrder => ({
  clientOrderId, symbol: 'AAPL', side: Side.Buy, orderType: OrderType.Limit, timeInForce: TimeInForce.GTC, quantity: 10, limitPrice: 187.5, ...over,
});

test('submit: one POST /v2/orders with Alpaca order JSON, our client order id and both key headers; accepted', () => withAlpacaGateway(async (server, gw) => {
  const result = await gw.submit(order(7));
  assert.is(server.requests.length, 1);
  const [request] = server.requests;
  assert.is(request.method, 'POST');
  assert.is(request.path, '/v2/orders');
  assert.equal(JSON.parse(request.body), { symbol: 'AAPL', qty: '10', side: 'buy', type: 'limit', time_in_force: 'gtc', client_order_id: 'tb-7', limit_price: '187.5' });
  assert.ok(request.headers['apca-api-key-id'], 'key id header sent');
  assert.ok(request.headers['apca-api-secret-key'], 'secret key header sent');
  assert.is(result.duplicate, false);
  assert.ok(server.orders.has(result.venueOrderId ?? ''), 'the venue order id is the one Alpaca assigned');
  assert.equal(result.events.map((e) => e.event), [OrderEventType.Accepted]);
  assert.is(result.events[0].clientOrderId, 7);
  assert.is(result.events[0].leavesQty, 10);
}));

test('a fractional market sell goes out as a day order (Alpaca takes fractions only as day orders)', () => withAlpacaGateway(async (server, gw) => {
  await gw.submit(order(8, { side: Side.Sell, orderType: OrderType.Market, quantity: 0.5, limitPrice: NaN }));
  assert.equal(JSON.parse(server.requests[0].body), { symbol: 'AAPL', qty: '0.5', side: 'sell', type: 'market', time_in_force: 'day', client_order_id: 'tb-8' });
}));

test('fills reported by fetchOrder become a partial fill then a fill at the traded prices', () => withAlpacaGateway(async (server, gw) => {
  const submitted = await gw.submit(order(9));
  const id = submitted.venueOrderId ?? '';
  server.fill(id, 4, 187.5);
  const partly = await gw.fetchOrder(id, 'AAPL');
  const first = orderEventsBetween(9, 10, submitted.snapshot, partly);
  assert.equal(first.map((e) => [e.event, e.lastQty, e.lastPrice, e.cumQty, e.leavesQty]), [[OrderEventType.PartiallyFilled, 4, 187.5, 4, 6]]);
  server.fill(id, 6, 187.4);
  const done = await gw.fetchOrder(9, 'AAPL'); // by our client order id this time
  const second = orderEventsBetween(9, 10, partly, done);
  assert.is(second.length, 1);
  assert.is(second[0].event, OrderEventType.Filled);
  assert.is(second[0].lastQty, 6);
  assert.ok(Math.abs(second[0].lastPrice - 187.4) < 1e-9, `last price ${second[0].lastPrice}`);
}));

test('cancel by venue id: DELETE /v2/orders/{id}, requested; the next read shows it cancelled', () => withAlpacaGateway(async (server, gw) => {
  const submitted = await gw.submit(order(10));
  const id = submitted.venueOrderId ?? '';
  const cancel = await gw.cancel(id, 'AAPL');
  assert.is(cancel.outcome, 'requested');
  const last = server.requests[server.requests.length - 1];
  assert.is(last.method, 'DELETE');
  assert.is(last.path, `/v2/orders/${id}`);
  const after = await gw.fetchOrder(id, 'AAPL');
  assert.equal(orderEventsBetween(10, 10, submitted.snapshot, after).map((e) => e.event), [OrderEventType.Cancelled]);
}));

test('cancel by our client order id looks the order up by client_order_id first; a filled order is refused with the venue\'s words', () => withAlpacaGateway(async (server, gw) => {
  const submitted = await gw.submit(order(11));
  server.fill(submitted.venueOrderId ?? '', 10, 187.5);
  const cancel = await gw.cancel(11, 'AAPL');
  assert.equal(server.requests.slice(1).map((r) => `${r.method} ${r.path}`), [
    'GET /v2/orders:by_client_order_id?client_order_id=tb-11', `DELETE /v2/orders/${submitted.venueOrderId}`,
  ]);
  assert.is(cancel.outcome, 'refused');
  assert.match(cancel.reason, /not cancelable/);
}));

test.run();
