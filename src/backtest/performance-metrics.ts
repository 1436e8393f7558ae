/**
 * The performance numbers of one backtest run, from its equity curve, fills and exposure.
 *
 * Definitions (E_i equity points, E_0 the starting equity, P bars per year from annualisation.ts,
 * rf the annual risk-free rate):
 * - total return E_last / E_0 - 1; CAGR (E_last / E_0)^(1 / years) - 1 over the calendar time
 *   from the first to the last point;
 * - periodic returns r_i = E_i / E_(i-1) - 1 between consecutive points, excess x_i = r_i - rf / P;
 *   volatility sd(r) sqrt(P) (sd with n - 1); Sharpe mean(x) / sd(x) sqrt(P); Sortino
 *   mean(x) / sqrt(mean(min(x_i, 0)^2)) sqrt(P), the downside deviation taken over all periods
 *   with the risk-free rate as the target;
 * - max drawdown from risk/max-drawdown.ts (a positive fraction); its duration runs from the
 *   peak to the first point back at or above it, or to the last point when it never recovered;
 * - win rate and profit factor over closed round trips (round-trips.ts: FIFO per symbol, a trip
 *   closes when the position is flat again or flips), PnL after fees; profit factor = sum of
 *   winning PnL / |sum of losing PnL|;
 * - turnover = traded notional / mean equity / years;
 * - exposure: each exposure point holds until the next one (the last until the last equity
 *   point); time in market is the share of that time with gross > 0, average gross its
 *   time-weighted mean.
 * Whatever cannot be computed (no trades, a flat curve, a single point, equity at or below zero)
 * is null with a reason (figure.ts), never NaN or Infinity.
 */

import { maxDrawdown } from '../risk/max-drawdown.js';
import { CALENDAR_YEAR_US, US_PER_DAY, periodsPerYear } from './annualisation.js';
import { ASSET_CLASSES, type AssetClass, type BacktestRun, type EquityPoint, type ExposurePoint, type MetricSettings } from './backtest-types.js';
import { known, unknown, type Figure } from './figure.js';
import { byString, roundTrips, type RoundTrip } from './round-trips.js';

export interface BreakdownRow {
  /** Symbol, or asset class for the asset-class table. */
  readonly key: string;
  readonly assetClass: AssetClass;
  /** Realised PnL of closed round trips, after fees. */
  readonly pnlUsd: number;
  /** Every fee paid, closed trips or not. */
  readonly feesUsd: number;
  readonly trades: number;
  readonly roundTrips: number;
  readonly winRate: Figure;
}

export interface PerformanceMetrics {
  readonly startingEquityUsd: number;
  readonly endingEquityUsd: Figure;
  readonly points: number;
  readonly years: Figure;
  readonly totalReturn: Figure;
  readonly annualisedReturn: Figure;
  readonly annualisedVolatility: Figure;
  readonly sharpe: Figure;
  readonly sortino: Figure;
  readonly maxDrawdown: Figure;
  readonly maxDrawdownDays: Figure;
  /** Whether the max drawdown was recovered by the end; null when there is no drawdown figure. */
  readonly drawdownRecovered: boolean | null;
  readonly winRate: Figure;
  readonly profitFactor: Figure;
  /** Fills. */
  readonly trades: number;
  readonly roundTrips: number;
  readonly openPositionsAtEnd: number;
  readonly realisedPnlUsd: number;
  readonly feesUsd: number;
  readonly tradedNotionalUsd: number;
  readonly annualTurnover: Figure;
  readonly timeInMarket: Figure;
  readonly averageGrossExposure: Figure;
  readonly bySymbol: readonly BreakdownRow[];
  readonly byAssetClass: readonly BreakdownRow[];
}

/** All metrics of `run` (see the header for the definitions). */
export function performanceMetrics(run: BacktestRun, settings: MetricSettings): PerformanceMetrics {
  const equity = checkedEquity(run.equity);
  const e0 = run.startingEquityUsd;
  if (!(e0 > 0) || !Number.isFinite(e0)) throw new RangeError(`starting equity must be a positive number of USD, got ${e0}`);
  const p = periodsPerYear(settings.calendar, settings.barIntervalUs);
  const last = equity.length > 0 ? equity[equity.length - 1] : null;
  const years = yearsOf(equity);
  const { trips, openSymbols } = roundTrips(run.fills);
  const returns = periodicReturns(equity);
  const dd = drawdownOf(equity);
  const tradedNotional = run.fills.reduce((s, f) => s + f.qty * f.price, 0);
  const exposure = exposureOf(run.exposure, last?.timeUs ?? Number.NEGATIVE_INFINITY);
  return {
    startingEquityUsd: e0,
    endingEquityUsd: last === null ? unknown('empty equity curve') : known(last.equityUsd),
    points: equity.length,
    years,
    totalReturn: last === null ? unknown('empty equity curve') : known(last.equityUsd / e0 - 1),
    annualisedReturn: cagr(e0, last, years),
    ...returnStatistics(returns, settings.riskFreeRate, p),
    maxDrawdown: dd.drawdown,
    maxDrawdownDays: dd.days,
    drawdownRecovered: dd.recovered,
    ...tripStatistics(trips),
    trades: run.fills.length,
    roundTrips: trips.length,
    openPositionsAtEnd: openSymbols.length,
    realisedPnlUsd: trips.reduce((s, t) => s + t.pnlUsd, 0),
    feesUsd: run.fills.reduce((s, f) => s + f.feeUsd, 0),
    tradedNotionalUsd: tradedNotional,
    annualTurnover: turnover(tradedNotional, equity, years),
    timeInMarket: exposure.timeInMarket,
    averageGrossExposure: exposure.averageGross,
    ...breakdowns(run, trips),
  };
}

