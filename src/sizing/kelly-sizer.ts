/**
 * KellySizer (the `kelly` sizer): size to a fraction of the Kelly bet, then within the position,
 * leverage and VaR limits, and trade only what pays its costs.
 *
 * Kelly. For a return with mean mu and variance sigma^2 (small, roughly Gaussian), the fraction of
 * equity f that maximises the expected log growth  g(f) ~ f mu - f^2 sigma^2 / 2  is
 *   f* = mu / sigma^2.
 * Here mu = edgeBps / 1e4 (the blended edge as a return) and sigma^2 the variance of the mid's
 * return over the same horizon as the edge:
 *   sigma^2 = (volatility1s / 1e4)^2 * horizonMs / 1000,
 * BlendedEdge.volatility1s being the clock-time volatility (bps per sqrt(second), from 1 s bars)
 * and horizonMs the horizon the blend's edge is earned over (its models' declared horizons,
 * weighted as their edges are). Returns uncorrelated in time make the variance grow with the
 * horizon, so a 5 min call is sized against 300x a second's variance, not a quote update's: the
 * units of mu and sigma^2 match. Until the clock-time volatility is known (two 1 s bars) or when
 * no model spoke (horizon 0), sigma is the per-quote-update volatility (BlendedEdge.volatility),
 * i.e. the edge is taken as the next update's return: a bet too large by the number of updates
 * in the horizon, which the limits below then cut.
 *   target = sign(edge) * kellyFraction * |mu| / sigma^2 * equityUsd.
 * kellyFraction (a quarter Kelly by default) allows for the error in mu. Confidence is not a
 * factor: the ensemble's edge is already the expected return.
 *
 * Then, in this order, each limit that cuts the target names itself in `SizedIntent.bound`:
 *  1. position_cap   |target| <= positionCapPct % of equity (20 crypto, 25 stocks by default);
 *  2. max_position   |target| <= maxPositionUsd (the instrument's own limit, from the stage);
 *  3. gross_limit    the other instruments' gross exposure leaves the room:
 *                    equity * min(maxLeverage, assetClassLimitPct / 100) - sum |others|;
 *     symbol_net     the unified symbol's net across venues within +-maxPositionUsd;
 *  4. var_budget     the book's 99% one-day parametric VaR with the new position,
 *                      z_99 * sqrt(V(t)),   V(t) = a t^2 + 2 b t + c   (ewma-covariance.ts)
 *                    stays within varBudgetPct % of equity: |t| is cut to the largest that fits,
 *                    the root of V(t) = (budget / z_99)^2. If no position on the signal's side fits
 *                    (the other positions already spend the budget), the one that leaves the book's
 *                    variance lowest (t = -b / a, clamped to [0, target]: a hedge, or nothing).
 *                    Before the covariance has an estimate for the symbol, no new risk: the target
 *                    may not exceed the position already held on its side;
 *  5. min_order      a change below minOrderUsd is not sent (counted, no intent);
 *  6. cost gate and no-trade band of the cost-aware rule (sizing-rules.ts): hold when the edge does
 *                    not pay the round trip (cost_gate, counted, no intent), close when it turns
 *                    against the position by a one-way cost (an intent bound by cost_gate), skip a
 *                    resize inside the band (no_trade_band, counted, no intent).
 * Every decision that emits or is stopped by a limit is counted by bound (`boundCounts`).
 *
 * Returns for the covariance: the sizing stage calls `observe` with every BlendedEdge before
 * sizing it; the sizer keeps each instrument's last mid and feeds the log return to the
 * covariance (lambda = params[covarianceLambda], reloadable). A new sizer (restart, swap) starts
 * with an empty covariance and so adds no risk until its instruments have quoted again.
 *
 * Refusals as the other sizers (sizing-params.ts), plus: a volatility that is NaN, infinite or not
 * above 0 is a bad signal (sigma^2 is the denominator). No intent is ever emitted on a NaN.
 *
 * Hot path: `observe` and `size` allocate nothing; doubles stay in typed arrays.
 */

import { BlendedEdge, SizingBound } from '../shm/records.js';
import { EwmaCovariance } from '../risk/ewma-covariance.js';
import { Z_99 } from '../risk/parametric-var.js';
import { SizingParam } from './sizing-params.js';
import {
  CostGate, costGate, inputProblem, insideNoTradeBand, NOT_YET_MEASURED, scanOtherPositions, SizingWork, SIZING_WORK_SLOTS, writeSizedIntent,
} from './sizing-rules.js';
import { sizerArrays, type FixedFractionSizerOptions } from './fixed-fraction.js';

