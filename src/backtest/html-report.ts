/**
 * The report as one self-contained HTML page: inline CSS, inline SVG charts, no scripts, fonts,
 * images or links to load, so it opens the same offline and cannot run anything. Every string
 * that comes from data (symbols, model names, the title) is escaped; the numbers are the same
 * formatted cells as the terminal report (report-format.ts).
 */

import { INPUT_DATA_COLUMNS, inputDataRows } from './input-data-report.js';
import type { BacktestReport } from './backtest-report.js';
import {
  ASSET_CLASS_COLUMNS, ATTRIBUTION_COLUMNS, CLAIM_COLUMNS, METRIC_COLUMNS, SYMBOL_COLUMNS, attributionRows, breakdownRows, claimRows, formatPercent, metricNotes, metricRows, settingLines,
} from './report-format.js';
import { escapeHtml, lineChartSvg } from './svg-chart.js';

const STYLE = [
  'body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:70em}',
  'table{border-collapse:collapse;margin:0.5em 0 1.5em}',
  'th,td{border:1px solid #ccc;padding:0.25em 0.6em}',
  'td{text-align:right;font-variant-numeric:tabular-nums}',
  'td:first-child,th:first-child{text-align:left}',
  'th{background:#f3f3f3}',
  '.claims{color:#8a4b00}',
  '.note{color:#555;font-size:0.9em}',
].join('');

function table(header: readonly string[], rows: readonly (readonly string[])[], claimColumn = -1): string {
  const th = header.map((h, c) => `<th${c === claimColumn ? ' class="claims"' : ''}>${escapeHtml(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((cell, c) => `<td${c === claimColumn ? ' class="claims"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${tr}\n</tbody>\n</table>`;
}

const usd = (v: number) => (Math.abs(v) >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : Math.abs(v) >= 1e3 ? `${(v / 1e3).toFixed(1)}k` : v.toFixed(0));

export function renderHtmlReport(report: BacktestReport): string {
  const title = escapeHtml(report.title);
  const notes = metricNotes(report);
  const body = [
    `<h1>${title}</h1>`,
    `<ul class="note">${settingLines(report).map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
    '<h2>Performance</h2>',
    table(METRIC_COLUMNS, metricRows(report), METRIC_COLUMNS.length - 1),
    notes.length === 0 ? '' : `<p class="note">Not available:</p><ul class="note">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`,
    report.inputs.length === 0 ? '' : `<h2>Data</h2>\n${table(INPUT_DATA_COLUMNS, inputDataRows(report.inputs))}`,
    '<h2>Equity</h2>',
    lineChartSvg(report.charts.equity, { title: 'Equity: ours vs baselines', yLabel: 'equity (USD)', formatY: usd }),
    '<h2>Drawdown</h2>',
    lineChartSvg(report.charts.drawdown, { title: 'Drawdown from the running peak', yLabel: 'drawdown', formatY: (v) => formatPercent(v) }),
    '<h2>By asset class (ours)</h2>',
    table(ASSET_CLASS_COLUMNS, breakdownRows(report.ours.byAssetClass, false)),
    '<h2>By symbol (ours)</h2>',
    table(SYMBOL_COLUMNS, breakdownRows(report.ours.bySymbol, true)),
    '<h2>Alpha attribution</h2>',
    `<p class="note">${escapeHtml(report.settings.attribution)}</p>`,
    table(ATTRIBUTION_COLUMNS, attributionRows(report)),
    '<h2>Original system (claimed)</h2>',
    `<p class="note claims">${escapeHtml(report.claims.status)}. Source: ${escapeHtml(report.claims.source)}.</p>`,
    table(CLAIM_COLUMNS, claimRows(report)),
  ].filter((s) => s !== '');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${title}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
