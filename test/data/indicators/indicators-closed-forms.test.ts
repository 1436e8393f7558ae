// The indicators on inputs whose answers are known by hand: a series' own values, flat windows,
// a rolling variance at BTC's price level that must not lose its digits, VWAP as a weighted mean,
// and bars cut from trades on the epoch-aligned minute.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RollingWindowSet } from '../../../src/data/indicators/rolling-window.js';
import { BollingerSet } from '../../../src/data/indicators/bollinger.js';
import { RsiSet } from '../../../src/data/indicators/rsi.js';
import { VwapSet } from '../../../src/data/indicators/vwap.js';
import { TimeBarSet } from '../../../src/data/indicators/time-bars.js';
import { EmaSet } from '../../../src/data/indicators/ema.js';

test('rolling variance at a high price level equals a two-pass variance, over a million updates', () => {
  const w = new RollingWindowSet(2, 50);
  let seed = 11;
  const rand = (): number => { seed = (seed * 16_807) % 2_147_483_647; return seed / 2_147_483_647; };
  const recent: number[] = [];
  for (let i = 0; i < 1_000_000; i++) {
    const x = 65_000 + 5 * rand();
    w.push(1, x);
    recent.push(x);
    if (recent.length > 50) recent.shift();
  }
  const mean = recent.reduce((a, b) => a + b, 0) / 50;
  const variance = recent.reduce((a, b) => a + (b - mean) ** 2, 0) / 50;
  assert.ok(Math.abs(w.mean[1] - mean) < 1e-9, `mean ${w.mean[1]} vs ${mean}`);
  assert.ok(Math.abs(w.variance(1) - variance) / variance < 1e-8, `variance ${w.variance(1)} vs ${variance}`);
  assert.is(w.filled[0], 0, 'series are independent');
});

test('Bollinger on a flat window: zero width, z-score 0; one outlier: its z-score', () => {
  const bb = new BollingerSet(1, 4, 2);
  for (const x of [10, 10, 10, 10]) bb.update(0, x);
  assert.is(bb.upper[0], 10);
  assert.is(bb.zScore[0], 0);
  bb.update(0, 14); // window 10, 10, 10, 14: mean 11, population sd sqrt(3)
  assert.ok(Math.abs(bb.zScore[0] - 3 / Math.sqrt(3)) < 1e-12);
});

test('RSI: only gains is 100, only losses is 0, ready after period + 1 inputs', () => {
  const rsi = new RsiSet(2, 3);
  for (const x of [1, 2, 3]) rsi.update(0, x);
  assert.not.ok(rsi.ready(0));
  rsi.update(0, 4);
  assert.ok(rsi.ready(0));
  assert.is(rsi.value[0], 100);
  for (const x of [9, 8, 7, 6]) rsi.update(1, x);
  assert.is(rsi.value[1], 0);
});

test('EMA seeded with the first value; alpha 2 / (n + 1)', () => {
  const ema = new EmaSet(1, 3);
  for (const x of [1, 2, 3, 4, 5]) ema.update(0, x);
  assert.is(ema.value[0], 4.0625);
});

test('VWAP: volume-weighted mean since the session reset; bad prints ignored', () => {
  const v = new VwapSet(1);
  assert.ok(Number.isNaN(v.value[0]));
  v.update(0, 100, 1);
  v.update(0, 110, 3);
  v.update(0, NaN, 5);
  v.update(0, 120, -1);
  assert.is(v.value[0], 107.5);
  v.resetSession(0);
  v.update(0, 50, 2);
  assert.is(v.value[0], 50);
});

test('time bars: cut on the epoch-aligned minute, no bar for an empty minute, late trades folded in', () => {
  const bars = new TimeBarSet(1, 60_000_000);
  const t0 = 1_700_000_040_000_000; // 12:34:00 UTC on the minute
  assert.not.ok(bars.update(0, t0 + 1_000_000, 100, 1));
  bars.update(0, t0 + 20_000_000, 105, 2);
  bars.update(0, t0 + 59_999_999, 99, 1);
  assert.ok(bars.update(0, t0 + 60_000_000, 101, 1), 'the next minute closes the first bar');
  assert.equal([bars.closedStart[0], bars.closedOpen[0], bars.closedHigh[0], bars.closedLow[0], bars.closedClose[0], bars.closedVolume[0]],
    [t0, 100, 105, 99, 99, 4]);
  assert.not.ok(bars.update(0, t0 + 30_000_000, 98, 1), 'a late trade does not reopen the closed bar');
  assert.is(bars.lateTrades[0], 1);
  assert.ok(bars.update(0, t0 + 180_000_000, 102, 1), 'minute 3 closes minute 1; minute 2 had no trade and makes no bar');
  assert.equal([bars.closedStart[0], bars.closedOpen[0], bars.closedLow[0], bars.closedClose[0], bars.closedVolume[0]],
    [t0 + 60_000_000, 101, 98, 98, 2]);
});

test.run();
