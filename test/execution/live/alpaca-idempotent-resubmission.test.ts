// Resubmitting an order with the same client order id never makes a second Alpaca order: Alpaca
// refuses the reused client_order_id (422) and the gateway answers with the order the id already
// names, both after a normal answer and after an answer lost on the way back.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LiveGatewayError } from '../../../src/execution/live/gateway-error.js';
import type { LiveOrder } from '../../../src/execution/live/live-order.js';
import { OrderEventType, OrderType, Side, TimeInForce } from '../../../src/shm/records.js';
import { withAlpacaGateway } from '../../support/alpaca-loopback.js';

const order: LiveOrder = { clientOrderId: 21, symbol: 'MSFT', side: Side.Buy, orderType: OrderType.Limit, timeInForce: TimeInForce.GTC, quantity: 3, limitPrice: 410 };

test('the same client order id twice: one order, the second answer names it', () => withAlpacaGateway(async (server, gw) => {
  const first = await gw.submit(order);
  const second = await gw.submit(order);
  assert.is(server.orders.size, 1, 'one order at the venue');
  assert.is(second.duplicate, true);
  assert.is(second.venueOrderId, first.venueOrderId);
  assert.equal(second.events.map((e) => e.event), [OrderEventType.Accepted]);
}));

test('an answer lost on the way back: the error says the outcome is unknown; the resubmission finds the order', () => withAlpacaGateway(async (server, gw) => {
  server.loseNextAnswer();
  const lost = await gw.submit(order).then(() => null, (error: unknown) => error);
  assert.instance(lost, LiveGatewayError);
  assert.is((lost as LiveGatewayError).failure, 'network');
  assert.is((lost as LiveGatewayError).outcomeUnknown, true);
  const again = await gw.submit(order);
  assert.is(server.orders.size, 1, 'still one order at the venue');
  assert.is(again.duplicate, true);
  assert.is(again.venueOrderId, [...server.orders.keys()][0]);
}));

test.run();
