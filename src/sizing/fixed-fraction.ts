/**
 * FixedFractionSizer: L3's first sizing rule, BlendedEdge -> SizedIntent.
 *
 *   target = 0                                                   if |edge| < edgeThresholdBps
 *          = sign(edge) * min(maxPositionUsd, fraction * confidence * equityUsd, room)   otherwise,
 *            then clamped so the unified symbol's net position across venues stays within
 *            +-maxPositionUsd (see `symbolGroups`)
 *   room   = equityUsd * min(maxLeverage, assetClassLimitPct / 100) - sum over other symbols of
 *            |position|   (never below 0: gross exposure stays within both limits)
 *   diff   = target - position
 *   emit an intent for diff if |diff| >= minOrderUsd, priced at the touch: buy at the ask, sell at
 *   the bid; quantity = |diff| / price; notionalUsd = |diff| (unsigned, `side` gives the sign).
 * So a weak edge flattens an open position (the target is 0), and a position is only topped up or
 * trimmed once the change is worth an order.
 *
 * Cost-aware (the `cost_aware` sizer; same limits): a trade must pay for itself. With
 *   oneWayBps = feeBps + spreadBps / 2 + impactBps     (spreadBps = (ask - bid) / mid * 1e4)
 * - enter, add or reverse only when |edge| >= max(edgeThresholdBps, 2 * oneWayBps), the round
 *   trip the position will cost;
 * - close (target 0) when the edge turns against the position by at least oneWayBps: holding
 *   is then expected to lose more than leaving costs;
 * - otherwise hold: a fading signal does not sell what a strong one bought (the flicker
 *   trading that pays the spread and fees on every tick of a martingale market);
 * - and skip a resize smaller than noTradeBandPct % of the target (hysteresis around the
 *   position: topping up 20,000 to 20,400 costs fees and buys nothing).
 *
 * Every intent says why (`SizedIntent.reason`: open, increase, reduce, close, reverse) and which
 * limit, if any, cut its target (`SizedIntent.bound`: max_position, gross_limit, symbol_net).
 *
 * Positions are the caller's: what the account will hold once everything already decided has
 * played out (fills, working orders, intents on their way), not what the portfolio has booked so
 * far, or the sizer would re-emit the same intent on every tick until the fill showed up. The
 * sizing stage keeps that ledger exactly (see src/workers/stages/sizing-stage.ts); a caller must
 * fold each emitted intent into the positions it passes next.
 *
 * Refusals (return false, `rejects[reason] += 1`, nothing written):
 * unknown symbol; bad params (NaN or negative threshold/fraction/limits, equity <= 0, leverage not
 * positive and finite, asset-class limit outside (0, 100]); kill switch
 * (params[killSwitch] != 0: no new intents at all, not even reducing ones); a NaN/infinite/<= 0 or
 * crossed touch; a NaN/infinite edge or a confidence that is not in [0, 1]; a non-finite position.
 * No intent is ever emitted on a NaN. "Nothing to do" (|diff| < minOrderUsd) also returns false
 * but is not a reject.
 *
 * `SizingParam` indices are the same as the first `RuntimeParam` slots of the pipeline's params
 * block, so a shell can pass its copy of that block as `params` directly.
 *
 * Hot path: `size` allocates nothing and never reads the clock.
 */

import { BlendedEdge, copyHeader, RecordKind, Side, SizedIntent, SizingBound, SizingReason } from '../shm/records.js';

export const SizingParam = {
  edgeThresholdBps: 0,
  /** Fraction of equity per unit of confidence. */
  fraction: 1,
  maxPositionUsd: 2,
  minOrderUsd: 3,
  equityUsd: 4,
  /** Nonzero: emit no intents. */
  killSwitch: 5,
  /** Gross exposure (sum of |position + pending| over symbols) may not exceed this times equity. */
  maxLeverage: 6,
  /** Nor this percentage of equity: the session trades one asset class, so this is its limit. */
  assetClassLimitPct: 7,
  /** Execution's fee per side, bps of notional (cost-aware sizing prices it in). */
  feeBps: 8,
  /** Expected market impact per side, bps (cost-aware). */
  impactBps: 9,
  /** A resize smaller than this percentage of the target is not worth an order (cost-aware). */
  noTradeBandPct: 10,
} as const;
export const SIZING_PARAM_COUNT = 11;

export const SizerReject = {
  UnknownSymbol: 0,
  BadParams: 1,
  KillSwitch: 2,
  BadPrice: 3,
  BadSignal: 4,
  BadPosition: 5,
  /** Counted by the caller: an intent that would add exposure to a symbol whose data went stale. */
  StaleSymbol: 6,
  /** Counted by the caller: an intent that would add exposure while L5's kill switch is tripped. */
  RiskHalt: 7,
} as const;
export const SIZER_REJECT_REASONS = ['unknown_symbol', 'bad_params', 'kill_switch', 'bad_price', 'bad_signal', 'bad_position', 'stale_symbol', 'risk_halt'] as const;

