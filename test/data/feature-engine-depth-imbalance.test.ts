// Features.depthImbalance: the order book's depth-weighted imbalance while a book is kept and
// valid, the touch's size imbalance otherwise (the synthetic source, or a book that is resyncing),
// and never a value outside [-1, 1].
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FeatureEngine } from '../../src/data/feature-engine.js';
import { Features } from '../../src/shm/records.js';

test('touch imbalance without a book; the book value while set; back to the touch on NaN', () => {
  const fe = new FeatureEngine(1, { shortWindow: 2, longWindow: 4 });
  const out = new Float64Array(Features.f64);
  assert.ok(fe.onQuote(0, 1, 100, 3, 101, 1));
  assert.ok(fe.write(0, 0, 0, out, 0));
  assert.is(out[Features.depthImbalance], 0.5, '(3 - 1) / (3 + 1)');
  fe.setDepthImbalance(0, -0.25);
  fe.write(0, 0, 0, out, 0);
  assert.is(out[Features.depthImbalance], -0.25);
  fe.setDepthImbalance(0, NaN);
  fe.write(0, 0, 0, out, 0);
  assert.is(out[Features.depthImbalance], 0.5);
  fe.setDepthImbalance(0, 7);
  fe.write(0, 0, 0, out, 0);
  assert.is(out[Features.depthImbalance], 0.5, 'an out-of-range value is ignored');
  fe.setDepthImbalance(9, 0.1); // unknown symbol: ignored, no throw
});

test.run();
