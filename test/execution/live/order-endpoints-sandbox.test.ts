// Where a live session's crypto orders go, and the one override refused: a URL that points a
// test-environment session (execution.venueSandbox: true) at the venue's real-account order host,
// where the same key variables would place real orders under a "test environment" banner.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { binanceOrderEndpoints, coinbaseOrderEndpoints } from '../../../src/execution/live/live-order-venue.js';

test('a sandbox Binance session pointed at a real-account host is refused; a proxy, the testnet and a real session are not', () => {
  for (const url of ['https://api.binance.com', 'https://API3.binance.com/', 'https://api-gcp.binance.com']) {
    assert.throws(() => binanceOrderEndpoints(true, { TRADEBOT_BINANCE_TRADING_URL: url }),
      /TRADEBOT_BINANCE_TRADING_URL=.* is the real binance account's order API.*set execution\.venueSandbox: false/, url);
  }
  assert.is(binanceOrderEndpoints(true, { TRADEBOT_BINANCE_TRADING_URL: 'http://127.0.0.1:9000' }).label, 'Binance testnet at 127.0.0.1:9000');
  assert.is(binanceOrderEndpoints(true, { TRADEBOT_BINANCE_TRADING_URL: 'https://testnet.binance.vision' }).sandbox, true);
  assert.equal([binanceOrderEndpoints(false, { TRADEBOT_BINANCE_TRADING_URL: 'https://api.binance.com' }).restBase, binanceOrderEndpoints(true, {}).restBase],
    ['https://api.binance.com', null]);
});

test('a sandbox Coinbase Exchange session pointed at the real exchange is refused', () => {
  assert.throws(() => coinbaseOrderEndpoints('coinbaseexchange', true, { TRADEBOT_COINBASE_TRADING_URL: 'https://api.exchange.coinbase.com' }),
    /TRADEBOT_COINBASE_TRADING_URL=https:\/\/api\.exchange\.coinbase\.com is the real coinbaseexchange account's order API/);
  assert.is(coinbaseOrderEndpoints('coinbaseexchange', false, { TRADEBOT_COINBASE_TRADING_URL: 'https://api.exchange.coinbase.com' }).sandbox, false);
  assert.is(coinbaseOrderEndpoints('coinbaseexchange', true, { TRADEBOT_COINBASE_TRADING_URL: 'http://127.0.0.1:9001' }).label, 'Coinbase Exchange sandbox at 127.0.0.1:9001');
});

test.run();
