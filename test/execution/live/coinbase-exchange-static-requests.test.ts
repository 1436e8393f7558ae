// Coinbase Exchange through CcxtOrderGateway makes the requests ccxt's own static request tests
// expect (../shared/data/ccxt-static/request/coinbaseexchange.json), with two known differences:
// the venue moved from api.pro.coinbase.com (the file predates the rename) to
// api.exchange.coinbase.com, and every order here also carries client_oid, our client order id as
// a UUID, which the stored cases do not send.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CcxtOrderGateway } from '../../../src/execution/live/ccxt-order-gateway.js';
import { venueClientOrderUuid } from '../../../src/execution/live/live-order.js';
import { liveOrderFromStaticInput, staticCase, staticRequestDifferences, staticRequests } from '../../support/ccxt-static-cases.js';
import { fakeCredentials } from '../../support/fake-credentials.js';
import { venueTransport } from '../../support/venue-transport.js';

const file = staticRequests('coinbaseexchange');
const RENAMED = { 'https://api.pro.coinbase.com': 'https://api.exchange.coinbase.com' };

function gateway() {
  const venue = venueTransport('coinbaseexchange', () => ({
    body: { id: '81072801-6509-408a-9ed5-e03906040f62', product_id: 'XRP-USDT', side: 'buy', type: 'limit', price: '0.5', size: '5', filled_size: '0', status: 'pending', settled: false, created_at: '2024-01-01T00:00:00Z' },
  }));
  const gw = new CcxtOrderGateway({ venue: 'coinbaseexchange', credentials: fakeCredentials('coinbaseexchange'), sandbox: false, live: true, transport: venue.transport });
  return { gw, requests: venue.requests };
}

for (const description of ['Spot limit buy', 'Spot market buy', 'Spot market sell', 'Spot limit buy with postOnly']) {
  test(`createOrder "${description}" matches ccxt's static request plus our client_oid`, async () => {
    if (file === null) return;
    const expected = staticCase(file, 'createOrder', description);
    const { gw, requests } = gateway();
    try {
      await gw.submit(liveOrderFromStaticInput(expected.input, 63));
      assert.is(requests.length, 1);
      assert.is(requests[0].method, 'POST');
      const extraKeys = { client_oid: venueClientOrderUuid('tb-', 63) };
      assert.equal(staticRequestDifferences(file, expected, requests[0], { extraKeys, renamedOrigins: RENAMED }), []);
      assert.ok(requests[0].headers['cb-access-sign'], 'signed');
    } finally {
      await gw.close();
    }
  });
}

test(`cancelOrder "Cancel spot order" matches ccxt's static request`, async () => {
  if (file === null) return;
  const expected = staticCase(file, 'cancelOrder', 'Cancel spot order');
  const [venueOrderId, symbol] = expected.input as [string, string];
  const { gw, requests } = gateway();
  try {
    await gw.cancel(venueOrderId, symbol);
    assert.is(requests.length, 1);
    assert.is(requests[0].method, 'DELETE');
    assert.equal(staticRequestDifferences(file, expected, requests[0], { renamedOrigins: RENAMED }), []);
  } finally {
    await gw.close();
  }
});

test.run();
