// EMA, RSI and ATR (and the feature engine's fields built on them) on real candles (FTX
// BTC-PERP 1m, first 3,000 bars) give the full history's values after a warm-up, from any start;
// the warm-up is reported for each tolerance. The daily VWAP does not: it depends on where its
// session began until the next UTC day.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { candlesOf } from '../../src/backtest/lookahead-guard.js';
import { checkRecursive } from '../../src/backtest/recursive-check.js';
import { atrIndicator, emaIndicator, featureIndicators, rsiIndicator, vwapIndicator } from '../../src/backtest/recursive-indicators.js';
import { readCandleFile } from '../../src/data/replay/candle-file.js';
import { sharedFile } from '../support/shared-data.js';

const FILE = 'crypto/candles/nautilus/ftx-btc-perp-20211231-20220201_1m.csv';
const STARTS = [300, 1000, 1500];

test('EMA(20), RSI(14), ATR(14) converge after their warm-up', () => {
  const file = sharedFile(FILE);
  if (file === null) return;
  const bars = candlesOf(readCandleFile(file), 0, 3000);
  const [ema, rsi, atr, vwap] = checkRecursive(bars, [emaIndicator(20), rsiIndicator(14), atrIndicator(14), vwapIndicator()], { starts: STARTS });
  for (const r of [ema, rsi, atr]) {
    assert.is(r.verdict, 'converges', r.name);
    assert.ok(r.warmup !== null);
    // Longer than the period (recursive state still remembers the start) but bounded.
    assert.ok(r.warmup > 14 && r.warmup < 250, `${r.name} warm-up ${r.warmup}`);
  }
  // A tighter tolerance needs a longer warm-up: EMA(20) error decays by 19/21 a bar.
  const tight = checkRecursive(bars, [{ ...emaIndicator(20), tolerance: 1e-10 }], { starts: STARTS })[0];
  assert.ok(tight.warmup !== null && ema.warmup !== null && tight.warmup > ema.warmup + 60);
  // VWAP since the UTC day began: the same only from the next midnight on.
  assert.is(vwap.verdict, 'start-dependent');
});

test('the feature engine fields the alphas read converge (VWAP excepted)', () => {
  const file = sharedFile(FILE);
  if (file === null) return;
  const bars = candlesOf(readCandleFile(file), 0, 3000);
  const results = checkRecursive(bars, featureIndicators({ shortWindow: 20, longWindow: 100, volumeInQuote: true }), { starts: STARTS });
  for (const r of results) {
    if (r.name === 'features.vwap') assert.is(r.verdict, 'start-dependent');
    else assert.is(r.verdict, 'converges', `${r.name}: ${JSON.stringify(r.starts)}`);
  }
});

test.run();
