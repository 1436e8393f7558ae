// The simulated Alpaca exchange answers the Assets API for its tickers, behind the account's keys:
// the list (filtered by status, class and exchange), one asset by ticker or id, 401 without the
// keys, 404 for a ticker it does not list; and ccxt reads the list into the session's records.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadVenueMarkets } from '../../../src/data/venues/market-metadata/ccxt-market-loader.js';
import { alpacaRequest, startAlpacaTradingSim } from './alpaca-sim-trading-client.js';
import { withDeadline } from '../../support/deadline.js';

test('GET /v2/assets: one US equity per ticker, filters, single asset, keys required', async () => {
  const sim = await startAlpacaTradingSim();
  try {
    const url = sim.endpoints.restUrl;
    const all = await alpacaRequest(url, 'GET', '/v2/assets?status=active&asset_class=us_equity', sim.account);
    assert.is(all.status, 200);
    const list = all.json as Array<Record<string, unknown>>;
    assert.equal(list.map((a) => a.symbol), ['AAPL', 'MSFT']);
    for (const a of list) {
      assert.is(a.class, 'us_equity');
      assert.is(a.status, 'active');
      assert.is(a.tradable, true);
      assert.type(a.fractionable, 'boolean');
      assert.match(String(a.id), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    assert.equal((await alpacaRequest(url, 'GET', '/v2/assets?asset_class=crypto', sim.account)).json, []);
    assert.equal((await alpacaRequest(url, 'GET', '/v2/assets?status=inactive', sim.account)).json, []);
    const one = await alpacaRequest(url, 'GET', '/v2/assets/msft', sim.account);
    assert.is((one.json as { symbol: string }).symbol, 'MSFT');
    const byId = await alpacaRequest(url, 'GET', `/v2/assets/${String(list[0].id)}`, sim.account);
    assert.is((byId.json as { symbol: string }).symbol, 'AAPL');
    assert.is((await alpacaRequest(url, 'GET', '/v2/assets/TSLA', sim.account)).status, 404);
    assert.is((await alpacaRequest(url, 'GET', '/v2/assets', null)).status, 401);
    assert.is((await alpacaRequest(url, 'GET', '/v2/assets', { apiKey: sim.account.apiKey, secret: 'not-it' })).status, 401);
  } finally {
    await sim.ex.stop();
  }
});

test('ccxt lists the simulator\'s assets as the session\'s records', async () => {
  const sim = await startAlpacaTradingSim();
  try {
    const env = { TRADEBOT_ALPACA_TRADING_URL: sim.endpoints.restUrl, APCA_API_KEY_ID: sim.account.apiKey, APCA_API_SECRET_KEY: sim.account.secret };
    const loaded = await withDeadline(loadVenueMarkets('alpaca', env, 5000), 15_000, 'ccxt to list the assets');
    assert.equal(Object.keys(loaded.markets).sort(), ['AAPL', 'MSFT']);
    assert.is(loaded.markets['MSFT'].venueId, 'MSFT');
    assert.is(loaded.markets['MSFT'].amountStep, 1);
    assert.ok(loaded.markets['MSFT'].active);
  } finally {
    await sim.ex.stop();
  }
});

test.run();
