// Closed 1-minute klines reach a session's summary as `bars`. A live crypto session reads, through
// TRADEBOT_BINANCE_WS_URL / _REST_URL, a simulated exchange whose virtual clock starts 6 s before
// a minute ends (time for the session to start and connect, even on a loaded machine; the exchange
// runs from its own start, listened to or not): within the session that minute closes, and each
// symbol's closing kline is one bar. The ticks are the trades and quotes; the bars add none.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli, summaryOf, tradingCryptoConfig } from './cli-session.js';
import { SimExchange } from '../../src/data/sim-exchange/sim-exchange.js';
import { withDeadline } from '../support/deadline.js';
import { tempDir } from '../support/temp-dir.js';

test('run crypto --source live on Binance: kline_1m subscribed, each closed minute a bar in the summary', async () => {
  const boundaryUs = (Math.floor(Date.now() / 60_000) + 3) * 60_000_000;
  const ex = new SimExchange({
    symbols: ['BTC/USDT', 'ETH/USDT'], startPrices: { 'BTC/USDT': 65000, 'ETH/USDT': 3400 }, annualVol: 0.6, seed: 5,
    eventsPerSecond: 2000, startEpochUs: boundaryUs - 6_000_000,
  });
  const at = await withDeadline(ex.start(), 10_000, 'the simulated exchange to start', () => ex.stop());
  try {
    const r = await runCli(['run', 'crypto', '--config', tradingCryptoConfig(), '--source', 'live', '--duration', '9s', '--json', '--metrics-port', '0'], 30_000,
      { TRADEBOT_BINANCE_WS_URL: at.wsUrl, TRADEBOT_BINANCE_REST_URL: at.restUrl, TRADEBOT_CACHE_DIR: tempDir() });
    assert.is(r.code, 0, r.stderr);
    const s = summaryOf(r);
    assert.is(s.venue, 'binance');
    assert.is(s.bars, 2, 'one closed minute for each of the two symbols');
    assert.ok(s.ticks > 100 && s.orders > 0, JSON.stringify(s));
    assert.is(s.bad_input, 0);
  } finally {
    await ex.stop();
  }
});

test.run();
