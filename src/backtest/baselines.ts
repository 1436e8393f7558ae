/**
 * Two baselines on the same closes the strategy traded, so its numbers have something to beat.
 * Both split the starting equity equally among the symbols (one sleeve each, no rebalancing),
 * pay `feeRate` x notional on every fill, and end liquidated at the last close, so each has a
 * round trip and its numbers go through the same performance-metrics.ts as ours.
 *
 * - buy-and-hold: each sleeve buys at the first close with all its cash (the fee comes out of
 *   it) and sells at the last close: one fee each way.
 * - moving-average crossover (long/flat): long while the `fast`-bar simple moving average of the
 *   closes is above the `slow`-bar one. The signal of bar t's close is traded at bar t+1's close,
 *   so no trade uses a price it could not have waited for. Fewer than `slow` + 1 bars: it never
 *   trades and its equity stays flat.
 * With a single bar neither can buy and sell, so neither trades.
 */

import type { AssetClass, BacktestFill, BacktestRun, EquityPoint, ExposurePoint } from './backtest-types.js';

export interface BaselineSymbol {
  readonly symbol: string;
  readonly assetClass: AssetClass;
  /** One close per time of BaselinePrices.timeUs. */
  readonly close: ArrayLike<number>;
}

/** Closes of every symbol on one shared time grid (the command aligns them). */
export interface BaselinePrices {
  readonly timeUs: ArrayLike<number>;
  readonly symbols: readonly BaselineSymbol[];
}

export interface BaselineSettings {
  readonly startingEquityUsd: number;
  /** Fee per fill as a fraction of its notional (0.001 = 10 bps). */
  readonly feeRate: number;
}

export const MA_FAST = 20;
export const MA_SLOW = 50;

/** The average fee rate of `fills` (total fees / traded notional): the fee the baselines pay. */
export function feeRateOfFills(fills: readonly BacktestFill[]): number {
  let fees = 0;
  let notional = 0;
  for (const f of fills) {
    fees += f.feeUsd;
    notional += f.qty * f.price;
  }
  return notional > 0 ? fees / notional : 0;
}

/** Equal-weight buy at the first close, sell at the last. */
export function buyAndHold(prices: BaselinePrices, settings: BaselineSettings): BacktestRun {
  return sleeves(prices, settings, (close) => new Uint8Array(close.length).fill(1));
}

/** Long/flat on a `fast`/`slow` simple moving-average crossover of the closes. */
export function movingAverageCrossover(prices: BaselinePrices, settings: BaselineSettings, fast = MA_FAST, slow = MA_SLOW): BacktestRun {
  if (!(Number.isInteger(fast) && Number.isInteger(slow) && fast >= 1 && slow > fast)) throw new RangeError(`need whole bar counts 1 <= fast < slow, got ${fast}/${slow}`);
  return sleeves(prices, settings, (close) => {
    const want = new Uint8Array(close.length);
    const prefix = new Float64Array(close.length + 1);
    for (let i = 0; i < close.length; i++) prefix[i + 1] = prefix[i] + close[i];
    // want[t] = position held after bar t's close = the signal of bar t - 1.
    for (let t = slow; t < close.length; t++) {
      const s = t - 1;
      const fastMean = (prefix[s + 1] - prefix[s + 1 - fast]) / fast;
      const slowMean = (prefix[s + 1] - prefix[s + 1 - slow]) / slow;
      want[t] = fastMean > slowMean ? 1 : 0;
    }
    return want;
  });
}

/**
 * Runs one long/flat sleeve per symbol: `wanted(close)[t]` is 1 when the sleeve should be long
 * after bar t's close. The last bar always ends flat.
 */
function sleeves(prices: BaselinePrices, settings: BaselineSettings, wanted: (close: ArrayLike<number>) => Uint8Array): BacktestRun {
  const n = checkPrices(prices);
  const { startingEquityUsd: e0, feeRate: f } = settings;
  if (!(e0 > 0) || !Number.isFinite(e0)) throw new RangeError(`starting equity must be a positive number of USD, got ${e0}`);
  if (!(f >= 0 && f < 1)) throw new RangeError(`fee rate must be a fraction in [0, 1), got ${f}`);
  const equity = new Float64Array(n);
  const gross = new Float64Array(n);
  const fills: BacktestFill[] = [];
  const k = prices.symbols.length;
  for (const s of prices.symbols) {
    const want = wanted(s.close);
    let cash = e0 / k;
    let qty = 0;
    for (let t = 0; t < n; t++) {
      const price = s.close[t];
      const timeUs = prices.timeUs[t];
      const long = t < n - 1 && want[t] === 1;
      if (long && qty === 0) {
        const notional = cash / (1 + f);
        qty = notional / price;
        fills.push({ timeUs, symbol: s.symbol, assetClass: s.assetClass, side: 'buy', qty, price, feeUsd: notional * f, attribution: {} });
        cash = 0;
      } else if (!long && qty > 0) {
        const notional = qty * price;
        fills.push({ timeUs, symbol: s.symbol, assetClass: s.assetClass, side: 'sell', qty, price, feeUsd: notional * f, attribution: {} });
        cash += notional * (1 - f);
        qty = 0;
      }
      equity[t] += cash + qty * price;
      gross[t] += qty * price;
    }
  }
  const equityPoints: EquityPoint[] = [];
  const exposure: ExposurePoint[] = [];
  for (let t = 0; t < n; t++) {
    equityPoints.push({ timeUs: prices.timeUs[t], equityUsd: equity[t] });
    exposure.push({ timeUs: prices.timeUs[t], gross: equity[t] > 0 ? gross[t] / equity[t] : 0 });
  }
  fills.sort((a, b) => a.timeUs - b.timeUs);
  return { equity: equityPoints, fills, exposure, startingEquityUsd: e0 };
}

function checkPrices(prices: BaselinePrices): number {
  const n = prices.timeUs.length;
  if (prices.symbols.length === 0) throw new RangeError('baselines need at least one symbol');
  if (n === 0) throw new RangeError('baselines need at least one bar');
  for (let t = 1; t < n; t++) {
    if (!(prices.timeUs[t] > prices.timeUs[t - 1])) throw new RangeError(`baseline times must increase: timeUs[${t}] = ${prices.timeUs[t]} after ${prices.timeUs[t - 1]}`);
  }
  for (const s of prices.symbols) {
    if (s.close.length !== n) throw new RangeError(`${s.symbol}: ${s.close.length} closes for ${n} times`);
    for (let t = 0; t < n; t++) {
      if (!(s.close[t] > 0) || !Number.isFinite(s.close[t])) throw new RangeError(`${s.symbol}: close[${t}] is ${s.close[t]}, closes must be positive`);
    }
  }
  return n;
}
