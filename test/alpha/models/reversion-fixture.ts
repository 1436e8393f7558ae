// Runs one catalogued model on a Features record through AlphaSet, with the model switched on
// (its default weight is 0) and the others off, and reads back its edge and confidence.
import { alphaModelIndex, ALPHA_MODEL_NAMES, Edges } from '../../../src/alpha/alpha-catalogue.js';
import { Features } from '../../../src/shm/records.js';
import { buildRecord, type RecordValues } from '../../support/record-builder.js';
import { alphaSet } from '../fixture.js';

export interface Opinion { has: boolean; edge: number; confidence: number }

export function opinionOf(model: string, f: RecordValues<typeof Features>, params: Record<string, number> = {}): Opinion {
  const overrides = Object.fromEntries(ALPHA_MODEL_NAMES.map((name) => [name, { weight: 0 }]));
  overrides[model] = { weight: 1, ...params };
  const set = alphaSet(2, overrides);
  const features = buildRecord(Features, {
    instrument: 0, bid: 99.99, ask: 100.01, bidSize: 1, askSize: 1, volatility: 2, maShort: 100, maLong: 100,
    rsi: NaN, midZScore: NaN, vwap: NaN, ...f,
  });
  const out = new Float64Array(Edges.f64);
  set.evaluate(features, 0, out, 0);
  const k = alphaModelIndex(model);
  return { has: ((out[Edges.mask] >> k) & 1) === 1, edge: out[Edges.edgeBps + 2 * k], confidence: out[Edges.confidence + 2 * k] };
}
