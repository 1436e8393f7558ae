// Mean reversion on the mid's z-score: silent inside the entry band and before the window is
// full; beyond it the edge opposes the z-score, clamped, with confidence from 0.5 at the band to 1.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { opinionOf } from './reversion-fixture.js';

test('inside the band or no z-score yet: no opinion', () => {
  for (const midZScore of [0, 1.99, -1.5, NaN, Infinity]) assert.not.ok(opinionOf('mean_reversion', { midZScore }).has, `z ${midZScore}`);
});

test('beyond the band: fades the move, clamped; confidence half at the band, full at twice it', () => {
  const at = opinionOf('mean_reversion', { midZScore: 2 });
  assert.is(at.edge, -6);
  assert.is(at.confidence, 0.5);
  const far = opinionOf('mean_reversion', { midZScore: -10 });
  assert.is(far.edge, 20, 'clamped at maxEdgeBps');
  assert.is(far.confidence, 1);
  assert.is(opinionOf('mean_reversion', { midZScore: 3 }).confidence, 1);
});

test.run();
