/**
 * Recursive check: does an indicator forget where its history began?
 *
 * A streaming indicator is fed from whatever bar the data (or the session) starts at. Recursive
 * ones (EMA, Wilder's RSI and ATR) carry their whole past in their state, so a value depends on
 * the start, by an amount that decays with every bar; windowed ones (SMA, Bollinger) forget it
 * exactly once their window is full; a cumulative one (a sum from the start, a VWAP until its
 * session resets) may never forget it. A backtest that starts its indicators at another bar than
 * the live session did sees other values, and one that warms up too little trades on values that
 * depend on nothing but the start (freqtrade's recursive-analysis looks for this).
 *
 * For each indicator and each start s, the indicator runs on the full history and on the history
 * from bar s on; the values of the same bars are compared. The warm-up of start s is the smallest
 * number of bars w such that from bar s + w on, every value agrees within the indicator's
 * tolerance (both NaN counts as agreement: not ready on either side). The verdict is `converges`
 * when every start has a warm-up of at most `maxWarmup` bars (default: a quarter of the bars
 * after the start), else `start-dependent`. The reported warm-up is the largest over the starts:
 * what a backtest must discard after its first bar, at that tolerance.
 */

import type { Candle } from './lookahead-guard.js';

export interface RecursiveIndicator {
  readonly name: string;
  /** Values agree when |a - b| <= tolerance (absolute) or <= tolerance x |b| (relative). */
  readonly tolerance: number;
  readonly scale: 'absolute' | 'relative';
  /** The indicator's value after each bar, fed from bars[0] on (NaN while not ready). */
  run(bars: readonly Candle[]): Float64Array;
}

export interface RecursiveStartResult {
  /** Index, in the full history, of the first bar of the truncated one. */
  readonly start: number;
  /** Bars after the start before every later value agrees; null when the last one still differs. */
  readonly warmup: number | null;
  /** Largest difference over the bars after the warm-up (0 when they agree exactly). */
  readonly maxDiffAfterWarmup: number;
}

export interface RecursiveResult {
  readonly name: string;
  readonly tolerance: number;
  readonly scale: 'absolute' | 'relative';
  readonly verdict: 'converges' | 'start-dependent';
  /** The largest warm-up over the starts (null when some start never agrees). */
  readonly warmup: number | null;
  readonly starts: readonly RecursiveStartResult[];
}

export interface RecursiveCheckOptions {
  /** Start bars of the truncated histories (default: 10 %, 25 % and 50 % of the bars). */
  readonly starts?: readonly number[];
  /** Largest acceptable warm-up, bars (default: a quarter of the bars after the latest start). */
  readonly maxWarmup?: number;
}

/** Check every indicator of `indicators` on `bars` (see the header). */
export function checkRecursive(bars: readonly Candle[], indicators: readonly RecursiveIndicator[], options: RecursiveCheckOptions = {}): RecursiveResult[] {
  const n = bars.length;
  const starts = options.starts ?? [Math.floor(n * 0.1), Math.floor(n * 0.25), Math.floor(n * 0.5)];
  for (const s of starts) {
    if (!(Number.isInteger(s) && s > 0 && s < n)) throw new Error(`recursive check: start ${s} is not a bar after the first of ${n}`);
  }
  const latest = Math.max(...starts);
  const maxWarmup = options.maxWarmup ?? Math.floor((n - latest) / 4);
  return indicators.map((indicator) => {
    const full = indicator.run(bars);
    if (full.length !== n) throw new Error(`recursive check: ${indicator.name} returned ${full.length} values for ${n} bars`);
    const results = starts.map((start) => compareFrom(indicator, full, indicator.run(bars.slice(start)), start));
    const warmups = results.map((r) => r.warmup);
    const warmup = warmups.some((w) => w === null) ? null : Math.max(...(warmups as number[]));
    return {
      name: indicator.name, tolerance: indicator.tolerance, scale: indicator.scale,
      verdict: warmup !== null && warmup <= maxWarmup ? 'converges' : 'start-dependent', warmup, starts: results,
    };
  });
}

function compareFrom(indicator: RecursiveIndicator, full: Float64Array, truncated: Float64Array, start: number): RecursiveStartResult {
  const m = full.length - start;
  if (truncated.length !== m) throw new Error(`recursive check: ${indicator.name} returned ${truncated.length} values for ${m} bars`);
  // Walk back from the end: the warm-up ends after the last bar that disagrees.
  let warmup = 0;
  let maxDiff = 0;
  for (let k = m - 1; k >= 0; k--) {
    const a = truncated[k];
    const b = full[start + k];
    const bothNaN = a !== a && b !== b;
    const diff = bothNaN ? 0 : Math.abs(a - b);
    const limit = indicator.scale === 'relative' ? indicator.tolerance * Math.abs(b) : indicator.tolerance;
    if (!(diff <= limit)) { warmup = k + 1; break; }
    if (diff > maxDiff) maxDiff = diff;
  }
  return { start, warmup: warmup >= m ? null : warmup, maxDiffAfterWarmup: maxDiff };
}

/** Format results as one line each, for a terminal. */
export function formatRecursive(results: readonly RecursiveResult[]): string[] {
  return results.map((r) => {
    const tol = `${r.tolerance}${r.scale === 'relative' ? ' rel' : ''}`;
    const warm = r.warmup === null ? 'never agrees' : `warm-up ${r.warmup} bars`;
    return `${r.name.padEnd(22)} ${r.verdict.padEnd(16)} ${warm} (tolerance ${tol}; starts ${r.starts.map((s) => s.start).join(', ')})`;
  });
}
