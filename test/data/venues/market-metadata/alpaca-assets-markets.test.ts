// A stocks session's metadata comes from Alpaca's Assets API (GET /v2/assets, US equities) through
// ccxt, with the account's keys from the environment: each ticker keyed as the session writes it
// (`AAPL`, not ccxt's `AAPL/USD`), whole-share lots, no commission, a listed but untradable asset
// inactive. The loopback server answers with assets in the layout of Alpaca's documented example
// (its AAPL object from the fractional-trading guide; the others vary one field each).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadVenueMarkets, metadataRestBase } from '../../../../src/data/venues/market-metadata/ccxt-market-loader.js';
import { prepareSessionMarkets, UnlistedSymbolError } from '../../../../src/data/venues/market-metadata/session-markets.js';
import { applyOverrides, defaultConfigPath, loadConfig } from '../../../../src/pipeline/config.js';
import { withDeadline } from '../../../support/deadline.js';
import { tempDir } from '../../../support/temp-dir.js';

const KEY = 'assets-test-key';
const SECRET = 'assets-test-secret-5c1e';

const asset = (symbol: string, exchange: string, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: `b0b6dd9d-8b9b-48a9-ba46-${symbol.length.toString().padStart(12, '0')}`, class: 'us_equity', exchange, symbol,
  name: `${symbol} Common Stock`, status: 'active', tradable: true, marginable: true, shortable: true, easy_to_borrow: true,
  fractionable: true, ...over,
});
const ASSETS = [
  asset('AAPL', 'NASDAQ'),
  asset('BRK.B', 'NYSE', { fractionable: false }),
  asset('SPY', 'ARCA', { shortable: false, easy_to_borrow: false }),
  asset('GBTC', 'OTC', { tradable: false, marginable: false, fractionable: false }),
];

interface AssetsServer { base: string; requests: { url: string; key: unknown; secret: unknown }[]; close(): Promise<void> }

async function startAssetsServer(): Promise<AssetsServer> {
  const requests: AssetsServer['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', key: req.headers['apca-api-key-id'], secret: req.headers['apca-api-secret-key'] });
    const url = new URL(req.url ?? '/', 'http://x');
    let status = 200;
    let body: unknown;
    if (req.headers['apca-api-key-id'] !== KEY || req.headers['apca-api-secret-key'] !== SECRET) {
      status = 401;
      body = { code: 40110000, message: 'request is not authorized' };
    } else if (url.pathname === '/v2/assets') {
      const cls = url.searchParams.get('asset_class');
      body = ASSETS.filter((a) => cls === null || a.class === cls);
    } else {
      status = 404;
      body = { code: 40410000, message: 'not found' };
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const env = (base: string, over: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  TRADEBOT_ALPACA_TRADING_URL: base, APCA_API_KEY_ID: KEY, APCA_API_SECRET_KEY: SECRET, TRADEBOT_CACHE_DIR: tempDir(), ...over,
});

test('US equities through ccxt: keyed by ticker, whole shares, tradable or not, keys sent as headers', async () => {
  const server = await startAssetsServer();
  try {
    const loaded = await withDeadline(loadVenueMarkets('alpaca', env(server.base), 5000), 15_000, 'ccxt to list the assets');
    assert.is(server.requests.length, 1);
    const asked = new URL(server.requests[0].url, 'http://x');
    assert.is(asked.pathname, '/v2/assets');
    assert.is(asked.searchParams.get('asset_class'), 'us_equity');
    assert.is(server.requests[0].key, KEY);
    assert.is(server.requests[0].secret, SECRET);
    assert.equal(Object.keys(loaded.markets).sort(), ['AAPL', 'BRK.B', 'GBTC', 'SPY']);
    assert.equal(loaded.markets['AAPL'], {
      symbol: 'AAPL', venueId: 'AAPL', tickSize: null, amountStep: 1, minAmount: 1, minNotional: null, takerFee: 0, makerFee: 0, active: true,
    });
    assert.is(loaded.markets['BRK.B'].venueId, 'BRK.B');
    assert.ok(loaded.markets['SPY'].active);
    assert.not.ok(loaded.markets['GBTC'].active, 'listed but not tradable');
    assert.is(loaded.restBase, server.base);
  } finally {
    await server.close();
  }
});

