/**
 * The rules the sizers share, so each is written once: the params check, the cost gate of the
 * cost-aware rule, the gross-exposure scan, the no-trade band, and writing the SizedIntent.
 *
 * Doubles travel through a sizer's scratch array (`SizingWork` slots), records and params arrays,
 * never as arguments or return values: V8 boxes a double passed to or returned from a call it
 * does not inline, and a sizer's `size` is large enough that its callees may not be inlined. Every
 * function here takes typed arrays and integer indices and returns a boolean or a small integer.
 *
 * Cost gate (the `cost_aware` rule, also the kelly sizer's last step). With
 *   oneWayBps = feeBps + spreadBps / 2 + impactBps     (spreadBps = (ask - bid) / mid * 1e4)
 * - trade (enter, add or reverse) only when |edge| >= max(edgeThresholdBps, 2 * oneWayBps), the
 *   round trip the position will cost;
 * - close (target 0) when the edge turns against the position by at least oneWayBps: holding is
 *   then expected to lose more than leaving costs;
 * - otherwise hold: a fading signal does not sell what a strong one bought.
 * No-trade band: a resize that keeps the position's side and is smaller than noTradeBandPct % of
 * the target is not worth its fees (hysteresis around the position).
 */

import { BlendedEdge, copyHeader, RecordKind, Side, SizedIntent, SizingReason } from '../shm/records.js';
import { packAttribution } from '../ensemble/model-attribution.js';
import { BLEND_TERM_COUNT } from '../ensemble/weighted-blend.js';
import { SizerReject, SizingParam } from './sizing-params.js';

/** Slots of a sizer's scratch Float64Array that the shared rules read and write. */
export const SizingWork = {
  /** The symbol's current signed position, USD (everything already decided included). */
  position: 0,
  /** The signed target position, USD. */
  target: 1,
  /** scanOtherPositions: sum of |position| over the other instruments, USD. */
  otherGross: 2,
  /** scanOtherPositions: net position of the same unified symbol on the other venues, USD. */
  sameSymbolNet: 3,
  /** costGate: what crossing once costs, bps. */
  oneWayBps: 4,
  /** writeSizedIntent: the id the next intent gets. */
  intentId: 5,
} as const;
export const SIZING_WORK_SLOTS = 6;

/** `inputProblem`'s answer for a signal whose volatility is not measured yet: no intent, nothing counted. */
export const NOT_YET_MEASURED = -2;

/**
 * The first reason (SizerReject) to refuse a BlendedEdge before any sizing, -1 when it can be
 * sized, or NOT_YET_MEASURED: an unknown instrument, bad params, the kill switch, a bad touch, a
 * non-finite edge or a confidence outside [0, 1], (when the rule needs it) a volatility that is
 * negative or not finite (0 = not yet measured), or a non-finite position. No intent is ever
 * sized on a NaN.
 */
export function inputProblem(
  inF64: Float64Array, inBase: number, params: Float64Array, positionsUsd: Float64Array, symbolCount: number, needsVolatility: boolean,
): number {
  const symbol = inF64[inBase + BlendedEdge.instrument];
  if (!(symbol >= 0 && symbol < symbolCount && Math.floor(symbol) === symbol)) return SizerReject.UnknownSymbol;
  if (!sizingParamsValid(params)) return SizerReject.BadParams;
  if (params[SizingParam.killSwitch] !== 0) return SizerReject.KillSwitch;
  const bid = inF64[inBase + BlendedEdge.bid];
  const ask = inF64[inBase + BlendedEdge.ask];
  if (!(bid > 0) || !(ask > bid) || ask === Infinity) return SizerReject.BadPrice;
  const edge = inF64[inBase + BlendedEdge.edgeBps];
  const confidence = inF64[inBase + BlendedEdge.confidence];
  if (!(edge > -Infinity && edge < Infinity) || !(confidence >= 0 && confidence <= 1)) return SizerReject.BadSignal;
  const volatility = inF64[inBase + BlendedEdge.volatility];
  if (needsVolatility) {
    // 0 is the feature engine's "fewer than two quotes seen": a warm-up, not bad input.
    if (volatility === 0) return NOT_YET_MEASURED;
    if (!(volatility > 0 && volatility < Infinity)) return SizerReject.BadSignal;
  }
  const position = positionsUsd[symbol];
  if (!(position > -Infinity && position < Infinity)) return SizerReject.BadPosition;
  return -1;
}

/**
 * Every SizingParam slot is a number in its range: no NaN may silently drop a rule (a NaN
 * maxPositionUsd must not remove the cap), whichever sizer reads it.
 */
export function sizingParamsValid(params: Float64Array): boolean {
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
  const kelly = params[SizingParam.kellyFraction];
  const capPct = params[SizingParam.positionCapPct];
  const varPct = params[SizingParam.varBudgetPct];
  const lambda = params[SizingParam.covarianceLambda];
  return threshold >= 0 && threshold < Infinity && fraction >= 0 && fraction < Infinity && maxPosition >= 0 && minOrder >= 0
    && equity > 0 && equity < Infinity && kill === kill
    && leverage > 0 && leverage < Infinity && classPct > 0 && classPct <= 100
    && feeBps >= 0 && feeBps < Infinity && impactBps >= 0 && impactBps < Infinity && bandPct >= 0 && bandPct <= 100
    && kelly >= 0 && kelly <= 1 && capPct > 0 && capPct <= 100 && varPct > 0 && varPct <= 100 && lambda > 0 && lambda < 1;
}

