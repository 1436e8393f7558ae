// Alpaca refusing an order (403: buying power, account restrictions; 422: an invalid order) is an
// OrderRejected event carrying Alpaca's message, straight after submission (the only place the
// order state machine allows it); bad keys (401) are an error, not a rejection.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AlpacaOrderGateway } from '../../../src/execution/live/alpaca-order-gateway.js';
import { LiveGatewayError } from '../../../src/execution/live/gateway-error.js';
import type { LiveOrder } from '../../../src/execution/live/live-order.js';
import { OrderEventKind, OrderState, OrderTable } from '../../../src/execution/order-state-machine.js';
import { OrderEventType, OrderType, Side, TimeInForce } from '../../../src/shm/records.js';
import { withAlpacaGateway } from '../../support/alpaca-loopback.js';
import { fakeCredentials } from '../../support/fake-credentials.js';

const order: LiveOrder = { clientOrderId: 31, symbol: 'TSLA', side: Side.Buy, orderType: OrderType.Limit, timeInForce: TimeInForce.GTC, quantity: 1000, limitPrice: 250 };

for (const [status, code, message] of [[403, 40310000, 'insufficient buying power'], [422, 42210000, 'qty must be > 0']] as const) {
  test(`HTTP ${status}: OrderRejected with Alpaca's message, no order id, and a legal transition from submitted`, () => withAlpacaGateway(async (server, gw) => {
    server.rejectNext(status, { code, message });
    const result = await gw.submit(order);
    assert.is(result.venueOrderId, null);
    assert.is(result.events.length, 1);
    const [rejected] = result.events;
    assert.is(rejected.event, OrderEventType.Rejected);
    assert.is(rejected.clientOrderId, 31);
    assert.match(rejected.reason, message);
    assert.is(server.orders.size, 0);

    const table = new OrderTable(4);
    const slot = table.open(31, 0, Side.Buy, 1000, 250, 0);
    table.apply(slot, OrderEventKind.Submitted, 1);
    assert.is(table.apply(slot, OrderEventKind.Rejected, 2), 0);
    assert.is(table.state(slot), OrderState.Rejected);
  }));
}

test('HTTP 401 (keys refused) throws an auth error instead of rejecting the order', () => withAlpacaGateway(async (server) => {
  const wrongKeys = new AlpacaOrderGateway({ credentials: fakeCredentials('alpaca'), baseUrl: server.url, timeoutMs: 2000 });
  const error = await wrongKeys.submit(order).then(() => null, (e: unknown) => e);
  assert.instance(error, LiveGatewayError);
  assert.is((error as LiveGatewayError).failure, 'auth');
  assert.match((error as LiveGatewayError).message, /not authorized/);
}));

test.run();
