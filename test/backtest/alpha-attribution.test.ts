// Realised PnL by alpha model: each round trip split by its opening fills' shares (weighted by
// notional), the remainder unattributed, and the rows always summing to the total realised PnL.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { alphaAttribution, UNATTRIBUTED } from '../../src/backtest/alpha-attribution.js';
import { roundTrips } from '../../src/backtest/round-trips.js';
import type { BacktestFill } from '../../src/backtest/backtest-types.js';
import { Prng } from '../../src/data/prng.js';
import { fill, sampleRun } from './fixture.js';

const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;

test('hand-computed: a long split 75/25, a stock long lost by one model, the short its flip opened won by another', () => {
  const a = alphaAttribution(sampleRun().fills);
  const got = Object.fromEntries(a.rows.map((r) => [r.model, r.pnlUsd]));
  // BTC: 10 - 0.1 - 0.11 = 9.79; AAPL long: -20 - 0.5 - 0.48 = -20.98; short from the flip: 15 - 0.24 - 0.225 = 14.535.
  assert.equal(Object.keys(got), ['mean-reversion', 'momentum', 'order-book']);
  assert.ok(near(got.momentum, 0.75 * 9.79 - 20.98), String(got.momentum));
  assert.ok(near(got['order-book'], 0.25 * 9.79));
  assert.ok(near(got['mean-reversion'], 14.535));
  assert.ok(near(a.totalRealisedPnlUsd, 9.79 - 20.98 + 14.535));
});

test('opening fills weigh by notional; an empty attribution is unattributed', () => {
  const a = alphaAttribution([
    fill(0, 'A', 'buy', 1, 100, 0, { a: 1 }), fill(1, 'A', 'buy', 3, 100, 0, { b: 1 }), fill(2, 'A', 'sell', 4, 110, 0, { c: 1 }),
    fill(0, 'B', 'buy', 1, 10), fill(1, 'B', 'sell', 1, 12),
  ]);
  assert.equal(a.rows.map((r) => [r.model, r.pnlUsd]), [[UNATTRIBUTED, 2], ['a', 10], ['b', 30]]);
});

test('random fills and shares: the attributions sum to the total realised PnL of the round trips', () => {
  const rng = new Prng(20240607);
  const models = ['m1', 'm2', 'm3', 'm4'];
  for (let trial = 0; trial < 20; trial++) {
    const fills: BacktestFill[] = [];
    for (let i = 0; i < 200; i++) {
      const shares: Record<string, number> = {};
      if (rng.uniform() < 0.8) {
        const picked = models.filter(() => rng.uniform() < 0.5);
        let left = 1;
        picked.forEach((m, k) => {
          const s = k === picked.length - 1 ? left : left * rng.uniform();
          shares[m] = s;
          left -= s;
        });
      }
      fills.push(fill(i, rng.uniform() < 0.5 ? 'S1' : 'S2', rng.uniform() < 0.5 ? 'buy' : 'sell', 1 + Math.floor(rng.uniform() * 5), 50 + rng.uniform() * 10, rng.uniform() * 0.1, shares));
    }
    const a = alphaAttribution(fills);
    const total = roundTrips(fills).trips.reduce((s, t) => s + t.pnlUsd, 0);
    assert.ok(near(a.totalRealisedPnlUsd, total));
    const sum = a.rows.reduce((s, r) => s + r.pnlUsd, 0);
    assert.ok(Math.abs(sum - total) < 1e-9 * Math.max(1, Math.abs(total)), `trial ${trial}: ${sum} vs ${total}`);
  }
});

test.run();
