/**
 * RuleAlphas: L1's two rule-based alpha models, evaluated on one Features record into one Edges
 * record. An edge is an expected move in bps (positive = price expected to rise); a confidence in
 * [0, 1] says how much to trust it.
 *
 * Model 0, order-book pressure (original system: `edge = 25 * (bid_size - ask_size) / total_size`):
 *   edgeBps = pressureScaleBps * (bidSize - askSize) / (bidSize + askSize), within +-25 bps.
 *   confidence = total / (total + avgTotal), where avgTotal is a per-symbol EMA of the touch depth
 *   (window `depthWindow` records, current record included): a thin book (relative to what is usual
 *   for the symbol) says little, 0.5 at an average book, towards 1 for a deep one.
 *   No opinion when the touch has no size at all.
 *
 * Model 1, MA momentum (original: `edge = 40 * (ma_short - ma_long) / ma_long`):
 *   Interpretation: the ratio (ma_short - ma_long)/ma_long is read in PERCENT and the result in
 *   bps, i.e. edgeBps = 40 * 100 * (maS - maL)/maL = 0.4 * gapBps. Reading the ratio as a raw
 *   fraction and the result as bps would make a 10 bps gap a 0.04 bps edge (never tradable);
 *   reading it as a fraction scaled to bps (x 1e4) would make a 1 bp gap, which is noise, a 40 bps
 *   edge. The percent reading gives a 10 bps gap -> 4 bps expected continuation, and a 62.5 bps gap
 *   -> 25 bps, the same range as the pressure model, so the two blend on one scale. The edge is
 *   clamped to +-maxEdgeBps so one glitch cannot dominate the blend.
 *   confidence = min(1, |gapBps| / (fullConfidenceVols * volatility)): the gap measured against
 *   the per-update volatility of the mid (Features.volatility, bps); a gap well inside the noise
 *   is low confidence. No opinion while the volatility is 0 (fewer than two quotes seen) or the
 *   MAs are not positive and finite.
 *
 * A record whose touch is invalid (non-finite, <= 0, crossed) or whose symbol is out of range gets
 * mask 0 (no model has an opinion). All MAX_ALPHAS slots are rewritten every time so a reused ring
 * slot never carries a stale edge.
 *
 * Hot path: `evaluate` allocates nothing; per-symbol state is in a Float64Array.
 */

import { Edges, Features, MAX_ALPHAS } from '../shm/records.js';

export const ALPHA_MODELS = ['book_pressure', 'ma_momentum'] as const;
export type AlphaModelName = (typeof ALPHA_MODELS)[number];
/** Model ids: bit k of Edges.mask, slot `Edges.edgeBps + 2k`. */
export const AlphaModel = { BookPressure: 0, MaMomentum: 1 } as const;
export const ALPHA_MODEL_COUNT = ALPHA_MODELS.length;

export interface RuleAlphasOptions {
  /** Book pressure scale, bps at a fully one-sided touch (default 25). */
  pressureScaleBps?: number;
  /** EMA window (records) of the touch depth that pressure confidence compares against (default 100). */
  depthWindow?: number;
  /** Momentum scale applied to the MA gap in percent (default 40). */
  momentumScale?: number;
  /** MA gap, in per-update volatilities, at which momentum confidence reaches 1 (default 4). */
  fullConfidenceVols?: number;
  /** Clamp for the momentum edge, bps (default 50). */
  maxEdgeBps?: number;
}

/** Symbol capacity when the caller does not say (per-symbol state is one float64 each). */
export const DEFAULT_MAX_SYMBOLS = 1024;

export class RuleAlphas {
  readonly symbolCount: number;
  private readonly pressureScale: number;
  private readonly aDepth: number;
  private readonly momentumBpsPerGapBps: number;
  private readonly fullConfidenceVols: number;
  private readonly maxEdgeBps: number;
  /** Per-symbol EMA of bidSize + askSize (0 = not seen yet). */
  private readonly avgDepth: Float64Array;

