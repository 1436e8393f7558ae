// Bad input is refused without throwing, counted per reason, and leaves the state as it was.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FeatureEngine, FeatureReject, FEATURE_REJECT_REASONS } from '../../src/data/feature-engine.js';
import { Features } from '../../src/shm/records.js';

function snapshot(fe: FeatureEngine): number[] {
  const out = new Float64Array(Features.f64);
  fe.write(0, 0, 0, out, 0);
  return [...out];
}

function primed(): FeatureEngine {
  const fe = new FeatureEngine(2, { shortWindow: 3, longWindow: 7 });
  fe.onQuote(0, 1, 99, 10, 101, 30);
  fe.onQuote(0, 2, 100, 10, 102, 30);
  fe.onTrade(0, 3, 102, 1, 1);
  return fe;
}

const quoteCases: Array<[string, number, [number, number, number, number, number, number]]> = [
  ['unknown symbol 2', FeatureReject.UnknownSymbol, [2, 4, 99, 1, 101, 1]],
  ['negative symbol', FeatureReject.UnknownSymbol, [-1, 4, 99, 1, 101, 1]],
  ['fractional symbol', FeatureReject.UnknownSymbol, [0.5, 4, 99, 1, 101, 1]],
  ['NaN symbol', FeatureReject.UnknownSymbol, [NaN, 4, 99, 1, 101, 1]],
  ['NaN ts', FeatureReject.BadTimestamp, [0, NaN, 99, 1, 101, 1]],
  ['NaN bid', FeatureReject.BadPrice, [0, 4, NaN, 1, 101, 1]],
  ['NaN ask', FeatureReject.BadPrice, [0, 4, 99, 1, NaN, 1]],
  ['zero bid', FeatureReject.BadPrice, [0, 4, 0, 1, 101, 1]],
  ['negative ask', FeatureReject.BadPrice, [0, 4, 99, 1, -101, 1]],
  ['infinite ask', FeatureReject.BadPrice, [0, 4, 99, 1, Infinity, 1]],
  ['crossed book', FeatureReject.CrossedBook, [0, 4, 102, 1, 101, 1]],
  ['locked book', FeatureReject.CrossedBook, [0, 4, 101, 1, 101, 1]],
  ['negative bid size', FeatureReject.BadSize, [0, 4, 99, -1, 101, 1]],
  ['NaN ask size', FeatureReject.BadSize, [0, 4, 99, 1, 101, NaN]],
];

for (const [name, reason, args] of quoteCases) {
  test(`quote with ${name}: rejected as ${FEATURE_REJECT_REASONS[reason]}, state unchanged`, () => {
    const fe = primed();
    const before = snapshot(fe);
    assert.is(fe.onQuote(...args), false);
    assert.is(fe.rejects[reason], 1);
    assert.is(fe.rejectCount(), 1);
    assert.equal(snapshot(fe), before);
  });
}

const tradeCases: Array<[string, number, [number, number, number, number, number]]> = [
  ['unknown symbol', FeatureReject.UnknownSymbol, [7, 4, 100, 1, 1]],
  ['infinite ts', FeatureReject.BadTimestamp, [0, Infinity, 100, 1, 1]],
  ['NaN price', FeatureReject.BadPrice, [0, 4, NaN, 1, 1]],
  ['zero price', FeatureReject.BadPrice, [0, 4, 0, 1, 1]],
  ['negative size', FeatureReject.BadSize, [0, 4, 100, -2, 1]],
  ['NaN size', FeatureReject.BadSize, [0, 4, 100, NaN, 1]],
  ['side 2', FeatureReject.BadSide, [0, 4, 100, 1, 2]],
  ['NaN side', FeatureReject.BadSide, [0, 4, 100, 1, NaN]],
];

for (const [name, reason, args] of tradeCases) {
  test(`trade with ${name}: rejected as ${FEATURE_REJECT_REASONS[reason]}, state unchanged`, () => {
    const fe = primed();
    const before = snapshot(fe);
    assert.is(fe.onTrade(...args), false);
    assert.is(fe.rejects[reason], 1);
    assert.equal(snapshot(fe), before);
  });
}

test('after rejections, good input is still accepted', () => {
  const fe = primed();
  fe.onQuote(0, 4, NaN, 1, 101, 1);
  fe.onQuote(0, 4, 103, 1, 101, 1);
  assert.ok(fe.onQuote(0, 5, 100, 1, 101, 1));
  assert.is(snapshot(fe)[Features.bid], 100);
  assert.is(fe.rejectCount(), 2);
});

test.run();
