// Parametric VaR: volatility estimated from marks recovers the true volatility of a simulated
// walk; VaR scales with position and is zero when flat; the per-mark path allocates nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ParametricVar, Z_99 } from '../../src/risk/parametric-var.js';
import { countGcs } from '../../src/shm/allocation-check.js';
import { PortfolioSnapshot } from '../../src/risk/portfolio.js';

function gaussian(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = () => { s = (s * 1664525 + 1013904223) >>> 0; return (s + 0.5) / 4294967296; };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

test('daily volatility estimated from marks matches the walk that produced them', () => {
  const dailyVol = 0.04;
  const stepSec = 10;
  const stepVol = dailyVol * Math.sqrt(stepSec / 86_400);
  const model = new ParametricVar(1, { lambda: 0.01, priorDailyVol: 0.5 });
  const g = gaussian(7);
  let price = 100;
  for (let i = 0; i < 20_000; i++) {
    price *= Math.exp(stepVol * g());
    model.onMark(0, price, 1e15 + i * stepSec * 1e6);
  }
  const est = model.dailyVol(0);
  assert.ok(Math.abs(est / dailyVol - 1) < 0.2, `estimated ${est}, true ${dailyVol}`);
});

function varPct(model: ParametricVar, positions: number[], equity: number): number {
  const snap = new Float64Array(PortfolioSnapshot.fieldCount(positions.length));
  snap[PortfolioSnapshot.equity] = equity;
  positions.forEach((p, s) => { snap[PortfolioSnapshot.positionUsd + s] = p; });
  model.writeVarPct(snap);
  return snap[PortfolioSnapshot.varPct];
}

test('VaR: prior before marks, zero when flat, linear in position, conservative sum across symbols', () => {
  const model = new ParametricVar(2, { priorDailyVol: 0.02 });
  assert.is(varPct(model, [0, 0], 100_000), 0);
  const one = varPct(model, [10_000, 0], 100_000);
  assert.ok(Math.abs(one - (Z_99 * 10_000 * 0.02 * 100) / 100_000) < 1e-9);
  assert.ok(Math.abs(varPct(model, [-20_000, 0], 100_000) - 2 * one) < 1e-9, 'short counts like long');
  assert.ok(Math.abs(varPct(model, [-20_000, 10_000], 100_000) - 3 * one) < 1e-9);
  assert.is(varPct(model, [-20_000, 10_000], 0), 0, 'no equity, no percentage');
});

test('bad marks are ignored', () => {
  const model = new ParametricVar(1, { priorDailyVol: 0.02 });
  model.onMark(0, 100, 1e15);
  model.onMark(0, NaN, 2e15);
  model.onMark(0, -5, 3e15);
  model.onMark(5, 100, 4e15);
  assert.is(model.dailyVol(0), 0.02);
});

test('onMarkFrom and onMark are the same mark', () => {
  const a = new ParametricVar(2, { minGapUs: 0 });
  const b = new ParametricVar(2, { minGapUs: 0 });
  const mark = new Float64Array(2);
  for (let i = 1; i <= 50; i++) {
    const price = 100 + Math.sin(i) * 3;
    a.onMark(i & 1, price, 1e15 + i * 1e6);
    mark[0] = price;
    mark[1] = 1e15 + i * 1e6;
    b.onMarkFrom(mark, i & 1);
  }
  assert.is(a.dailyVol(0), b.dailyVol(0));
  assert.is(a.dailyVol(1), b.dailyVol(1));
  assert.ok(a.dailyVol(0) !== 0.03, 'the marks moved the estimate off the prior');
});

test('onMarkFrom and writeVarPct allocate nothing', () => {
  const model = new ParametricVar(4);
  const snap = new Float64Array(PortfolioSnapshot.fieldCount(4));
  snap[PortfolioSnapshot.equity] = 1e5;
  snap.set([1000, -2000, 0, 500], PortfolioSnapshot.positionUsd);
  const prices = new Float64Array(97).map((_, k) => 100 + k * 0.01);
  const mark = new Float64Array(2);
  const report = countGcs((i) => {
    mark[0] = prices[i % 97];
    mark[1] = 1e15 + i * 2e6;
    model.onMarkFrom(mark, i & 3);
    model.writeVarPct(snap);
  }, 2_000_000);
  assert.is(report.gcCount, 0, JSON.stringify(report.byType));
});

test.run();
