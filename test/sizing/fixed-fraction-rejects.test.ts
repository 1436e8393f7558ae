// The sizer never emits on a NaN, a bad touch, bad params or with the kill switch on: it returns
// false, counts the reason, writes nothing, and leaves its pending state alone.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FixedFractionSizer, SizerReject, SizingParam, SIZER_REJECT_REASONS, SIZING_PARAM_COUNT } from '../../src/sizing/fixed-fraction.js';
import { SizedIntent } from '../../src/shm/records.js';
import { blended, params } from './fixture.js';

type Case = [string, number, Float64Array, Float64Array, Float64Array?];
const cases: Case[] = [
  ['kill switch', SizerReject.KillSwitch, blended({ edgeBps: 50, confidence: 1 }), params({ killSwitch: 1 })],
  ['NaN edge', SizerReject.BadSignal, blended({ edgeBps: NaN }), params()],
  ['infinite edge', SizerReject.BadSignal, blended({ edgeBps: Infinity }), params()],
  ['NaN confidence', SizerReject.BadSignal, blended({ confidence: NaN }), params()],
  ['confidence above 1', SizerReject.BadSignal, blended({ confidence: 1.5 }), params()],
  ['NaN bid', SizerReject.BadPrice, blended({ bid: NaN }), params()],
  ['NaN ask', SizerReject.BadPrice, blended({ ask: NaN }), params()],
  ['zero bid', SizerReject.BadPrice, blended({ bid: 0 }), params()],
  ['negative ask', SizerReject.BadPrice, blended({ ask: -1 }), params()],
  ['infinite ask', SizerReject.BadPrice, blended({ ask: Infinity }), params()],
  ['crossed touch', SizerReject.BadPrice, blended({ bid: 102, ask: 101 }), params()],
  ['unknown symbol', SizerReject.UnknownSymbol, blended({ instrument: 5 }), params()],
  ['NaN symbol', SizerReject.UnknownSymbol, blended({ instrument: NaN }), params()],
  ['NaN equity', SizerReject.BadParams, blended(), params({ equityUsd: NaN })],
  ['zero equity', SizerReject.BadParams, blended(), params({ equityUsd: 0 })],
  ['NaN fraction', SizerReject.BadParams, blended(), params({ fraction: NaN })],
  ['NaN threshold', SizerReject.BadParams, blended(), params({ edgeThresholdBps: NaN })],
  ['NaN kill switch', SizerReject.BadParams, blended(), params({ killSwitch: NaN })],
  ['NaN position', SizerReject.BadPosition, blended(), params(), new Float64Array([NaN, 0])],
];

for (const [name, reason, b, p, positions] of cases) {
  test(`${name}: no intent, counted as ${SIZER_REJECT_REASONS[reason]}`, () => {
    const sizer = new FixedFractionSizer(2);
    const out = new Float64Array(SizedIntent.f64).fill(-7);
    assert.is(sizer.size(b, 0, p, positions ?? new Float64Array(2), out, 0), false);
    assert.is(sizer.rejects[reason], 1);
    assert.is(sizer.rejects.reduce((a, x) => a + x, 0), 1);
    assert.ok(out.every((v) => v === -7), 'intent written');
    assert.is(sizer.intentCount(), 0);
  });
}

// Every SizingParam slot, set to NaN, is a bad_params reject, never a silently dropped rule: a NaN
// maxPositionUsd must not remove the cap, a NaN minOrderUsd must not pass as "nothing to do". The
// signal is strong and the position cap binds (fraction x confidence x equity = 10,000 > 5,000),
// so with valid params the same record emits a capped intent (checked first: the case is live).
const SLOTS = Object.entries(SizingParam) as [keyof typeof SizingParam, number][];

test('SizingParam covers every slot once', () => {
  assert.equal(SLOTS.map(([, slot]) => slot).sort((a, b) => a - b), Array.from({ length: SIZING_PARAM_COUNT }, (_, i) => i));
});

for (const [name, slot] of SLOTS) {
  test(`NaN ${name} (slot ${slot}): bad_params, no intent`, () => {
    const strong = blended({ edgeBps: 50, confidence: 1 });
    const positions = new Float64Array(2);
    const control = new FixedFractionSizer(2);
    const out = new Float64Array(SizedIntent.f64);
    assert.ok(control.size(strong, 0, params(), positions, out, 0), 'valid params emit an intent for this record');
    assert.is(out[SizedIntent.notionalUsd], 5_000, 'capped at maxPositionUsd');

    const p = params();
    p[slot] = NaN;
    const sizer = new FixedFractionSizer(2);
    const untouched = new Float64Array(SizedIntent.f64).fill(-7);
    assert.is(sizer.size(strong, 0, p, positions, untouched, 0), false, 'no intent');
    assert.is(sizer.rejects[SizerReject.BadParams], 1, `counted as bad_params: ${JSON.stringify([...sizer.rejects])}`);
    assert.is(sizer.rejects.reduce((a, x) => a + x, 0), 1, 'and as nothing else');
    assert.ok(untouched.every((v) => v === -7), 'intent written');
    assert.is(sizer.intentCount(), 0);
  });
}

test('the kill switch blocks reducing intents too, and lifting it resumes sizing', () => {
  const sizer = new FixedFractionSizer(1);
  const out = new Float64Array(SizedIntent.f64);
  const positions = new Float64Array([4_000]);
  assert.not.ok(sizer.size(blended({ edgeBps: 0 }), 0, params({ killSwitch: 1 }), positions, out, 0));
  assert.ok(sizer.size(blended({ edgeBps: 0 }), 0, params(), positions, out, 0));
});

test.run();
