// Attribution starts in the blend: the record carries each model's |w c e|, and an intent's
// attribution (packAttribution, as sizing writes it) gives each model its share of their sum, the
// six largest kept; on the top-k path as on the plain one; nothing when no model spoke.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BLEND_TERM_COUNT, BlendSetting, WeightedBlend } from '../../src/ensemble/weighted-blend.js';
import { packAttribution, unpackAttribution } from '../../src/ensemble/model-attribution.js';
import { ALPHA_MODEL_COUNT } from '../../src/alpha/alpha-catalogue.js';
import { BlendedEdge } from '../../src/shm/records.js';
import { edgesRecord } from './edges-fixture.js';

const INDEX = Array.from({ length: ALPHA_MODEL_COUNT }, (_, k) => String(k));

function shares(b: WeightedBlend, calls: Array<[number, number] | null>): Record<string, number> {
  // A record slot full of a previous record's values: the blend must overwrite every term.
  const out = new Float64Array(BlendedEdge.f64).fill(99);
  b.blend(edgesRecord(calls), 0, out, 0);
  const packed = new Float64Array(2);
  packAttribution(out, BlendedEdge.modelTerms, BLEND_TERM_COUNT, packed, 0);
  return unpackAttribution(packed[0], packed[1], INDEX);
}

function near(actual: Record<string, number>, expected: Record<string, number>): void {
  assert.equal(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const [k, v] of Object.entries(expected)) assert.ok(Math.abs(actual[k] - v) <= 1 / 8190, `model ${k}: ${actual[k]} vs ${v}`);
}

test('every model that spoke gets its share of the sum of |w c e|', () => {
  // Terms: 10 x 0.9 = 9, -20 x 0.2 = -4, 30 x 0.5 = 15, of 28 in all.
  near(shares(new WeightedBlend(ALPHA_MODEL_COUNT), [[10, 0.9], [-20, 0.2], [30, 0.5]]), { 0: 9 / 28, 1: 4 / 28, 2: 15 / 28 });
});

test('weights count', () => {
  const b = new WeightedBlend(ALPHA_MODEL_COUNT);
  b.setWeight(0, 3);
  near(shares(b, [[10, 0.9], null, [30, 0.5]]), { 0: 27 / 42, 2: 15 / 42 });
});

test('the six largest are kept; the rest is left unattributed', () => {
  // Eight models with terms 1..8: the six largest (3..8) of 36 in all.
  const calls = Array.from({ length: 8 }, (_, k) => [k + 1, 1] as [number, number]);
  const got = shares(new WeightedBlend(ALPHA_MODEL_COUNT), calls);
  near(got, { 2: 3 / 36, 3: 4 / 36, 4: 5 / 36, 5: 6 / 36, 6: 7 / 36, 7: 8 / 36 });
  const attributed = Object.values(got).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(attributed - 33 / 36) < 6 / 8190, 'models 0 and 1 (3/36) are not spread over the others');
});

test('top-k path: only the kept models; nobody spoke: nothing', () => {
  const b = new WeightedBlend(ALPHA_MODEL_COUNT);
  b.settings[BlendSetting.topK] = 2;
  near(shares(b, [[10, 0.9], [-20, 0.2], [30, 0.5]]), { 0: 9 / 24, 2: 15 / 24 });
  assert.equal(shares(new WeightedBlend(ALPHA_MODEL_COUNT), []), {});
});

test.run();
