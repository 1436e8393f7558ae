/**
 * `tradebot risk report --prices FILE [--horizon N] [--json]`: the risk numbers of one price
 * series (risk-report.ts), as one JSON line or a readable table. The closes are taken as they
 * are in the file, consecutive bars, gaps not filled (simple-returns.ts).
 *
 * Exit codes: 0 with the report; 2 (UsageError, one line naming the file or flag) for a missing
 * or unreadable file, a bad --horizon, or too few prices for the report.
 */

import { UsageError } from '../pipeline/exit-codes.js';
import { readPriceFile } from '../data/replay/price-file.js';
import { riskReport, RISK_REPORT_MIN_RETURNS, type RiskReport } from './risk-report.js';

export interface RiskReportFlags {
  prices?: string;
  horizon?: string | number;
  json?: boolean;
}

/** JSON has no Infinity or NaN: such a value (an ES of a tail with xi >= 1) is written as null. */
export function reportJson(report: object): string {
  return JSON.stringify(report, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value));
}

const PERCENT_FIELDS = /^(var|es|evt_var|evt_es|max_drawdown|mean_return|sd_return|evt_threshold|evt_beta)/;

/** The report as an aligned two-column table; fractions of value shown as percentages. */
export function reportTable(source: string, report: RiskReport): string {
  const rows = Object.entries(report).map(([key, value]) => {
    const shown = typeof value !== 'number' || !Number.isFinite(value) ? String(value)
      : Number.isInteger(value) ? String(value)
      : PERCENT_FIELDS.test(key) ? `${(value * 100).toFixed(3)}%`
      : value.toFixed(4);
    return [key, shown] as const;
  });
  const width = Math.max(...rows.map(([k]) => k.length));
  return [`risk report: ${source} (losses as % of value per ${report.horizon}-bar return)`, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v.padStart(10)}`)].join('\n');
}

/** Parse --horizon: a whole number of bars >= 1. */
function horizonOf(raw: string | number | undefined): number {
  if (raw === undefined) return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--horizon must be a whole number of bars >= 1, got "${raw}"`);
  return n;
}

/** Runs the command; returns the exit code. Usage problems throw UsageError. */
export function runRiskReportCommand(flags: RiskReportFlags, write: (text: string) => void = (t) => process.stdout.write(t)): number {
  if (!flags.prices) throw new UsageError('--prices is required: the candle file to read, e.g. --prices btc-1m.csv');
  const horizon = horizonOf(flags.horizon);
  const series = readPriceFile(flags.prices);
  const returns = Math.max(0, Math.floor((series.count - 1) / horizon));
  if (returns < RISK_REPORT_MIN_RETURNS) {
    throw new UsageError(`${flags.prices}: ${series.count} prices give ${returns} returns at --horizon ${horizon}; the risk report needs at least ${RISK_REPORT_MIN_RETURNS}`);
  }
  const report = riskReport(series.close, horizon);
  write(flags.json ? `${reportJson(report)}\n` : `${reportTable(flags.prices, report)}\n`);
  return 0;
}
