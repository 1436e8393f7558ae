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
 * The params and refusal reasons are every sizer's (sizing-params.ts, re-exported here); the cost
 * gate, the band and the intent itself are written by the rules the sizers share (sizing-rules.ts).
 *
 * Hot path: `size` allocates nothing and never reads the clock.
 */

import { BlendedEdge, SizingBound, SIZING_BOUND_NAMES } from '../shm/records.js';
import { SizingParam, SIZER_REJECT_REASONS } from './sizing-params.js';
import {
  CostGate, costGate, inputProblem, insideNoTradeBand, scanOtherPositions, SizingWork, SIZING_WORK_SLOTS, writeSizedIntent,
} from './sizing-rules.js';

export { SizerReject, SizingParam, SIZER_REJECT_REASONS, SIZING_PARAM_COUNT } from './sizing-params.js';

export interface FixedFractionSizerOptions {
  /** First intentId (default 1); a restarted L3 can continue past the last id it published. */
  firstIntentId?: number;
  /** Count refusals here (one slot per SIZER_REJECT_REASONS entry, e.g. shared memory) instead of a private array. */
  rejects?: Float64Array;
  /** Count emitted intents by the limit that bound them here (one slot per SIZING_BOUND_NAMES entry). */
  boundCounts?: Float64Array;
  /**
   * Instruments that are one unified symbol on several venues share a group id (default: every
   * instrument its own). `maxPositionUsd` bounds the group's net position, so BTC/USDT bought on
   * two venues is one position against the limit.
   */
  symbolGroups?: Int32Array;
  /** Trade only when the edge pays the costs, and hold in between (see the header). Default false. */
  costAware?: boolean;
}

/** Checks shared by the sizers' constructors. */
export function sizerArrays(name: string, symbolCount: number, opts: FixedFractionSizerOptions): { rejects: Float64Array; boundCounts: Float64Array; symbolGroups: Int32Array } {
  if (!Number.isInteger(symbolCount) || symbolCount <= 0) throw new Error(`${name}: bad symbolCount ${symbolCount}`);
  if (opts.rejects && opts.rejects.length < SIZER_REJECT_REASONS.length) throw new Error(`${name}: rejects needs ${SIZER_REJECT_REASONS.length} slots, got ${opts.rejects.length}`);
  if (opts.boundCounts && opts.boundCounts.length < SIZING_BOUND_NAMES.length) throw new Error(`${name}: boundCounts needs ${SIZING_BOUND_NAMES.length} slots, got ${opts.boundCounts.length}`);
  if (opts.symbolGroups && opts.symbolGroups.length < symbolCount) throw new Error(`${name}: symbolGroups needs ${symbolCount} entries, got ${opts.symbolGroups.length}`);
  return {
    rejects: opts.rejects ?? new Float64Array(SIZER_REJECT_REASONS.length),
    boundCounts: opts.boundCounts ?? new Float64Array(SIZING_BOUND_NAMES.length),
    symbolGroups: opts.symbolGroups ?? Int32Array.from({ length: symbolCount }, (_, i) => i),
  };
}

export class FixedFractionSizer {
  readonly symbolCount: number;
  /** Refusals by SizerReject reason. */
  readonly rejects: Float64Array;
  /** Emitted intents by SizingBound. */
  readonly boundCounts: Float64Array;
  private readonly symbolGroups: Int32Array;
  private readonly costAware: boolean;
  /** SizingWork slots (the shared rules' doubles), then [SIZING_WORK_SLOTS] = intents emitted. */
  private readonly work = new Float64Array(SIZING_WORK_SLOTS + 1);

  constructor(symbolCount: number, opts: FixedFractionSizerOptions = {}) {
    const arrays = sizerArrays('FixedFractionSizer', symbolCount, opts);
    this.symbolCount = symbolCount;
    this.rejects = arrays.rejects;
    this.boundCounts = arrays.boundCounts;
    this.symbolGroups = arrays.symbolGroups;
    this.work[SizingWork.intentId] = opts.firstIntentId ?? 1;
    this.costAware = opts.costAware ?? false;
  }

  /** This rule keeps no market state: nothing to learn from a record. */
  observe(_inF64: Float64Array, _inBase: number, _params: Float64Array): void {}

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
    const problem = inputProblem(inF64, inBase, params, positionsUsd, this.symbolCount, false);
    if (problem >= 0) return this.reject(problem);
    const symbol = inF64[inBase + BlendedEdge.instrument];
    const edge = inF64[inBase + BlendedEdge.edgeBps];
    const confidence = inF64[inBase + BlendedEdge.confidence];
    const position = positionsUsd[symbol];
    const work = this.work;
    work[SizingWork.position] = position;

    let sized: boolean;
    if (!this.costAware) {
      sized = (edge < 0 ? -edge : edge) >= params[SizingParam.edgeThresholdBps];
    } else {
      const gate = costGate(inF64, inBase, params, work);
      if (gate === CostGate.Hold) return false;
      sized = gate === CostGate.Trade; // else close: the edge runs against the position by more than leaving costs
    }

    const equity = params[SizingParam.equityUsd];
    const maxPosition = params[SizingParam.maxPositionUsd];
    let target = 0;
    let bound: number = SizingBound.None;
    if (sized) {
      let magnitude = params[SizingParam.fraction] * confidence * equity;
      if (magnitude > maxPosition) { magnitude = maxPosition; bound = SizingBound.MaxPosition; }
      // Gross exposure stays within both limits: what the other instruments hold leaves the room.
      scanOtherPositions(symbol, positionsUsd, this.symbolGroups, this.symbolCount, work);
      const room = equity * Math.min(params[SizingParam.maxLeverage], params[SizingParam.assetClassLimitPct] / 100) - work[SizingWork.otherGross];
      if (magnitude > room) { magnitude = room > 0 ? room : 0; bound = SizingBound.GrossLimit; }
      target = edge > 0 ? magnitude : edge < 0 ? -magnitude : 0;
      // The same symbol held on other venues counts against maxPositionUsd too.
      const others = work[SizingWork.sameSymbolNet];
      if (target + others > maxPosition) { target = maxPosition - others; bound = SizingBound.SymbolNet; }
      else if (target + others < -maxPosition) { target = -maxPosition - others; bound = SizingBound.SymbolNet; }
    }
    work[SizingWork.target] = target;
    const diff = target - position;
    const notional = diff < 0 ? -diff : diff;
    if (!(notional >= params[SizingParam.minOrderUsd]) || notional === 0) return false;
    // Hysteresis: a small resize of a position that keeps its side is not worth its cost.
    if (this.costAware && insideNoTradeBand(params, work)) return false;

    writeSizedIntent(inF64, inBase, out, outBase, work, bound);
    work[SIZING_WORK_SLOTS] += 1;
    this.boundCounts[bound] += 1;
    return true;
  }

  /** Intents emitted so far. */
  intentCount(): number {
    return this.work[SIZING_WORK_SLOTS];
  }

  private reject(reason: number): boolean {
    this.rejects[reason] += 1;
    return false;
  }
}
