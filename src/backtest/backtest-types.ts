/**
 * What a backtest run hands to the performance report. Times are event times in integer
 * microseconds since the epoch (the replay clock, never the wall clock), money is USD.
 */

export type AssetClass = 'crypto' | 'stocks';
export const ASSET_CLASSES: readonly AssetClass[] = ['crypto', 'stocks'];

export type Side = 'buy' | 'sell';

/** Account equity (cash + positions marked to market) at one bar close or mark. */
export interface EquityPoint {
  readonly timeUs: number;
  readonly equityUsd: number;
}

/**
 * One execution. `attribution` says which alpha models the edge behind the order came from:
 * model name -> share, the shares summing to 1, or empty when nobody claims it (a risk
 * reduction, a liquidation, a baseline's trade).
 */
export interface BacktestFill {
  readonly timeUs: number;
  readonly symbol: string;
  readonly assetClass: AssetClass;
  readonly side: Side;
  /** Quantity filled, > 0. */
  readonly qty: number;
  readonly price: number;
  /** Fee paid for this fill in USD, >= 0. */
  readonly feeUsd: number;
  readonly attribution: Readonly<Record<string, number>>;
}

/** Gross exposure from `timeUs` until the next point: sum of |position notional| / equity. */
export interface ExposurePoint {
  readonly timeUs: number;
  readonly gross: number;
}

/** Which calendar turns a per-bar statistic into a per-year one. */
export type AnnualisationCalendar = AssetClass;

/** Everything the report needs from one run (ours or a baseline's). */
export interface BacktestRun {
  readonly equity: readonly EquityPoint[];
  readonly fills: readonly BacktestFill[];
  readonly exposure: readonly ExposurePoint[];
  readonly startingEquityUsd: number;
}

/** Settings stated in the report next to the numbers they change. */
export interface MetricSettings {
  /** Annual risk-free rate as a fraction (0.04 = 4%); default 0. */
  readonly riskFreeRate: number;
  /** The bar interval the equity curve is sampled at, µs. */
  readonly barIntervalUs: number;
  readonly calendar: AnnualisationCalendar;
}