export interface FixedFractionSizerOptions {
  /** First intentId (default 1); a restarted L3 can continue past the last id it published. */
  firstIntentId?: number;
  /** Count refusals here (one slot per SIZER_REJECT_REASONS entry, e.g. shared memory) instead of a private array. */
  rejects?: Float64Array;
  /**
   * Instruments that are one unified symbol on several venues share a group id (default: every
   * instrument its own). `maxPositionUsd` bounds the group's net position, so BTC/USDT bought on
   * two venues is one position against the limit.
   */
  symbolGroups?: Int32Array;
  /** Trade only when the edge pays the costs, and hold in between (see the header). Default false. */
  costAware?: boolean;
}

export class FixedFractionSizer {
  readonly symbolCount: number;
  /** Refusals by SizerReject reason. */
  readonly rejects: Float64Array;
  private readonly symbolGroups: Int32Array;
  private readonly costAware: boolean;
  /** [0] = next intentId, [1] = intents emitted, [2]/[3] = scanOtherPositions' results. */
  private readonly state = new Float64Array(4);

  constructor(symbolCount: number, opts: FixedFractionSizerOptions = {}) {
    if (!Number.isInteger(symbolCount) || symbolCount <= 0) throw new Error(`FixedFractionSizer: bad symbolCount ${symbolCount}`);
    this.symbolCount = symbolCount;
    if (opts.rejects && opts.rejects.length < SIZER_REJECT_REASONS.length) throw new Error(`FixedFractionSizer: rejects needs ${SIZER_REJECT_REASONS.length} slots, got ${opts.rejects.length}`);
    this.rejects = opts.rejects ?? new Float64Array(SIZER_REJECT_REASONS.length);
    if (opts.symbolGroups && opts.symbolGroups.length < symbolCount) throw new Error(`FixedFractionSizer: symbolGroups needs ${symbolCount} entries, got ${opts.symbolGroups.length}`);
    this.symbolGroups = opts.symbolGroups ?? Int32Array.from({ length: symbolCount }, (_, i) => i);
    this.state[0] = opts.firstIntentId ?? 1;
    this.costAware = opts.costAware ?? false;
  }

