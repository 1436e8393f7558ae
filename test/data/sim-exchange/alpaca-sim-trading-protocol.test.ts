// The simulated Alpaca trading API and stream at the protocol level, with plain fetch and `ws`:
// Alpaca's Order entity field by field, its error bodies and status codes, order listing and
// cancel-all, and the trading stream's authorization, listen and fault behaviour.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { waitUntil } from '../../support/deadline.js';
import { alpacaRequest, connectTradeStream, openTradeStream, startAlpacaTradingSim, touch } from './alpaca-sim-trading-client.js';

type Json = Record<string, unknown>;
const RFC3339_MICROS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('POST /v2/orders answers Alpaca\'s Order entity; GET by id, by client order id and the list agree', async () => {
  const sim = await startAlpacaTradingSim();
  try {
    const { bid } = await touch(sim.endpoints);
    const limit = (Math.round(bid * 90) / 100).toFixed(2);
    const body = { symbol: 'AAPL', qty: '2', side: 'buy', type: 'limit', time_in_force: 'gtc', limit_price: limit, client_order_id: 'p-1' };
    const placed = await alpacaRequest(sim.endpoints.restUrl, 'POST', '/v2/orders', sim.account, body);
    assert.is(placed.status, 200);
    const o = placed.json as Json;
    assert.match(String(o.id), UUID);
    assert.match(String(o.asset_id), UUID);
    for (const k of ['created_at', 'updated_at', 'submitted_at']) assert.match(String(o[k]), RFC3339_MICROS, k);
    for (const k of ['filled_at', 'expired_at', 'canceled_at', 'failed_at', 'notional', 'filled_avg_price', 'stop_price', 'legs', 'trail_percent', 'trail_price', 'hwm', 'source']) {
      assert.is(o[k], null, k);
    }
    assert.equal(
      [o.client_order_id, o.symbol, o.asset_class, o.qty, o.filled_qty, o.order_class, o.order_type, o.type, o.side, o.time_in_force, o.limit_price, o.status, o.extended_hours],
      ['p-1', 'AAPL', 'us_equity', '2', '0', '', 'limit', 'limit', 'buy', 'gtc', String(Number(limit)), 'new', false],
    );
    assert.is(o.position_intent, 'buy_to_open');

    const byId = await alpacaRequest(sim.endpoints.restUrl, 'GET', `/v2/orders/${String(o.id)}`, sim.account);
    assert.is(byId.status, 200);
    assert.equal(byId.json, o);
    const byClient = await alpacaRequest(sim.endpoints.restUrl, 'GET', '/v2/orders:by_client_order_id?client_order_id=p-1', sim.account);
    assert.equal(byClient.json, o);
    const market = await alpacaRequest(sim.endpoints.restUrl, 'POST', '/v2/orders', sim.account, { symbol: 'MSFT', qty: 1, side: 'sell', type: 'market', time_in_force: 'day' });
    assert.is((market.json as Json).status, 'filled');
    assert.is((market.json as Json).position_intent, 'sell_to_close');
    assert.type((market.json as Json).filled_avg_price, 'string');
    assert.type((market.json as Json).client_order_id, 'string', 'the venue makes a client order id when none is sent');

    const open = await alpacaRequest(sim.endpoints.restUrl, 'GET', '/v2/orders?status=open', sim.account);
    assert.equal((open.json as Json[]).map((x) => x.id), [o.id]);
    const closed = await alpacaRequest(sim.endpoints.restUrl, 'GET', '/v2/orders?status=closed&limit=10', sim.account);
    assert.equal((closed.json as Json[]).map((x) => x.symbol), ['MSFT']);
    const all = await alpacaRequest(sim.endpoints.restUrl, 'GET', '/v2/orders?status=all&direction=asc', sim.account);
    assert.equal((all.json as Json[]).map((x) => x.symbol), ['AAPL', 'MSFT']);

    const cancelAll = await alpacaRequest(sim.endpoints.restUrl, 'DELETE', '/v2/orders', sim.account);
    assert.is(cancelAll.status, 207);
    assert.equal((cancelAll.json as Json[]).map((x) => [x.id, x.status, (x.body as Json).status]), [[o.id, 200, 'canceled']]);
  } finally {
    await sim.ex.stop();
  }
});