  /** `symbolCount` bounds the symbol ids accepted (default DEFAULT_MAX_SYMBOLS); larger ids get mask 0. */
  constructor(symbolCount: number = DEFAULT_MAX_SYMBOLS, opts: RuleAlphasOptions = {}) {
    if (!Number.isInteger(symbolCount) || symbolCount <= 0) throw new Error(`RuleAlphas: bad symbolCount ${symbolCount}`);
    this.symbolCount = symbolCount;
    this.pressureScale = opts.pressureScaleBps ?? 25;
    this.aDepth = 2 / ((opts.depthWindow ?? 100) + 1);
    // 40 * gap% = 40 * gapBps / 100.
    this.momentumBpsPerGapBps = (opts.momentumScale ?? 40) / 100;
    this.fullConfidenceVols = opts.fullConfidenceVols ?? 4;
    this.maxEdgeBps = opts.maxEdgeBps ?? 50;
    this.avgDepth = new Float64Array(symbolCount);
  }

  evaluate(inF64: Float64Array, inBase: number, outF64: Float64Array, outBase: number): void {
    const symbol = inF64[inBase + Features.symbol];
    const bid = inF64[inBase + Features.bid];
    const ask = inF64[inBase + Features.ask];
    const volatility = inF64[inBase + Features.volatility];

    outF64[outBase + Edges.t0] = inF64[inBase + Features.t0];
    outF64[outBase + Edges.ts] = inF64[inBase + Features.ts];
    outF64[outBase + Edges.symbol] = symbol;
    outF64[outBase + Edges.venue] = inF64[inBase + Features.venue];
    outF64[outBase + Edges.bid] = bid;
    outF64[outBase + Edges.ask] = ask;
    outF64[outBase + Edges.volatility] = volatility;
    for (let k = 0; k < MAX_ALPHAS; k++) {
      outF64[outBase + Edges.edgeBps + 2 * k] = 0;
      outF64[outBase + Edges.confidence + 2 * k] = 0;
    }

    let mask = 0;
    let count = 0;
    const validSymbol = symbol >= 0 && symbol < this.symbolCount && Math.floor(symbol) === symbol;
    const validTouch = bid > 0 && ask > bid && ask < Infinity;
    if (validSymbol && validTouch) {
      // Model 0: order-book pressure.
      const bidSize = inF64[inBase + Features.bidSize];
      const askSize = inF64[inBase + Features.askSize];
      const total = bidSize + askSize;
      if (bidSize >= 0 && askSize >= 0 && total > 0 && total < Infinity) {
        const avg = this.avgDepth[symbol];
        const newAvg = avg > 0 ? avg + this.aDepth * (total - avg) : total;
        this.avgDepth[symbol] = newAvg;
        outF64[outBase + Edges.edgeBps] = (this.pressureScale * (bidSize - askSize)) / total;
        outF64[outBase + Edges.confidence] = total / (total + newAvg);
        mask |= 1 << AlphaModel.BookPressure;
        count++;
      }

      // Model 1: MA momentum.
      const maShort = inF64[inBase + Features.maShort];
      const maLong = inF64[inBase + Features.maLong];
      if (maShort > 0 && maLong > 0 && maShort < Infinity && maLong < Infinity && volatility > 0 && volatility < Infinity) {
        const gapBps = ((maShort - maLong) / maLong) * 1e4;
        let edge = this.momentumBpsPerGapBps * gapBps;
        if (edge > this.maxEdgeBps) edge = this.maxEdgeBps;
        if (edge < -this.maxEdgeBps) edge = -this.maxEdgeBps;
        let confidence = Math.abs(gapBps) / (this.fullConfidenceVols * volatility);
        if (confidence > 1) confidence = 1;
        outF64[outBase + Edges.edgeBps + 2 * AlphaModel.MaMomentum] = edge;
        outF64[outBase + Edges.confidence + 2 * AlphaModel.MaMomentum] = confidence;
        mask |= 1 << AlphaModel.MaMomentum;
        count++;
      }
    }
    outF64[outBase + Edges.mask] = mask;
    outF64[outBase + Edges.count] = count;
  }
}