function checkedEquity(equity: readonly EquityPoint[]): readonly EquityPoint[] {
  equity.forEach((pt, i) => {
    if (!Number.isFinite(pt.timeUs) || !Number.isFinite(pt.equityUsd)) throw new RangeError(`equity[${i}] is not finite: ${pt.timeUs} µs, ${pt.equityUsd} USD`);
    if (i > 0 && pt.timeUs < equity[i - 1].timeUs) throw new RangeError(`equity[${i}] goes back in time (${pt.timeUs} < ${equity[i - 1].timeUs})`);
  });
  return equity;
}

function yearsOf(equity: readonly EquityPoint[]): Figure {
  if (equity.length < 2) return unknown(`${equity.length} equity point${equity.length === 1 ? '' : 's'}: no elapsed time`);
  const us = equity[equity.length - 1].timeUs - equity[0].timeUs;
  return us > 0 ? known(us / CALENDAR_YEAR_US) : unknown('no elapsed time between the first and last equity points');
}

function cagr(e0: number, last: EquityPoint | null, years: Figure): Figure {
  if (years.value === null) return unknown(years.reason ?? 'no elapsed time');
  if (last === null || !(last.equityUsd > 0)) return unknown('equity fell to zero or below');
  const value = Math.pow(last.equityUsd / e0, 1 / years.value) - 1;
  return Number.isFinite(value) ? known(value) : unknown('too short a run to annualise (overflows)');
}

/** r_i = E_i / E_(i-1) - 1; null when some equity is not positive (a return is then meaningless). */
export function periodicReturns(equity: readonly EquityPoint[]): Float64Array | null {
  if (equity.some((pt) => !(pt.equityUsd > 0))) return null;
  const out = new Float64Array(Math.max(0, equity.length - 1));
  for (let i = 1; i < equity.length; i++) out[i - 1] = equity[i].equityUsd / equity[i - 1].equityUsd - 1;
  return out;
}

function returnStatistics(returns: Float64Array | null, riskFreeRate: number, p: number): Pick<PerformanceMetrics, 'annualisedVolatility' | 'sharpe' | 'sortino'> {
  if (!Number.isFinite(riskFreeRate)) throw new RangeError(`risk-free rate must be a finite fraction, got ${riskFreeRate}`);
  const none = (reason: string) => ({ annualisedVolatility: unknown(reason), sharpe: unknown(reason), sortino: unknown(reason) });
  if (returns === null) return none('equity at or below zero: returns undefined');
  const n = returns.length;
  if (n < 2) return none(`${n} periodic return${n === 1 ? '' : 's'}: need at least 2`);
  const rfPeriod = riskFreeRate / p;
  let mean = 0;
  for (const r of returns) mean += r;
  mean /= n;
  let ss = 0;
  let downside = 0;
  for (const r of returns) {
    ss += (r - mean) ** 2;
    const below = Math.min(r - rfPeriod, 0);
    downside += below * below;
  }
  const sd = Math.sqrt(ss / (n - 1));
  const dsd = Math.sqrt(downside / n);
  const excess = mean - rfPeriod;
  const root = Math.sqrt(p);
  return {
    annualisedVolatility: known(sd * root),
    sharpe: sd > 0 ? known((excess / sd) * root) : unknown('returns have zero variance (flat equity)'),
    sortino: dsd > 0 ? known((excess / dsd) * root) : unknown('no period returned less than the risk-free rate'),
  };
}

/** Equity over its running peak, minus 1 (0 at a new high, -0.1 ten percent below it). */
export function drawdownSeries(equity: readonly EquityPoint[]): Float64Array {
  const out = new Float64Array(equity.length);
  let peak = Number.NEGATIVE_INFINITY;
  equity.forEach((pt, i) => {
    peak = Math.max(peak, pt.equityUsd);
    out[i] = peak > 0 ? pt.equityUsd / peak - 1 : 0;
  });
  return out;
}

