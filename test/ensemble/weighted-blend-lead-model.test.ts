// Attribution starts in the blend: the model whose term w c e weighs most is the record's lead
// model, with its share of the sum of |w c e| over the models that spoke; on the top-k path as on
// the plain one; -1 and 0 when no model spoke.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BlendSetting, WeightedBlend } from '../../src/ensemble/weighted-blend.js';
import { ALPHA_MODEL_COUNT } from '../../src/alpha/alpha-catalogue.js';
import { BlendedEdge } from '../../src/shm/records.js';
import { edgesRecord } from './edges-fixture.js';

function lead(b: WeightedBlend, calls: Array<[number, number] | null>): [number, number] {
  const f = edgesRecord(calls);
  const out = new Float64Array(BlendedEdge.f64);
  b.blend(f, 0, out, 0);
  return [out[BlendedEdge.leadModel], out[BlendedEdge.leadShare]];
}

test('the largest |w c e| leads, with its share of the total', () => {
  // Terms: 10 x 0.9 = 9, -20 x 0.2 = -4, 30 x 0.5 = 15: model 2 leads with 15 / 28.
  const [model, share] = lead(new WeightedBlend(ALPHA_MODEL_COUNT), [[10, 0.9], [-20, 0.2], [30, 0.5]]);
  assert.is(model, 2);
  assert.ok(Math.abs(share - 15 / 28) < 1e-12);
});

test('weights count: a heavier model can lead with a smaller edge', () => {
  const b = new WeightedBlend(ALPHA_MODEL_COUNT);
  b.weights[0] = 3;
  const [model, share] = lead(b, [[10, 0.9], null, [30, 0.5]]);
  assert.is(model, 0);
  assert.ok(Math.abs(share - 27 / 42) < 1e-12);
});

test('top-k path agrees; nobody spoke: -1 and 0', () => {
  const b = new WeightedBlend(ALPHA_MODEL_COUNT);
  b.settings[BlendSetting.topK] = 2;
  const [model, share] = lead(b, [[10, 0.9], [-20, 0.2], [30, 0.5]]);
  assert.is(model, 2, 'the two most confident are 0 and 2');
  assert.ok(Math.abs(share - 15 / 24) < 1e-12);
  assert.equal(lead(new WeightedBlend(ALPHA_MODEL_COUNT), []), [-1, 0]);
});

test.run();
