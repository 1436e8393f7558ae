// A crypto gateway loads the venue's markets before its first order. When that fails (a 503, a
// timeout) the order never left: the submit fails as "not sent", with a known outcome, so the
// executor books it not placed at once instead of looking for an order that cannot exist.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CcxtOrderGateway } from '../../../src/execution/live/ccxt-order-gateway.js';
import { LiveGatewayError } from '../../../src/execution/live/gateway-error.js';
import { VenueExecution } from '../../../src/execution/live/venue-execution.js';
import { OrderEventType, OrderType, Side, TimeInForce } from '../../../src/shm/records.js';
import { waitUntil } from '../../support/deadline.js';
import { fakeCredentials } from '../../support/fake-credentials.js';
import { CollectingSink, intent } from '../paper-fill-engine-fixture.js';

function unavailableVenue() {
  const paths: string[] = [];
  const transport = async (url: string): Promise<Response> => {
    paths.push(new URL(url).pathname);
    return new Response('<html>503 Service Temporarily Unavailable</html>', { status: 503 });
  };
  const gw = new CcxtOrderGateway({ venue: 'binance', credentials: fakeCredentials('binance'), sandbox: true, transport });
  return { gw, paths };
}

test('markets that cannot be loaded fail the submit as not sent, with a known outcome', async () => {
  const { gw, paths } = unavailableVenue();
  try {
    const error = await gw.submit({
      clientOrderId: 5, symbol: 'BTC/USDT', side: Side.Buy, orderType: OrderType.Market, timeInForce: TimeInForce.IOC, quantity: 0.01, limitPrice: NaN,
    }).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof LiveGatewayError, String(error));
    assert.is((error as LiveGatewayError).outcomeUnknown, false);
    assert.is.not((error as LiveGatewayError).failure, 'network');
    assert.match((error as LiveGatewayError).message, /^binance: order 5 not sent: /);
    assert.not.ok(paths.includes('/api/v3/order'), 'no order request was made');
  } finally {
    await gw.close();
  }
});

test('the executor books such an order not placed without looking it up', async () => {
  const { gw } = unavailableVenue();
  const logs: string[] = [];
  const ex = new VenueExecution({
    gateway: gw, symbols: ['BTC/USDT'], feeBps: 10, makerFeeBps: 2, orderStyle: 'taker', makerTtlMs: 0, maxOpenOrders: 4,
    rejects: new Float64Array(5), onPending: () => {}, log: (m) => logs.push(m), lookupRetryMs: 5, lookupAttempts: 3,
  });
  const sink = new CollectingSink();
  try {
    ex.submit(intent({ id: 6, side: 1, qty: 0.01, price: 65_000, origin: 1 }), 0, sink);
    await waitUntil(() => ex.pending() > 0, 5_000, 'the order to end');
    ex.drain(sink, new Float64Array([1.7e15]), 0);
    assert.equal(sink.events.map((e) => e.event), [OrderEventType.Submitted, OrderEventType.Rejected]);
    assert.is(ex.stats.lookups, 0);
    assert.is(ex.stats.notPlaced, 1);
    assert.ok(logs.some((l) => /order 6 \(BTC\/USDT\) not placed: binance: order 6 not sent/.test(l)), logs.join('\n'));
  } finally {
    await gw.close();
  }
});

test.run();