test('refusals carry Alpaca\'s status codes and {code, message} bodies', async () => {
  const sim = await startAlpacaTradingSim();
  const url = sim.endpoints.restUrl;
  const post = (body: Json) => alpacaRequest(url, 'POST', '/v2/orders', sim.account, { symbol: 'AAPL', qty: '1', side: 'buy', type: 'market', time_in_force: 'day', ...body });
  try {
    await touch(sim.endpoints); // the market has quoted: a market order fills at once
    assert.equal(await alpacaRequest(url, 'GET', '/v2/orders', null), { status: 401, json: { code: 40110000, message: 'request is not authorized' } });
    assert.equal(await alpacaRequest(url, 'GET', '/v2/orders', { apiKey: sim.account.apiKey, secret: 'nope' }), { status: 401, json: { code: 40110000, message: 'request is not authorized' } });
    const refusal = (message: string) => ({ status: 422, json: { code: 40010001, message } });
    assert.equal(await post({ symbol: 'XYZ' }), refusal('asset "XYZ" not found'));
    assert.equal(await post({ qty: '0' }), refusal('qty must be > 0'));
    assert.equal(await post({ qty: '0.5', time_in_force: 'gtc' }), refusal('fractional orders must be DAY orders'));
    assert.equal(await post({ type: 'limit' }), refusal('limit_price is required for limit orders'));
    assert.equal((await post({ type: 'limit', limit_price: '150.001' })).status, 422, 'sub-penny');
    assert.equal((await post({ side: 'short' })).status, 422);
    assert.equal((await post({ time_in_force: 'opg' })).status, 422);
    assert.equal(await post({ client_order_id: 'dup' }), { status: 200, json: (await alpacaRequest(url, 'GET', '/v2/orders:by_client_order_id?client_order_id=dup', sim.account)).json });
    assert.equal(await post({ client_order_id: 'dup' }), refusal('client_order_id must be unique'));

    const notFound = { status: 404, json: { code: 40410000, message: 'order not found' } };
    assert.equal(await alpacaRequest(url, 'GET', '/v2/orders/00000000-0000-4000-8000-000000000000', sim.account), notFound);
    assert.equal(await alpacaRequest(url, 'DELETE', '/v2/orders/00000000-0000-4000-8000-000000000000', sim.account), notFound);
    assert.equal(await alpacaRequest(url, 'GET', '/v2/orders:by_client_order_id?client_order_id=none', sim.account), notFound);
    const filled = (await alpacaRequest(url, 'GET', '/v2/orders:by_client_order_id?client_order_id=dup', sim.account)).json as Json;
    assert.is(filled.status, 'filled');
    assert.equal(await alpacaRequest(url, 'DELETE', `/v2/orders/${String(filled.id)}`, sim.account), { status: 422, json: { code: 42210000, message: 'order is not cancelable' } });
    assert.is(sim.ex.tradingStats.orders, 1);
  } finally {
    await sim.ex.stop();
  }
});

test('trading stream: authorize (both message forms), listen, and refuse a wrong key by closing', async () => {
  const sim = await startAlpacaTradingSim();
  const good = await connectTradeStream(sim.endpoints);
  const legacy = await connectTradeStream(sim.endpoints);
  const bad = await connectTradeStream(sim.endpoints);
  const early = await connectTradeStream(sim.endpoints);
  try {
    good.ws.send(JSON.stringify({ action: 'auth', key: sim.account.apiKey, secret: sim.account.secret }));
    legacy.ws.send(JSON.stringify({ action: 'authenticate', data: { key_id: sim.account.apiKey, secret_key: sim.account.secret } }));
    bad.ws.send(JSON.stringify({ action: 'auth', key: 'WRONGKEY', secret: sim.account.secret }));
    early.ws.send(JSON.stringify({ action: 'listen', data: { streams: ['trade_updates'] } }));
    const authorized = { stream: 'authorization', data: { action: 'authenticate', status: 'authorized' } };
    const unauthorized = { stream: 'authorization', data: { action: 'authenticate', status: 'unauthorized' } };
    await waitUntil(() => good.messages.length > 0 && legacy.messages.length > 0 && bad.closed && early.closed, 5000, 'the authorization answers');
    assert.equal(good.messages, [authorized]);
    assert.equal(legacy.messages, [authorized]);
    assert.equal(bad.messages, [unauthorized]);
    assert.equal(early.messages, [unauthorized]);

    good.ws.send(JSON.stringify({ action: 'listen', data: { streams: ['trade_updates', 'account_updates'] } }));
    await waitUntil(() => good.messages.length > 1, 5000, 'the listening answer');
    assert.equal(good.messages[1], { stream: 'listening', data: { streams: ['trade_updates'] } });
    assert.ok(good.binary.every((b) => b) && bad.binary.every((b) => b), 'binary frames');

    // Authorized but not listening: no updates; listening: all of them.
    const placed = await alpacaRequest(sim.endpoints.restUrl, 'POST', '/v2/orders', sim.account, { symbol: 'AAPL', qty: '1', side: 'buy', type: 'market', time_in_force: 'day' });
    assert.is(placed.status, 200);
    await waitUntil(() => good.updates().length >= 2, 5000, 'the trade updates');
    const fill = good.updates()[1];
    assert.equal(Object.keys(fill).sort(), ['event', 'execution_id', 'order', 'position_qty', 'price', 'qty', 'timestamp']);
    assert.match(fill.execution_id, UUID);
    assert.match(fill.timestamp, RFC3339_MICROS);
    assert.is(legacy.updates().length, 0);
    assert.is(sim.ex.tradingStats.tradeUpdates, 2);
    assert.is(sim.ex.tradingStats.streamConnections, 4);
  } finally {
    for (const s of [good, legacy, bad, early]) s.close();
    await sim.ex.stop();
  }
});

test('dropTradeStreams closes every trading-stream socket; a new one can authorize again', async () => {
  const sim = await startAlpacaTradingSim();
  const first = await openTradeStream(sim.endpoints, sim.account.apiKey, sim.account.secret);
  let second: Awaited<ReturnType<typeof openTradeStream>> | null = null;
  try {
    sim.ex.dropTradeStreams();
    await waitUntil(() => first.closed, 5000, 'the dropped socket to close');
    second = await openTradeStream(sim.endpoints, sim.account.apiKey, sim.account.secret);
    assert.is(second.messages[0].data.status, 'authorized');
  } finally {
    first.close();
    second?.close();
    await sim.ex.stop();
  }
});

test.run();
