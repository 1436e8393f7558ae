// A live crypto session with `source.cryptoVenue: coinbase` reads Coinbase Exchange's public
// ws-feed, with `coinbase_advanced` Coinbase Advanced Trade's websocket (each overridable from the
// environment); either way its instruments are Coinbase's, spelt BTC-USD.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { liveEndpoints } from '../../../../src/data/venues/market-data-endpoints.js';
import { InstrumentRegistry, sessionVenue } from '../../../../src/core/instrument-registry.js';
import { parseConfig } from '../../../../src/pipeline/config.js';
import { metadataVenueOf } from '../../../../src/data/venues/market-metadata/venue-markets.js';
import { VenueId } from '../../../../src/shm/records.js';

test('protocol coinbase at ws-feed.exchange.coinbase.com; TRADEBOT_COINBASE_WS_URL overrides it; binance stays the default', () => {
  assert.equal(liveEndpoints('crypto', {}, 'coinbase'), { protocol: 'coinbase', wsBase: 'wss://ws-feed.exchange.coinbase.com', restBase: '' });
  assert.is(liveEndpoints('crypto', { TRADEBOT_COINBASE_WS_URL: 'ws://127.0.0.1:9' }, 'coinbase').wsBase, 'ws://127.0.0.1:9');
  assert.throws(() => liveEndpoints('crypto', { TRADEBOT_COINBASE_WS_URL: 'ws-feed.exchange.coinbase.com' }, 'coinbase'),
    /TRADEBOT_COINBASE_WS_URL="ws-feed\.exchange\.coinbase\.com" is not a ws:\/\/ or wss:\/\/ URL/);
  assert.is(liveEndpoints('crypto', { TRADEBOT_COINBASE_WS_URL: 'ws://127.0.0.1:9' }).protocol, 'binance');
  assert.is(liveEndpoints('stocks', {}, 'coinbase').protocol, 'alpaca', 'the crypto venue does not touch stocks');
});

test('a live Coinbase session: venue coinbase, instruments BTC-USD', () => {
  const cfg = parseConfig('assetClass: crypto\nsymbols: [BTC/USD]\nsource:\n  kind: live\n  cryptoVenue: coinbase\n', 'test.yml');
  assert.is(cfg.source.cryptoVenue, 'coinbase');
  assert.is(sessionVenue(cfg), 'coinbase');
  const instrument = InstrumentRegistry.fromConfig(cfg).get(0);
  assert.is(instrument.key, 'BTC/USD@coinbase');
  assert.is(instrument.venueSymbol, 'BTC-USD');
  assert.is(instrument.venueId, VenueId.Coinbase);
  assert.is(parseConfig('assetClass: crypto\nsource:\n  kind: live\n', 'test.yml').source.cryptoVenue, 'binance', 'binance by default');
  assert.throws(() => parseConfig('assetClass: crypto\nsource:\n  cryptoVenue: kraken\n', 'test.yml'), /source\.cryptoVenue/);
});

test('protocol coinbase_advanced at advanced-trade-ws.coinbase.com; TRADEBOT_COINBASE_ADVANCED_WS_URL overrides it alone', () => {
  assert.equal(liveEndpoints('crypto', {}, 'coinbase_advanced'), { protocol: 'coinbase_advanced', wsBase: 'wss://advanced-trade-ws.coinbase.com', restBase: '' });
  assert.is(liveEndpoints('crypto', { TRADEBOT_COINBASE_ADVANCED_WS_URL: 'ws://127.0.0.1:9' }, 'coinbase_advanced').wsBase, 'ws://127.0.0.1:9');
  assert.is(liveEndpoints('crypto', { TRADEBOT_COINBASE_WS_URL: 'ws://127.0.0.1:9' }, 'coinbase_advanced').wsBase, 'wss://advanced-trade-ws.coinbase.com',
    'the Exchange override does not move Advanced Trade');
  assert.throws(() => liveEndpoints('crypto', { TRADEBOT_COINBASE_ADVANCED_WS_URL: 'advanced-trade-ws.coinbase.com' }, 'coinbase_advanced'),
    /TRADEBOT_COINBASE_ADVANCED_WS_URL="advanced-trade-ws\.coinbase\.com" is not a ws:\/\/ or wss:\/\/ URL/);
});

test('a live Advanced Trade session: the instruments are Coinbase\'s, its market metadata the Exchange listing', () => {
  const cfg = parseConfig('assetClass: crypto\nsymbols: [BTC/USD]\nsource:\n  kind: live\n  cryptoVenue: coinbase_advanced\n', 'test.yml');
  assert.is(sessionVenue(cfg), 'coinbase');
  assert.is(metadataVenueOf(cfg), 'coinbaseexchange');
  const instrument = InstrumentRegistry.fromConfig(cfg).get(0);
  assert.is(instrument.key, 'BTC/USD@coinbase');
  assert.is(instrument.venueSymbol, 'BTC-USD');
  assert.is(instrument.venueId, VenueId.Coinbase);
});

test.run();
