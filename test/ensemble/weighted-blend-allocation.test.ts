// WeightedBlend.blend allocates nothing: 0 GCs over 2M records.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countGcs, semiSpaceFlag } from '../../src/shm/allocation-check.js';
import { WeightedBlend } from '../../src/ensemble/weighted-blend.js';
import { BlendedEdge } from '../../src/shm/records.js';
import { Edges } from '../../src/alpha/alpha-catalogue.js';

test('blend: 0 GCs over 2M records', () => {
  assert.ok(semiSpaceFlag() !== undefined, 'run with --max-semi-space-size=1');
  const SLOTS = 64;
  const input = new Float64Array(Edges.f64 * SLOTS);
  for (let k = 0; k < SLOTS; k++) {
    const b = k * Edges.f64;
    input[b + Edges.t0] = 1.5e12 + k * 0.5;
    input[b + Edges.mask] = k % 4; // none, model 0, model 1, both
    input[b + Edges.edgeBps] = k * 0.37 - 10;
    input[b + Edges.confidence] = (k % 10) / 10;
    input[b + Edges.edgeBps + 2] = 5.5 - k * 0.11;
    input[b + Edges.confidence + 2] = k % 13 === 0 ? NaN : 0.3; // some go through the reject path
  }
  const out = new Float64Array(BlendedEdge.f64 * SLOTS);
  const blend = new WeightedBlend(2);
  blend.setWeight(0, 1.5);
  const report = countGcs((i) => {
    const k = i & (SLOTS - 1);
    blend.blend(input, k * Edges.f64, out, k * BlendedEdge.f64);
  }, 2_000_000);
  assert.ok(blend.rejects[0] > 0);
  assert.is(report.gcCount, 0, `GCs: ${JSON.stringify(report.byType)}`);
});

test.run();
