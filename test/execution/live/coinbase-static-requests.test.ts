// Coinbase Advanced Trade through CcxtOrderGateway makes exactly the requests ccxt's own static
// request tests expect for creating and cancelling orders (../shared/data/ccxt-static/request/
// coinbase.json): URL, method and JSON body, apart from client_order_id, whose value ccxt skips
// (it is random there) and which here must be ours. The key travels as a signed JWT bearer token.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CcxtOrderGateway } from '../../../src/execution/live/ccxt-order-gateway.js';
import { liveOrderFromStaticInput, staticCase, staticRequestDifferences, staticRequests } from '../../support/ccxt-static-cases.js';
import { fakeCredentials } from '../../support/fake-credentials.js';
import { venueTransport } from '../../support/venue-transport.js';

const file = staticRequests('coinbase');

const CREATE_CASES = [
  'spot limit buy',
  'Spot market buy', // quantity 1 at the sizing price 5: Coinbase spends quote_size 5
  'Spot market sell',
  'Spot limit buy with postOnly',
  'create limit IOC order',
  "timeInForce='FOK'",
];

function gateway() {
  const venue = venueTransport('coinbase', (request) => (request.url.endsWith('/batch_cancel')
    ? { body: { results: [{ success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id: JSON.parse(request.body ?? '{}').order_ids?.[0] }] } }
    : { body: { success: true, order_id: 'c0ffee00-0000-4000-8000-000000000001', success_response: { order_id: 'c0ffee00-0000-4000-8000-000000000001', product_id: 'ADA-USDT', side: 'BUY', client_order_id: 'tb-52' } } }));
  // Advanced Trade has no sandbox: every coinbase gateway is live (the transport keeps this one offline).
  const gw = new CcxtOrderGateway({ venue: 'coinbase', credentials: fakeCredentials('coinbase'), live: true, transport: venue.transport });
  return { gw, requests: venue.requests };
}

for (const description of CREATE_CASES) {
  test(`createOrder "${description}" matches ccxt's static request`, async () => {
    if (file === null) return;
    const expected = staticCase(file, 'createOrder', description);
    const { gw, requests } = gateway();
    try {
      const result = await gw.submit(liveOrderFromStaticInput(expected.input, 52));
      assert.is(requests.length, 1, 'one request for one order');
      assert.is(requests[0].method, 'POST');
      assert.equal(staticRequestDifferences(file, expected, requests[0]), []);
      assert.is(JSON.parse(requests[0].body ?? '{}').client_order_id, 'tb-52', 'our client order id is the one sent');
      assert.match(requests[0].headers['authorization'] ?? '', /^Bearer eyJ/, 'signed as a JWT');
      assert.is(result.venueOrderId, 'c0ffee00-0000-4000-8000-000000000001');
      assert.is(result.events.length, 1, 'an acknowledged order is accepted');
    } finally {
      await gw.close();
    }
  });
}

for (const description of ['cancel order', 'cancel stop order']) {
  test(`cancelOrder "${description}" matches ccxt's static request`, async () => {
    if (file === null) return;
    const expected = staticCase(file, 'cancelOrder', description);
    const [venueOrderId, symbol] = expected.input as [string, string];
    const { gw, requests } = gateway();
    try {
      const result = await gw.cancel(venueOrderId, symbol);
      assert.is(requests.length, 1);
      assert.is(requests[0].method, 'POST', 'Advanced Trade cancels through batch_cancel');
      assert.equal(staticRequestDifferences(file, expected, requests[0]), []);
      assert.is(result.outcome, 'requested');
      assert.is(result.venueOrderId, venueOrderId);
    } finally {
      await gw.close();
    }
  });
}

test('cancel by our client order id uses the venue id the submission returned', async () => {
  if (file === null) return;
  const { gw, requests } = gateway();
  try {
    await gw.submit(liveOrderFromStaticInput(staticCase(file, 'createOrder', 'spot limit buy').input, 52));
    await gw.cancel(52, 'ADA/USDT');
    assert.equal(JSON.parse(requests[1].body ?? '{}'), { order_ids: ['c0ffee00-0000-4000-8000-000000000001'] });
  } finally {
    await gw.close();
  }
});

test.run();
