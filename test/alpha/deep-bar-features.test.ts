// No training/serving skew in the inputs: bars fed to the serving-side builder give the very rows
// (bit for bit) that training computes from the same candles through CandleEventSource and the
// feature engine; and the live path (Features records folded into mid bars) closes a bar when
// the next one starts and says when a full window is due.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BarFeatureBuilder, DEEP_FEATURE_COUNT, DEEP_FEATURE_NAMES } from '../../src/alpha/deep/bar-feature-builder.js';
import { candleFeatures, ENGINE_WINDOWS, FEATURE_NAMES } from '../../src/ml/candle-features.js';
import { Features } from '../../src/shm/records.js';
import { randomWalkCandles } from '../ml/random-walk-candles.js';

const WINDOW = 16;

test('feature names agree between training and serving', () => {
  assert.equal([...DEEP_FEATURE_NAMES], [...FEATURE_NAMES]);
});

test('serving rows equal training rows for the same candles', () => {
  const series = randomWalkCandles(300, 5);
  const trained = candleFeatures(series);
  const builder = new BarFeatureBuilder(2, series.intervalUs, WINDOW, ENGINE_WINDOWS);
  let appended = 0;
  for (let b = 0; b < series.count; b++) {
    if (builder.addBar(1, series.openTimeUs[b], series.open[b], series.high[b], series.low[b], series.close[b], series.volume[b])) appended++;
  }
  assert.is(appended, trained.rows);
  const mean = new Float64Array(DEEP_FEATURE_COUNT);
  const std = new Float64Array(DEEP_FEATURE_COUNT).fill(1);
  const out = new Float32Array(WINDOW * DEEP_FEATURE_COUNT);
  builder.writeWindow(1, mean, std, out, 0);
  const expected = Float32Array.from(trained.values.subarray((trained.rows - WINDOW) * DEEP_FEATURE_COUNT));
  assert.equal(Array.from(out), Array.from(expected));
});

test('Features records: a bar closes when the next starts; due once the window is full', () => {
  const interval = 60e6;
  const builder = new BarFeatureBuilder(1, interval, 4, ENGINE_WINDOWS);
  const rec = new Float64Array(Features.f64);
  let due = 0;
  let firstDueBar = -1;
  let price = 100;
  for (let bar = 0; bar < 40; bar++) {
    for (let k = 0; k < 5; k++) {
      price *= 1 + 0.001 * Math.sin(bar * 7 + k);
      rec[Features.instrument] = 0;
      rec[Features.ts] = bar * interval + k * 10e6;
      rec[Features.bid] = price - 0.01;
      rec[Features.ask] = price + 0.01;
      if (builder.onRecord(rec, 0)) {
        due++;
        if (firstDueBar < 0) firstDueBar = bar;
        assert.is(k, 0, 'due only on the first record of a new bar');
      }
    }
  }
  assert.ok(firstDueBar > 4, `first due at bar ${firstDueBar}`);
  assert.is(due, 40 - firstDueBar);
  assert.is(builder.filled(0), 4);
});

test.run();
