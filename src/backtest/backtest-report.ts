/**
 * The backtest report as one plain object, built once from the run and rendered three ways
 * (terminal-report.ts, html-report.ts, json-report.ts), so the text, the HTML and `--json`
 * cannot disagree. Nothing in it depends on the wall clock or the machine: the same input gives
 * the same object, and the renderers format it with fixed rules.
 */

import type { InputDataReport } from './input-data-report.js';
import { alphaAttribution, type AlphaAttribution } from './alpha-attribution.js';
import { annualisationNote, formatInterval, periodsPerYear } from './annualisation.js';
import type { AnnualisationCalendar, BacktestRun, EquityPoint, MetricSettings } from './backtest-types.js';
import { buyAndHold, feeRateOfFills, MA_FAST, MA_SLOW, movingAverageCrossover, type BaselinePrices } from './baselines.js';
import { ORIGINAL_CLAIMS, type OriginalClaims } from './original-claims.js';
import { drawdownSeries, performanceMetrics, type PerformanceMetrics } from './performance-metrics.js';

export interface BacktestReportInput {
  readonly title?: string;
  /** Our run: equity curve, fills with attributions, exposure, starting equity. */
  readonly run: BacktestRun;
  /** Closes the run traded, for the baselines; null leaves their columns empty. */
  readonly prices: BaselinePrices | null;
  readonly barIntervalUs: number;
  /** Annual, as a fraction; default 0. */
  readonly riskFreeRate?: number;
  /** Default: stocks when every traded or priced symbol is a stock, else crypto (a 24/7 clock). */
  readonly calendar?: AnnualisationCalendar;
  /** Default: our own average fee rate (baselines.ts feeRateOfFills). */
  readonly baselineFeeRate?: number;
  /** Most points per chart line (default 400): long runs are thinned, keeping each bucket's extremes. */
  readonly chartPoints?: number;
  /** What each input file gave (default: none listed). */
  readonly inputs?: readonly InputDataReport[];
  /** The limits that tripped the risk layer's kill switch during the run, in order (`daily_loss, drawdown`); default null, none. */
  readonly killSwitch?: string | null;
}

export interface ChartSeries {
  readonly name: string;
  readonly timeUs: readonly number[];
  readonly values: readonly number[];
}

export interface ReportSettings {
  readonly riskFreeRate: number;
  readonly barIntervalUs: number;
  readonly barInterval: string;
  readonly calendar: AnnualisationCalendar;
  readonly periodsPerYear: number;
  readonly annualisation: string;
  readonly baselineFeeRate: number;
  readonly baselines: string;
  readonly roundTrips: string;
  readonly attribution: string;
}

export interface BacktestReport {
  readonly title: string;
  readonly settings: ReportSettings;
  /** First and last equity times, ISO-8601 UTC; null for an empty curve. */
  readonly period: { readonly start: string; readonly end: string } | null;
  /** The input files: rows read, bars kept, rows skipped by reason, gaps, jumps. */
  readonly inputs: readonly InputDataReport[];
  /**
   * The limits that tripped the kill switch during the run, in order, or null. From a trip on only
   * reducing orders went out (until a daily-loss switch cleared at the next UTC day), so what the
   * figures show after it is the switch's doing, not the strategy's.
   */
  readonly killSwitch: string | null;
  readonly ours: PerformanceMetrics;
  readonly buyAndHold: PerformanceMetrics | null;
  readonly naive: PerformanceMetrics | null;
  readonly claims: OriginalClaims;
  readonly alphaAttribution: AlphaAttribution;
  readonly charts: { readonly equity: readonly ChartSeries[]; readonly drawdown: readonly ChartSeries[] };
}

export const SERIES_NAMES = { ours: 'ours', buyAndHold: 'buy-and-hold', naive: `MA ${MA_FAST}/${MA_SLOW} crossover` } as const;

const ROUND_TRIP_RULE = 'FIFO per symbol; a round trip closes when the position is flat again or flips (the flipping fill is split); PnL after all fees of its fills';
const ATTRIBUTION_RULE = "each round trip's PnL split by its opening fills' model shares, fills weighted by notional; unclaimed shares go to (unattributed)";

