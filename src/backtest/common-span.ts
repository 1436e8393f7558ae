/**
 * Several candle files in one backtest are marked to market on one bar grid (mark-to-market.ts:
 * the open times every file has, each closing one bar interval later). Two things follow, said
 * here before the replay rather than found wrong in the report:
 * - the files must have one bar interval: with 1-minute and 5-minute files the grid is every
 *   5 minutes but each point closes 1 minute after its open, so the 5-minute symbol's fills land
 *   in the wrong bar, the 1-minute symbol is marked at a close 4 minutes stale, and Sharpe and
 *   volatility are annualised as if the curve had 1-minute points;
 * - only the span every file covers is replayed: the grid ends where the shortest file ends, and
 *   a fill after that was still counted in the trades, fees and realised PnL while the equity
 *   curve never saw it. Files with no time in common were a RangeError from the baselines.
 */
import type { CandleSeries } from '../data/replay/candle-series.js';
import { formatInterval } from './annualisation.js';
import { isoOfUs } from './backtest-report.js';

export class CommonSpanError extends Error {}

/** [fromUs, toUs), open times in µs: from the latest first bar to just past the earliest last bar. */
export interface Span { readonly fromUs: number; readonly toUs: number }

/**
 * The span all `series` cover, after checking they share a bar interval and at least two bar open
 * times. Null for a single series (nothing to align). Throws CommonSpanError naming the files.
 */
export function commonSpan(series: readonly CandleSeries[]): Span | null {
  if (series.length < 2) return null;
  const interval = series[0].intervalUs;
  if (series.some((s) => s.intervalUs !== interval)) {
    throw new CommonSpanError(`the --data files have different bar intervals (${series.map((s) => `${s.source} ${formatInterval(s.intervalUs)}`).join(', ')}); `
      + 'a backtest marks every symbol on one bar grid: give files of one interval');
  }
  const fromUs = Math.max(...series.map((s) => s.openTimeUs[0]));
  const toUs = Math.min(...series.map((s) => s.openTimeUs[s.count - 1])) + 1;
  const shared = sharedTimeCount(series, fromUs, toUs);
  if (shared < 2) {
    const spans = series.map((s) => `${s.source} ${isoOfUs(s.openTimeUs[0])} .. ${isoOfUs(s.openTimeUs[s.count - 1])}`).join(', ');
    throw new CommonSpanError(`the --data files share ${shared} bar open time${shared === 1 ? '' : 's'} (a backtest needs at least 2): ${spans}`);
  }
  return { fromUs, toUs };
}

/** How many open times in [fromUs, toUs) every series has. */
function sharedTimeCount(series: readonly CandleSeries[], fromUs: number, toUs: number): number {
  const others = series.slice(1).map((s) => new Set(s.openTimeUs));
  let n = 0;
  for (const t of series[0].openTimeUs) if (t >= fromUs && t < toUs && others.every((have) => have.has(t))) n++;
  return n;
}
