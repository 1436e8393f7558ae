// The VaR budget sees correlation: with a long already held in one symbol, a long in a second
// symbol that moves with it adds more VaR than one that moves independently, so it is sized
// smaller. Same volatilities, same budget, same signal; only the co-movement differs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KellySizer } from '../../src/sizing/kelly-sizer.js';
import { SizedIntent, SizingBound } from '../../src/shm/records.js';
import { Prng } from '../../src/data/prng.js';
import { feedQuotes, kellyEdge, looseParams } from './kelly-fixture.js';

/** +-1 bp per quote: symbol 1 copies symbol 0 (correlated) or draws its own signs (uncorrelated). */
function targetWith(correlated: boolean): { target: number; correlation: number; bound: number } {
  const p = looseParams({ varBudgetPct: 3, covarianceLambda: 0.99 });
  const sizer = new KellySizer(2);
  const rng = new Prng(7);
  const signs = new Float64Array(2);
  feedQuotes(sizer, p, 400, (round, symbol) => {
    if (symbol === 0 || !correlated) signs[symbol] = rng.uniform() < 0.5 ? -1 : 1;
    return (correlated ? signs[0] : signs[symbol]) * 1e-4;
  });
  const cov = sizer.covariance;
  const correlation = cov.daily(0, 1) / Math.sqrt(cov.daily(0, 0) * cov.daily(1, 1));
  const out = new Float64Array(SizedIntent.f64);
  // Already long 20,000 of symbol 1; size symbol 0.
  assert.ok(sizer.size(kellyEdge({ instrument: 0 }), 0, p, Float64Array.from([0, 20_000]), out, 0));
  return { target: out[SizedIntent.targetPositionUsd], correlation, bound: out[SizedIntent.bound] };
}

test('perfectly correlated symbols size smaller than uncorrelated ones under the same VaR budget', () => {
  const together = targetWith(true);
  const apart = targetWith(false);
  assert.ok(together.correlation > 0.95, `estimated correlation ${together.correlation}`);
  assert.ok(Math.abs(apart.correlation) < 0.2, `estimated correlation ${apart.correlation}`);
  assert.is(together.bound, SizingBound.VarBudget);
  assert.is(apart.bound, SizingBound.VarBudget);
  assert.ok(together.target > 0 && together.target < apart.target, `correlated ${together.target} vs uncorrelated ${apart.target}`);
  // With correlation 1 the VaRs add: the new position gets the budget minus the held one's VaR.
  assert.ok(apart.target - together.target > 5_000, `${apart.target - together.target} USD apart`);
});

test.run();
