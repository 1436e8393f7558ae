/**
 * The report's tables as rows of strings, shared by the terminal and HTML renderers so both
 * print the same digits. Fixed formatting (toFixed, no locale): the same numbers always give the
 * same text. A missing figure prints as "n/a" and its reason is listed in the notes.
 */

import type { BacktestReport } from './backtest-report.js';
import type { Figure } from './figure.js';
import type { ClaimedColumn, ClaimedFigure } from './original-claims.js';
import type { PerformanceMetrics } from './performance-metrics.js';

export const NOT_AVAILABLE = 'n/a';
const NONE = '';

export function formatPercent(v: number | null): string {
  return v === null ? NOT_AVAILABLE : `${(v * 100).toFixed(2)}%`;
}
export function formatRatio(v: number | null): string {
  return v === null ? NOT_AVAILABLE : v.toFixed(2);
}
export function formatUsd(v: number | null): string {
  if (v === null) return NOT_AVAILABLE;
  // -0.004 would print as "-0.00": a sign on zero is noise.
  const s = Math.abs(v).toFixed(2);
  return `${v < 0 && s !== '0.00' ? '-' : ''}${s}`;
}

interface RowSpec {
  readonly label: string;
  readonly figure: (m: PerformanceMetrics) => Figure;
  readonly format: (v: number | null, m: PerformanceMetrics) => string;
  readonly claim?: keyof ClaimedColumn;
}

const value = (f: (m: PerformanceMetrics) => number) => (m: PerformanceMetrics): Figure => ({ value: f(m), reason: null });

const ROWS: readonly RowSpec[] = [
  { label: 'Annualised return (CAGR)', figure: (m) => m.annualisedReturn, format: formatPercent, claim: 'annualisedReturn' },
  { label: 'Total return', figure: (m) => m.totalReturn, format: formatPercent },
  { label: 'Annualised volatility', figure: (m) => m.annualisedVolatility, format: formatPercent },
  { label: 'Sharpe ratio', figure: (m) => m.sharpe, format: formatRatio, claim: 'sharpe' },
  { label: 'Sortino ratio', figure: (m) => m.sortino, format: formatRatio },
  // Drawdown is kept positive in the numbers and printed negative, as the claims print it.
  { label: 'Max drawdown', figure: (m) => m.maxDrawdown, format: (v) => (v === null ? NOT_AVAILABLE : formatPercent(v === 0 ? 0 : -v)), claim: 'maxDrawdown' },
  {
    label: 'Max drawdown duration (days)', figure: (m) => m.maxDrawdownDays,
    format: (v, m) => (v === null ? NOT_AVAILABLE : `${v.toFixed(1)}${m.drawdownRecovered === false ? ' (unrecovered)' : ''}`),
  },
  { label: 'Win rate (round trips)', figure: (m) => m.winRate, format: formatPercent, claim: 'winRate' },
  { label: 'Profit factor', figure: (m) => m.profitFactor, format: formatRatio, claim: 'profitFactor' },
  { label: 'Trades (fills)', figure: value((m) => m.trades), format: (v) => String(v) },
  { label: 'Round trips', figure: value((m) => m.roundTrips), format: (v) => String(v) },
  { label: 'Realised PnL (USD)', figure: value((m) => m.realisedPnlUsd), format: formatUsd },
  { label: 'Fees paid (USD)', figure: value((m) => m.feesUsd), format: formatUsd },
  { label: 'Annual turnover (x equity)', figure: (m) => m.annualTurnover, format: formatRatio },
  { label: 'Time in market', figure: (m) => m.timeInMarket, format: formatPercent },
  { label: 'Average gross exposure', figure: (m) => m.averageGrossExposure, format: formatRatio },
  { label: 'Ending equity (USD)', figure: (m) => m.endingEquityUsd, format: formatUsd },
];

export const METRIC_COLUMNS = ['metric', 'ours', 'buy-and-hold', 'naive', 'original (claimed)'] as const;

