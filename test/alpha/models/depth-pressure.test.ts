// Depth-weighted pressure: edge and confidence from the book's depth imbalance; silent when the
// imbalance is not a number in [-1, 1] (a book being resynced).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { opinionOf } from './reversion-fixture.js';

test('scaled imbalance, confidence its size; nothing on a missing or invalid imbalance', () => {
  const bid = opinionOf('depth_pressure', { depthImbalance: 0.4 });
  assert.ok(bid.has);
  assert.ok(Math.abs(bid.edge - 6) < 1e-12);
  assert.ok(Math.abs(bid.confidence - 0.4) < 1e-12);
  assert.is(opinionOf('depth_pressure', { depthImbalance: -1 }).edge, -15);
  for (const depthImbalance of [NaN, 1.5, -2]) assert.not.ok(opinionOf('depth_pressure', { depthImbalance }).has);
});

test.run();
