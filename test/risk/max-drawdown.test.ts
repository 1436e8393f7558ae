// Max drawdown of known series: the largest fall from a running peak, with where it happened.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { maxDrawdown } from '../../src/risk/max-drawdown.js';

test('100, 120, 90, 130, 65, 80: 50% from 130 to 65, not 25% from 120 to 90', () => {
  assert.equal(maxDrawdown([100, 120, 90, 130, 65, 80]), { drawdown: 0.5, peakIndex: 3, troughIndex: 4 });
});

test('a rising series has none; a falling one loses from its first price', () => {
  assert.is(maxDrawdown([1, 2, 3, 4]).drawdown, 0);
  assert.equal(maxDrawdown([10, 8, 5, 4]), { drawdown: 0.6, peakIndex: 0, troughIndex: 3 });
});

test.run();
