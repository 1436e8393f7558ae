// Weighted blend: confidence-weighted edge, weight-weighted confidence, mask, weights, bad values.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WeightedBlend, BlendReject } from '../../src/ensemble/weighted-blend.js';
import { BlendedEdge } from '../../src/shm/records.js';
import { Edges, ALPHA_MODEL_COUNT } from '../../src/alpha/alpha-catalogue.js';

const close = (a: number, b: number, msg = '') => assert.ok(Math.abs(a - b) < 1e-12, `${msg} ${a} != ${b}`);

function edges(models: Array<[number, number] | null>): Float64Array {
  const r = new Float64Array(Edges.f64);
  r[Edges.t0] = 11; r[Edges.ts] = 22; r[Edges.instrument] = 3; r[Edges.venue] = 1;
  r[Edges.bid] = 99; r[Edges.ask] = 101; r[Edges.volatility] = 4.5;
  let mask = 0;
  models.forEach((m, k) => {
    if (m === null) return;
    r[Edges.edgeBps + 2 * k] = m[0];
    r[Edges.confidence + 2 * k] = m[1];
    mask |= 1 << k;
  });
  r[Edges.mask] = mask;
  return r;
}

function blend(b: WeightedBlend, e: Float64Array): Float64Array {
  const out = new Float64Array(BlendedEdge.f64).fill(NaN);
  b.blend(e, 0, out, 0);
  return out;
}

test('equal weights: edge weighted by confidence, confidence averaged', () => {
  const out = blend(new WeightedBlend(2), edges([[10, 0.5], [-20, 1]]));
  close(out[BlendedEdge.edgeBps], (0.5 * 10 + 1 * -20) / 1.5);
  close(out[BlendedEdge.confidence], 0.75);
  assert.is(out[BlendedEdge.t0], 11);
  assert.is(out[BlendedEdge.ts], 22);
  assert.is(out[BlendedEdge.instrument], 3);
  assert.is(out[BlendedEdge.venue], 1);
  assert.is(out[BlendedEdge.bid], 99);
  assert.is(out[BlendedEdge.ask], 101);
  assert.is(out[BlendedEdge.volatility], 4.5);
});

test('per-model weights', () => {
  const b = new WeightedBlend(2);
  b.setWeight(0, 2);
  let out = blend(b, edges([[10, 0.5], [-20, 1]]));
  close(out[BlendedEdge.edgeBps], (2 * 0.5 * 10 + 1 * 1 * -20) / (2 * 0.5 + 1));
  close(out[BlendedEdge.confidence], (2 * 0.5 + 1) / 3);
  b.setWeight(1, 0); // switched off
  out = blend(b, edges([[10, 0.5], [-20, 1]]));
  close(out[BlendedEdge.edgeBps], 10);
  close(out[BlendedEdge.confidence], 0.5);
});

test('only models in the mask count', () => {
  const e = edges([[10, 0.5], [-20, 1]]);
  e[Edges.mask] = 0b10;
  const out = blend(new WeightedBlend(2), e);
  close(out[BlendedEdge.edgeBps], -20);
  close(out[BlendedEdge.confidence], 1);
});

test('an unsure model lowers the confidence but not the edge', () => {
  const out = blend(new WeightedBlend(2), edges([[10, 0.8], [-30, 0]]));
  close(out[BlendedEdge.edgeBps], 10);
  close(out[BlendedEdge.confidence], 0.4);
});

test('no opinion: edge 0, confidence 0', () => {
  for (const m of [[], [null, null], [[10, 0], [5, 0]]] as Array<Array<[number, number] | null>>) {
    const out = blend(new WeightedBlend(2), edges(m));
    assert.is(out[BlendedEdge.edgeBps], 0);
    assert.is(out[BlendedEdge.confidence], 0);
  }
});

test('a NaN or out-of-range model value is ignored and counted', () => {
  const b = new WeightedBlend(2);
  let out = blend(b, edges([[NaN, 0.5], [-20, 1]]));
  close(out[BlendedEdge.edgeBps], -20);
  close(out[BlendedEdge.confidence], 1);
  assert.is(b.rejects[BlendReject.BadModelValue], 1);
  out = blend(b, edges([[5, 1.5], [-20, 1]]));
  close(out[BlendedEdge.edgeBps], -20, 'a confidence above 1 is out of range');
  assert.is(b.rejects[BlendReject.BadModelValue], 2);
  out = blend(b, edges([[10, NaN]]));
  assert.is(out[BlendedEdge.edgeBps], 0);
  assert.is(out[BlendedEdge.confidence], 0);
  assert.is(b.rejects[BlendReject.BadModelValue], 3);
});

test('maxModels is bounded by the Edges record', () => {
  // The bound's own message, not any throw (a TypeError from a bug elsewhere would pass a bare throws).
  const bound = (n: number) => new RegExp(`maxModels must be an integer in 1\\.\\.${ALPHA_MODEL_COUNT}, got ${n}`);
  assert.throws(() => new WeightedBlend(0), bound(0));
  assert.throws(() => new WeightedBlend(ALPHA_MODEL_COUNT + 1), bound(ALPHA_MODEL_COUNT + 1));
  assert.not.throws(() => new WeightedBlend(ALPHA_MODEL_COUNT));
});

test('the horizon of the blend is the models\' horizons weighted as their edges (w c); top-k too', () => {
  const b = new WeightedBlend(3);
  b.setHorizonsMs([1_000, 60_000, 300_000]);
  b.setWeight(2, 2);
  const e = edges([[10, 0.5], [-20, 1], [5, 0.25]]);
  e[Edges.volatility1s] = 3.5;
  const out = blend(b, e);
  close(out[BlendedEdge.horizonMs], (0.5 * 1_000 + 1 * 60_000 + 2 * 0.25 * 300_000) / (0.5 + 1 + 0.5));
  assert.is(out[BlendedEdge.volatility1s], 3.5, 'the clock-time volatility travels with the edge');
  b.settings[1] = 1; // topK = 1: only the surest model counts
  close(blend(b, e)[BlendedEdge.horizonMs], 60_000);
  assert.is(blend(new WeightedBlend(2), edges([null, null]))[BlendedEdge.horizonMs], 0, 'no opinion, no horizon');
});

test.run();
