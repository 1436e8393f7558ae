// Live historical-simulation VaR/ES of the book: the simulated losses of today's positions over
// the recorded interval returns, checked against the offline historical VaR on the same losses,
// hedges that cancel in the data, the window, the warm-up and allocation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HistoricalPortfolioVar, VarMethod } from '../../src/risk/historical-portfolio-var.js';
import { historicalVarEs } from '../../src/risk/historical-var.js';
import { cornishFisherVar } from '../../src/risk/cornish-fisher-var.js';
import { countGcs } from '../../src/shm/allocation-check.js';

const MIN = 60_000_000;
const DAY_SCALE = Math.sqrt(1440);
const close = (a: number, b: number, tol: number, msg: string) => assert.ok(Math.abs(a - b) <= tol * Math.max(1e-12, Math.abs(b)), `${msg}: ${a} != ${b}`);

function lcg(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/** Marks for `paths[s]` (one price per minute, several marks inside each minute). */
function feed(model: HistoricalPortfolioVar, paths: number[][]): void {
  for (let m = 0; m < paths[0].length; m++) {
    for (let s = 0; s < paths.length; s++) {
      model.onMark(s, paths[s][m] * 1.001, m * MIN + 5_000_000); // a mark early in the minute...
      model.onMark(s, paths[s][m], m * MIN + 50_000_000); // ...and the close
    }
  }
  // One more mark per symbol opens a new minute and closes the last one.
  for (let s = 0; s < paths.length; s++) model.onMark(s, paths[s][paths[s].length - 1], paths[0].length * MIN + 1);
}

function walk(n: number, rand: () => number, vol = 0.002): number[] {
  const p = [100];
  for (let i = 1; i < n; i++) p.push(p[i - 1] * Math.exp((rand() + rand() + rand() - 1.5) * vol));
  return p;
}

test('one symbol: the offline historical VaR and ES of the same losses, mean removed, scaled to a day', () => {
  const path = walk(400, lcg(3));
  const model = new HistoricalPortfolioVar(1);
  feed(model, [path]);
  const position = Float64Array.of(25_000);
  assert.ok(model.estimate(position, 0, 100_000, VarMethod.historical));
  const simple = path.slice(1).map((p, i) => p / path[i] - 1);
  const pnlReturns = simple.map((r) => (r * 25_000) / 100_000);
  const mean = -pnlReturns.reduce((a, x) => a + x, 0) / pnlReturns.length; // mean loss
  const ref = historicalVarEs(pnlReturns, 0.99);
  close(model.result[0], (ref.var - mean) * DAY_SCALE, 1e-9, 'VaR');
  close(model.result[1], (ref.es - mean) * DAY_SCALE, 1e-9, 'ES');
  assert.ok(model.result[1] >= model.result[0], 'ES is never below VaR');
});

test('cornish_fisher: the Cornish-Fisher VaR of the simulated P&L moments', () => {
  const rand = lcg(9);
  // Skewed moves: a small crash now and then.
  const path = [100];
  for (let i = 1; i < 600; i++) path.push(path[i - 1] * Math.exp(rand() < 0.03 ? -0.01 : (rand() - 0.48) * 0.003));
  const model = new HistoricalPortfolioVar(1);
  feed(model, [path]);
  assert.ok(model.estimate(Float64Array.of(40_000), 0, 100_000, VarMethod.cornish_fisher));
  const pnl = path.slice(1).map((p, i) => (40_000 * (p / path[i] - 1)) / 100_000);
  const n = pnl.length;
  const mean = pnl.reduce((a, x) => a + x, 0) / n;
  const m = (k: number) => pnl.reduce((a, x) => a + (x - mean) ** k, 0) / n;
  const sd = Math.sqrt(m(2));
  const skew = m(3) / sd ** 3;
  const kurt = m(4) / m(2) ** 2 - 3;
  assert.ok(skew < -0.5, `a fat left tail for the long book: skew ${skew}`);
  // Mean removed, as the model does: VaR = -(sd z_cf).
  close(model.result[0], cornishFisherVar(0, sd, skew, kurt, 0.99) * DAY_SCALE, 1e-9, 'CF VaR');
});

test('a hedge the data says is perfect carries no risk; the same positions on independent symbols do', () => {
  const a = walk(300, lcg(5));
  const model = new HistoricalPortfolioVar(2);
  feed(model, [a, a.map((p) => p * 2)]);
  assert.ok(model.estimate(Float64Array.of(30_000, -30_000), 0, 100_000, VarMethod.historical));
  assert.ok(model.result[0] < 1e-12, `hedged VaR ${model.result[0]}`);
  const independent = new HistoricalPortfolioVar(2);
  feed(independent, [a, walk(300, lcg(77))]);
  assert.ok(independent.estimate(Float64Array.of(30_000, -30_000), 0, 100_000, VarMethod.historical));
  assert.ok(independent.result[0] > 0.01, `unhedged VaR ${independent.result[0]}`);
});

test('no estimate before minSamples intervals; only the last `window` intervals count', () => {
  const model = new HistoricalPortfolioVar(1, { window: 50, minSamples: 30 });
  const calm = walk(60, lcg(1), 0.0001);
  feed(model, [calm.slice(0, 20)]);
  assert.not.ok(model.estimate(Float64Array.of(10_000), 0, 100_000, VarMethod.historical), '19 returns is too few');
  // A wild stretch, then 60 calm minutes: the wild one falls out of the 50-minute window.
  const wild = walk(40, lcg(2), 0.02);
  const model2 = new HistoricalPortfolioVar(1, { window: 50, minSamples: 30 });
  const last = wild[wild.length - 1];
  feed(model2, [[...wild, ...calm.map((p) => (p / 100) * last)]]);
  assert.ok(model2.estimate(Float64Array.of(10_000), 0, 100_000, VarMethod.historical));
  const calmOnly = new HistoricalPortfolioVar(1, { window: 50, minSamples: 30 });
  feed(calmOnly, [calm]);
  assert.ok(calmOnly.estimate(Float64Array.of(10_000), 0, 100_000, VarMethod.historical));
  assert.ok(model2.result[0] < 3 * calmOnly.result[0], `the wild minutes were forgotten: ${model2.result[0]} vs ${calmOnly.result[0]}`);
});

test('a repeated estimate answers as a fresh one would, as marks, positions, value and method change', () => {
  const asked = new HistoricalPortfolioVar(2, { window: 60, minSamples: 30 });
  const fresh = new HistoricalPortfolioVar(2, { window: 60, minSamples: 30 });
  const a = walk(120, lcg(11)), b = walk(120, lcg(12));
  const positions = new Float64Array(2);
  const other = Float64Array.of(NaN, NaN);
  let answered = 0;
  for (let m = 0; m < 120; m++) {
    for (const inMinute of [5_000_000, 40_000_000]) {
      for (const model of [asked, fresh]) {
        model.onMark(0, a[m] * (inMinute === 5_000_000 ? 1.001 : 1), m * MIN + inMinute);
        model.onMark(1, b[m], m * MIN + inMinute);
      }
      // Positions edited in place (as L5's snapshot is), sometimes not at all, sometimes flat.
      if (m % 7 === 0) positions[0] = m % 14 === 0 ? 0 : 1000 + m;
      if (m % 5 === 0) positions[1] = -300 - m;
      const value = m % 11 === 0 ? 50_000 : 100_000;
      const method = m % 3 === 0 ? VarMethod.cornish_fisher : VarMethod.historical;
      for (let repeat = 0; repeat < 2; repeat++) {
        const got = asked.estimate(positions, 0, value, method);
        fresh.estimate(other, 0, value, method); // a different question first: the next one is computed
        const want = fresh.estimate(positions, 0, value, method);
        assert.is(got, want, `minute ${m}: same answer whether there is an estimate`);
        if (want) {
          answered++;
          assert.is(asked.result[0], fresh.result[0], `minute ${m}: VaR`);
          assert.is(asked.result[1], fresh.result[1], `minute ${m}: ES`);
        }
      }
    }
  }
  assert.ok(answered > 300, `${answered} estimates compared`);
});

test('bad marks are ignored; estimate allocates nothing', () => {
  const model = new HistoricalPortfolioVar(3);
  feed(model, [walk(200, lcg(4)), walk(200, lcg(6)), walk(200, lcg(8))]);
  assert.ok(model.estimate(Float64Array.of(1, 2, 3), 0, 100, VarMethod.historical));
  const before = model.result[0];
  model.onMark(0, NaN, 1e12);
  model.onMark(7, 100, 1e12);
  model.onMark(1, -5, 1e12);
  assert.ok(model.estimate(Float64Array.of(1, 2, 3), 0, 100, VarMethod.historical));
  assert.is(model.result[0], before);
  const positions = Float64Array.of(1000, -500, 250);
  const report = countGcs((i) => { model.estimate(positions, 0, 100_000, i & 1 ? VarMethod.historical : VarMethod.cornish_fisher); }, 50_000);
  assert.is(report.gcCount, 0, JSON.stringify(report));
});

test.run();
