// pairs_cointegration on a synthetic cointegrated pair (log B a random walk, log A = 1 + 2 log B +
// AR(1) noise), driven through AlphaSet: the rolling Engle-Granger fit finds the hedge ratio 2 and
// the intercept 1 with a small p-value, refitting on schedule (when the window fills, then every
// refitEvery samples).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cointegratedPair, pairsDriver, STEP_US } from './pairs-fixture.js';

const STEPS = 1500;
const WINDOW = 500;

test('the fitted hedge ratio is near 2 and the pair is cointegrated', () => {
  const { a, b } = cointegratedPair(11, STEPS);
  const d = pairsDriver({ window: WINDOW, refitEvery: 50 });
  for (let t = 0; t < STEPS; t++) {
    d.quote(0, t * STEP_US, a[t]);
    d.quote(1, t * STEP_US, b[t]);
  }
  const fit = d.fit();
  assert.ok(fit.fitted);
  assert.is(fit.samples, STEPS - 1, 'the last step is not sampled until a later bucket opens');
  assert.ok(Math.abs(fit.hedgeRatio - 2) < 0.05, `hedge ${fit.hedgeRatio}`);
  assert.ok(Math.abs(fit.intercept - 1) < 0.3, `intercept ${fit.intercept}`);
  assert.ok(fit.pValue < 0.01, `p ${fit.pValue}`);
  assert.is(d.model.refits, 1 + Math.floor((STEPS - 1 - WINDOW) / 50));
});

test.run();
