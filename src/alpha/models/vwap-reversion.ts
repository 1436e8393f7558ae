/**
 * VWAP reversion: a mid far from the session's volume-weighted price tends to drift back.
 *
 *   gapBps     = (mid - vwap) / vwap * 1e4
 *   edgeBps    = -reversion * gapBps, within +-maxEdgeBps
 *   confidence = min(1, |gapBps| / (fullConfidenceVols * volatility))
 *
 * `reversion` is the fraction of the gap expected back over the horizon. The gap is judged
 * against the per-update volatility of the mid (a gap inside the noise is low confidence). No
 * opinion before the session's first trade (vwap NaN) or before the volatility exists.
 */
import { Features } from '../../shm/records.js';
import type { AlphaModel, AlphaModelSpec } from '../alpha-model.js';

const Param = { reversion: 0, fullConfidenceVols: 1, maxEdgeBps: 2 } as const;

class VwapReversion implements AlphaModel {
  private reversion = 0.1;
  private fullConfidenceVols = 20;
  private maxEdgeBps = 20;

  configure(params: Float64Array, offset: number): void {
    this.reversion = params[offset + Param.reversion];
    this.fullConfidenceVols = params[offset + Param.fullConfidenceVols];
    this.maxEdgeBps = params[offset + Param.maxEdgeBps];
  }

  evaluate(f: Float64Array, base: number, out: Float64Array, slot: number): boolean {
    const vwap = f[base + Features.vwap];
    const volatility = f[base + Features.volatility];
    if (!(vwap > 0 && vwap < Infinity && volatility > 0 && volatility < Infinity)) return false;
    const mid = (f[base + Features.bid] + f[base + Features.ask]) * 0.5;
    const gapBps = ((mid - vwap) / vwap) * 1e4;
    let edge = -this.reversion * gapBps;
    if (edge > this.maxEdgeBps) edge = this.maxEdgeBps;
    if (edge < -this.maxEdgeBps) edge = -this.maxEdgeBps;
    let confidence = (gapBps < 0 ? -gapBps : gapBps) / (this.fullConfidenceVols * volatility);
    if (confidence > 1) confidence = 1;
    out[slot] = edge;
    out[slot + 1] = confidence;
    return true;
  }
}

export const vwapReversion: AlphaModelSpec = {
  name: 'vwap_reversion',
  description: 'VWAP reversion: expects part of the gap between the mid and the session VWAP back, off by default',
  defaultWeight: 0,
  horizonMs: 300_000,
  params: {
    reversion: { default: 0.1, min: 0, max: 1, minOpen: true, doc: 'fraction of the mid-VWAP gap expected back' },
    fullConfidenceVols: { default: 20, min: 0, max: 10_000, minOpen: true, doc: 'gap, in per-update volatilities, at which confidence reaches 1' },
    maxEdgeBps: { default: 20, min: 0, max: 10_000, minOpen: true, doc: 'clamp on the edge, bps' },
  },
  create: () => new VwapReversion(),
};
