// `--source live` reads the real venue's market data through the same connectors as the
// simulated exchange; only the URLs differ. The venues cannot be reached from here, so the
// environment's URL overrides point the session at the simulated exchange on loopback, which
// speaks the venues' protocols: what runs is the live path, from URL choice to orders. Alpaca
// needs keys from the environment, and without them nothing starts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, summaryOf, tradingCryptoConfig, tradingStocksConfig } from './cli-session.js';
import { sharedText } from '../support/shared-data.js';
import { startCaptureServer } from '../data/venues/binance/binance-capture-server.js';
import { SimExchangeHost } from '../../src/pipeline/sim-exchange-host.js';
import { defaultConfigPath, loadConfig } from '../../src/pipeline/config.js';
import { liveEndpoints } from '../../src/data/venues/market-data-endpoints.js';
import { withDeadline } from '../support/deadline.js';
import { tempDir } from '../support/temp-dir.js';

async function withSimExchange(
  assetClass: 'crypto' | 'stocks', body: (ws: string, rest: string) => Promise<void>, account: { apiKey: string; secret: string } | null = null,
): Promise<void> {
  const host = new SimExchangeHost();
  try {
    const endpoints = await withDeadline(host.start(loadConfig(defaultConfigPath(assetClass)), account), 15_000, 'the simulated exchange to start', () => host.stop());
    await body(endpoints.wsBase, endpoints.restBase);
  } finally {
    await host.stop();
  }
}

test('the real venues by default; each URL can be overridden, and a non-URL is refused by name', () => {
  assert.equal(liveEndpoints('crypto', {}), { protocol: 'binance', wsBase: 'wss://stream.binance.com:9443', restBase: 'https://api.binance.com', market: 'spot' });
  assert.equal(liveEndpoints('crypto', {}, 'binance', 'usdm'), { protocol: 'binance', wsBase: 'wss://fstream.binance.com', restBase: 'https://fapi.binance.com', market: 'usdm' });
  assert.equal(liveEndpoints('stocks', {}), { protocol: 'alpaca', wsBase: 'wss://stream.data.alpaca.markets', restBase: '' });
  assert.is(liveEndpoints('crypto', { TRADEBOT_BINANCE_WS_URL: 'wss://data-stream.binance.vision' }).wsBase, 'wss://data-stream.binance.vision');
  assert.throws(() => liveEndpoints('crypto', { TRADEBOT_BINANCE_REST_URL: 'api.binance.com' }), /TRADEBOT_BINANCE_REST_URL="api.binance.com" is not a http:\/\/ or https:\/\/ URL/);
  assert.throws(() => liveEndpoints('stocks', { TRADEBOT_ALPACA_WS_URL: 'http://x' }), /TRADEBOT_ALPACA_WS_URL="http:\/\/x" is not a ws:\/\/ or wss:\/\/ URL/);
});

test('run crypto --source live: Binance protocol from the overridden URLs, paper orders and fills', async () => {
  await withSimExchange('crypto', async (ws, rest) => {
    const r = await runCli(['run', 'crypto', '--config', tradingCryptoConfig(), '--source', 'live', '--duration', '3s', '--json', '--metrics-port', '0'], 30_000,
      { TRADEBOT_BINANCE_WS_URL: ws, TRADEBOT_BINANCE_REST_URL: rest });
    assert.is(r.code, 0, r.stderr);
    const s = summaryOf(r);
    assert.is(s.source, 'live');
    assert.is(s.execution, 'paper');
    assert.ok(s.ticks > 100, `ticks ${s.ticks}`);
    assert.ok(s.orders > 0 && s.orders_filled + s.orders_cancelled === s.orders, JSON.stringify(s));
    assert.match(r.stderr, new RegExp(`L0 binance: market data connected to ${ws.replace(/[.]/g, '\\.')}`));
  });
});

