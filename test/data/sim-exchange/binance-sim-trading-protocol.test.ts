// The simulated exchange's Binance trading API at the wire, with requests signed by hand:
// exchangeInfo, the request security (key, signature, timestamp window), the filters and error
// codes, the order/openOrders/myTrades shapes and the listen-key lifecycle.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { fetchWithin, withDeadline } from '../../support/deadline.js';
import { signedRequest, startTradingSim, touch } from './binance-sim-trading-client.js';

test('exchangeInfo lists the symbol with Binance\'s filters', async () => {
  const sim = await startTradingSim({ symbols: ['BTC/USDT', 'DOGE/USDT'], startPrices: { 'BTC/USDT': 65000, 'DOGE/USDT': 0.15 } });
  try {
    const info = await (await fetchWithin(`${sim.endpoints.restUrl}/api/v3/exchangeInfo`)).json() as { timezone: string; symbols: Array<Record<string, unknown>> };
    assert.is(info.timezone, 'UTC');
    const [btc, doge] = info.symbols;
    assert.equal([btc.symbol, btc.baseAsset, btc.quoteAsset, btc.status], ['BTCUSDT', 'BTC', 'USDT', 'TRADING']);
    assert.equal(btc.filters, [
      { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
      { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
      { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
    ]);
    assert.equal(btc.permissionSets, [['SPOT']]);
    assert.is(doge.symbol, 'DOGEUSDT');
    assert.is((doge.filters as Array<Record<string, string>>)[1].stepSize, '1.00000000');
  } finally {
    await sim.ex.stop();
  }
});

test('the key, the signature and the timestamp window are checked as Binance checks them', async () => {
  const sim = await startTradingSim();
  const { restUrl } = sim.endpoints;
  try {
    const good = await signedRequest(restUrl, 'GET', '/api/v3/openOrders', {}, sim.account);
    assert.equal(good, { status: 200, json: [] });
    const wrongKey = await signedRequest(restUrl, 'GET', '/api/v3/openOrders', {}, { ...sim.account, apiKey: 'nope' });
    assert.equal(wrongKey, { status: 401, json: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' } });
    const wrongSecret = await signedRequest(restUrl, 'GET', '/api/v3/openOrders', {}, { ...sim.account, secret: 'nope' });
    assert.equal(wrongSecret, { status: 400, json: { code: -1022, msg: 'Signature for this request is not valid.' } });
    const old = await signedRequest(restUrl, 'GET', '/api/v3/openOrders', {}, sim.account, Date.now() - 6000);
    assert.equal(old, { status: 400, json: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' } });
    const widened = await signedRequest(restUrl, 'GET', '/api/v3/openOrders', { recvWindow: 10_000 }, sim.account, Date.now() - 6000);
    assert.is(widened.status, 200, 'a wider recvWindow takes the same timestamp');
    const unsigned = await fetchWithin(`${restUrl}/api/v3/openOrders?timestamp=${Date.now()}`, 5000, { headers: { 'X-MBX-APIKEY': sim.account.apiKey } });
    assert.equal([unsigned.status, await unsigned.json()], [400, { code: -1022, msg: 'Signature for this request is not valid.' }]);
    assert.is(sim.ex.tradingStats.rejectedRequests, 4);

    const none = await startTradingSim({ account: null });
    try {
      const refused = await signedRequest(none.endpoints.restUrl, 'GET', '/api/v3/openOrders', {}, sim.account);
      assert.equal(refused, { status: 401, json: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' } });
    } finally {
      await none.ex.stop();
    }
  } finally {
    await sim.ex.stop();
  }
});

test('orders are validated with Binance\'s codes and messages', async () => {
  const sim = await startTradingSim();
  const { restUrl } = sim.endpoints;
  const place = (params: Record<string, string | number>) => signedRequest(restUrl, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', ...params }, sim.account);
  try {
    const { bid } = await touch(restUrl);
    const below = (bid * 0.9).toFixed(2);
    assert.equal((await place({ symbol: 'NOPEUSDT', type: 'MARKET', quantity: '0.001' })).json, { code: -1121, msg: 'Invalid symbol.' });
    assert.equal((await place({ type: 'LIMIT', timeInForce: 'GTC', price: below })).json, { code: -1102, msg: "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed." });
    assert.equal((await place({ type: 'LIMIT', timeInForce: 'GTC', price: below, quantity: '0.000015' })).json, { code: -1013, msg: 'Filter failure: LOT_SIZE' });
    assert.equal((await place({ type: 'LIMIT', timeInForce: 'GTC', price: below, quantity: '0.00001' })).json, { code: -1013, msg: 'Filter failure: NOTIONAL' });
    assert.equal((await place({ type: 'LIMIT', timeInForce: 'GTC', price: '60000.005', quantity: '0.001' })).json, { code: -1013, msg: 'Filter failure: PRICE_FILTER' });

    const first = await place({ type: 'LIMIT', timeInForce: 'GTC', price: below, quantity: '0.001', newClientOrderId: 'mine-1', newOrderRespType: 'FULL' });
    assert.is(first.status, 200);
    const body = first.json as Record<string, unknown>;
    assert.equal(Object.keys(body), ['symbol', 'orderId', 'orderListId', 'clientOrderId', 'transactTime', 'price', 'origQty', 'executedQty',
      'origQuoteOrderQty', 'cummulativeQuoteQty', 'status', 'timeInForce', 'type', 'side', 'workingTime', 'fills', 'selfTradePreventionMode']);
    assert.equal([body.price, body.origQty, body.executedQty, body.status, body.fills], [`${below}000000`, '0.00100000', '0.00000000', 'NEW', []]);
    const dup = await place({ type: 'LIMIT', timeInForce: 'GTC', price: below, quantity: '0.001', newClientOrderId: 'mine-1' });
    assert.equal(dup, { status: 400, json: { code: -2010, msg: 'Duplicate order sent.' } });

    const unknownCancel = await signedRequest(restUrl, 'DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId: 999 }, sim.account);
    assert.equal(unknownCancel, { status: 400, json: { code: -2011, msg: 'Unknown order sent.' } });
    const unknownQuery = await signedRequest(restUrl, 'GET', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'nobody' }, sim.account);
    assert.equal(unknownQuery, { status: 400, json: { code: -2013, msg: 'Order does not exist.' } });
  } finally {
    await sim.ex.stop();
  }
});

test('order, openOrders and myTrades answer in Binance\'s shapes', async () => {
  const sim = await startTradingSim({ takerFeeRate: 0.002 });
  const { restUrl } = sim.endpoints;
  try {
    const { bid } = await touch(restUrl);
    const resting = await signedRequest(restUrl, 'POST', '/api/v3/order',
      { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: (bid * 0.9).toFixed(2), quantity: '0.001' }, sim.account);
    const restingId = (resting.json as { orderId: number }).orderId;
    const bought = await signedRequest(restUrl, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '100' }, sim.account);
    const market = bought.json as { orderId: number; status: string; origQuoteOrderQty: string; cummulativeQuoteQty: string; fills: Array<{ commission: string; qty: string; price: string }> };
    assert.is(market.status, 'FILLED');
    assert.is(market.origQuoteOrderQty, '100.00000000');
    assert.ok(Number(market.cummulativeQuoteQty) <= 100 && Number(market.cummulativeQuoteQty) > 99, market.cummulativeQuoteQty);
    const fill = market.fills[0];
    assert.is(fill.commission, (Number(fill.qty) * Number(fill.price) * 0.002).toFixed(8), 'taker fee on the quote notional');

    const open = await signedRequest(restUrl, 'GET', '/api/v3/openOrders', { symbol: 'BTCUSDT' }, sim.account);
    const rows = open.json as Array<Record<string, unknown>>;
    assert.is(rows.length, 1);
    assert.equal(Object.keys(rows[0]), ['symbol', 'orderId', 'orderListId', 'clientOrderId', 'price', 'origQty', 'executedQty', 'cummulativeQuoteQty',
      'status', 'timeInForce', 'type', 'side', 'stopPrice', 'icebergQty', 'time', 'updateTime', 'isWorking', 'workingTime', 'origQuoteOrderQty',
      'selfTradePreventionMode']);
    assert.equal([rows[0].orderId, rows[0].status, rows[0].stopPrice], [restingId, 'NEW', '0.00000000']);

    const trades = await signedRequest(restUrl, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSDT' }, sim.account);
    const list = trades.json as Array<Record<string, unknown>>;
    assert.is(list.length, market.fills.length);
    assert.equal(Object.keys(list[0]), ['symbol', 'id', 'orderId', 'orderListId', 'price', 'qty', 'quoteQty', 'commission', 'commissionAsset', 'time',
      'isBuyer', 'isMaker', 'isBestMatch']);
    assert.equal([list[0].orderId, list[0].isBuyer, list[0].isMaker, list[0].commissionAsset], [market.orderId, true, false, 'USDT']);
    const later = await signedRequest(restUrl, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSDT', fromId: Number(list[0].id) + 1, limit: 1 }, sim.account);
    assert.is((later.json as unknown[]).length, Math.min(1, list.length - 1));

    const cancelled = await signedRequest(restUrl, 'DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId: restingId }, sim.account);
    const c = cancelled.json as Record<string, unknown>;
    assert.equal([c.status, c.orderId, c.origClientOrderId === (resting.json as { clientOrderId: string }).clientOrderId], ['CANCELED', restingId, true]);
    assert.equal((await signedRequest(restUrl, 'GET', '/api/v3/openOrders', {}, sim.account)).json, []);
  } finally {
    await sim.ex.stop();
  }
});

test('listen keys: created with the API key, kept alive and deleted; an unknown one is closed 1008', async () => {
  const sim = await startTradingSim();
  const { restUrl, wsUrl } = sim.endpoints;
  const keyed = { 'X-MBX-APIKEY': sim.account.apiKey };
  try {
    const noKey = await fetchWithin(`${restUrl}/api/v3/userDataStream`, 5000, { method: 'POST' });
    assert.equal([noKey.status, await noKey.json()], [401, { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' }]);
    const { listenKey } = await (await fetchWithin(`${restUrl}/api/v3/userDataStream`, 5000, { method: 'POST', headers: keyed })).json() as { listenKey: string };
    assert.match(listenKey, /^[A-Za-z0-9]{60}$/);
    const kept = await fetchWithin(`${restUrl}/api/v3/userDataStream?listenKey=${listenKey}`, 5000, { method: 'PUT', headers: keyed });
    assert.equal([kept.status, await kept.json()], [200, {}]);
    const unknown = await fetchWithin(`${restUrl}/api/v3/userDataStream?listenKey=nope`, 5000, { method: 'PUT', headers: keyed });
    assert.equal([unknown.status, await unknown.json()], [400, { code: -1125, msg: 'This listenKey does not exist.' }]);

    const ws = new WebSocket(`${wsUrl}/ws/${listenKey}`);
    try {
      await withDeadline(new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); }), 5000, 'the stream to open');
      const closed = new Promise<number>((resolve) => ws.once('close', resolve));
      const deleted = await fetchWithin(`${restUrl}/api/v3/userDataStream?listenKey=${listenKey}`, 5000, { method: 'DELETE', headers: keyed });
      assert.equal([deleted.status, await deleted.json()], [200, {}]);
      await withDeadline(closed, 5000, 'the deleted key\'s socket to close');
    } finally {
      ws.terminate();
    }

    const stranger = new WebSocket(`${wsUrl}/ws/${listenKey}`);
    try {
      const code = await withDeadline(new Promise<number>((resolve) => stranger.once('close', resolve)), 5000, 'the unknown key to be closed');
      assert.is(code, 1008);
    } finally {
      stranger.terminate();
    }
  } finally {
    await sim.ex.stop();
  }
});

test.run();
