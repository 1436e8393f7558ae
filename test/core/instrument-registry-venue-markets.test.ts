// With a live venue's metadata the registry takes tick, lot, min notional and the venue's id
// from it; a symbol without metadata keeps the built-in guesses and no min notional; the fee
// stays the config's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InstrumentRegistry } from '../../src/core/instrument-registry.js';
import { applyOverrides, defaultConfigPath, loadConfig } from '../../src/pipeline/config.js';
import type { VenueMarket } from '../../src/data/venues/market-metadata/venue-markets.js';

test('venue tick, lot and min notional override the guesses, symbol by symbol', () => {
  const cfg = applyOverrides(loadConfig(defaultConfigPath('crypto'), { allowLive: true }), { sourceKind: 'live', symbols: ['BTC/USDT', 'ETH/USDT'] });
  const guessed = InstrumentRegistry.fromConfig(cfg);
  const btc: VenueMarket = {
    symbol: 'BTC/USDT', venueId: 'BTCUSDT', tickSize: 0.01, amountStep: 0.00001, minAmount: 0.00001, minNotional: 5, takerFee: 0.001, makerFee: 0.001, active: true,
  };
  const reg = InstrumentRegistry.fromConfig(cfg, { 'BTC/USDT': btc });
  assert.is(reg.get(0).tickSize, 0.01);
  assert.is(reg.get(0).lotSize, 0.00001);
  assert.is(reg.get(0).minNotionalUsd, 5);
  assert.is(reg.get(0).venueSymbol, 'BTCUSDT');
  assert.is(reg.get(0).takerFeeBps, cfg.execution.feeBps);
  assert.equal(reg.get(1), guessed.get(1));
  assert.is(guessed.get(0).minNotionalUsd, 0);
  assert.is(guessed.get(0).lotSize, 1e-8);
});

test.run();