test('run crypto --source live on USD-M futures: the real capture through the futures connector', async () => {
  const text = sharedText('ws/binance/hftbacktest/usdm_btcusdt_20240808.gz');
  if (text === null) return;
  const server = await startCaptureServer(text);
  try {
    const config = tradingCryptoConfig((yml) => yml.replace('binanceMarket: spot', 'binanceMarket: usdm'));
    const r = await runCli(['run', 'crypto', '--config', config, '--source', 'live', '--symbols', 'BTC/USDT', '--duration', '3s', '--json', '--metrics-port', '0'], 30_000,
      { TRADEBOT_BINANCE_WS_URL: server.wsBase, TRADEBOT_BINANCE_REST_URL: server.restBase, TRADEBOT_CACHE_DIR: tempDir() });
    assert.is(r.code, 0, r.stderr);
    const s = summaryOf(r);
    assert.is(s.source, 'live');
    assert.ok(s.ticks > 1000, `ticks ${s.ticks}`);
    assert.is(s.bad_input, 0);
    assert.match(server.wsUrls[0], /btcusdt@depth@0ms/);
    assert.equal(server.restUrls, ['/fapi/v1/exchangeInfo', '/fapi/v1/depth?symbol=BTCUSDT&limit=1000']);
  } finally {
    server.close();
  }
});

test('binanceMarket usdm on the simulated exchange (spot only) is refused by name', async () => {
  const config = tradingCryptoConfig((yml) => yml.replace('binanceMarket: spot', 'binanceMarket: usdm'));
  const r = await runCli(['run', 'crypto', '--config', config, '--metrics-port', '0']);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /source\.binanceMarket is "usdm", but the simulated exchange speaks Binance spot only/);
});

test('run stocks --source live without Alpaca keys: exit 2 naming both variables, nothing started', async () => {
  const r = await runCli(['run', 'stocks', '--source', 'live', '--duration', '3s', '--metrics-port', '0'], 15_000,
    { APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '' });
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /needs API keys: set APCA_API_KEY_ID and APCA_API_SECRET_KEY in the environment/);
  assert.not.match(r.stderr, /market data connected/);
});

test('run stocks --source live with keys: metadata from the Assets API, Alpaca stream on the chosen feed, keys never printed', async () => {
  const secret = 'live-test-secret-9f3a';
  await withSimExchange('stocks', async (ws, rest) => {
    const r = await runCli(['run', 'stocks', '--config', tradingStocksConfig(), '--source', 'live', '--duration', '3s', '--json', '--metrics-port', '0'], 30_000,
      { TRADEBOT_ALPACA_WS_URL: ws, TRADEBOT_ALPACA_TRADING_URL: rest, APCA_API_KEY_ID: 'live-test-key', APCA_API_SECRET_KEY: secret, TRADEBOT_CACHE_DIR: tempDir() });
    assert.is(r.code, 0, r.stderr);
    const s = summaryOf(r);
    assert.is(s.source, 'live');
    assert.ok(s.ticks > 100 && s.orders > 0, JSON.stringify(s));
    assert.match(r.stderr, /market metadata: alpaca, \d+ markets loaded from http:\/\/127\.0\.0\.1:\d+ via ccxt/);
    assert.not.match(r.stderr, /WARNING market metadata/);
    assert.match(r.stderr, /L0 alpaca: market data connected to ws:\/\/127\.0\.0\.1:\d+\/v2\/iex/);
    assert.not.ok((r.stdout + r.stderr).includes(secret), 'the secret key appears nowhere');
  }, { apiKey: 'live-test-key', secret });
});

test('a bad override URL is refused before anything starts', async () => {
  const r = await runCli(['run', 'crypto', '--source', 'live', '--metrics-port', '0'], 15_000, { TRADEBOT_BINANCE_WS_URL: 'stream.binance.com' });
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /--source live: TRADEBOT_BINANCE_WS_URL="stream\.binance\.com" is not a ws:\/\/ or wss:\/\/ URL/);
});

test.run();
