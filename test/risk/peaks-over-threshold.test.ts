// EVT by peaks over threshold: on losses drawn from a GPD (whose exceedances over any threshold
// are GPD again), the POT VaR and ES at 99% and 99.5% land near the true quantile and tail mean.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Prng } from '../../src/data/prng.js';
import { fitPot, potVarEs } from '../../src/risk/peaks-over-threshold.js';

test('GPD(0.2, 0.01) losses: POT VaR/ES within 5% of the truth; threshold at the 90th percentile', () => {
  const xi = 0.2;
  const beta = 0.01;
  const n = 50_000;
  const rng = new Prng(5);
  const returns = new Float64Array(n);
  for (let i = 0; i < n; i++) returns[i] = -(beta * (Math.pow(rng.uniform(), -xi) - 1)) / xi;
  const model = fitPot(returns);
  assert.ok(Math.abs(model.exceedances - n / 10) <= 1, `exceedances ${model.exceedances}`);
  for (const level of [0.99, 0.995]) {
    const trueVar = (beta * (Math.pow(1 - level, -xi) - 1)) / xi;
    const trueEs = (trueVar + beta) / (1 - xi); // mean loss beyond VaR for a GPD from 0
    const got = potVarEs(model, level);
    assert.ok(Math.abs(got.var / trueVar - 1) < 0.05, `VaR ${level}: ${got.var} vs ${trueVar}`);
    assert.ok(Math.abs(got.es / trueEs - 1) < 0.05, `ES ${level}: ${got.es} vs ${trueEs}`);
    assert.ok(got.es > got.var);
  }
  assert.throws(() => potVarEs(model, 0.5), /not in the fitted tail/);
});

test('exponential tail: the xi = 0 limit of the formulas is continuous', () => {
  const model = { threshold: 0.01, n: 1000, exceedances: 100, gpd: { xi: 0, beta: 0.005, logLikelihood: 0, n: 100 } };
  const nearZero = { ...model, gpd: { ...model.gpd, xi: 1e-9 } };
  const a = potVarEs(model, 0.99);
  const b = potVarEs(nearZero, 0.99);
  assert.ok(Math.abs(a.var - (0.01 + 0.005 * Math.log(10))) < 1e-15, `${a.var}`);
  assert.ok(Math.abs(a.var - b.var) < 1e-10 && Math.abs(a.es - b.es) < 1e-10);
});

test.run();
