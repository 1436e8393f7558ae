// The simulated exchange's Binance trading API, driven by the real ccxt order gateway (the same
// code that trades on Binance's testnet): orders are placed, filled, cancelled and looked up, and
// every change arrives on the user-data stream as Binance's executionReport.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CcxtOrderGateway } from '../../../src/execution/live/ccxt-order-gateway.js';
import { VenueCredentials } from '../../../src/execution/live/live-credentials.js';
import type { LiveOrder } from '../../../src/execution/live/live-order.js';
import { OrderType, Side, TimeInForce } from '../../../src/shm/records.js';
import { waitUntil } from '../../support/deadline.js';
import { fakeCredentials } from '../../support/fake-credentials.js';
import { openUserStream, startTradingSim, touch, type ExecutionReport } from './binance-sim-trading-client.js';

const order = (o: Partial<LiveOrder>): LiveOrder => ({
  clientOrderId: 1, symbol: 'BTC/USDT', side: Side.Buy, orderType: OrderType.Market, timeInForce: TimeInForce.GTC, quantity: 0.01, limitPrice: NaN, ...o,
});
const ofOrder = (reports: ExecutionReport[], id: string): ExecutionReport[] => reports.filter((r) => r.c === id || r.C === id);

test('a market buy fills at once at the book\'s asks; the stream reports NEW then TRADEs summing to it', async () => {
  const sim = await startTradingSim();
  const gw = new CcxtOrderGateway({ venue: 'binance', credentials: sim.credentials, sandbox: true, restBase: sim.endpoints.restUrl });
  const stream = await openUserStream(sim.endpoints, sim.account.apiKey);
  try {
    const before = await touch(sim.endpoints.restUrl);
    // Large enough to walk several levels of the simulated book.
    const result = await gw.submit(order({ clientOrderId: 1, quantity: 3 }));
    assert.is(result.duplicate, false);
    assert.is(result.snapshot?.status, 'closed');
    assert.is(result.snapshot?.filled, 3);
    assert.is(result.snapshot?.venueClientOrderId, 'tb-1');
    const avg = result.snapshot!.averagePrice;
    assert.ok(avg >= before.bid && avg <= before.asks[before.asks.length - 1] * 1.001, `average ${avg} within the asks from ${before.ask}`);

    await waitUntil(() => ofOrder(stream.reports, 'tb-1').some((r) => r.X === 'FILLED'), 5000, 'the FILLED report');
    const reports = ofOrder(stream.reports, 'tb-1');
    assert.is(reports[0].e, 'executionReport');
    assert.equal([reports[0].x, reports[0].X, reports[0].z], ['NEW', 'NEW', '0.00000000']);
    const trades = reports.slice(1);
    assert.ok(trades.length >= 2, `walked ${trades.length} levels`);
    assert.ok(trades.every((r) => r.x === 'TRADE' && r.m === false && r.N === 'USDT'));
    assert.is(trades.reduce((sum, r) => sum + Number(r.l), 0).toFixed(8), '3.00000000');
    assert.is(trades[trades.length - 1].z, '3.00000000');
    assert.is(sim.ex.tradingStats.orders, 1);
    assert.is(sim.ex.tradingStats.fills, trades.length);
  } finally {
    stream.close();
    await gw.close();
    await sim.ex.stop();
  }
});

test('a limit buy below the market rests, is cancelled through the gateway, and is then canceled', async () => {
  const sim = await startTradingSim();
  const gw = new CcxtOrderGateway({ venue: 'binance', credentials: sim.credentials, sandbox: true, restBase: sim.endpoints.restUrl });
  const stream = await openUserStream(sim.endpoints, sim.account.apiKey);
  try {
    const { bid } = await touch(sim.endpoints.restUrl);
    const limitPrice = Math.round(bid * 0.9 * 100) / 100;
    const placed = await gw.submit(order({ clientOrderId: 2, orderType: OrderType.Limit, quantity: 0.001, limitPrice }));
    assert.is(placed.snapshot?.status, 'open');
    assert.is(placed.snapshot?.filled, 0);
    assert.is((await gw.fetchOrder(2, 'BTC/USDT')).status, 'open');

    const cancelled = await gw.cancel(2, 'BTC/USDT');
    assert.is(cancelled.outcome, 'cancelled');
    assert.is((await gw.fetchOrder(2, 'BTC/USDT')).status, 'canceled');
    const again = await gw.cancel(2, 'BTC/USDT');
    assert.is(again.outcome, 'refused', 'a final order cannot be cancelled again');

    await waitUntil(() => stream.reports.some((r) => r.x === 'CANCELED'), 5000, 'the CANCELED report');
    const reports = ofOrder(stream.reports, 'tb-2');
    assert.equal(reports.map((r) => r.x), ['NEW', 'CANCELED']);
    assert.is(reports[1].C, 'tb-2', 'the cancelled order\'s id moves to C');
    assert.is(reports[1].w, false);
    assert.is(sim.ex.tradingStats.cancels, 1);
  } finally {
    stream.close();
    await gw.close();
    await sim.ex.stop();
  }
});

