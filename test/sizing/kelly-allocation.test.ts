// The kelly sizer's hot path (observe a quote, then size against ten correlated symbols with the
// VaR budget binding, refusing, holding or emitting) allocates nothing: 0 GCs over 1M calls.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertNoGc } from '../support/allocation.js';
import { KellySizer } from '../../src/sizing/kelly-sizer.js';
import { BlendedEdge, SizedIntent, SizingBound } from '../../src/shm/records.js';
import { looseParams } from './kelly-fixture.js';

test('observe + size: 0 GCs over 1M calls', () => {
  const SLOTS = 64;
  const SYMBOLS = 10;
  const input = new Float64Array(BlendedEdge.f64 * SLOTS);
  for (let k = 0; k < SLOTS; k++) {
    const b = k * BlendedEdge.f64;
    const common = Math.sin(k * 0.7) * 0.02;
    input[b + BlendedEdge.t0] = 1.5e12 + k * 0.5;
    input[b + BlendedEdge.ts] = 1.7e15 + k * 100_000.5;
    input[b + BlendedEdge.instrument] = k % SYMBOLS;
    input[b + BlendedEdge.edgeBps] = (k % 7) * 0.4 - 1.2;
    input[b + BlendedEdge.confidence] = 0.5;
    input[b + BlendedEdge.volatility] = k % 13 === 0 ? NaN : 20 + (k % 5);
    input[b + BlendedEdge.bid] = 99.999 + common + (k % 3) * 0.01;
    input[b + BlendedEdge.ask] = 100.001 + common + (k % 3) * 0.01;
  }
  const out = new Float64Array(SizedIntent.f64 * 8);
  const positions = Float64Array.from({ length: SYMBOLS }, (_, s) => (s % 2 === 0 ? 5_000 : -3_000));
  const p = looseParams({ varBudgetPct: 0.5 });
  const sizer = new KellySizer(SYMBOLS);
  const ts = new Float64Array(1);
  const emitted = new Float64Array(1);
  assertNoGc('observe + size', (i) => {
    const base = (i & (SLOTS - 1)) * BlendedEdge.f64;
    // Time moves on, so the covariance's clock does too.
    ts[0] += 50_000.5;
    input[base + BlendedEdge.ts] = ts[0];
    sizer.observe(input, base, p);
    if (sizer.size(input, base, p, positions, out, (i & 7) * SizedIntent.f64)) emitted[0]++;
  }, 1_000_000);
  assert.ok(emitted[0] > 1000, `emitted ${emitted[0]}`);
  assert.ok(sizer.boundCounts[SizingBound.VarBudget] > 0, 'the VaR budget bound');
  assert.ok(sizer.rejects[4] > 0, 'NaN volatilities were refused');
});

test.run();