/** Slots of `terms`: the variance polynomial of the symbol's position (see writePositionTerms). */
const Terms = { a: 0, b: 1, c: 2 } as const;

export class KellySizer {
  readonly symbolCount: number;
  /** Refusals by SizerReject reason. */
  readonly rejects: Float64Array;
  /** Decisions by SizingBound: intents by the limit that cut them, and trades a limit stopped. */
  readonly boundCounts: Float64Array;
  /** The return covariance the VaR budget is measured with. */
  readonly covariance: EwmaCovariance;
  private readonly symbolGroups: Int32Array;
  /** Each instrument's last valid mid (0: none yet). */
  private readonly lastMid: Float64Array;
  /** SizingWork slots, then [SIZING_WORK_SLOTS] = intents emitted. */
  private readonly work = new Float64Array(SIZING_WORK_SLOTS + 1);
  private readonly terms = new Float64Array(3);

  constructor(symbolCount: number, opts: FixedFractionSizerOptions = {}) {
    const arrays = sizerArrays('KellySizer', symbolCount, opts);
    this.symbolCount = symbolCount;
    this.rejects = arrays.rejects;
    this.boundCounts = arrays.boundCounts;
    this.symbolGroups = arrays.symbolGroups;
    this.covariance = new EwmaCovariance(symbolCount);
    this.lastMid = new Float64Array(symbolCount);
    this.work[SizingWork.intentId] = opts.firstIntentId ?? 1;
  }

  /** Learn from a BlendedEdge's touch: its mid's log return since the instrument's last one. */
  observe(inF64: Float64Array, inBase: number, params: Float64Array): void {
    const symbol = inF64[inBase + BlendedEdge.instrument];
    if (!(symbol >= 0 && symbol < this.symbolCount && Math.floor(symbol) === symbol)) return;
    const mid = (inF64[inBase + BlendedEdge.bid] + inF64[inBase + BlendedEdge.ask]) * 0.5;
    if (!(mid > 0 && mid < Infinity)) return;
    const last = this.lastMid[symbol];
    this.lastMid[symbol] = mid;
    if (last === 0) {
      this.covariance.begin(symbol);
      return;
    }
    this.covariance.observe(symbol, Math.log(mid / last), inF64[inBase + BlendedEdge.ts], params[SizingParam.covarianceLambda]);
  }