test('a resting limit fills when the market trades through it, and the stream reports the fill', async () => {
  const sim = await startTradingSim({ eventsPerSecond: 5000, annualVol: 2 });
  const gw = new CcxtOrderGateway({ venue: 'binance', credentials: sim.credentials, sandbox: true, restBase: sim.endpoints.restUrl });
  const stream = await openUserStream(sim.endpoints, sim.account.apiKey);
  try {
    // At the bid: passive (it does not cross the ask), and the next sell that hits the bid fills it.
    const { bid } = await touch(sim.endpoints.restUrl);
    const placed = await gw.submit(order({ clientOrderId: 3, orderType: OrderType.Limit, quantity: 0.001, limitPrice: bid }));
    assert.ok(placed.snapshot?.status === 'open' || placed.snapshot?.status === 'closed', String(placed.snapshot?.status));
    await waitUntil(() => ofOrder(stream.reports, 'tb-3').some((r) => r.X === 'FILLED'), 15_000, 'the resting order to fill');
    const filled = await gw.fetchOrder(3, 'BTC/USDT');
    assert.is(filled.status, 'closed');
    assert.is(filled.filled, 0.001);
    const trade = ofOrder(stream.reports, 'tb-3').find((r) => r.x === 'TRADE')!;
    if (placed.snapshot?.status === 'open') {
      assert.is(trade.m, true, 'a resting order fills as maker');
      assert.is(Number(trade.L), bid, 'at its own price');
    }
  } finally {
    stream.close();
    await gw.close();
    await sim.ex.stop();
  }
});

test('resubmitting the client order id of an open order returns the first order', async () => {
  const sim = await startTradingSim();
  const gw = new CcxtOrderGateway({ venue: 'binance', credentials: sim.credentials, sandbox: true, restBase: sim.endpoints.restUrl });
  try {
    const { bid } = await touch(sim.endpoints.restUrl);
    const resting = order({ clientOrderId: 4, orderType: OrderType.Limit, quantity: 0.001, limitPrice: Math.round(bid * 0.9 * 100) / 100 });
    const first = await gw.submit(resting);
    const second = await gw.submit(resting);
    assert.is(second.duplicate, true);
    assert.is(second.venueOrderId, first.venueOrderId);
    assert.is(second.snapshot?.status, 'open');
    assert.is(sim.ex.tradingStats.orders, 1);
  } finally {
    await gw.close();
    await sim.ex.stop();
  }
});

test('a post-only limit that would cross is refused; FOK and IOC limits the book cannot fill expire', async () => {
  const sim = await startTradingSim();
  const gw = new CcxtOrderGateway({ venue: 'binance', credentials: sim.credentials, sandbox: true, restBase: sim.endpoints.restUrl });
  try {
    const { ask } = await touch(sim.endpoints.restUrl);
    const crossing = await gw.submit(order({ clientOrderId: 5, orderType: OrderType.Limit, quantity: 0.001, limitPrice: Math.round(ask * 1.01 * 100) / 100, postOnly: true }));
    assert.is(crossing.snapshot, null);
    assert.is(crossing.events[crossing.events.length - 1]?.reason.includes('immediately match'), true, JSON.stringify(crossing.events));
    // Below the asks: neither can take anything now, and neither may rest.
    const below = Math.round(ask * 0.99 * 100) / 100;
    const fok = await gw.submit(order({ clientOrderId: 6, orderType: OrderType.Limit, timeInForce: TimeInForce.FOK, quantity: 0.01, limitPrice: below }));
    assert.is(fok.snapshot?.status, 'expired');
    assert.is(fok.snapshot?.filled, 0);
    const ioc = await gw.submit(order({ clientOrderId: 9, orderType: OrderType.Limit, timeInForce: TimeInForce.IOC, quantity: 0.01, limitPrice: below }));
    assert.is(ioc.snapshot?.status, 'expired');
    assert.is(sim.ex.tradingStats.expired, 2);
  } finally {
    await gw.close();
    await sim.ex.stop();
  }
});

test('a gateway with the wrong secret is refused as an authentication failure', async () => {
  const sim = await startTradingSim();
  const wrong = new VenueCredentials('binance', sim.account.apiKey, fakeCredentials('binance').secret);
  const gw = new CcxtOrderGateway({ venue: 'binance', credentials: wrong, sandbox: true, restBase: sim.endpoints.restUrl });
  try {
    const error = await gw.submit(order({ clientOrderId: 7 })).then(() => null, (e: unknown) => e as { failure?: string; message: string });
    assert.ok(error !== null, 'refused');
    assert.is(error!.failure, 'auth', error!.message);
    assert.ok(error!.message.includes('-1022'), error!.message);
    assert.not.ok(error!.message.includes(sim.account.apiKey), 'no key in the message');
    assert.is(sim.ex.tradingStats.orders, 0);
  } finally {
    await gw.close();
    await sim.ex.stop();
  }
});

test('with no account configured every trading request is refused with -2015', async () => {
  const sim = await startTradingSim({ account: null });
  const gw = new CcxtOrderGateway({ venue: 'binance', credentials: sim.credentials, sandbox: true, restBase: sim.endpoints.restUrl });
  try {
    const error = await gw.submit(order({ clientOrderId: 8 })).then(() => null, (e: unknown) => e as { failure?: string; message: string });
    assert.ok(error !== null, 'refused');
    assert.is(error!.failure, 'auth', error!.message);
    assert.ok(error!.message.includes('-2015'), error!.message);
    assert.ok(sim.ex.tradingStats.rejectedRequests >= 1);
  } finally {
    await gw.close();
    await sim.ex.stop();
  }
});

test.run();
