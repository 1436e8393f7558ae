// A live session loads its venue's market metadata before it starts and says where it came
// from; a symbol the venue does not list stops it with exit 2 before anything starts. The
// simulated exchange stands in for Binance's websocket and depth snapshots, behind a loopback
// REST server that also answers exchangeInfo (see live-source-session.test.ts for the pattern).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, summaryOf, tradingCryptoConfig } from './cli-session.js';
import { startExchangeInfoServer } from '../data/venues/market-metadata/exchange-info-server.js';
import { SimExchangeHost } from '../../src/pipeline/sim-exchange-host.js';
import { defaultConfigPath, loadConfig } from '../../src/pipeline/config.js';
import { withDeadline } from '../support/deadline.js';
import { tempDir } from '../support/temp-dir.js';

test('run crypto --source live: metadata loaded through ccxt, logged, and the session trades', async () => {
  const host = new SimExchangeHost();
  try {
    const sim = await withDeadline(host.start(loadConfig(defaultConfigPath('crypto'))), 15_000, 'the simulated exchange to start', () => host.stop());
    const rest = await startExchangeInfoServer(undefined, sim.restBase);
    try {
      const r = await runCli(['run', 'crypto', '--config', tradingCryptoConfig(), '--source', 'live', '--duration', '3s', '--json', '--metrics-port', '0'], 30_000,
        { TRADEBOT_BINANCE_WS_URL: sim.wsBase, TRADEBOT_BINANCE_REST_URL: rest.restBase, TRADEBOT_CACHE_DIR: tempDir() });
      assert.is(r.code, 0, r.stderr);
      assert.match(r.stderr, /market metadata: binance, 4 markets loaded from http:\/\/127\.0\.0\.1:\d+ via ccxt, cached in .*markets-binance\.json/);
      assert.not.match(r.stderr, /WARNING market metadata/);
      assert.is(rest.requests[0], '/api/v3/exchangeInfo');
      const s = summaryOf(r);
      assert.ok(s.ticks > 100 && s.orders > 0, JSON.stringify(s));
    } finally {
      await rest.close();
    }
  } finally {
    await host.stop();
  }
});

test('a symbol the venue does not list: exit 2 naming it, the venue and close matches', async () => {
  const rest = await startExchangeInfoServer();
  try {
    const r = await runCli(['run', 'crypto', '--source', 'live', '--symbols', 'BTC/USD,ETH/USDT', '--duration', '3s', '--metrics-port', '0'], 30_000,
      { TRADEBOT_BINANCE_WS_URL: 'ws://127.0.0.1:9', TRADEBOT_BINANCE_REST_URL: rest.restBase, TRADEBOT_CACHE_DIR: tempDir() });
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, /--source live: BTC\/USD is not listed on binance \(close matches: BTC\/USDC, BTC\/USDT\); nothing was started/);
    assert.not.match(r.stderr, /market data connected/);
  } finally {
    await rest.close();
  }
});

test.run();