  /**
   * Size one BlendedEdge against `positionsUsd` (signed USD, everything already decided
   * included) with `params` (SizingParam slots). Writes a SizedIntent at `out[outBase..]` and
   * returns true, or returns false and writes nothing.
   */
  size(
    inF64: Float64Array, inBase: number,
    params: Float64Array, positionsUsd: Float64Array,
    out: Float64Array, outBase: number,
  ): boolean {
    const problem = inputProblem(inF64, inBase, params, positionsUsd, this.symbolCount, true);
    if (problem >= 0) return this.reject(problem);
    if (problem === NOT_YET_MEASURED) return false;
    const symbol = inF64[inBase + BlendedEdge.instrument];
    const edge = inF64[inBase + BlendedEdge.edgeBps];
    const volatility = inF64[inBase + BlendedEdge.volatility];
    const position = positionsUsd[symbol];
    const work = this.work;
    work[SizingWork.position] = position;

    // f* = mu / sigma^2 with mu = edge / 1e4 and sigma^2 in bps^2 / 1e8 over the edge's horizon.
    const volatility1s = inF64[inBase + BlendedEdge.volatility1s];
    const horizonS = inF64[inBase + BlendedEdge.horizonMs] / 1000;
    const varianceBps2 = volatility1s > 0 && volatility1s < Infinity && horizonS > 0 && horizonS < Infinity
      ? volatility1s * volatility1s * horizonS
      : volatility * volatility;
    const equity = params[SizingParam.equityUsd];
    let magnitude = edge === 0 ? 0 : params[SizingParam.kellyFraction] * ((edge < 0 ? -edge : edge) * 1e4 / varianceBps2) * equity;
    let bound: number = SizingBound.None;
    const cap = (params[SizingParam.positionCapPct] / 100) * equity;
    if (magnitude > cap) { magnitude = cap; bound = SizingBound.PositionCap; }
    const maxPosition = params[SizingParam.maxPositionUsd];
    if (magnitude > maxPosition) { magnitude = maxPosition; bound = SizingBound.MaxPosition; }
    scanOtherPositions(symbol, positionsUsd, this.symbolGroups, this.symbolCount, work);
    const room = equity * Math.min(params[SizingParam.maxLeverage], params[SizingParam.assetClassLimitPct] / 100) - work[SizingWork.otherGross];
    if (magnitude > room) { magnitude = room > 0 ? room : 0; bound = SizingBound.GrossLimit; }
    let target = edge > 0 ? magnitude : edge < 0 ? -magnitude : 0;
    const others = work[SizingWork.sameSymbolNet];
    if (target + others > maxPosition) { target = maxPosition - others; bound = SizingBound.SymbolNet; }
    else if (target + others < -maxPosition) { target = -maxPosition - others; bound = SizingBound.SymbolNet; }
    work[SizingWork.target] = target;
    if (target !== 0 && this.cutToVarBudget(symbol, positionsUsd, params)) bound = SizingBound.VarBudget;
    target = work[SizingWork.target];

    const diff = target - position;
    const notional = diff < 0 ? -diff : diff;
    if (notional === 0) return false;
    const minOrder = params[SizingParam.minOrderUsd];
    if (notional < minOrder) return this.stoppedBy(SizingBound.MinOrder);
    const gate = costGate(inF64, inBase, params, work);
    if (gate === CostGate.Hold) return this.stoppedBy(SizingBound.CostGate);
    if (gate === CostGate.Close) {
      // The edge turned against the position but cannot pay for the reversal the target asks.
      work[SizingWork.target] = 0;
      bound = SizingBound.CostGate;
      if ((position < 0 ? -position : position) < minOrder) return this.stoppedBy(SizingBound.MinOrder);
    } else if (insideNoTradeBand(params, work)) {
      return this.stoppedBy(SizingBound.NoTradeBand);
    }

    writeSizedIntent(inF64, inBase, out, outBase, work, bound);
    work[SIZING_WORK_SLOTS] += 1;
    this.boundCounts[bound] += 1;
    return true;
  }

  /**
   * Cut work[target] (nonzero) so the book's 99% one-day VaR stays within varBudgetPct % of
   * equity (see the header); true when it was cut.
   */
  private cutToVarBudget(symbol: number, positionsUsd: Float64Array, params: Float64Array): boolean {
    const work = this.work;
    const target = work[SizingWork.target];
    const side = target > 0 ? 1 : -1;
    const wanted = target * side;
    if (!this.covariance.writePositionTerms(positionsUsd, symbol, this.terms, 0)) {
      // No estimate yet: no new risk, at most what is already held on the target's side.
      const held = positionsUsd[symbol] * side;
      const allowed = held > 0 ? held : 0;
      if (wanted <= allowed) return false;
      work[SizingWork.target] = side * allowed;
      return true;
    }
    const a = this.terms[Terms.a];
    const beta = this.terms[Terms.b] * side; // V(side * u) = a u^2 + 2 beta u + c
    const c = this.terms[Terms.c];
    const budget = ((params[SizingParam.varBudgetPct] / 100) * params[SizingParam.equityUsd]) / Z_99;
    const limit = budget * budget;
    if (a * wanted * wanted + 2 * beta * wanted + c <= limit) return false;
    // Roots of a u^2 + 2 beta u + (c - limit) = 0: the variance is within budget between them.
    const discriminant = beta * beta - a * (c - limit);
    let allowed: number;
    const upper = discriminant >= 0 ? (-beta + Math.sqrt(discriminant)) / a : -1;
    if (upper >= 0 && (-beta - Math.sqrt(discriminant > 0 ? discriminant : 0)) / a <= wanted) {
      allowed = upper < wanted ? upper : wanted;
    } else {
      // Nothing on this side fits: the least variance the side allows (a hedge, or nothing).
      const least = -beta / a;
      allowed = least < 0 ? 0 : least > wanted ? wanted : least;
    }
    work[SizingWork.target] = side * allowed;
    return allowed < wanted;
  }

  /** Intents emitted so far. */
  intentCount(): number {
    return this.work[SIZING_WORK_SLOTS];
  }

  private stoppedBy(bound: number): boolean {
    this.boundCounts[bound] += 1;
    return false;
  }

  private reject(reason: number): boolean {
    this.rejects[reason] += 1;
    return false;
  }
}
