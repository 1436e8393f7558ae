// Fixed-fraction sizing: threshold, target, caps, minimum order, touch pricing, intent fields.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FixedFractionSizer } from '../../src/sizing/fixed-fraction.js';
import { Side, SizedIntent } from '../../src/shm/records.js';
import { blended, params } from './fixture.js';

const close = (a: number, b: number, msg = '') => assert.ok(Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b)), `${msg} ${a} != ${b}`);

function size(sizer: FixedFractionSizer, b: Float64Array, p = params(), positions = new Float64Array(2)): Float64Array | null {
  const out = new Float64Array(SizedIntent.f64).fill(NaN);
  return sizer.size(b, 0, p, positions, out, 0) ? out : null;
}

test('an edge below the threshold with no position: no intent, not a reject', () => {
  const sizer = new FixedFractionSizer(2);
  assert.is(size(sizer, blended({ edgeBps: 4.99, confidence: 1 })), null);
  assert.is(size(sizer, blended({ edgeBps: -4.99, confidence: 1 })), null);
  assert.ok(sizer.rejects.every((r) => r === 0));
});

test('a buy: target fraction x confidence x equity, priced at the ask', () => {
  const sizer = new FixedFractionSizer(2);
  const out = size(sizer, blended({ edgeBps: 10, confidence: 0.3 }))!;
  assert.ok(out);
  assert.is(out[SizedIntent.side], Side.Buy);
  assert.is(out[SizedIntent.limitPrice], 101);
  close(out[SizedIntent.targetPositionUsd], 3_000); // 0.1 x 0.3 x 100k
  close(out[SizedIntent.notionalUsd], 3_000);
  close(out[SizedIntent.quantity], 3_000 / 101);
  assert.is(out[SizedIntent.seq], 1);
  assert.is(out[SizedIntent.t0], 123);
  assert.is(out[SizedIntent.ts], 1_000_000);
  assert.is(out[SizedIntent.instrument], 0);
  assert.is(out[SizedIntent.venue], 5);
  assert.is(out[SizedIntent.edgeBps], 10);
  assert.is(out[SizedIntent.confidence], 0.3);
});

test('a sell: negative target, priced at the bid', () => {
  const sizer = new FixedFractionSizer(2);
  const out = size(sizer, blended({ edgeBps: -12, confidence: 0.2 }))!;
  assert.is(out[SizedIntent.side], Side.Sell);
  assert.is(out[SizedIntent.limitPrice], 99);
  close(out[SizedIntent.targetPositionUsd], -2_000);
  close(out[SizedIntent.quantity], 2_000 / 99);
});

test('the target is capped at maxPositionUsd', () => {
  const sizer = new FixedFractionSizer(2);
  const out = size(sizer, blended({ edgeBps: 30, confidence: 1 }))!; // uncapped 10k
  close(out[SizedIntent.targetPositionUsd], 5_000);
  close(out[SizedIntent.notionalUsd], 5_000);
});

test('the intent is the difference to the current position; small differences are skipped', () => {
  const positions = new Float64Array([2_000, 0]);
  let out = size(new FixedFractionSizer(2), blended(), params(), positions)!;
  close(out[SizedIntent.notionalUsd], 1_000);
  close(out[SizedIntent.targetPositionUsd], 3_000);
  positions[0] = 2_950; // 50 short of the target: below minOrderUsd (100)
  assert.is(size(new FixedFractionSizer(2), blended(), params(), positions), null);
  positions[0] = 4_000; // over the target: trim by selling at the bid
  out = size(new FixedFractionSizer(2), blended(), params(), positions)!;
  assert.is(out[SizedIntent.side], Side.Sell);
  close(out[SizedIntent.notionalUsd], 1_000);
});

test('a weak edge flattens an open position', () => {
  const out = size(new FixedFractionSizer(2), blended({ edgeBps: 1 }), params(), new Float64Array([-2_500, 0]))!;
  assert.is(out[SizedIntent.side], Side.Buy);
  close(out[SizedIntent.targetPositionUsd], 0);
  close(out[SizedIntent.notionalUsd], 2_500);
});

test('intent ids count up per sizer, from firstIntentId', () => {
  const sizer = new FixedFractionSizer(2, { firstIntentId: 41 });
  assert.is(size(sizer, blended({ instrument: 0 }))![SizedIntent.seq], 41);
  assert.is(size(sizer, blended({ instrument: 1 }))![SizedIntent.seq], 42);
  assert.is(sizer.intentCount(), 2);
});

test.run();
