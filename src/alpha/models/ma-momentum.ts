/**
 * Moving-average momentum (original: `edge = 40 * (ma_short - ma_long) / ma_long`).
 *
 * The ratio (ma_short - ma_long)/ma_long is read in PERCENT and the result in bps, i.e.
 * edgeBps = scale * 100 * (maS - maL)/maL = (scale / 100) * gapBps. Reading the ratio as a raw
 * fraction would make a 10 bps gap a 0.04 bps edge (never tradable); scaling it to bps (x 1e4)
 * would make a 1 bp gap, which is noise, a 40 bps edge. The percent reading gives a 10 bps gap ->
 * 4 bps expected continuation and a 62.5 bps gap -> 25 bps, the book-pressure model's range, so
 * the two blend on one scale. The edge is clamped to +-maxEdgeBps so one glitch cannot dominate.
 *
 *   confidence = min(1, |gapBps| / (fullConfidenceVols * volatility))
 *
 * the gap against the per-update volatility of the mid (Features.volatility, bps): a gap well
 * inside the noise is low confidence. No opinion while the volatility is 0 (fewer than two quotes
 * seen) or the averages are not positive and finite. The averages' windows are the feature
 * engine's (`strategy.shortWindow` / `longWindow`).
 */
import { Features } from '../../shm/records.js';
import type { AlphaModel, AlphaModelSpec } from '../alpha-model.js';

const Param = { scale: 0, fullConfidenceVols: 1, maxEdgeBps: 2 } as const;

class MaMomentum implements AlphaModel {
  private bpsPerGapBps = 0.4;
  private fullConfidenceVols = 4;
  private maxEdgeBps = 50;

  configure(params: Float64Array, offset: number): void {
    this.bpsPerGapBps = params[offset + Param.scale] / 100;
    this.fullConfidenceVols = params[offset + Param.fullConfidenceVols];
    this.maxEdgeBps = params[offset + Param.maxEdgeBps];
  }

  evaluate(f: Float64Array, base: number, out: Float64Array, slot: number): boolean {
    const maShort = f[base + Features.maShort];
    const maLong = f[base + Features.maLong];
    const volatility = f[base + Features.volatility];
    if (!(maShort > 0 && maLong > 0 && maShort < Infinity && maLong < Infinity && volatility > 0 && volatility < Infinity)) return false;
    const gapBps = ((maShort - maLong) / maLong) * 1e4;
    let edge = this.bpsPerGapBps * gapBps;
    if (edge > this.maxEdgeBps) edge = this.maxEdgeBps;
    if (edge < -this.maxEdgeBps) edge = -this.maxEdgeBps;
    let confidence = Math.abs(gapBps) / (this.fullConfidenceVols * volatility);
    if (confidence > 1) confidence = 1;
    out[slot] = edge;
    out[slot + 1] = confidence;
    return true;
  }
}

export const maMomentum: AlphaModelSpec = {
  name: 'ma_momentum',
  description: 'moving-average momentum: the short/long mid EMA gap, in percent, scaled to bps',
  defaultWeight: 1,
  horizonMs: 60_000,
  params: {
    scale: { default: 40, min: 0, max: 10_000, minOpen: true, doc: 'bps of edge per percent of MA gap' },
    fullConfidenceVols: { default: 4, min: 0, max: 1000, minOpen: true, doc: 'MA gap, in per-update volatilities, at which confidence reaches 1' },
    maxEdgeBps: { default: 50, min: 0, max: 10_000, minOpen: true, doc: 'clamp on the edge, bps' },
  },
  create: () => new MaMomentum(),
};
