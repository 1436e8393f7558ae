/**
 * Bar trend: time-series momentum on 1 min bars of the mid, measured in ATRs.
 *
 * The MA-momentum model counts its windows in quote updates, so on a busy book it sees seconds
 * and on a quiet one minutes. This one reads the clock-time features (Features.trend1m, the
 * EMA(8)/EMA(21) gap of 1 min closes, and Features.atr1m, their ATR(14), both in bps) and so means
 * the same thing on every book and every event rate:
 *
 *   edgeBps    = clamp(continuation * trend1m, +-maxEdgeBps)
 *   confidence = min(1, |trend1m| / (fullConfidenceAtrs * atr1m))
 *
 * `continuation` is the share of the EMA gap expected to carry on over the next five minutes: a
 * trend that is small against the bars' own range is low confidence. No opinion until both
 * features are warm (21 and 14 closed minutes) or while the ATR is 0.
 */
import { Features } from '../../shm/records.js';
import type { AlphaModel, AlphaModelSpec } from '../alpha-model.js';

const Param = { continuation: 0, fullConfidenceAtrs: 1, maxEdgeBps: 2 } as const;

class BarTrend implements AlphaModel {
  private continuation = 0.25;
  private fullConfidenceAtrs = 1;
  private maxEdgeBps = 30;

  configure(params: Float64Array, offset: number): void {
    this.continuation = params[offset + Param.continuation];
    this.fullConfidenceAtrs = params[offset + Param.fullConfidenceAtrs];
    this.maxEdgeBps = params[offset + Param.maxEdgeBps];
  }

  evaluate(f: Float64Array, base: number, out: Float64Array, slot: number): boolean {
    const trend = f[base + Features.trend1m];
    const atr = f[base + Features.atr1m];
    // NaN (not warm) fails both comparisons.
    if (!(trend > -Infinity && trend < Infinity && atr > 0 && atr < Infinity)) return false;
    let edge = this.continuation * trend;
    if (edge > this.maxEdgeBps) edge = this.maxEdgeBps;
    if (edge < -this.maxEdgeBps) edge = -this.maxEdgeBps;
    let confidence = Math.abs(trend) / (this.fullConfidenceAtrs * atr);
    if (confidence > 1) confidence = 1;
    out[slot] = edge;
    out[slot + 1] = confidence;
    return true;
  }
}

export const barTrend: AlphaModelSpec = {
  name: 'bar_trend',
  description: 'time-series momentum of 1 min bars: the EMA(8)/EMA(21) gap of the closes, trusted by its size in ATRs',
  defaultWeight: 0,
  horizonMs: 300_000,
  params: {
    continuation: { default: 0.25, min: 0, max: 10, minOpen: true, doc: 'share of the EMA gap expected to carry on over five minutes' },
    fullConfidenceAtrs: { default: 1, min: 0, max: 100, minOpen: true, doc: 'EMA gap, in ATR(14)s of the 1 min bars, at which confidence reaches 1' },
    maxEdgeBps: { default: 30, min: 0, max: 10_000, minOpen: true, doc: 'clamp on the edge, bps' },
  },
  create: () => new BarTrend(),
};