function drawdownOf(equity: readonly EquityPoint[]): { drawdown: Figure; days: Figure; recovered: boolean | null } {
  if (equity.length === 0) return { drawdown: unknown('empty equity curve'), days: unknown('empty equity curve'), recovered: null };
  if (equity.some((pt) => !(pt.equityUsd > 0))) {
    const reason = 'equity at or below zero';
    return { drawdown: unknown(reason), days: unknown(reason), recovered: null };
  }
  const dd = maxDrawdown(equity.map((pt) => pt.equityUsd));
  if (dd.drawdown === 0) return { drawdown: known(0), days: known(0), recovered: true };
  const peak = equity[dd.peakIndex].equityUsd;
  let end = equity.length - 1;
  let recovered = false;
  for (let i = dd.troughIndex + 1; i < equity.length; i++) {
    if (equity[i].equityUsd >= peak) {
      end = i;
      recovered = true;
      break;
    }
  }
  return { drawdown: known(dd.drawdown), days: known((equity[end].timeUs - equity[dd.peakIndex].timeUs) / US_PER_DAY), recovered };
}

function tripStatistics(trips: readonly RoundTrip[]): Pick<PerformanceMetrics, 'winRate' | 'profitFactor'> {
  if (trips.length === 0) return { winRate: unknown('no closed round trip'), profitFactor: unknown('no closed round trip') };
  let wins = 0;
  let won = 0;
  let lost = 0;
  for (const t of trips) {
    if (t.pnlUsd > 0) {
      wins++;
      won += t.pnlUsd;
    } else lost -= t.pnlUsd;
  }
  return {
    winRate: known(wins / trips.length),
    profitFactor: lost > 0 ? known(won / lost) : unknown('no losing round trip (unbounded)'),
  };
}

function turnover(notional: number, equity: readonly EquityPoint[], years: Figure): Figure {
  if (years.value === null) return unknown(years.reason ?? 'no elapsed time');
  const meanEquity = equity.reduce((s, pt) => s + pt.equityUsd, 0) / equity.length;
  if (!(meanEquity > 0)) return unknown('mean equity at or below zero');
  return known(notional / meanEquity / years.value);
}

function exposureOf(points: readonly ExposurePoint[], endUs: number): { timeInMarket: Figure; averageGross: Figure } {
  let total = 0;
  let held = 0;
  let grossTime = 0;
  points.forEach((pt, i) => {
    if (!Number.isFinite(pt.gross) || !Number.isFinite(pt.timeUs)) throw new RangeError(`exposure[${i}] is not finite: ${pt.timeUs} µs, gross ${pt.gross}`);
    const until = i + 1 < points.length ? points[i + 1].timeUs : endUs;
    const dt = Math.max(0, until - pt.timeUs);
    total += dt;
    if (pt.gross > 0) held += dt;
    grossTime += Math.abs(pt.gross) * dt;
  });
  if (!(total > 0)) {
    const reason = points.length === 0 ? 'no exposure series' : 'exposure series spans no time';
    return { timeInMarket: unknown(reason), averageGross: unknown(reason) };
  }
  return { timeInMarket: known(held / total), averageGross: known(grossTime / total) };
}

interface Tally { assetClass: AssetClass; pnl: number; fees: number; trades: number; trips: number; wins: number }

function breakdowns(run: BacktestRun, trips: readonly RoundTrip[]): Pick<PerformanceMetrics, 'bySymbol' | 'byAssetClass'> {
  const bySymbol = new Map<string, Tally>();
  const byClass = new Map<string, Tally>();
  const tally = (map: Map<string, Tally>, key: string, assetClass: AssetClass): Tally => {
    let t = map.get(key);
    if (t === undefined) map.set(key, (t = { assetClass, pnl: 0, fees: 0, trades: 0, trips: 0, wins: 0 }));
    return t;
  };
  for (const f of run.fills) {
    for (const t of [tally(bySymbol, f.symbol, f.assetClass), tally(byClass, f.assetClass, f.assetClass)]) {
      t.fees += f.feeUsd;
      t.trades++;
    }
  }
  for (const trip of trips) {
    for (const t of [tally(bySymbol, trip.symbol, trip.assetClass), tally(byClass, trip.assetClass, trip.assetClass)]) {
      t.pnl += trip.pnlUsd;
      t.trips++;
      if (trip.pnlUsd > 0) t.wins++;
    }
  }
  const row = ([key, t]: [string, Tally]): BreakdownRow => ({
    key, assetClass: t.assetClass, pnlUsd: t.pnl, feesUsd: t.fees, trades: t.trades, roundTrips: t.trips,
    winRate: t.trips > 0 ? known(t.wins / t.trips) : unknown('no closed round trip'),
  });
  return {
    bySymbol: [...bySymbol.entries()].sort(([a], [b]) => byString(a, b)).map(row),
    byAssetClass: ASSET_CLASSES.filter((c) => byClass.has(c)).map((c) => row([c, byClass.get(c) as Tally])),
  };
}
