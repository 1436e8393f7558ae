// The online covariance equals a direct computation of its definition on a small sample: every
// pair of overlapping quote intervals of i and j (Hayashi-Yoshida) contributes the product of
// their returns, weighted (1 - lambda) * lambda^(observations since the later of the two ends);
// a variance is the same sum over each symbol's own returns. Also across the rescaling of a long
// run, and the one-day scaling by the mean time between observations.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EwmaCovariance } from '../../src/risk/ewma-covariance.js';
import { Prng } from '../../src/data/prng.js';

interface Interval { start: number; end: number; r: number }

/** Random asynchronous observations: who quotes next and by how much. */
function sample(n: number, count: number, seed: number): { symbol: number; r: number }[] {
  const rng = new Prng(seed);
  return Array.from({ length: count }, () => ({ symbol: Math.floor(rng.uniform() * n), r: (rng.uniform() - 0.5) * 2e-3 }));
}

/** Hayashi-Yoshida, written from its definition: observation k ends an interval that began at the symbol's previous one. */
function direct(n: number, obs: { symbol: number; r: number }[], lambda: number): number[][] {
  const intervals: Interval[][] = Array.from({ length: n }, () => []);
  // Every symbol's first interval starts at -1: `begin` is called for all before the sample.
  const last = new Array<number>(n).fill(-1);
  obs.forEach(({ symbol, r }, k) => { intervals[symbol].push({ start: last[symbol], end: k, r }); last[symbol] = k; });
  const T = obs.length - 1;
  const w = (end: number): number => (1 - lambda) * lambda ** (T - end);
  const S = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      if (i === j) {
        for (const I of intervals[i]) sum += w(I.end) * I.r * I.r;
      } else {
        for (const I of intervals[i]) {
          for (const J of intervals[j]) {
            if (I.start < J.end && J.start < I.end) sum += w(Math.max(I.end, J.end)) * I.r * J.r;
          }
        }
      }
      S[i][j] = sum;
    }
  }
  return S;
}

function online(n: number, obs: { symbol: number; r: number }[], lambda: number, gapUs = 1_000_000): EwmaCovariance {
  const cov = new EwmaCovariance(n);
  for (let s = 0; s < n; s++) cov.begin(s);
  obs.forEach(({ symbol, r }, k) => cov.observe(symbol, r, 1.7e15 + k * gapUs, lambda));
  return cov;
}

test('a small asynchronous sample: equal to the direct Hayashi-Yoshida sum', () => {
  const n = 3;
  const obs = sample(n, 40, 11);
  const lambda = 0.9;
  const S = direct(n, obs, lambda);
  const cov = online(n, obs, lambda);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const got = cov.perObservation(i, j);
      assert.ok(Math.abs(got - S[i][j]) <= 1e-12 * Math.max(1e-12, Math.abs(S[i][j])) + 1e-22, `S[${i}][${j}] ${got} vs ${S[i][j]}`);
      assert.is(cov.perObservation(j, i), got, 'symmetric');
    }
  }
});

test('a long run (the scale folded back many times) still equals the plain recursion', () => {
  const n = 4;
  const obs = sample(n, 20_000, 5);
  const lambda = 0.94;
  // The recursion S <- lambda S + (1 - lambda) r_i x_j on row and column i, x_j = j's move over i's interval.
  const S = new Float64Array(n * n);
  const level = new Float64Array(n);
  const anchor = new Float64Array(n * n);
  for (const { symbol: i, r } of obs) {
    for (let k = 0; k < S.length; k++) S[k] *= lambda;
    level[i] += r;
    for (let j = 0; j < n; j++) {
      const v = S[i * n + j] + (1 - lambda) * r * (level[j] - anchor[i * n + j]);
      S[i * n + j] = v;
      S[j * n + i] = v;
      anchor[i * n + j] = level[j];
    }
  }
  const cov = online(n, obs, lambda);
  for (let k = 0; k < S.length; k++) {
    const got = cov.perObservation(Math.floor(k / n), k % n);
    assert.ok(Math.abs(got - S[k]) <= 1e-9 * Math.abs(S[k]) + 1e-20, `entry ${k}: ${got} vs ${S[k]}`);
  }
});

test('one day: the per-observation covariance over the mean gap, times 86,400 s', () => {
  const obs = sample(2, 2_000, 3);
  const cov = online(2, obs, 0.97, 250_000); // a quarter second between observations
  assert.ok(Math.abs(cov.daily(0, 1) - cov.perObservation(0, 1) * 86_400 / 0.25) < 1e-9 * Math.abs(cov.daily(0, 1)) + 1e-18);
  assert.ok(Number.isNaN(new EwmaCovariance(2).daily(0, 0)), 'no estimate before any time has passed');
});

test('portfolio variance and the marginal VaR of one position agree with x\' S x', () => {
  const cov = online(3, sample(3, 300, 9), 0.95);
  const x = Float64Array.from([10_000, -4_000, 7_000]);
  const out = new Float64Array(1);
  cov.writePortfolioVariance(x, out, 0);
  let v = 0;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) v += x[i] * x[j] * cov.daily(i, j);
  assert.ok(Math.abs(out[0] - v) < 1e-9 * v, `${out[0]} vs ${v}`);
  const y = Float64Array.from([10_000, 2_000, 7_000]);
  cov.writePortfolioVariance(y, out, 0);
  const change = cov.varChangeUsd(x, 1, 2_000, 2.326);
  assert.ok(Math.abs(change - 2.326 * (Math.sqrt(out[0]) - Math.sqrt(v))) < 1e-6, `marginal VaR ${change}`);
});

test.run();
