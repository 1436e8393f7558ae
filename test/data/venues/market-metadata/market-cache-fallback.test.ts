// Where a live session's metadata comes from: a fresh cache without asking the venue; the venue
// when the cache is old, the answer cached; the stale cache with a warning when the venue is
// down; the built-in guesses with a warning that precision and min notional are unknown when
// there is no cache either.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { startExchangeInfoServer } from './exchange-info-server.js';
import { prepareSessionMarkets } from '../../../../src/data/venues/market-metadata/session-markets.js';
import { FRESH_FOR_MS, marketCacheFile, readMarketCache, writeMarketCache } from '../../../../src/data/venues/market-metadata/market-cache.js';
import { applyOverrides, defaultConfigPath, loadConfig } from '../../../../src/pipeline/config.js';
import { tempDir } from '../../../support/temp-dir.js';
import { withDeadline } from '../../../support/deadline.js';

const cfg = applyOverrides(loadConfig(defaultConfigPath('crypto'), { allowLive: true }), { sourceKind: 'live', symbols: ['BTC/USDT', 'ETH/USDT'] });

async function unreachableBase(): Promise<string> {
  const server = await startExchangeInfoServer();
  await server.close();
  return server.restBase;
}

test('no cache: loaded from the venue and cached; then the fresh cache is used without asking', async () => {
  const server = await startExchangeInfoServer();
  try {
    const env = { TRADEBOT_CACHE_DIR: tempDir(), TRADEBOT_BINANCE_REST_URL: server.restBase };
    const first = await withDeadline(prepareSessionMarkets(cfg, { env }), 15_000, 'the metadata load');
    assert.is(first.origin, 'venue');
    assert.match(first.notes[0], /market metadata: binance, 4 markets loaded from http:\/\/127\.0\.0\.1:\d+ via ccxt, cached in /);
    assert.ok(existsSync(marketCacheFile('binance', env)));
    assert.equal(Object.keys(first.markets), ['BTC/USDT', 'ETH/USDT']);
    const second = await prepareSessionMarkets(cfg, { env, load: () => { throw new Error('the venue must not be asked'); } });
    assert.is(second.origin, 'cache');
    assert.match(second.notes[0], /market metadata: binance from cache .*markets-binance\.json \(fetched 0 min ago\)/);
    assert.equal(second.markets, first.markets);
    assert.equal(server.requests, ['/api/v3/exchangeInfo']);
  } finally {
    await server.close();
  }
});

test('an old cache and the venue down: the stale cache, with a warning naming its age', async () => {
  const env = { TRADEBOT_CACHE_DIR: tempDir(), TRADEBOT_BINANCE_REST_URL: await unreachableBase() };
  const server = await startExchangeInfoServer();
  let loaded;
  try {
    loaded = await prepareSessionMarkets(cfg, { env: { ...env, TRADEBOT_BINANCE_REST_URL: server.restBase } });
  } finally {
    await server.close();
  }
  const file = marketCacheFile('binance', env);
  const old = readMarketCache(file, 'binance')!;
  writeMarketCache(file, { ...old, fetchedAt: Date.now() - FRESH_FOR_MS - 3 * 3600_000 });
  const stale = await withDeadline(prepareSessionMarkets(cfg, { env }), 15_000, 'the metadata fallback');
  assert.is(stale.origin, 'stale-cache');
  assert.match(stale.notes[0], /^WARNING market metadata: binance could not be loaded \(.+\); using the cache .*markets-binance\.json from \d{4}-\d\d-\d\dT.* \(27 h old\)$/);
  assert.equal(stale.markets, loaded.markets);
});

test('no cache and the venue down: built-in guesses, with a warning that says the session starts anyway', async () => {
  const env = { TRADEBOT_CACHE_DIR: tempDir(), TRADEBOT_BINANCE_REST_URL: await unreachableBase() };
  const none = await withDeadline(prepareSessionMarkets(cfg, { env }), 15_000, 'the metadata fallback');
  assert.is(none.origin, 'defaults');
  assert.equal(none.markets, {});
  assert.match(none.notes[0], /^WARNING market metadata: binance could not be loaded \(.+\) and there is no cache at .*markets-binance\.json: /);
  assert.match(none.notes[0], /min notional is unknown; the session starts anyway \(market data does not need them/);
  assert.not.ok(existsSync(marketCacheFile('binance', env)), 'a failed load writes no cache');
});

test.run();
