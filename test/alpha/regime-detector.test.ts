// The regime detector's rule set on paths whose answer is known: unknown until a window of mids,
// a straight climb is trending, a saw-tooth around a level is mean-reverting, a burst of
// volatility far above its own long-run level is high-volatility; and its path length (the
// efficiency ratio's denominator) equals a brute-force sum over a long random walk.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Regime, RegimeDetector, REGIME_WINDOW } from '../../src/alpha/regime-detector.js';
import { Features } from '../../src/shm/records.js';

function feed(d: RegimeDetector, mids: number[], vol: (i: number) => number = () => 2): number {
  const f = new Float64Array(Features.f64);
  let regime = -1;
  mids.forEach((mid, i) => {
    f[Features.bid] = mid - 0.01;
    f[Features.ask] = mid + 0.01;
    f[Features.volatility] = vol(i);
    regime = d.update(f, 0);
  });
  return regime;
}

test('unknown until a full window; a straight climb trends; a saw-tooth mean-reverts', () => {
  const climb = Array.from({ length: REGIME_WINDOW }, (_, i) => 100 + i * 0.1);
  assert.is(feed(new RegimeDetector(1), climb), Regime.Unknown);
  assert.is(feed(new RegimeDetector(1), [...climb, 105.1]), Regime.Trending);
  const saw = Array.from({ length: 3 * REGIME_WINDOW }, (_, i) => 100 + (i % 2 === 0 ? 0.1 : -0.1));
  assert.is(feed(new RegimeDetector(1), saw), Regime.MeanReverting);
});

test('volatility far above its long-run level is high volatility, even in a trend', () => {
  const climb = Array.from({ length: 10 * REGIME_WINDOW }, (_, i) => 100 + i * 0.1);
  const d = new RegimeDetector(1);
  assert.is(feed(d, climb.slice(0, 9 * REGIME_WINDOW)), Regime.Trending);
  assert.is(feed(d, climb.slice(9 * REGIME_WINDOW), () => 10), Regime.HighVolatility);
});

test('the efficiency ratio matches a brute-force computation on a random walk', () => {
  const d = new RegimeDetector(1);
  let seed = 5;
  const mids: number[] = [];
  let mid = 100;
  for (let i = 0; i < 3000; i++) {
    seed = (seed * 16_807) % 2_147_483_647;
    mid += (seed / 2_147_483_647 - 0.5) * (i % 400 < 200 ? 0.2 : 0.05) + (i % 400 < 200 ? 0.03 : 0);
    mids.push(mid);
    const regime = feed(d, [mid]);
    if (mids.length <= REGIME_WINDOW) continue;
    const w = mids.slice(-REGIME_WINDOW - 1);
    let path = 0;
    for (let j = 1; j < w.length; j++) path += Math.abs(w[j] - w[j - 1]);
    const er = Math.abs(w[w.length - 1] - w[0]) / path;
    assert.is(regime, er >= 0.3 ? Regime.Trending : Regime.MeanReverting, `step ${i}: er ${er}`);
  }
});

test.run();