/** What the cost gate decides. */
export const CostGate = { Trade: 0, Close: 1, Hold: 2 } as const;

/**
 * The cost gate for the record at `inF64[inBase..]` (a valid touch and a finite edge, already
 * checked) against `work[position]`; writes `work[oneWayBps]`. See the header.
 */
export function costGate(inF64: Float64Array, inBase: number, params: Float64Array, work: Float64Array): number {
  const bid = inF64[inBase + BlendedEdge.bid];
  const ask = inF64[inBase + BlendedEdge.ask];
  const edge = inF64[inBase + BlendedEdge.edgeBps];
  const oneWayBps = params[SizingParam.feeBps] + ((ask - bid) / (ask + bid)) * 1e4 + params[SizingParam.impactBps];
  work[SizingWork.oneWayBps] = oneWayBps;
  const strength = edge < 0 ? -edge : edge;
  if (strength >= params[SizingParam.edgeThresholdBps] && strength >= 2 * oneWayBps) return CostGate.Trade;
  const position = work[SizingWork.position];
  // The edge now runs against the position by more than leaving costs.
  if (position !== 0 && edge !== 0 && (edge > 0) !== (position > 0) && strength >= oneWayBps) return CostGate.Close;
  return CostGate.Hold;
}

/**
 * One pass over the other instruments: their gross exposure (sum of |position|) into
 * work[otherGross], the net position of those sharing `symbol`'s unified symbol (`symbolGroups`)
 * into work[sameSymbolNet]. O(instruments), nothing allocated.
 */
export function scanOtherPositions(symbol: number, positionsUsd: Float64Array, symbolGroups: Int32Array, symbolCount: number, work: Float64Array): void {
  const group = symbolGroups[symbol];
  let gross = 0;
  let sameSymbol = 0;
  for (let s = 0; s < symbolCount; s++) {
    if (s === symbol) continue;
    const p = positionsUsd[s];
    gross += p < 0 ? -p : p;
    if (symbolGroups[s] === group) sameSymbol += p;
  }
  work[SizingWork.otherGross] = gross;
  work[SizingWork.sameSymbolNet] = sameSymbol;
}

/** The resize from work[position] to work[target] keeps the side and is inside the no-trade band. */
export function insideNoTradeBand(params: Float64Array, work: Float64Array): boolean {
  const target = work[SizingWork.target];
  const position = work[SizingWork.position];
  if (target === 0 || position === 0 || (target > 0) !== (position > 0)) return false;
  const diff = target - position;
  return (diff < 0 ? -diff : diff) < (params[SizingParam.noTradeBandPct] / 100) * (target < 0 ? -target : target);
}

/**
 * Write the SizedIntent that moves work[position] to work[target] (|diff| > 0) at `out[outBase..]`,
 * priced at the touch (buy at the ask, sell at the bid), with the next id from work[intentId].
 */
export function writeSizedIntent(inF64: Float64Array, inBase: number, out: Float64Array, outBase: number, work: Float64Array, bound: number): void {
  const target = work[SizingWork.target];
  const position = work[SizingWork.position];
  const diff = target - position;
  const buy = diff > 0;
  const notional = buy ? diff : -diff;
  const price = buy ? inF64[inBase + BlendedEdge.ask] : inF64[inBase + BlendedEdge.bid];
  const intentId = work[SizingWork.intentId];
  work[SizingWork.intentId] = intentId + 1;

  copyHeader(inF64, inBase, out, outBase, RecordKind.SizedIntent);
  out[outBase + SizedIntent.seq] = intentId;
  out[outBase + SizedIntent.side] = buy ? Side.Buy : Side.Sell;
  out[outBase + SizedIntent.quantity] = notional / price;
  out[outBase + SizedIntent.limitPrice] = price;
  out[outBase + SizedIntent.notionalUsd] = notional;
  out[outBase + SizedIntent.edgeBps] = inF64[inBase + BlendedEdge.edgeBps];
  out[outBase + SizedIntent.confidence] = inF64[inBase + BlendedEdge.confidence];
  out[outBase + SizedIntent.targetPositionUsd] = target;
  out[outBase + SizedIntent.reason] = target === 0 ? SizingReason.Close
    : position === 0 ? SizingReason.Open
      : (target > 0) !== (position > 0) ? SizingReason.Reverse
        : Math.abs(target) > Math.abs(position) ? SizingReason.Increase : SizingReason.Reduce;
  out[outBase + SizedIntent.bound] = bound;
  out[outBase + SizedIntent.arrivalMid] = (inF64[inBase + BlendedEdge.bid] + inF64[inBase + BlendedEdge.ask]) * 0.5;
  packAttribution(inF64, inBase + BlendedEdge.modelTerms, BLEND_TERM_COUNT, out, outBase + SizedIntent.attribution);
}