/** Builds the report of `input` (see BacktestReportInput for the defaults). */
export function buildBacktestReport(input: BacktestReportInput): BacktestReport {
  const riskFreeRate = input.riskFreeRate ?? 0;
  const calendar = input.calendar ?? defaultCalendar(input);
  const settings: MetricSettings = { riskFreeRate, barIntervalUs: input.barIntervalUs, calendar };
  const baselineFeeRate = input.baselineFeeRate ?? feeRateOfFills(input.run.fills);
  const chartPoints = input.chartPoints ?? 400;
  const base = { startingEquityUsd: input.run.startingEquityUsd, feeRate: baselineFeeRate };
  const bh = input.prices === null ? null : buyAndHold(input.prices, base);
  const naive = input.prices === null ? null : movingAverageCrossover(input.prices, base);
  const curves: Array<[string, readonly EquityPoint[]]> = [[SERIES_NAMES.ours, input.run.equity]];
  if (bh !== null) curves.push([SERIES_NAMES.buyAndHold, bh.equity]);
  if (naive !== null) curves.push([SERIES_NAMES.naive, naive.equity]);
  const eq = input.run.equity;
  return {
    title: input.title ?? 'Backtest performance report',
    settings: {
      riskFreeRate,
      barIntervalUs: input.barIntervalUs,
      barInterval: formatInterval(input.barIntervalUs),
      calendar,
      periodsPerYear: periodsPerYear(calendar, input.barIntervalUs),
      annualisation: annualisationNote(calendar, input.barIntervalUs),
      baselineFeeRate,
      baselines: `equal weight per symbol, fee ${baselineFeeRate} x notional per fill, liquidated at the last close; naive = long while SMA${MA_FAST} > SMA${MA_SLOW} of closes, traded at the next close`,
      roundTrips: ROUND_TRIP_RULE,
      attribution: ATTRIBUTION_RULE,
    },
    period: eq.length === 0 ? null : { start: isoOfUs(eq[0].timeUs), end: isoOfUs(eq[eq.length - 1].timeUs) },
    inputs: input.inputs ?? [],
    killSwitch: input.killSwitch ?? null,
    ours: performanceMetrics(input.run, settings),
    buyAndHold: bh === null ? null : performanceMetrics(bh, settings),
    naive: naive === null ? null : performanceMetrics(naive, settings),
    claims: ORIGINAL_CLAIMS,
    alphaAttribution: alphaAttribution(input.run.fills),
    charts: {
      equity: curves.map(([name, points]) => thin(name, points.map((p) => p.timeUs), points.map((p) => p.equityUsd), chartPoints)),
      drawdown: curves.map(([name, points]) => thin(name, points.map((p) => p.timeUs), Array.from(drawdownSeries(points)), chartPoints)),
    },
  };
}

function defaultCalendar(input: BacktestReportInput): AnnualisationCalendar {
  const classes = [...input.run.fills.map((f) => f.assetClass), ...(input.prices?.symbols.map((s) => s.assetClass) ?? [])];
  return classes.length > 0 && classes.every((c) => c === 'stocks') ? 'stocks' : 'crypto';
}

/** Event time in µs as ISO-8601 UTC (Date only formats here; it never reads the clock). */
export function isoOfUs(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString();
}

/**
 * At most `max` points of a line: the points are cut into (max - 1) / 2 buckets and each keeps its
 * lowest and highest value in time order, so a deep drawdown or a spike survives thinning.
 */
export function thin(name: string, timeUs: readonly number[], values: readonly number[], max: number): ChartSeries {
  if (values.length <= max) return { name, timeUs: [...timeUs], values: [...values] };
  const buckets = Math.max(1, Math.floor((max - 1) / 2));
  const keep: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * values.length) / buckets);
    const to = Math.floor(((b + 1) * values.length) / buckets);
    let lo = from;
    let hi = from;
    for (let i = from; i < to; i++) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    keep.push(Math.min(lo, hi));
    if (hi !== lo) keep.push(Math.max(lo, hi));
  }
  // The last point is where the run ended: always show it (hence (max - 1) / 2 buckets).
  if (keep[keep.length - 1] !== values.length - 1) keep.push(values.length - 1);
  return { name, timeUs: keep.map((i) => timeUs[i]), values: keep.map((i) => values[i]) };
}
