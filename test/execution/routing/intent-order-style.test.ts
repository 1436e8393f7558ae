// The maker-or-taker rule on a sized intent: its edge in its own direction against the spread it
// was priced across (mid 100, touch 100.01 away: 2 bps) plus the fee difference (10 - 2 bps): with
// half the spread to beat, the hurdle is 0.5 x 2 + 8 = 9 bps.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { intentOrderStyle, OrderStyle, STYLE_RULE_SLOTS, StyleRule } from '../../../src/execution/routing/maker-taker-rule.js';
import { Side, SizedIntent } from '../../../src/shm/records.js';

const rule = new Float64Array(STYLE_RULE_SLOTS);
rule[StyleRule.takerFeeBps] = 10;
rule[StyleRule.makerFeeBps] = 2;
rule[StyleRule.takeIfEdgeOverSpread] = 0.5;

function style(side: number, edgeBps: number, mid = 100): number {
  const intent = new Float64Array(SizedIntent.f64);
  intent[SizedIntent.side] = side;
  intent[SizedIntent.edgeBps] = edgeBps;
  intent[SizedIntent.arrivalMid] = mid;
  intent[SizedIntent.limitPrice] = side > 0 ? 100.01 : 99.99;
  return intentOrderStyle(intent, 0, rule);
}

test('an edge over the hurdle takes, one under it or at it rests', () => {
  assert.is(style(Side.Buy, 9.5), OrderStyle.Take);
  assert.is(style(Side.Buy, 8.5), OrderStyle.Post);
  assert.is(style(Side.Buy, 9), OrderStyle.Post, 'at exact equality taking is not strictly better');
});

test('the edge counts in the intent\'s own direction: a sell on a falling forecast takes, a sell against a rising one rests', () => {
  assert.is(style(Side.Sell, -20), OrderStyle.Take);
  assert.is(style(Side.Sell, 20), OrderStyle.Post);
});

test('no arrival mid: nothing to measure the spread by, so it rests', () => {
  assert.is(style(Side.Buy, 50, NaN), OrderStyle.Post);
});

test.run();
