/**
 * The report as JSON (`--json`): the very object the text and HTML are rendered from, so the
 * numbers are the same ones. Keys come out in the order the builder writes them and numbers in
 * JavaScript's shortest round-trip form, so the same input gives the same bytes.
 */

import type { BacktestReport } from './backtest-report.js';

/** One JSON document, newline-terminated; `indent` 0 gives a single line. */
export function renderJsonReport(report: BacktestReport, indent = 2): string {
  // Figures never hold NaN or Infinity; should one slip through it must not become invalid JSON.
  return `${JSON.stringify(report, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), indent)}\n`;
}
