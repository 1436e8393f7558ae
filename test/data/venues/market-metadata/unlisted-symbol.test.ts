// A session symbol the venue does not list is refused, naming the symbol, the venue and the
// listed symbols it most likely meant (another quote of the same base, a one-letter slip).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { prepareSessionMarkets, UnlistedSymbolError } from '../../../../src/data/venues/market-metadata/session-markets.js';
import { closeMatches } from '../../../../src/data/venues/market-metadata/symbol-matches.js';
import type { VenueMarket, VenueMarkets } from '../../../../src/data/venues/market-metadata/venue-markets.js';
import { applyOverrides, defaultConfigPath, loadConfig } from '../../../../src/pipeline/config.js';
import { tempDir } from '../../../support/temp-dir.js';

const market = (symbol: string): VenueMarket => ({
  symbol, venueId: symbol.replace('/', ''), tickSize: 0.01, amountStep: 1e-5, minAmount: 1e-5, minNotional: 5, takerFee: 0.001, makerFee: 0.001, active: true,
});
const listing: VenueMarkets = {
  venue: 'binance', fetchedAt: Date.now(), restBase: 'http://test',
  markets: Object.fromEntries(['BTC/USDT', 'BTC/USDC', 'ETH/USDT', 'ETH/BTC', 'SOL/USDT'].map((s) => [s, market(s)])),
};

test('BTC/USD on Binance spot: refused, with BTC/USDT and BTC/USDC as close matches', async () => {
  const cfg = applyOverrides(loadConfig(defaultConfigPath('crypto'), { allowLive: true }), { sourceKind: 'live', symbols: ['BTC/USD', 'ETH/USDT'] });
  try {
    await prepareSessionMarkets(cfg, { env: { TRADEBOT_CACHE_DIR: tempDir() }, load: async () => listing });
    assert.unreachable('BTC/USD is not listed');
  } catch (err) {
    assert.instance(err, UnlistedSymbolError);
    assert.is((err as Error).message, 'BTC/USD is not listed on binance (close matches: BTC/USDC, BTC/USDT)');
  }
});

test('close matches: same base first, then spelling slips; nothing near gives nothing', () => {
  const listed = Object.keys(listing.markets);
  assert.equal(closeMatches('ETH/USD', listed), ['ETH/USDT', 'ETH/BTC']);
  assert.equal(closeMatches('SOLL/USDT', listed), ['SOL/USDT']);
  assert.equal(closeMatches('DOGE/EUR', listed), []);
});

test.run();
