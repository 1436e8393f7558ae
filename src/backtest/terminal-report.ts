/**
 * The report as plain text for a terminal: the comparison table (ours | buy-and-hold | naive |
 * original claims), breakdowns, alpha attribution and an equity sparkline. No ANSI escapes are
 * ever written, so it reads the same with NO_COLOR, in a pipe or in a file.
 */

import type { BacktestReport } from './backtest-report.js';
import {
  ASSET_CLASS_COLUMNS, ATTRIBUTION_COLUMNS, CLAIM_COLUMNS, METRIC_COLUMNS, SYMBOL_COLUMNS, attributionRows, breakdownRows, claimRows, metricNotes, metricRows, settingLines,
} from './report-format.js';
import { sparkline } from './sparkline.js';
import { INPUT_DATA_COLUMNS, inputDataRows } from './input-data-report.js';

export const DEFAULT_SPARKLINE_WIDTH = 60;

/** Columns padded to their widest cell; the first column left-aligned, the rest right-aligned. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => [...(r[c] ?? '')].length)));
  const line = (r: readonly string[]) => r.map((cell, c) => (c === 0 ? padEnd(cell, widths[c]) : padStart(cell, widths[c]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

// Width in code points, so a symbol with non-ASCII letters does not shift the columns.
const padEnd = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - [...s].length));
const padStart = (s: string, w: number) => ' '.repeat(Math.max(0, w - [...s].length)) + s;

export function renderTerminalReport(report: BacktestReport, sparklineWidth = DEFAULT_SPARKLINE_WIDTH): string {
  const out: string[] = [report.title, '', ...settingLines(report), ''];
  out.push(...textTable(METRIC_COLUMNS, metricRows(report)));
  if (report.inputs.length > 0) out.push('', 'data:', ...textTable(INPUT_DATA_COLUMNS, inputDataRows(report.inputs)));
  const notes = metricNotes(report);
  if (notes.length > 0) out.push('', 'not available:', ...notes.map((n) => `  ${n}`));
  out.push('', 'equity:');
  for (const series of report.charts.equity) {
    out.push(`  ${series.name.padEnd(20)} ${sparkline(series.values, sparklineWidth)}`);
  }
  out.push('', 'by asset class (ours):', ...textTable(ASSET_CLASS_COLUMNS, breakdownRows(report.ours.byAssetClass, false)));
  out.push('', 'by symbol (ours):', ...textTable(SYMBOL_COLUMNS, breakdownRows(report.ours.bySymbol, true)));
  out.push('', `alpha attribution (${report.settings.attribution}):`, ...textTable(ATTRIBUTION_COLUMNS, attributionRows(report)));
  out.push('', `original system (${report.claims.status}):`, ...textTable(CLAIM_COLUMNS, claimRows(report)));
  return `${out.join('\n')}\n`;
}
