// Instruments: one per symbol on the session's venue, keyed symbol@venue, with the venue's own
// spelling; the same symbol on two venues is two instruments; venues follow the config's source.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InstrumentRegistry, VENUE_IDS, sessionVenue } from '../../src/core/instrument-registry.js';
import { applyOverrides, defaultConfigPath, loadConfig } from '../../src/pipeline/config.js';
import { VenueId } from '../../src/shm/records.js';

test('from the config: dense indexes in symbols order on the session venue', () => {
  const cfg = loadConfig(defaultConfigPath('crypto'));
  const reg = InstrumentRegistry.fromConfig(cfg);
  assert.is(reg.size, 2);
  assert.is(reg.get(0).key, 'BTC/USDT@sim');
  assert.is(reg.get(1).venueSymbol, 'ETHUSDT');
  assert.is(reg.indexOf('ETH/USDT@sim'), 1);
  assert.is(reg.indexOf('ETH/USDT@binance'), -1);
  assert.is(reg.get(0).venueId, VenueId.Sim);
  assert.is(reg.get(0).takerFeeBps, cfg.execution.feeBps);
  assert.throws(() => reg.get(2), /no instrument 2/);
});

test('the venue follows the source', () => {
  const cfg = loadConfig(defaultConfigPath('stocks'));
  assert.is(sessionVenue(cfg), 'sim');
  assert.is(sessionVenue(applyOverrides(cfg, { sourceKind: 'synthetic' })), 'synthetic');
  assert.is(sessionVenue(applyOverrides(cfg, { sourceKind: 'replay' })), 'replay');
  assert.is(sessionVenue(applyOverrides(cfg, { sourceKind: 'live' })), 'alpaca');
  assert.is(VENUE_IDS.alpaca, VenueId.Alpaca);
});

test('one symbol on two venues is two instruments, grouped by symbol and asset class', () => {
  const common = { assetClass: 'crypto' as const, tickSize: 0.01, lotSize: 1e-8, minNotionalUsd: 0, takerFeeBps: 10, makerFeeBps: 2 };
  const reg = new InstrumentRegistry([
    { ...common, symbol: 'BTC/USDT', venue: 'binance', venueId: VenueId.Binance, venueSymbol: 'BTCUSDT' },
    { ...common, symbol: 'BTC/USDT', venue: 'coinbase', venueId: VenueId.Coinbase, venueSymbol: 'BTC-USDT' },
    { ...common, symbol: 'ETH/USDT', venue: 'binance', venueId: VenueId.Binance, venueSymbol: 'ETHUSDT' },
  ]);
  assert.equal(reg.instrumentsOf('BTC/USDT').map((i) => i.index), [0, 1]);
  assert.is(reg.instrumentsIn('crypto').length, 3);
  assert.equal(reg.venues(), ['binance', 'coinbase']);
  assert.throws(() => new InstrumentRegistry([
    { ...common, symbol: 'BTC/USDT', venue: 'binance', venueId: 1, venueSymbol: 'BTCUSDT' },
    { ...common, symbol: 'BTC/USDT', venue: 'binance', venueId: 1, venueSymbol: 'BTCUSDT' },
  ]), /BTC\/USDT@binance is listed twice/);
});

test.run();
