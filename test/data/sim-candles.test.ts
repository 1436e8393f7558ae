// Simulated-market candles: deterministic for a seed, different for another, and readable by the
// candle reader as contiguous 1-minute OHLCV bars.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCandleBytes } from '../../src/data/replay/candle-file.js';
import { simCandlesCsv } from '../../src/data/sim-candles.js';

test('same seed, same bytes; another seed, other bytes; the reader takes every bar', () => {
  const a = simCandlesCsv({ symbol: 'BTC/USDT', bars: 300, seed: 1 });
  assert.is(simCandlesCsv({ symbol: 'BTC/USDT', bars: 300, seed: 1 }), a);
  assert.is.not(simCandlesCsv({ symbol: 'BTC/USDT', bars: 300, seed: 2 }), a);
  const series = parseCandleBytes(Buffer.from(a), 'sim.csv');
  assert.is(series.count, 300);
  assert.is(series.rejectSummary, '');
  assert.is(series.intervalUs, 60e6);
  assert.ok(series.missingBars < 5, `missing ${series.missingBars}`);
});

test.run();
