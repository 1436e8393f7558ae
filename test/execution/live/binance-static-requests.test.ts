// Binance spot through CcxtOrderGateway makes exactly the requests ccxt's own static request tests
// expect for creating and cancelling orders (../shared/data/ccxt-static/request/binance.json): same
// host (testnet in sandbox, api.binance.com when live), path, method and parameters, apart from the
// per-run values ccxt skips too (timestamp, signature, client order id), and our client order id is
// the one sent.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CcxtOrderGateway } from '../../../src/execution/live/ccxt-order-gateway.js';
import { liveOrderFromStaticInput, staticCase, staticRequestDifferences, staticRequests } from '../../support/ccxt-static-cases.js';
import { fakeCredentials } from '../../support/fake-credentials.js';
import { venueTransport } from '../../support/venue-transport.js';

const file = staticRequests('binance');

const CREATE_CASES: readonly [description: string, sandbox: boolean][] = [
  ['Spot limit buy order', true],
  ['spot order with weird amount', true],
  ['spot order with weird price/amount', true],
  ['Spot limit buy with postOnly', false],
];

function gateway(sandbox: boolean) {
  const venue = venueTransport('binance', (request) => (request.method === 'POST'
    ? { body: { symbol: 'LTCUSDT', orderId: 464950, clientOrderId: 'tb-41', transactTime: 1, price: '50', origQty: '0.2', executedQty: '0', cummulativeQuoteQty: '0', status: 'NEW', timeInForce: 'GTC', type: 'LIMIT', side: 'BUY', fills: [] } }
    : { body: { symbol: 'LTCUSDT', orderId: 464950, origClientOrderId: 'tb-41', price: '50', origQty: '0.2', executedQty: '0', cummulativeQuoteQty: '0', status: 'CANCELED', timeInForce: 'GTC', type: 'LIMIT', side: 'BUY' } }));
  const gw = new CcxtOrderGateway({ venue: 'binance', credentials: fakeCredentials('binance'), sandbox, live: !sandbox, transport: venue.transport });
  return { gw, requests: venue.requests };
}

for (const [description, sandbox] of CREATE_CASES) {
  test(`createOrder "${description}" matches ccxt's static request`, async () => {
    if (file === null) return;
    const expected = staticCase(file, 'createOrder', description);
    const { gw, requests } = gateway(sandbox);
    try {
      const result = await gw.submit(liveOrderFromStaticInput(expected.input, 41));
      assert.is(requests.length, 1, 'one request for one order');
      const made = requests[0];
      assert.is(made.method, 'POST');
      assert.equal(staticRequestDifferences(file, expected, made), []);
      assert.is(new URLSearchParams(made.body).get('newClientOrderId'), 'tb-41', 'our client order id is the one sent');
      assert.is(made.headers['x-mbx-apikey'] !== undefined, true, 'the key travels in its header');
      assert.is(result.venueOrderId, '464950');
    } finally {
      await gw.close();
    }
  });
}

test(`cancelOrder "Spot cancelOrder" by venue order id matches ccxt's static request`, async () => {
  if (file === null) return;
  const expected = staticCase(file, 'cancelOrder', 'Spot cancelOrder');
  const [venueOrderId, symbol] = expected.input as [number, string];
  const { gw, requests } = gateway(true);
  try {
    const result = await gw.cancel(String(venueOrderId), symbol);
    assert.is(requests.length, 1);
    assert.is(requests[0].method, 'DELETE');
    assert.equal(staticRequestDifferences(file, expected, requests[0]), []);
    assert.is(result.outcome, 'cancelled', 'Binance answers a cancel with the cancelled order');
  } finally {
    await gw.close();
  }
});

test('cancel by our client order id asks for origClientOrderId instead of orderId, on the same spot path', async () => {
  if (file === null) return;
  const expected = staticCase(file, 'cancelOrder', 'Spot cancelOrder');
  const { gw, requests } = gateway(true);
  try {
    await gw.cancel(41, 'LTC/USDT');
    const made = new URL(requests[0].url);
    assert.is(`${made.origin}${made.pathname}`, expected.url.split('?')[0]);
    assert.is(made.searchParams.get('origClientOrderId'), 'tb-41');
    assert.is(made.searchParams.has('orderId'), false);
  } finally {
    await gw.close();
  }
});

test('a market buy is sized in base quantity: the static case\'s quoteOrderQty becomes quantity, the rest is equal', async () => {
  if (file === null) return;
  // ccxt turns (amount, price) on a spot market order into quoteOrderQty = amount x price; the
  // gateway sends no price with a market order, so Binance fills the quantity that was sized.
  const expected = staticCase(file, 'createOrder', 'Spot market buy order');
  const { gw, requests } = gateway(true);
  try {
    await gw.submit(liveOrderFromStaticInput(expected.input, 42));
    const stored = new URLSearchParams(expected.output);
    stored.delete('quoteOrderQty');
    stored.set('quantity', String(expected.input[3]));
    assert.equal(staticRequestDifferences(file, { ...expected, output: stored.toString() }, requests[0]), []);
  } finally {
    await gw.close();
  }
});

test.run();
