// A live crypto session with `source.cryptoVenue: coinbase` reads Coinbase Exchange's public
// ws-feed (overridable from the environment), and its instruments are Coinbase's, spelt BTC-USD.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { liveEndpoints } from '../../../../src/data/venues/market-data-endpoints.js';
import { InstrumentRegistry, sessionVenue } from '../../../../src/core/instrument-registry.js';
import { parseConfig } from '../../../../src/pipeline/config.js';
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

test.run();
