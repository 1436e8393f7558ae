// The blend's refinements: models under minConfidence are left out, topK keeps the most confident,
// shrinkage pulls a thinly supported edge towards 0 (the posterior mean with a prior of 0 bps),
// and the meta-learner's multipliers scale the configured weights. All off, the plain mean.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BlendSetting, WeightedBlend } from '../../src/ensemble/weighted-blend.js';
import { ALPHA_MODEL_COUNT, Edges } from '../../src/alpha/alpha-catalogue.js';
import { BlendedEdge } from '../../src/shm/records.js';
import { edgesRecord } from './edges-fixture.js';

function blend(b: WeightedBlend, calls: Array<[number, number] | null>): { edge: number; confidence: number } {
  const out = new Float64Array(BlendedEdge.f64);
  b.blend(edgesRecord(calls), 0, out, 0);
  return { edge: out[BlendedEdge.edgeBps], confidence: out[BlendedEdge.confidence] };
}

const CALLS: Array<[number, number]> = [[10, 0.9], [-20, 0.2], [30, 0.5]];

test('defaults: the confidence-weighted mean', () => {
  const b = new WeightedBlend(ALPHA_MODEL_COUNT);
  const r = blend(b, CALLS);
  assert.ok(Math.abs(r.edge - (9 - 4 + 15) / 1.6) < 1e-12);
  assert.ok(Math.abs(r.confidence - 1.6 / 3) < 1e-12);
});

test('minConfidence leaves the unsure model out; topK keeps the most confident', () => {
  const b = new WeightedBlend(ALPHA_MODEL_COUNT);
  b.settings[BlendSetting.minConfidence] = 0.3;
  assert.ok(Math.abs(blend(b, CALLS).edge - (9 + 15) / 1.4) < 1e-12);
  b.settings[BlendSetting.minConfidence] = 0;
  b.settings[BlendSetting.topK] = 1;
  assert.is(blend(b, CALLS).edge, 10, 'only the 0.9-confidence model');
  b.settings[BlendSetting.topK] = 2;
  assert.ok(Math.abs(blend(b, CALLS).edge - 24 / 1.4) < 1e-12);
  b.settings[BlendSetting.minConfidence] = 0.95;
  assert.equal(blend(b, CALLS), { edge: 0, confidence: 0 }, 'nobody sure enough: no opinion');
});

test('shrinkage: one unsure model moves the blend little, several sure ones almost fully', () => {
  const b = new WeightedBlend(ALPHA_MODEL_COUNT);
  b.settings[BlendSetting.shrinkage] = 1;
  assert.ok(Math.abs(blend(b, [[20, 0.1]]).edge - 2 / 1.1) < 1e-12, 'one model at confidence 0.1: 20 -> 1.8');
  assert.ok(Math.abs(blend(b, [[20, 1], [20, 1], [20, 1], [20, 1]]).edge - 80 / 5) < 1e-12, 'four sure ones: 20 -> 16');
});

test('multipliers scale the weights; a NaN edge is ignored and counted, never blended', () => {
  const b = new WeightedBlend(ALPHA_MODEL_COUNT);
  b.setMultiplier(0, 0, 0);
  assert.ok(Math.abs(blend(b, CALLS).edge - 11 / 0.7) < 1e-12, 'model 0 weighed at 0');
  b.setMultiplier(0, 0, 1);
  assert.is(blend(b, [[NaN, 0.5], [5, 0.5]]).edge, 5);
  assert.is(b.rejects[0], 1);
});

test.run();
