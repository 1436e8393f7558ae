// The kelly sizer's target is the closed form for a Gaussian edge, f* = mu / sigma^2 (times
// kellyFraction and equity), with mu = edge / 1e4 and sigma = volatility / 1e4; and that closed
// form is where the expected log growth E[log(1 + f R)], R ~ N(mu, sigma^2), peaks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KellySizer } from '../../src/sizing/kelly-sizer.js';
import { SizedIntent, SizingBound } from '../../src/shm/records.js';
import { feedQuotes, kellyEdge, looseParams, quiet } from './kelly-fixture.js';

/** E[log(1 + f R)] for R ~ N(mu, sigma^2), by the trapezoid rule over mu +- 10 sigma. */
function expectedLogGrowth(f: number, mu: number, sigma: number): number {
  const steps = 4000;
  const lo = mu - 10 * sigma;
  const h = (20 * sigma) / steps;
  let sum = 0;
  for (let k = 0; k <= steps; k++) {
    const r = lo + k * h;
    const density = Math.exp(-0.5 * ((r - mu) / sigma) ** 2) / (sigma * Math.sqrt(2 * Math.PI));
    sum += (k === 0 || k === steps ? 0.5 : 1) * Math.log(1 + f * r) * density;
  }
  return sum * h;
}

test('the closed form f* = mu / sigma^2 maximises the expected log growth of a Gaussian edge', () => {
  const mu = 0.0005; // 5 bps
  const sigma = 0.01; // 100 bps
  const closed = mu / (sigma * sigma); // 5
  // Golden-section search for the argmax over (0, 9) (1 + f R stays positive over mu +- 10 sigma).
  let a = 0;
  let b = 9;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 80; i++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (expectedLogGrowth(c, mu, sigma) > expectedLogGrowth(d, mu, sigma)) b = d; else a = c;
  }
  const argmax = (a + b) / 2;
  // The quadratic approximation behind mu / sigma^2 is off by O(sigma^2) relative: well under 1%.
  assert.ok(Math.abs(argmax - closed) / closed < 0.01, `argmax ${argmax} vs mu / sigma^2 = ${closed}`);
});

for (const [edge, volatility, fraction] of [[0.5, 50, 0.25], [-0.8, 80, 0.5], [1.2, 120, 1]] as const) {
  test(`edge ${edge} bps on ${volatility} bps of volatility, ${fraction} Kelly: the closed form`, () => {
    const p = looseParams({ kellyFraction: fraction });
    const sizer = new KellySizer(1);
    feedQuotes(sizer, p, 50, quiet);
    const out = new Float64Array(SizedIntent.f64);
    assert.ok(sizer.size(kellyEdge({ edgeBps: edge, volatility }), 0, p, new Float64Array(1), out, 0));
    const mu = edge / 1e4;
    const sigma = volatility / 1e4;
    const expected = fraction * (mu / (sigma * sigma)) * 100_000;
    assert.ok(Math.abs(out[SizedIntent.targetPositionUsd] - expected) < 1e-6, `${out[SizedIntent.targetPositionUsd]} vs ${expected}`);
    assert.is(out[SizedIntent.bound], SizingBound.None);
    assert.is(out[SizedIntent.notionalUsd], Math.abs(out[SizedIntent.targetPositionUsd]));
  });
}

test('with a clock-time volatility the variance is the horizon\'s: twice the horizon, half the bet', () => {
  const p = looseParams();
  // A fresh sizer per call: each one's intent would otherwise count as the next one's position.
  const target = (horizonMs: number, volatility1s: number) => {
    const sizer = new KellySizer(1);
    feedQuotes(sizer, p, 50, quiet);
    const out = new Float64Array(SizedIntent.f64);
    assert.ok(sizer.size(kellyEdge({ volatility1s, horizonMs }), 0, p, new Float64Array(1), out, 0));
    return out[SizedIntent.targetPositionUsd];
  };
  // 0.5 bp over 60 s against 8 bps per sqrt(s): sigma^2 = 64 x 60 bps^2, f = 0.25 x 5e-5 / 3.84e-5.
  const sixty = target(60_000, 8);
  const expected = 0.25 * (5e-5 / ((8e-4) ** 2 * 60)) * 100_000;
  assert.ok(Math.abs(sixty - expected) < 1e-6, `${sixty} vs ${expected}`);
  assert.ok(Math.abs(target(120_000, 8) - sixty / 2) < 1e-6, 'twice the horizon, half the bet');
  // Without the clock-time volatility (NaN: fewer than two 1 s bars) or a horizon, the
  // per-update volatility (50 bps): 0.25 x 5e-5 / 0.005^2 = 0.5x equity.
  const perUpdate = 0.25 * (5e-5 / (50e-4) ** 2) * 100_000;
  assert.ok(Math.abs(target(60_000, NaN) - perUpdate) < 1e-6);
  assert.ok(Math.abs(target(0, 8) - perUpdate) < 1e-6);
});

test.run();