/** The comparison table: one row per metric, columns as METRIC_COLUMNS. */
export function metricRows(report: BacktestReport): string[][] {
  const cell = (m: PerformanceMetrics | null, spec: RowSpec): string => (m === null ? NONE : spec.format(spec.figure(m).value, m));
  return ROWS.map((spec) => [
    spec.label,
    cell(report.ours, spec),
    cell(report.buyAndHold, spec),
    cell(report.naive, spec),
    spec.claim === undefined ? NONE : report.claims.combined[spec.claim].asWritten,
  ]);
}

/** Why each missing figure is missing, as "column: metric: reason" lines. */
export function metricNotes(report: BacktestReport): string[] {
  const notes: string[] = [];
  const columns: Array<[string, PerformanceMetrics | null]> = [['ours', report.ours], ['buy-and-hold', report.buyAndHold], ['naive', report.naive]];
  for (const [name, m] of columns) {
    if (m === null) continue;
    for (const spec of ROWS) {
      const f = spec.figure(m);
      if (f.value === null) notes.push(`${name}: ${spec.label}: ${f.reason ?? 'not available'}`);
    }
  }
  if (report.buyAndHold === null) notes.push('buy-and-hold, naive: no price series given');
  return notes;
}

export const CLAIM_COLUMNS = ['claimed (original README)', 'crypto', 'stocks', 'combined'] as const;

export function claimRows(report: BacktestReport): string[][] {
  const c = report.claims;
  const row = (label: string, k: keyof ClaimedColumn): string[] => [label, ...[c.crypto, c.stocks, c.combined].map((col) => (col[k] as ClaimedFigure).asWritten)];
  return [
    row('Annualized Return', 'annualisedReturn'),
    row('Sharpe Ratio', 'sharpe'),
    row('Max Drawdown', 'maxDrawdown'),
    row('Win Rate', 'winRate'),
    row('Profit Factor', 'profitFactor'),
  ];
}

export const SYMBOL_COLUMNS = ['symbol', 'class', 'PnL (USD)', 'fees (USD)', 'trades', 'round trips', 'win rate'] as const;
export const ASSET_CLASS_COLUMNS = ['asset class', 'PnL (USD)', 'fees (USD)', 'trades', 'round trips', 'win rate'] as const;

/** Per-symbol rows (with the asset class column) or per-class rows (without it). */
export function breakdownRows(rows: PerformanceMetrics['bySymbol'], withClass: boolean): string[][] {
  return rows.map((r) => [
    r.key, ...(withClass ? [r.assetClass] : []), formatUsd(r.pnlUsd), formatUsd(r.feesUsd), String(r.trades), String(r.roundTrips), formatPercent(r.winRate.value),
  ]);
}

export const ATTRIBUTION_COLUMNS = ['model', 'PnL (USD)', 'share', 'round trips'] as const;

export function attributionRows(report: BacktestReport): string[][] {
  const a = report.alphaAttribution;
  return [
    ...a.rows.map((r) => [r.model, formatUsd(r.pnlUsd), formatPercent(r.shareOfTotal), String(r.roundTrips)]),
    ['total realised', formatUsd(a.totalRealisedPnlUsd), a.rows.length > 0 && a.totalRealisedPnlUsd !== 0 ? formatPercent(1) : NOT_AVAILABLE, String(report.ours.roundTrips)],
  ];
}

/** The settings lines printed under the title. */
export function settingLines(report: BacktestReport): string[] {
  const s = report.settings;
  return [
    `period: ${report.period === null ? 'empty equity curve' : `${report.period.start} to ${report.period.end}`}, bars of ${s.barInterval}`,
    `risk-free rate: ${formatPercent(s.riskFreeRate)} a year (Sharpe and Sortino are in excess of it)`,
    `annualisation: ${s.annualisation}`,
    `round trips: ${s.roundTrips}`,
    `baselines: ${s.baselines}`,
    `original (claimed): ${report.claims.status}; source ${report.claims.source}`,
    ...(report.killSwitch === null ? [] : [`KILL SWITCH tripped (${report.killSwitch}): from then on only reducing orders went out, so the figures after it are the switch's, not the strategy's`]),
  ];
}
