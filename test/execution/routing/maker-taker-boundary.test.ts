// The maker-or-taker rule at its boundary: take only when the edge beats
// takeIfEdgeOverSpread * spread + takerFee - makerFee strictly; at equality, post.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OrderStyle, chooseOrderStyle, crossingPrice, passivePrice, spreadBps } from '../../../src/execution/routing/maker-taker-rule.js';

// Spread 4 bps, half of it to beat, taker 10 bps, maker 2 bps: the hurdle is 2 + 10 - 2 = 10 bps.
test('hurdle 10 bps: 10 posts, just above takes, below posts', () => {
  assert.is(chooseOrderStyle(10, 4, 10, 2, 0.5), OrderStyle.Post);
  assert.is(chooseOrderStyle(10.000001, 4, 10, 2, 0.5), OrderStyle.Take);
  assert.is(chooseOrderStyle(9.99, 4, 10, 2, 0.5), OrderStyle.Post);
});

test('a maker rebate raises the hurdle; a zero spread share leaves the fees alone', () => {
  assert.is(chooseOrderStyle(12, 4, 10, -1, 0.5), OrderStyle.Post, 'hurdle 2 + 10 + 1 = 13');
  assert.is(chooseOrderStyle(13.5, 4, 10, -1, 0.5), OrderStyle.Take);
  assert.is(chooseOrderStyle(8, 4, 10, 2, 0), OrderStyle.Post, 'hurdle 8');
  assert.is(chooseOrderStyle(8.01, 4, 10, 2, 0), OrderStyle.Take);
});

test('not a number: post', () => {
  assert.is(chooseOrderStyle(NaN, 4, 10, 2, 0.5), OrderStyle.Post);
  assert.is(chooseOrderStyle(50, NaN, 10, 2, 0.5), OrderStyle.Post);
});

test('spread in bps of mid; passive joins the own side, crossing takes the other', () => {
  assert.ok(Math.abs(spreadBps(99.98, 100.02) - 4) < 1e-9);
  assert.ok(Number.isNaN(spreadBps(NaN, 100)));
  assert.ok(Number.isNaN(spreadBps(100.1, 100)), 'crossed');
  assert.is(passivePrice(1, 99.98, 100.02), 99.98);
  assert.is(passivePrice(-1, 99.98, 100.02), 100.02);
  assert.is(crossingPrice(1, 99.98, 100.02), 100.02);
  assert.is(crossingPrice(-1, 99.98, 100.02), 99.98);
});

test.run();
