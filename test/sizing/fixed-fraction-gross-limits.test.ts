// Gross exposure stays within risk.maxLeverage x equity and the asset-class limit: a symbol's
// target shrinks to the room the other symbols leave, and bad limit values are bad_params.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FixedFractionSizer, SizerReject, SizingParam } from '../../src/sizing/fixed-fraction.js';
import { SizedIntent } from '../../src/shm/records.js';
import { blended, params } from './fixture.js';

const out = new Float64Array(SizedIntent.f64);
const signed = () => out[SizedIntent.side] * out[SizedIntent.notionalUsd];

test('the asset-class limit caps a target by what the other symbols hold', () => {
  // 10% of 100k equity = 10k gross; symbol 1 already holds 8k, so symbol 0 may hold 2k (not 5k).
  const sizer = new FixedFractionSizer(2);
  const p = params({ fraction: 1, maxPositionUsd: 5_000, assetClassLimitPct: 10, maxLeverage: 3 });
  assert.ok(sizer.size(blended({ edgeBps: 20, confidence: 1 }), 0, p, new Float64Array([0, 8_000]), out, 0));
  assert.is(out[SizedIntent.targetPositionUsd], 2_000);
  assert.is(signed(), 2_000);
});

test('maxLeverage caps gross exposure when it is the tighter limit, short positions count by size', () => {
  // 0.05 x 100k = 5k gross; symbol 1 is short 4.5k, so symbol 0's short target is 500.
  const sizer = new FixedFractionSizer(2);
  const p = params({ fraction: 1, maxPositionUsd: 5_000, minOrderUsd: 10, maxLeverage: 0.05, assetClassLimitPct: 100 });
  assert.ok(sizer.size(blended({ edgeBps: -20, confidence: 1 }), 0, p, new Float64Array([0, -4_500]), out, 0));
  assert.is(out[SizedIntent.targetPositionUsd], -500);
});

test('a lowered limit sizes an existing position down when its signal comes', () => {
  const sizer = new FixedFractionSizer(2);
  const p = params({ fraction: 1, maxPositionUsd: 5_000, assetClassLimitPct: 5 });
  // 5k gross allowed, symbol 1 holds 5k: symbol 0 (holding 3k) is taken down to 0.
  assert.ok(sizer.size(blended({ edgeBps: 20, confidence: 1 }), 0, p, new Float64Array([3_000, 5_000]), out, 0));
  assert.is(out[SizedIntent.targetPositionUsd], 0);
  assert.is(signed(), -3_000);
});

test('limits that are NaN, zero, infinite or above 100% are bad_params: no intent', () => {
  for (const bad of [{ maxLeverage: NaN }, { maxLeverage: 0 }, { maxLeverage: Infinity }, { assetClassLimitPct: NaN },
    { assetClassLimitPct: 0 }, { assetClassLimitPct: 100.5 }]) {
    const sizer = new FixedFractionSizer(2);
    assert.not.ok(sizer.size(blended({ edgeBps: 20, confidence: 1 }), 0, params(bad), new Float64Array(2), out, 0), JSON.stringify(bad));
    assert.is(sizer.rejects[SizerReject.BadParams], 1, JSON.stringify(bad));
  }
  assert.is(SizingParam.maxLeverage, 6);
});

test('one symbol on two venues is one position against maxPositionUsd', () => {
  // Instruments 0 and 1 are BTC/USDT on two venues (group 0), instrument 2 is another symbol.
  const sizer = new FixedFractionSizer(3, { symbolGroups: Int32Array.from([0, 0, 2]) });
  const p = params({ fraction: 1, maxPositionUsd: 5_000, minOrderUsd: 10 });
  assert.ok(sizer.size(blended({ instrument: 0, edgeBps: 20, confidence: 1 }), 0, p, new Float64Array([0, 3_000, 4_000]), out, 0));
  assert.is(out[SizedIntent.targetPositionUsd], 2_000, 'the other venue already holds 3k of the 5k');
  assert.ok(sizer.size(blended({ instrument: 0, edgeBps: -20, confidence: 1 }), 0, p, new Float64Array([0, 3_000, 0]), out, 0));
  assert.is(out[SizedIntent.targetPositionUsd], -5_000, 'a short here nets against the long there: -5k + 3k is within the limit');
  assert.not.ok(sizer.size(blended({ instrument: 2, edgeBps: 20, confidence: 1 }), 0, p, new Float64Array([0, 3_000, 5_000]), out, 0),
    'another symbol is its own position (already at its 5k)');
});

test.run();
