// BarFeatureBuilder.onRecord (what deep_onnx does per record, bar closes included) allocates
// nothing: 0 GCs over 2M records with a 1 MB young generation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BarFeatureBuilder, DEEP_ENGINE_WINDOWS } from '../../src/alpha/deep/bar-feature-builder.js';
import { Features } from '../../src/shm/records.js';
import { assertNoGc } from '../support/allocation.js';

test('onRecord: 0 GCs over 2M records, a bar closing every 50', () => {
  const SYMBOLS = 4;
  const builder = new BarFeatureBuilder(SYMBOLS, 60e6, 16, DEEP_ENGINE_WINDOWS);
  const rec = new Float64Array(Features.f64);
  let closes = 0;
  assertNoGc('BarFeatureBuilder.onRecord', (i) => {
    const symbol = i % SYMBOLS;
    const p = 100 + Math.sin(i * 0.001) + (i % 7) * 0.01;
    rec[Features.instrument] = symbol;
    rec[Features.ts] = 1.7e15 + Math.floor(i / SYMBOLS) * 4.8e6; // 12.5 records per symbol per minute
    rec[Features.bid] = p - 0.01;
    rec[Features.ask] = p + 0.01;
    if (builder.onRecord(rec, 0)) closes++;
  }, 2_000_000);
  assert.ok(closes > 1000, `${closes} windows became due`);
});

test.run();