test('without keys: refused naming both variables, before any request', async () => {
  const server = await startAssetsServer();
  try {
    const missing: Record<string, string>[] = [{ APCA_API_KEY_ID: '' }, { APCA_API_SECRET_KEY: '' }];
    for (const without of missing) {
      const refused = await loadVenueMarkets('alpaca', env(server.base, without), 5000).then(() => null, (err: Error) => err.message);
      assert.match(refused ?? 'loaded', /set APCA_API_KEY_ID and APCA_API_SECRET_KEY in the environment/);
    }
    assert.is(server.requests.length, 0);
  } finally {
    await server.close();
  }
});

test('keys the venue refuses: the error never carries the secret, and the session falls back to built-in values', async () => {
  const server = await startAssetsServer();
  try {
    const wrong = env(server.base, { APCA_API_SECRET_KEY: 'wrong-secret-77aa' });
    try {
      await withDeadline(loadVenueMarkets('alpaca', wrong, 5000), 15_000, 'ccxt to be refused');
      assert.unreachable('a 401 is an error');
    } catch (err) {
      const text = `${(err as Error).message}\n${(err as Error).stack ?? ''}`;
      assert.not.ok(text.includes('wrong-secret-77aa'), text);
    }
    const cfg = applyOverrides(loadConfig(defaultConfigPath('stocks'), { allowLive: true }), { sourceKind: 'live' });
    const listing = await withDeadline(prepareSessionMarkets(cfg, { env: wrong }), 15_000, 'the session markets');
    assert.is(listing.origin, 'defaults');
    assert.match(listing.notes[0], /^WARNING market metadata: alpaca could not be loaded/);
    assert.not.ok(listing.notes.join('\n').includes('wrong-secret-77aa'));
  } finally {
    await server.close();
  }
});

test('a stocks session: its tickers picked from the listing; a misspelt one refused with the ticker it meant', async () => {
  const server = await startAssetsServer();
  try {
    const base = loadConfig(defaultConfigPath('stocks'), { allowLive: true });
    const cfg = applyOverrides(base, { sourceKind: 'live', symbols: ['AAPL', 'SPY'] });
    const listing = await withDeadline(prepareSessionMarkets(cfg, { env: env(server.base) }), 15_000, 'the session markets');
    assert.is(listing.origin, 'venue');
    assert.equal(Object.keys(listing.markets), ['AAPL', 'SPY']);
    const misspelt = applyOverrides(base, { sourceKind: 'live', symbols: ['APPL'] });
    try {
      await withDeadline(prepareSessionMarkets(misspelt, { env: env(server.base) }), 15_000, 'the session markets');
      assert.unreachable('APPL is not listed');
    } catch (err) {
      assert.instance(err, UnlistedSymbolError);
      assert.match((err as Error).message, /^APPL is not listed on alpaca \(close matches: AAPL/);
    }
  } finally {
    await server.close();
  }
});

test('the trading API the orders use: paper by default, live only for a live-venue session, or the override', () => {
  assert.is(metadataRestBase('alpaca', {}), 'https://paper-api.alpaca.markets');
  assert.is(metadataRestBase('alpaca', {}, { liveTrading: true }), 'https://api.alpaca.markets');
  assert.is(metadataRestBase('alpaca', { TRADEBOT_ALPACA_TRADING_URL: 'http://127.0.0.1:9/' }, { liveTrading: true }), 'http://127.0.0.1:9');
  assert.throws(() => metadataRestBase('alpaca', { TRADEBOT_ALPACA_TRADING_URL: 'paper-api.alpaca.markets' }), /TRADEBOT_ALPACA_TRADING_URL="paper-api.alpaca.markets" is not a http/);
});

test.run();
