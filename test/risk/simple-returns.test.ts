// Horizon returns do not overlap: P0 -> Ph -> P2h, and a tail shorter than h is dropped.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { simpleReturns } from '../../src/risk/simple-returns.js';

test('two-bar returns of six prices: 100 -> 110 -> 121, the last price unused', () => {
  const r = simpleReturns([100, 101, 110, 99, 121, 130], 2);
  assert.is(r.length, 2);
  assert.ok(Math.abs(r[0] - 0.1) < 1e-15 && Math.abs(r[1] - 0.1) < 1e-15, `${Array.from(r)}`);
});

test('one-bar returns: one per consecutive pair', () => {
  assert.equal(Array.from(simpleReturns([100, 50, 100])), [-0.5, 1]);
});

test.run();
