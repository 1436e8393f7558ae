// ccxt's binance reads Binance's exchangeInfo from the overridden REST base, and the records
// carry what the venue's body says: tick from PRICE_FILTER.tickSize, amount step and minimum
// from LOT_SIZE, minimum order value from NOTIONAL or MIN_NOTIONAL, the venue's id next to the
// unified symbol. The body is hand-written in Binance's documented layout (exchange-info-server.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exchangeInfoBody, startExchangeInfoServer } from './exchange-info-server.js';
import { loadVenueMarkets } from '../../../../src/data/venues/market-metadata/ccxt-market-loader.js';
import { withDeadline } from '../../../support/deadline.js';

interface Filter { filterType: string; tickSize?: string; stepSize?: string; minQty?: string; minNotional?: string }

test('exchangeInfo through ccxt: tick, step, min amount and min notional per unified symbol', async () => {
  const body = exchangeInfoBody();
  const server = await startExchangeInfoServer(body);
  try {
    const loaded = await withDeadline(loadVenueMarkets('binance', { TRADEBOT_BINANCE_REST_URL: server.restBase }, 5000), 15_000, 'ccxt to load markets');
    assert.equal(server.requests, ['/api/v3/exchangeInfo']);
    assert.is(loaded.venue, 'binance');
    assert.is(loaded.restBase, server.restBase);
    const venueSymbols = (JSON.parse(body) as { symbols: { symbol: string; baseAsset: string; quoteAsset: string; filters: Filter[] }[] }).symbols;
    assert.is(Object.keys(loaded.markets).length, venueSymbols.length);
    for (const s of venueSymbols) {
      const filter = (type: string): Filter => s.filters.find((f) => f.filterType === type)!;
      const unified = `${s.baseAsset}/${s.quoteAsset}`;
      const m = loaded.markets[unified];
      assert.ok(m, `${unified} is loaded`);
      assert.is(m.symbol, unified);
      assert.is(m.venueId, s.symbol);
      assert.is(m.tickSize, Number(filter('PRICE_FILTER').tickSize));
      assert.is(m.amountStep, Number(filter('LOT_SIZE').stepSize));
      assert.is(m.minAmount, Number(filter('LOT_SIZE').minQty));
      assert.is(m.minNotional, Number((s.filters.find((f) => f.filterType === 'NOTIONAL') ?? filter('MIN_NOTIONAL')).minNotional));
      assert.ok(m.active);
    }
    // Spot off the body: 0.01 USDT tick and 5 USDT minimum for BTCUSDT, 1e-5 ETHBTC tick from MIN_NOTIONAL's symbol.
    assert.is(loaded.markets['BTC/USDT'].tickSize, 0.01);
    assert.is(loaded.markets['BTC/USDT'].minNotional, 5);
    assert.is(loaded.markets['ETH/BTC'].minNotional, 0.0001);
    // ccxt's base-tier fees, as fractions.
    assert.is(typeof loaded.markets['BTC/USDT'].takerFee, 'number');
  } finally {
    await server.close();
  }
});

test.run();
