// FeatureEngine.onQuoteFrom / onTradeFrom / write / writeFrom allocate nothing: 0 GCs over 2M+
// calls each with a 1 MB young generation (the test script runs node --max-semi-space-size=1).
// The quote, trade and combined tests measure the array forms the ingest stage calls, with the
// values in a MarketEvent-like scratch array: the argument-style onQuote/onTrade box their double
// arguments wherever the compiler does not inline them, which the caller's code decides.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countGcs, semiSpaceFlag } from '../../src/shm/allocation-check.js';
import { FeatureEngine } from '../../src/data/feature-engine.js';
import { Features } from '../../src/shm/records.js';

const CALLS = 2_000_000;
const SYMBOLS = 8;
/** One quote or trade's values: [ts, bid or price, bid size or size, ask or side, ask size]. */
const ev = new Float64Array(5);
const clock = new Float64Array(1);

test('running with a small semi-space', () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
});

test('onQuote: 0 GCs (including rejected updates)', () => {
  const fe = new FeatureEngine(SYMBOLS, { shortWindow: 10, longWindow: 50 });
  const report = countGcs((i) => {
    const mid = 100 + (i % 97) * 0.01;
    // Every 16th update is crossed and gets rejected: the reject path must not allocate either.
    const ask = (i & 15) === 0 ? mid - 0.05 : mid + 0.05;
    ev[0] = i; ev[1] = mid - 0.05; ev[2] = 1 + (i & 7); ev[3] = ask; ev[4] = 2 + (i & 3);
    fe.onQuoteFrom(i % SYMBOLS, ev, 0, 1, 2, 3, 4);
  }, CALLS);
  assert.ok(fe.rejects.some((r) => r > 0));
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test('onTrade: 0 GCs', () => {
  const fe = new FeatureEngine(SYMBOLS, { shortWindow: 10, longWindow: 50 });
  fe.onQuote(0, 0, 99.9, 1, 100.1, 1);
  const report = countGcs((i) => {
    ev[0] = i; ev[1] = 100 + (i % 5) * 0.1; ev[2] = 0.5 + (i & 3); ev[3] = (i % 3) - 1;
    fe.onTradeFrom(i % SYMBOLS, ev, 0, 1, 2, 3);
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
    ev[0] = 1.7e15 + i * 50_000; ev[1] = mid - 0.05; ev[2] = 1 + (i & 7); ev[3] = mid + 0.05; ev[4] = 2;
    fe.onQuoteFrom(i % SYMBOLS, ev, 0, 1, 2, 3, 4);
    clock[0] = 1.7e18 + i * 1000;
    fe.writeFrom(i % SYMBOLS, clock, 0, 5, out, (i & 63) * Features.f64);
  }, CALLS);
  assert.ok(Number.isFinite(out[Features.atr1m]), 'the 1 min ATR warmed up');
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test.run();
