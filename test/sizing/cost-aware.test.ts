// The cost_aware sizer trades an edge only when it pays the round trip (2 x (fee + half the
// spread + impact)), holds a position while the signal fades, closes it when the edge turns
// against it by one side's cost, reverses on a strong opposite edge, skips resizes inside the
// no-trade band, and says in every intent why it moved and which limit cut it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FixedFractionSizer } from '../../src/sizing/fixed-fraction.js';
import { SizedIntent, SizingBound, SizingReason } from '../../src/shm/records.js';
import { blended, params } from './fixture.js';

// Touch 99.99 / 100.01: 2 bps spread. fee 10 + half spread 1 + impact 2 = 13 bps one way, 26 round trip.
const touch = { bid: 99.99, ask: 100.01 };
const costs = { feeBps: 10, impactBps: 2, noTradeBandPct: 25, edgeThresholdBps: 5, maxPositionUsd: 20_000, minOrderUsd: 50 };

function sizeOnce(edgeBps: number, positionUsd: number, extra: Record<string, number> = {}, confidence = 1) {
  const sizer = new FixedFractionSizer(2, { costAware: true });
  const out = new Float64Array(SizedIntent.f64);
  const positions = new Float64Array([positionUsd, 0]);
  const ok = sizer.size(blended({ edgeBps, confidence, ...touch }), 0, params({ ...costs, ...extra }), positions, out, 0);
  return { ok, out, sizer };
}

test('an edge above the threshold but below the round trip opens nothing', () => {
  assert.not.ok(sizeOnce(25, 0).ok, '25 bps < 26 bps round trip');
  const opened = sizeOnce(27, 0);
  assert.ok(opened.ok, '27 bps pays the round trip');
  assert.is(opened.out[SizedIntent.reason], SizingReason.Open);
  assert.is(opened.out[SizedIntent.targetPositionUsd], 10_000, 'fraction 0.1 x equity 100k x confidence 1');
  assert.is(opened.out[SizedIntent.bound], SizingBound.None);
});

test('a fading or mildly opposed signal holds the position', () => {
  for (const edge of [20, 5, 0, -5, -12]) assert.not.ok(sizeOnce(edge, 10_000).ok, `edge ${edge} holds`);
});

test('an edge against the position by one side\'s cost closes it; a strong one reverses it', () => {
  const closed = sizeOnce(-14, 10_000);
  assert.ok(closed.ok);
  assert.is(closed.out[SizedIntent.reason], SizingReason.Close);
  assert.is(closed.out[SizedIntent.targetPositionUsd], 0);
  assert.is(closed.out[SizedIntent.side], -1);
  assert.is(closed.out[SizedIntent.notionalUsd], 10_000);

  const reversed = sizeOnce(-40, 10_000);
  assert.is(reversed.out[SizedIntent.reason], SizingReason.Reverse);
  assert.is(reversed.out[SizedIntent.targetPositionUsd], -10_000);
  assert.is(reversed.out[SizedIntent.notionalUsd], 20_000);
});

test('the no-trade band: a small resize is skipped, a large one goes out as increase or reduce', () => {
  assert.not.ok(sizeOnce(40, 8_000).ok, '2,000 more is 20% of the 10,000 target: inside the 25% band');
  const increased = sizeOnce(40, 7_000);
  assert.is(increased.out[SizedIntent.reason], SizingReason.Increase);
  assert.is(increased.out[SizedIntent.notionalUsd], 3_000);
  const reduced = sizeOnce(40, 14_000);
  assert.is(reduced.out[SizedIntent.reason], SizingReason.Reduce, '4,000 less is 40% of the target');
  assert.ok(sizeOnce(40, 8_000, { noTradeBandPct: 0 }).ok, 'band 0: every resize over minOrderUsd');
});

test('the limit that cut the target is named', () => {
  assert.is(sizeOnce(40, 0, { maxPositionUsd: 4_000 }).out[SizedIntent.bound], SizingBound.MaxPosition);
  assert.is(sizeOnce(40, 0, { assetClassLimitPct: 5 }).out[SizedIntent.bound], SizingBound.GrossLimit, '5% of 100k = 5,000 < 10,000');
});

test('fees priced in: with 0 costs the same edge that was too weak trades', () => {
  assert.not.ok(sizeOnce(20, 0).ok);
  assert.ok(sizeOnce(20, 0, { feeBps: 0, impactBps: 0 }).ok, '20 bps > 2 x 1 bp half spread');
});

// A martingale market with pure-noise signals: what each rule would pay to trade it.
test('on noise, cost_aware turns over a small fraction of what fixed_fraction does', () => {
  let seed = 7;
  const random = (): number => { seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648; return seed / 2_147_483_648; };
  const gauss = (): number => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const turnover = (costAware: boolean): number => {
    const sizer = new FixedFractionSizer(1, { costAware });
    const out = new Float64Array(SizedIntent.f64);
    const position = new Float64Array(1);
    let traded = 0;
    for (let i = 0; i < 20_000; i++) {
      if (!sizer.size(blended({ edgeBps: 10 * gauss(), confidence: 0.8, ...touch }), 0, params(costs), position, out, 0)) continue;
      traded += out[SizedIntent.notionalUsd];
      position[0] = out[SizedIntent.targetPositionUsd];
    }
    return traded;
  };
  const fixed = turnover(false);
  const aware = turnover(true);
  assert.ok(fixed > 1e8, `fixed_fraction traded ${fixed}`);
  assert.ok(aware < fixed / 50, `cost_aware traded ${aware} against fixed_fraction's ${fixed}`);
});

test.run();
