// The blend's one-comparison screen of a model's (edge, confidence): exactly c in [0, 1] and a
// finite e pass, at the edges of those ranges too; and the setters that fold weights, multipliers
// and horizons into the table the blend reads.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BlendReject, WeightedBlend } from '../../src/ensemble/weighted-blend.js';
import { BlendedEdge } from '../../src/shm/records.js';
import { ALPHA_MODEL_COUNT, Edges } from '../../src/alpha/alpha-catalogue.js';
import { edgesRecord } from './edges-fixture.js';

function blendOne(b: WeightedBlend, edge: number, confidence: number, regime = 0): Float64Array {
  const e = edgesRecord([[edge, confidence]]);
  e[Edges.regime] = regime;
  const out = new Float64Array(BlendedEdge.f64).fill(NaN);
  b.blend(e, 0, out, 0);
  return out;
}

const ABOVE_ONE = 1 + Number.EPSILON;
const BELOW_ZERO = -Number.MIN_VALUE;

test('confidences just outside [0, 1] and non-finite edges are refused and counted', () => {
  const cases: Array<[number, number]> = [
    [10, ABOVE_ONE], [10, BELOW_ZERO], [10, Infinity], [10, -Infinity], [10, NaN],
    [Infinity, 0.5], [-Infinity, 0.5], [NaN, 0.5], [NaN, NaN],
  ];
  const b = new WeightedBlend(1);
  cases.forEach(([edge, confidence], i) => {
    const out = blendOne(b, edge, confidence);
    assert.is(out[BlendedEdge.edgeBps], 0, `(${edge}, ${confidence}) blended`);
    assert.is(out[BlendedEdge.modelTerms], 0, `(${edge}, ${confidence}) has a term`);
    assert.is(b.rejects[BlendReject.BadModelValue], i + 1, `(${edge}, ${confidence}) not counted`);
  });
});

test('the ends of the ranges are accepted: confidence 0, -0 and 1, the largest finite edges', () => {
  const b = new WeightedBlend(1);
  assert.is(blendOne(b, 7, 1)[BlendedEdge.edgeBps], 7);
  assert.is(blendOne(b, -Number.MAX_VALUE, 1)[BlendedEdge.edgeBps], -Number.MAX_VALUE);
  assert.is(blendOne(b, Number.MAX_VALUE, 0.5)[BlendedEdge.confidence], 0.5);
  assert.is(blendOne(b, 7, 0)[BlendedEdge.confidence], 0, 'a sure-of-nothing model: no opinion');
  assert.is(blendOne(b, 7, -0)[BlendedEdge.confidence], 0);
  assert.is(b.rejects[BlendReject.BadModelValue], 0);
});

test('a switched-off model is not screened: its bad value is not counted', () => {
  const b = new WeightedBlend(1);
  b.setWeight(0, 0);
  blendOne(b, NaN, 0.5);
  assert.is(b.rejects[BlendReject.BadModelValue], 0);
});

test('weights, multipliers and horizons take effect when set, per regime', () => {
  const b = new WeightedBlend(2);
  const two = (regime: number) => {
    const e = edgesRecord([[10, 1], [30, 1]]);
    e[Edges.regime] = regime;
    const out = new Float64Array(BlendedEdge.f64);
    b.blend(e, 0, out, 0);
    return out;
  };
  b.setWeights([1, 3]);
  assert.is(two(0)[BlendedEdge.edgeBps], (10 + 90) / 4);
  b.setMultipliers([1, 1, 3, 1, 1, 1, 1, 1]); // regime 1: model 0 x 3
  assert.is(two(1)[BlendedEdge.edgeBps], (30 + 90) / 6);
  assert.is(two(0)[BlendedEdge.edgeBps], (10 + 90) / 4, 'other regimes unchanged');
  assert.is(b.effectiveWeight(1, 0), 3);
  b.setMultiplier(2, 1, 0);
  assert.is(two(2)[BlendedEdge.edgeBps], 10, 'multiplier 0 switches a model off in its regime');
  b.setHorizonsMs([1_000, 5_000]);
  assert.is(two(0)[BlendedEdge.horizonMs], (1_000 + 3 * 5_000) / 4);
});

test('a blend of fewer models than the record carries ignores the others, odd count or even', () => {
  for (const models of [1, 2, 3, 4, 5]) {
    const b = new WeightedBlend(models);
    const calls: Array<[number, number]> = Array.from({ length: models + 2 }, (_, k) => [k < models ? 10 : 1_000, 1]);
    const out = new Float64Array(BlendedEdge.f64).fill(99);
    b.blend(edgesRecord(calls), 0, out, 0);
    assert.is(out[BlendedEdge.edgeBps], 10, `${models} models`);
    for (let k = 0; k < models; k++) assert.is(out[BlendedEdge.modelTerms + k], 10, `${models} models: term ${k}`);
    for (let k = models; k < ALPHA_MODEL_COUNT; k++) assert.is(out[BlendedEdge.modelTerms + k], 0, `${models} models: term ${k} of a model it does not blend`);
  }
});

test('the setters refuse what does not fit, naming it', () => {
  const b = new WeightedBlend(2);
  assert.throws(() => b.setWeight(2, 1), /model must be in 0\.\.1, got 2/);
  assert.throws(() => b.setWeights([1]), /2 weights needed, got 1/);
  assert.throws(() => b.setMultipliers([1, 1]), /8 multipliers needed, got 2/);
  assert.throws(() => b.setMultiplier(4, 0, 1), /regime must be in 0\.\.3, got 4/);
  assert.throws(() => b.setHorizonsMs([]), /2 horizons needed, got 0/);
});

test.run();
