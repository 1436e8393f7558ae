// pairs_cointegration's signal on a synthetic cointegrated pair (log B a random walk, log A =
// 1 + 2 log B + AR(1) noise): when the spread is stretched the two legs get opposite edges (A rich:
// sell A, buy B, with B's edge A's over the hedge ratio); the edges follow the side the spread is
// on, flip when it swings to the other side, and go quiet once it is back inside the band.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cointegratedPair, pairsDriver, STEP_US } from './pairs-fixture.js';

const STEPS = 1500;
const WINDOW = 500;

test('a stretched spread: legs opposite, B = -A / hedge; the sign reverts with the spread', () => {
  const { a, b, noise } = cointegratedPair(12, STEPS);
  // Unclamped edges, so the ratio of the legs shows the hedge ratio.
  const d = pairsDriver({ window: WINDOW, refitEvery: 50, scaleBps: 1, maxEdgeBps: 10_000 });
  let both = 0;
  let agree = 0;
  let opinions = 0;
  for (let t = 0; t < STEPS; t++) {
    const onA = d.quote(0, t * STEP_US, a[t]);
    const onB = d.quote(1, t * STEP_US, b[t]);
    if (onB.has) {
      opinions++;
      // B's record sees both fresh mids: a positive edge on B means the spread (the noise) is high.
      if (Math.sign(onB.edge) === Math.sign(noise[t] - mean(noise, t - WINDOW, t))) agree++;
    }
    if (onA.has && onB.has) {
      both++;
      assert.ok(Math.sign(onA.edge) === -Math.sign(onB.edge), `step ${t}: ${onA.edge} and ${onB.edge}`);
    }
  }
  assert.ok(opinions > 20 && both > 10, `${opinions} opinions on B, ${both} steps with both legs`);
  assert.ok(agree >= 0.95 * opinions, `B's edge follows the spread's side on ${agree} of ${opinions}`);

  const fit = d.fit();
  assert.ok(fit.fitted && fit.pValue < 0.05, `p ${fit.pValue}`);
  const noiseSd = 0.001 / Math.sqrt(1 - 0.8 * 0.8);
  const lastB = b[STEPS - 1];
  const priceA = (e: number) => Math.exp(1 + 2 * Math.log(lastB) + e);
  // B holds still over these steps, so A's and B's records see the same spread.
  const at = (step: number, e: number) => {
    const onA = d.quote(0, (STEPS + step) * STEP_US, priceA(e));
    const onB = d.quote(1, (STEPS + step) * STEP_US, lastB);
    return { onA, onB };
  };
  at(0, 0);
  const high = at(1, 8 * noiseSd);
  assert.ok(high.onA.has && high.onB.has, JSON.stringify(high));
  assert.ok(high.onA.edge < 0 && high.onB.edge > 0, `spread high: A rich, sell A, buy B ${JSON.stringify(high)}`);
  assert.ok(Math.abs(high.onB.edge / high.onA.edge + 1 / d.fit().hedgeRatio) < 1e-9, 'B = -A / hedge');
  assert.ok(high.onA.confidence > 0.5 && high.onA.confidence <= 1);
  const low = at(2, -8 * noiseSd);
  assert.ok(low.onA.has && low.onB.has, JSON.stringify(low));
  assert.ok(low.onA.edge > 0 && low.onB.edge < 0, `spread low: A cheap, buy A, sell B ${JSON.stringify(low)}`);
  const back = at(3, 0);
  assert.not.ok(back.onA.has || back.onB.has, `spread back inside the band: ${JSON.stringify(back)}`);
});

function mean(x: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = Math.max(0, from); i < to; i++) s += x[i];
  return s / (to - Math.max(0, from));
}

test.run();
