// MacKinnon p-values: the asymptotic critical values of MacKinnon (2010, Table 1) come back as
// their levels, and the p-value rises monotonically with the statistic from 0 to 1.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mackinnonPValue } from '../../src/stats/mackinnon-p-value.js';

test('Engle-Granger, 2 variables, constant: 1%, 5%, 10% critical values', () => {
  for (const [tau, level] of [[-3.89644, 0.01], [-3.33613, 0.05], [-3.04445, 0.1]]) {
    const p = mackinnonPValue(tau, 2);
    assert.ok(Math.abs(p - level) < 0.1 * level, `p(${tau}) = ${p}, want ~${level}`);
  }
  assert.ok(Math.abs(mackinnonPValue(-3.34, 2) - 0.05) < 0.002, 'p(-3.34) ~ 0.05');
});

test('ADF with constant (1 variable): 5% critical value -2.86154', () => {
  assert.ok(Math.abs(mackinnonPValue(-2.86154, 1) - 0.05) < 0.003);
});

test('monotone in the statistic, saturating at 0 and 1', () => {
  let previous = -1;
  for (let tau = -25; tau <= 3; tau += 0.01) {
    const p = mackinnonPValue(tau, 2);
    assert.ok(p >= previous - 1e-15, `p(${tau}) = ${p} fell below ${previous}`);
    assert.ok(p >= 0 && p <= 1);
    previous = p;
  }
  assert.is(mackinnonPValue(-30, 2), 0);
  assert.is(mackinnonPValue(2, 2), 1);
  assert.throws(() => mackinnonPValue(-3, 7), /variables must be 1\.\.6/);
});

test.run();
