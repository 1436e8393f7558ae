// Shared builders for the sizing tests.
import { BlendedEdge } from '../../src/shm/records.js';
import { buildRecord, type RecordValues } from '../support/record-builder.js';
import { SizingParam, SIZING_PARAM_COUNT } from '../../src/sizing/fixed-fraction.js';

export function params(p: Partial<Record<keyof typeof SizingParam, number>> = {}): Float64Array {
  const out = new Float64Array(SIZING_PARAM_COUNT);
  const d = { edgeThresholdBps: 5, fraction: 0.1, maxPositionUsd: 5_000, minOrderUsd: 100, equityUsd: 100_000, killSwitch: 0, maxLeverage: 3, assetClassLimitPct: 100,
    kellyFraction: 0.25, positionCapPct: 100, varBudgetPct: 100, covarianceLambda: 0.94, ...p };
  for (const [k, v] of Object.entries(d)) out[SizingParam[k as keyof typeof SizingParam]] = v;
  return out;
}

export function blended(b: RecordValues<typeof BlendedEdge> = {}): Float64Array {
  return buildRecord(BlendedEdge, { t0: 123, ts: 1_000_000, instrument: 0, venue: 5, edgeBps: 10, confidence: 0.3, bid: 99, ask: 101, volatility: 3, ...b });
}
