// An Advanced Trade frame carries its trades, tickers and candles in lists, and the parser refuses
// a bad item alone while the rest of the frame counts. A refused item is still a bad message: the
// connector must log it (rate-limited, naming venue, channel and reason), not only count it, and
// carry on with the good items.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CoinbaseAdvancedMarketData } from '../../../../src/data/venues/coinbase/coinbase-advanced-market-data.js';
import { waitUntil } from '../../../support/deadline.js';
import { advancedLoopback } from './coinbase-advanced-loopback.js';

const TIME = '2026-08-09T21:05:48.228568Z';
const trade = (id: number, price: string) =>
  ({ product_id: 'BTC-USD', trade_id: String(id), price, size: '0.002', time: TIME, side: 'SELL' });
const tradesFrame = (sequence: number, items: object[]) =>
  JSON.stringify({ channel: 'market_trades', client_id: '', timestamp: TIME, sequence_num: sequence, events: [{ type: 'update', trades: items }] });
const tickerFrame = (sequence: number) => JSON.stringify({
  channel: 'ticker', client_id: '', timestamp: TIME, sequence_num: sequence,
  events: [{ type: 'update', tickers: [{ product_id: 'BTC-USD', price: '1', best_bid: '3', best_ask: '2' }] }],
});

test('a refused trade or ticker inside an accepted frame is logged with venue, channel and reason', async () => {
  const lb = await advancedLoopback((ws, m) => {
    if (m.channel !== 'heartbeats') return;
    ws.send(tradesFrame(0, [trade(2, '-1'), trade(1, '65083.67')]));
    ws.send(tickerFrame(1));
  });
  const logs: string[] = [];
  const prices: number[] = [];
  const md = new CoinbaseAdvancedMarketData({
    endpoints: { protocol: 'coinbase_advanced', wsBase: lb.url, restBase: '' },
    symbols: ['BTC/USD'],
    onEvent: (e) => { prices.push(e[3]); },
    log: (line) => logs.push(line),
  });
  try {
    md.start();
    await waitUntil(() => md.totals().frames >= 2, 5000, () => `2 frames (have ${md.totals().frames})`);
    const t = md.totals();
    assert.is(t.reject_bad_price, 1);
    assert.is(t.reject_crossed_top, 1);
    assert.is(t.trades, 1, "the good trade of the frame still goes through");
    assert.equal(prices, [65083.67]);
    const text = logs.join('\n');
    assert.match(text, /coinbase_advanced: skipped .*market_trades.*bad_price/);
    assert.match(text, /coinbase_advanced: skipped .*ticker.*crossed_top/);
  } finally {
    md.stop();
    await lb.close();
  }
});

test.run();
