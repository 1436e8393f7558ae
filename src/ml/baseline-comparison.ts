/**
 * A model's signal beside naive baselines on the same windows, so a number means something:
 *   model          edge_bps (median forward return), long when > 0, short when < 0
 *   model_gated    the same, flat unless |edge_bps| exceeds the round-trip cost (2 x costBps)
 *   persistence    the sign of the last bar's return (yesterday's move continues)
 *   ma_momentum    long when the mid is above the short moving average of the feature engine
 *   always_long    +1 everywhere
 */
import { FEATURE_COUNT, FEATURE_NAMES } from './candle-features.js';
import type { Normalisation, SplitWindows } from './window-dataset.js';
import { signalMetrics, type SignalMetrics } from './signal-metrics.js';

export const SIGNAL_NAMES = ['model', 'model_gated', 'persistence', 'ma_momentum', 'always_long'] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];

const RETURN = FEATURE_NAMES.indexOf('bar_return_bps');
const MA_SHORT_GAP = FEATURE_NAMES.indexOf('ma_short_gap_bps');

/** Edge in bps per window from the model's normalised median (quantile column 1). */
export function edgesBps(quantiles: Float32Array, count: number, norm: Normalisation): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = quantiles[i * 3 + 1] * norm.targetStd + norm.targetMean;
  return out;
}

export function compareWithBaselines(split: SplitWindows, edges: Float64Array, horizonBars: number, costBps: number): Record<SignalName, SignalMetrics> {
  const set = { targetBps: split.targetBps, fileStart: split.fileStart, horizonBars };
  const lastFeature = (k: number, sign: number): Float64Array => {
    const out = new Float64Array(split.count);
    for (let i = 0; i < split.count; i++) out[i] = sign * split.lastRaw[i * FEATURE_COUNT + k];
    return out;
  };
  return {
    model: signalMetrics(edges, set, costBps),
    model_gated: signalMetrics(edges, set, costBps, 2 * costBps),
    persistence: signalMetrics(lastFeature(RETURN, 1), set, costBps),
    // ma_short_gap = maShort / mid - 1 < 0 when the mid is above its average: momentum says up.
    ma_momentum: signalMetrics(lastFeature(MA_SHORT_GAP, -1), set, costBps),
    always_long: signalMetrics(new Float64Array(split.count).fill(1), set, costBps),
  };
}
