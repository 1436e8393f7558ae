// Bad input to the risk modules fails with one error naming the sample and the position:
// NaN or infinite returns, too few points, non-positive prices, levels outside (0, 1).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { historicalVarEs } from '../../src/risk/historical-var.js';
import { sampleGaussianVarEs } from '../../src/risk/gaussian-var.js';
import { sampleCornishFisherVar } from '../../src/risk/cornish-fisher-var.js';
import { fitPot } from '../../src/risk/peaks-over-threshold.js';
import { maxDrawdown } from '../../src/risk/max-drawdown.js';
import { simpleReturns } from '../../src/risk/simple-returns.js';
import { riskReport } from '../../src/risk/risk-report.js';

const returns = Array.from({ length: 200 }, (_, i) => Math.sin(i) / 100);

test('a NaN in returns names its index, in every estimator', () => {
  const bad = [...returns];
  bad[17] = NaN;
  for (const run of [() => historicalVarEs(bad, 0.99), () => sampleGaussianVarEs(bad, 0.99), () => sampleCornishFisherVar(bad, 0.99), () => fitPot(bad)]) {
    assert.throws(run, /returns\[17\] is NaN/);
  }
  bad[17] = Infinity;
  assert.throws(() => historicalVarEs(bad, 0.95), /returns\[17\] is Infinity/);
});

test('too few points say how many there are and how many are needed', () => {
  assert.throws(() => historicalVarEs([0.01], 0.99), /returns: 1 values, need at least 2/);
  assert.throws(() => fitPot(returns.slice(0, 50)), /5 losses above the 90th percentile, the EVT fit needs at least 10/);
  assert.throws(() => riskReport(new Float64Array(50).fill(1)), /returns: 49 values, need at least 100/);
});

test('prices: non-positive or NaN named by index; horizon and level checked', () => {
  assert.throws(() => maxDrawdown([1, 2, 0, 3]), /prices\[2\] is 0/);
  assert.throws(() => simpleReturns([1, 2, NaN]), /prices\[2\] is NaN/);
  assert.throws(() => simpleReturns([1, 2, 3], 0), /horizon must be a whole number of bars >= 1/);
  assert.throws(() => historicalVarEs(returns, 1), /confidence level must be strictly between 0 and 1/);
});

test.run();
