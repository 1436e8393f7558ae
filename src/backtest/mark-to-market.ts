/**
 * A backtest's account, bar by bar: the fills applied in time order to cash and positions, marked
 * at every bar's close. Equity = cash + sum of position x close; gross exposure = sum of
 * |position x close| / equity.
 *
 * Several symbols share one time grid: the bar open times every series has (a bar missing from
 * one series is left out of the grid for all, so no position is marked at a stale price). A
 * bar's close time is its open time plus the bar interval, and a fill belongs to the bar it
 * happened in (replayed events of a bar are all stamped before its close).
 */
import type { CandleSeries } from '../data/replay/candle-series.js';
import type { BacktestFill, EquityPoint, ExposurePoint } from './backtest-types.js';

export interface MarkedAccount {
  /** Close time of each bar of the shared grid, µs. */
  readonly closeTimesUs: Float64Array;
  /** Per symbol (in the order given), its close at each bar of the grid. */
  readonly closes: readonly Float64Array[];
  readonly intervalUs: number;
  readonly equity: EquityPoint[];
  readonly exposure: ExposurePoint[];
}

export function markToMarket(
  series: readonly CandleSeries[], symbols: readonly string[], fills: readonly BacktestFill[], startingEquityUsd: number,
): MarkedAccount {
  if (series.length === 0 || series.length !== symbols.length) {
    throw new Error(`mark to market: ${series.length} series for ${symbols.length} symbols`);
  }
  const intervalUs = series[0].intervalUs;
  const shared = sharedOpenTimes(series);
  const closeTimesUs = Float64Array.from(shared, (t) => t + intervalUs);
  const closes = series.map((s) => {
    const at = new Map<number, number>();
    for (let i = 0; i < s.count; i++) at.set(s.openTimeUs[i], s.close[i]);
    return Float64Array.from(shared, (t) => at.get(t)!);
  });
  const index = new Map(symbols.map((s, i) => [s, i]));
  const position = new Float64Array(symbols.length);
  let cash = startingEquityUsd;
  let next = 0;
  const equity: EquityPoint[] = [];
  const exposure: ExposurePoint[] = [];
  for (let k = 0; k < closeTimesUs.length; k++) {
    const closeTime = closeTimesUs[k];
    while (next < fills.length && fills[next].timeUs < closeTime) {
      const f = fills[next++];
      const s = index.get(f.symbol);
      if (s === undefined) throw new Error(`mark to market: a fill of ${f.symbol}, which is not one of ${symbols.join(', ')}`);
      const signed = f.side === 'buy' ? f.qty : -f.qty;
      position[s] += signed;
      cash -= signed * f.price + f.feeUsd;
    }
    let value = cash;
    let gross = 0;
    for (let s = 0; s < symbols.length; s++) {
      value += position[s] * closes[s][k];
      gross += Math.abs(position[s] * closes[s][k]);
    }
    equity.push({ timeUs: closeTime, equityUsd: value });
    exposure.push({ timeUs: closeTime, gross: value > 0 ? gross / value : 0 });
  }
  return { closeTimesUs, closes, intervalUs, equity, exposure };
}

/** Open times present in every series, ascending. */
function sharedOpenTimes(series: readonly CandleSeries[]): number[] {
  let times = Array.from(series[0].openTimeUs);
  for (const s of series.slice(1)) {
    const have = new Set(s.openTimeUs);
    times = times.filter((t) => have.has(t));
  }
  return times;
}
