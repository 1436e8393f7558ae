// FeatureEngine.onQuote / onTrade / write allocate nothing: 0 GCs over 2M+ calls each with a
// 1 MB young generation (the test script runs node --max-semi-space-size=1).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countGcs, semiSpaceFlag } from '../../src/shm/allocation-check.js';
import { FeatureEngine } from '../../src/data/feature-engine.js';
import { Features } from '../../src/shm/records.js';

const CALLS = 2_000_000;
const SYMBOLS = 8;

test('running with a small semi-space', () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
});

test('onQuote: 0 GCs (including rejected updates)', () => {
  const fe = new FeatureEngine(SYMBOLS, { shortWindow: 10, longWindow: 50 });
  const report = countGcs((i) => {
    const mid = 100 + (i % 97) * 0.01;
    // Every 16th update is crossed and gets rejected: the reject path must not allocate either.
    const ask = (i & 15) === 0 ? mid - 0.05 : mid + 0.05;
    fe.onQuote(i % SYMBOLS, i, mid - 0.05, 1 + (i & 7), ask, 2 + (i & 3));
  }, CALLS);
  assert.ok(fe.rejects.some((r) => r > 0));
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test('onTrade: 0 GCs', () => {
  const fe = new FeatureEngine(SYMBOLS, { shortWindow: 10, longWindow: 50 });
  fe.onQuote(0, 0, 99.9, 1, 100.1, 1);
  const report = countGcs((i) => {
    fe.onTrade(i % SYMBOLS, i, 100 + (i % 5) * 0.1, 0.5 + (i & 3), (i % 3) - 1);
  }, CALLS);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test('write: 0 GCs', () => {
  const fe = new FeatureEngine(SYMBOLS, { shortWindow: 10, longWindow: 50 });
  for (let s = 0; s < SYMBOLS; s++) { fe.onQuote(s, 0, 99.9, 1, 100.1, 2); fe.onQuote(s, 1, 100, 1, 100.2, 2); }
  const out = new Float64Array(Features.f64 * 64);
  const report = countGcs((i) => {
    fe.write(i % SYMBOLS, i * 1000, 5, out, (i & 63) * Features.f64);
  }, CALLS);
  assert.ok(out[Features.volatility] > 0);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test('quotes across hours of event time (1 s, 1 min and 5 min bars closing) and writes: 0 GCs', () => {
  const fe = new FeatureEngine(SYMBOLS, { shortWindow: 10, longWindow: 50 });
  const out = new Float64Array(Features.f64 * 64);
  const report = countGcs((i) => {
    const mid = 100 + (i % 97) * 0.01;
    fe.onQuote(i % SYMBOLS, 1.7e15 + i * 50_000, mid - 0.05, 1 + (i & 7), mid + 0.05, 2);
    fe.write(i % SYMBOLS, i * 1000, 5, out, (i & 63) * Features.f64);
  }, CALLS);
  assert.ok(Number.isFinite(out[Features.atr1m]), 'the 1 min ATR warmed up');
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test.run();
