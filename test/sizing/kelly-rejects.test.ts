// The kelly sizer never sizes on a NaN: a NaN edge, a NaN, negative or infinite volatility
// (sigma^2 is the Kelly denominator) are refused as bad signals, counted once, and nothing is
// written (a volatility of 0, not yet measured, is waited out: nothing sized, nothing counted); as are the refusals every sizer shares (a NaN in any SizingParam slot is bad_params).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KellySizer } from '../../src/sizing/kelly-sizer.js';
import { SizerReject, SizingParam, SIZER_REJECT_REASONS } from '../../src/sizing/fixed-fraction.js';
import { SizedIntent } from '../../src/shm/records.js';
import { feedQuotes, kellyEdge, looseParams, quiet } from './kelly-fixture.js';

const cases: [string, number, Float64Array, Float64Array][] = [
  ['NaN edge', SizerReject.BadSignal, kellyEdge({ edgeBps: NaN }), looseParams()],
  ['infinite edge', SizerReject.BadSignal, kellyEdge({ edgeBps: -Infinity }), looseParams()],
  ['NaN volatility', SizerReject.BadSignal, kellyEdge({ volatility: NaN }), looseParams()],
  ['negative volatility', SizerReject.BadSignal, kellyEdge({ volatility: -3 }), looseParams()],
  ['infinite volatility', SizerReject.BadSignal, kellyEdge({ volatility: Infinity }), looseParams()],
  ['NaN confidence', SizerReject.BadSignal, kellyEdge({ confidence: NaN }), looseParams()],
  ['crossed touch', SizerReject.BadPrice, kellyEdge({ bid: 101, ask: 100 }), looseParams()],
  ['unknown symbol', SizerReject.UnknownSymbol, kellyEdge({ instrument: 3 }), looseParams()],
  ['kill switch', SizerReject.KillSwitch, kellyEdge(), looseParams({ killSwitch: 1 })],
  ...Object.entries(SizingParam).map(([name, slot]): [string, number, Float64Array, Float64Array] => {
    const p = looseParams();
    p[slot] = NaN;
    return [`NaN ${name}`, SizerReject.BadParams, kellyEdge(), p];
  }),
];

for (const [name, reason, record, p] of cases) {
  test(`${name}: no intent, counted as ${SIZER_REJECT_REASONS[reason]}`, () => {
    const sizer = new KellySizer(1);
    feedQuotes(sizer, looseParams(), 20, quiet);
    const control = new Float64Array(SizedIntent.f64);
    assert.ok(sizer.size(kellyEdge(), 0, looseParams(), new Float64Array(1), control, 0), 'the valid record sizes');
    const out = new Float64Array(SizedIntent.f64).fill(-7);
    assert.is(sizer.size(record, 0, p, new Float64Array(1), out, 0), false);
    assert.is(sizer.rejects[reason], 1);
    assert.is(sizer.rejects.reduce((a, x) => a + x, 0), 1, 'and nothing else');
    assert.ok(out.every((v) => v === -7), 'nothing written');
    assert.is(sizer.intentCount(), 1, 'only the control intent');
  });
}

test('zero volatility (fewer than two quotes seen): no intent, nothing counted', () => {
  const sizer = new KellySizer(1);
  feedQuotes(sizer, looseParams(), 20, quiet);
  const out = new Float64Array(SizedIntent.f64).fill(-7);
  assert.is(sizer.size(kellyEdge({ volatility: 0 }), 0, looseParams(), new Float64Array(1), out, 0), false);
  assert.is(sizer.rejects.reduce((a, x) => a + x, 0), 0, 'a warm-up is not bad input');
  assert.ok(out.every((v) => v === -7), 'nothing written');
  assert.is(sizer.intentCount(), 0);
});

test.run();
