// Shared builders for the kelly sizer's tests: a sizer whose covariance has been fed quotes, and
// params under which no limit binds unless a test tightens one.
import { KellySizer } from '../../src/sizing/kelly-sizer.js';
import { BlendedEdge } from '../../src/shm/records.js';
import { SizingParam } from '../../src/sizing/fixed-fraction.js';
import { blended, params } from './fixture.js';

/**
 * Loose limits: a 0.5 bp edge on 50 bps of volatility is a quarter Kelly of
 * 0.25 * (0.5e-4 / 50e-4^2) * 100,000 = 50,000 USD, inside every limit; no costs, no threshold.
 */
export function looseParams(p: Partial<Record<keyof typeof SizingParam, number>> = {}): Float64Array {
  return params({
    edgeThresholdBps: 0, maxPositionUsd: 1_000_000, minOrderUsd: 100, equityUsd: 100_000, maxLeverage: 3, assetClassLimitPct: 100,
    feeBps: 0, impactBps: 0, noTradeBandPct: 25, kellyFraction: 0.25, positionCapPct: 100, varBudgetPct: 100, covarianceLambda: 0.94, ...p,
  });
}

/** The record looseParams sizes to 50,000 USD long: 0.5 bp of edge, 50 bps of volatility, a 0.2 bp spread. */
export function kellyEdge(b: Parameters<typeof blended>[0] = {}): Float64Array {
  return blended({ edgeBps: 0.5, confidence: 0.7, bid: 99.999, ask: 100.001, volatility: 50, ...b });
}

/**
 * Feed `rounds` quotes per symbol, one second apart, each symbol's mid stepping by
 * `returns(round, symbol)` (a log return). Quotes arrive symbol by symbol within a round.
 */
export function feedQuotes(sizer: KellySizer, p: Float64Array, rounds: number, returns: (round: number, symbol: number) => number, startTsUs = 1_700_000_000_000_000): number {
  const mid = new Float64Array(sizer.symbolCount).fill(100);
  const rec = new Float64Array(BlendedEdge.f64);
  let ts = startTsUs;
  for (let round = 0; round <= rounds; round++) {
    for (let s = 0; s < sizer.symbolCount; s++) {
      if (round > 0) mid[s] *= Math.exp(returns(round, s));
      rec[BlendedEdge.instrument] = s;
      rec[BlendedEdge.ts] = ts;
      rec[BlendedEdge.bid] = mid[s] * (1 - 1e-6);
      rec[BlendedEdge.ask] = mid[s] * (1 + 1e-6);
      sizer.observe(rec, 0, p);
      ts += 1_000_000 / sizer.symbolCount;
    }
  }
  return ts;
}

/** A quiet market: +-0.1 bp per quote, alternating (the VaR budget of looseParams is far away). */
export const quiet = (round: number): number => (round % 2 === 0 ? 1e-5 : -1e-5);
