/**
 * Realised PnL by alpha model.
 *
 * Rule: every closed round trip's PnL (after all its fees, round-trips.ts) is split among the
 * models that opened it. Each opening leg (a fill, or the part of one, that opened or added to
 * the position) weighs by its notional; within a leg, each model gets its attribution share.
 * So a model's PnL = sum over trips of trip PnL x sum over legs (leg notional / trip opening
 * notional x the model's share in that leg). Whatever the shares of a leg leave over (an empty
 * attribution, or shares not summing to 1) goes to UNATTRIBUTED, so the rows always add up to
 * the total realised PnL. Closing fills' attributions do not move PnL: the edge that is paid
 * for is the one that put the position on.
 */

import type { BacktestFill } from './backtest-types.js';
import { byString, roundTrips, type RoundTrip } from './round-trips.js';

export const UNATTRIBUTED = '(unattributed)';

export interface AlphaAttributionRow {
  readonly model: string;
  readonly pnlUsd: number;
  /** Round trips this model had a non-zero share in. */
  readonly roundTrips: number;
  /** Of the total realised PnL; null when that total is 0. */
  readonly shareOfTotal: number | null;
}

export interface AlphaAttribution {
  readonly rows: readonly AlphaAttributionRow[];
  readonly totalRealisedPnlUsd: number;
}

/** Per-model weights of one trip's PnL (they sum to 1, UNATTRIBUTED taking the remainder). */
export function tripWeights(trip: RoundTrip): Map<string, number> {
  const weights = new Map<string, number>();
  const total = trip.openingLegs.reduce((s, leg) => s + leg.notionalUsd, 0);
  let assigned = 0;
  for (const leg of trip.openingLegs) {
    const legWeight = total > 0 ? leg.notionalUsd / total : 1 / trip.openingLegs.length;
    for (const [model, share] of Object.entries(leg.attribution)) {
      if (share === 0) continue;
      weights.set(model, (weights.get(model) ?? 0) + legWeight * share);
      assigned += legWeight * share;
    }
  }
  // Exact zero residues are skipped so a fully attributed run shows no empty row.
  const rest = 1 - assigned;
  if (Math.abs(rest) > 1e-12) weights.set(UNATTRIBUTED, (weights.get(UNATTRIBUTED) ?? 0) + rest);
  return weights;
}

/** Realised PnL of `fills` by alpha model, sorted by model name (see the header for the rule). */
export function alphaAttribution(fills: readonly BacktestFill[]): AlphaAttribution {
  return attributionOfTrips(roundTrips(fills).trips);
}

export function attributionOfTrips(trips: readonly RoundTrip[]): AlphaAttribution {
  const pnl = new Map<string, number>();
  const count = new Map<string, number>();
  let total = 0;
  for (const trip of trips) {
    total += trip.pnlUsd;
    for (const [model, w] of tripWeights(trip)) {
      pnl.set(model, (pnl.get(model) ?? 0) + trip.pnlUsd * w);
      count.set(model, (count.get(model) ?? 0) + 1);
    }
  }
  const rows = [...pnl.keys()].sort(byString).map((model) => ({
    model,
    pnlUsd: pnl.get(model) as number,
    roundTrips: count.get(model) as number,
    shareOfTotal: total !== 0 ? (pnl.get(model) as number) / total : null,
  }));
  return { rows, totalRealisedPnlUsd: total };
}