  /**
   * Size one BlendedEdge. `params` is indexed by SizingParam; `positionsUsd[symbol]` is the current
   * signed position in USD, everything already decided included (see above). Writes a SizedIntent at `out[outBase..]`
   * and returns true, or returns false and writes nothing.
   */
  size(
    inF64: Float64Array, inBase: number,
    params: Float64Array, positionsUsd: Float64Array,
    out: Float64Array, outBase: number,
  ): boolean {
    const symbol = inF64[inBase + BlendedEdge.instrument];
    if (!(symbol >= 0 && symbol < this.symbolCount && Math.floor(symbol) === symbol)) return this.reject(SizerReject.UnknownSymbol);

    const threshold = params[SizingParam.edgeThresholdBps];
    const fraction = params[SizingParam.fraction];
    const maxPosition = params[SizingParam.maxPositionUsd];
    const minOrder = params[SizingParam.minOrderUsd];
    const equity = params[SizingParam.equityUsd];
    const kill = params[SizingParam.killSwitch];
    const leverage = params[SizingParam.maxLeverage];
    const classPct = params[SizingParam.assetClassLimitPct];
    const feeBps = params[SizingParam.feeBps];
    const impactBps = params[SizingParam.impactBps];
    const bandPct = params[SizingParam.noTradeBandPct];
    if (!(threshold >= 0) || !(fraction >= 0) || !(maxPosition >= 0) || !(minOrder >= 0) || !(equity > 0) || kill !== kill
      || threshold === Infinity || fraction === Infinity || equity === Infinity
      || !(leverage > 0 && leverage < Infinity) || !(classPct > 0 && classPct <= 100)
      || !(feeBps >= 0 && feeBps < Infinity) || !(impactBps >= 0 && impactBps < Infinity) || !(bandPct >= 0 && bandPct <= 100)) {
      return this.reject(SizerReject.BadParams);
    }
    if (kill !== 0) return this.reject(SizerReject.KillSwitch);

    const bid = inF64[inBase + BlendedEdge.bid];
    const ask = inF64[inBase + BlendedEdge.ask];
    if (!(bid > 0) || !(ask > bid) || ask === Infinity) return this.reject(SizerReject.BadPrice);
    const edge = inF64[inBase + BlendedEdge.edgeBps];
    const confidence = inF64[inBase + BlendedEdge.confidence];
    if (!(edge > -Infinity && edge < Infinity) || !(confidence >= 0 && confidence <= 1)) return this.reject(SizerReject.BadSignal);
    const position = positionsUsd[symbol];
    if (!(position > -Infinity && position < Infinity)) return this.reject(SizerReject.BadPosition);

    // What it costs to cross once (cost-aware only; see the header).
    const oneWayBps = feeBps + ((ask - bid) / (ask + bid)) * 1e4 + impactBps;
    const strength = edge < 0 ? -edge : edge;
    let sized: boolean;
    if (!this.costAware) {
      sized = strength >= threshold;
    } else if (strength >= threshold && strength >= 2 * oneWayBps) {
      sized = true;
    } else if (position !== 0 && (edge > 0) !== (position > 0) && edge !== 0 && strength >= oneWayBps) {
      sized = false; // close: the edge now runs against the position by more than leaving costs
    } else {
      return false; // hold
    }

    let target = 0;
    let bound: number = SizingBound.None;
    if (sized) {
      let magnitude = fraction * confidence * equity;
      if (magnitude > maxPosition) { magnitude = maxPosition; bound = SizingBound.MaxPosition; }
      // Gross exposure stays within both limits: what the other instruments hold leaves the room.
      this.scanOtherPositions(symbol, positionsUsd);
      const room = equity * Math.min(leverage, classPct / 100) - this.state[2];
      if (magnitude > room) { magnitude = room > 0 ? room : 0; bound = SizingBound.GrossLimit; }
      target = edge > 0 ? magnitude : edge < 0 ? -magnitude : 0;
      // The same symbol held on other venues counts against maxPositionUsd too.
      const others = this.state[3];
      if (target + others > maxPosition) { target = maxPosition - others; bound = SizingBound.SymbolNet; }
      else if (target + others < -maxPosition) { target = -maxPosition - others; bound = SizingBound.SymbolNet; }
    }
    const diff = target - position;
    const notional = Math.abs(diff);
    if (!(notional >= minOrder) || notional === 0) return false;
    // Hysteresis: a small resize of a position that keeps its side is not worth its cost.
    if (this.costAware && target !== 0 && (target > 0) === (position > 0) && position !== 0
      && notional < (bandPct / 100) * (target < 0 ? -target : target)) {
      return false;
    }

    const buy = diff > 0;
    const price = buy ? ask : bid;
    const intentId = this.state[0];
    this.state[0] = intentId + 1;
    this.state[1] += 1;

    copyHeader(inF64, inBase, out, outBase, RecordKind.SizedIntent);
    out[outBase + SizedIntent.seq] = intentId;
    out[outBase + SizedIntent.side] = buy ? Side.Buy : Side.Sell;
    out[outBase + SizedIntent.quantity] = notional / price;
    out[outBase + SizedIntent.limitPrice] = price;
    out[outBase + SizedIntent.notionalUsd] = notional;
    out[outBase + SizedIntent.edgeBps] = edge;
    out[outBase + SizedIntent.confidence] = confidence;
    out[outBase + SizedIntent.targetPositionUsd] = target;
    out[outBase + SizedIntent.reason] = target === 0 ? SizingReason.Close
      : position === 0 ? SizingReason.Open
        : (target > 0) !== (position > 0) ? SizingReason.Reverse
          : Math.abs(target) > Math.abs(position) ? SizingReason.Increase : SizingReason.Reduce;
    out[outBase + SizedIntent.bound] = bound;
    return true;
  }

  /**
   * One pass over the other instruments: their gross exposure (sum of |position|) into state[2],
   * the net position of those sharing `symbol`'s unified symbol into state[3]. A cap lowered by a
   * reload below what is already held leaves no room: every symbol is then sized down as its
   * signals come. O(instruments) per call; sessions trade tens of them, and nothing is allocated.
   */
  private scanOtherPositions(symbol: number, positionsUsd: Float64Array): void {
    const group = this.symbolGroups[symbol];
    let gross = 0;
    let sameSymbol = 0;
    for (let s = 0; s < this.symbolCount; s++) {
      if (s === symbol) continue;
      const p = positionsUsd[s];
      gross += p < 0 ? -p : p;
      if (this.symbolGroups[s] === group) sameSymbol += p;
    }
    this.state[2] = gross;
    this.state[3] = sameSymbol;
  }

  /** Intents emitted so far. */
  intentCount(): number {
    return this.state[1];
  }

  private reject(reason: number): boolean {
    this.rejects[reason] += 1;
    return false;
  }
}
