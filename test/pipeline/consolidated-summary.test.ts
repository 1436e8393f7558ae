// The summary's line per unified symbol of a session on several venues: each venue's share of
// the best bid and ask, most first, and the crossings out of the updates.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatConsolidated } from '../../src/pipeline/consolidated-summary.js';

test('shares of the best bid and ask per venue, and the crossings', () => {
  const lines = formatConsolidated({
    'BTC/USD': {
      updates: 2000, best_bid_held: { binance: 1220, coinbase: 780 }, best_ask_held: { binance: 600, coinbase: 1400 },
      crossings: 3, crossed_at_end: false, best_bid: 65_000, best_bid_venue: 'binance', best_ask: 65_001, best_ask_venue: 'coinbase',
    },
    'SOL/USD': {
      updates: 0, best_bid_held: { binance: 0, coinbase: 0 }, best_ask_held: { binance: 0, coinbase: 0 },
      crossings: 0, crossed_at_end: false, best_bid: null, best_bid_venue: null, best_ask: null, best_ask_venue: null,
    },
  });
  assert.equal(lines, [
    'BTC/USD: best bid binance 61%, coinbase 39%; best ask coinbase 70%, binance 30%; crossed 3 times (of 2,000 updates)',
    'SOL/USD: best bid no quotes; best ask no quotes; crossed 0 times (of 0 updates)',
  ]);
});

test.run();
