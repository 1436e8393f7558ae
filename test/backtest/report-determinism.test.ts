// One report object rendered three ways: the same input gives byte-identical text, HTML and
// JSON, and the JSON carries the very numbers the text prints.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildBacktestReport } from '../../src/backtest/backtest-report.js';
import { renderHtmlReport } from '../../src/backtest/html-report.js';
import { renderJsonReport } from '../../src/backtest/json-report.js';
import { formatPercent, formatRatio } from '../../src/backtest/report-format.js';
import { renderTerminalReport } from '../../src/backtest/terminal-report.js';
import { sampleReportInput } from './fixture.js';

test('two builds from equal inputs render to the same bytes', () => {
  const a = buildBacktestReport(sampleReportInput());
  const b = buildBacktestReport(sampleReportInput());
  assert.is(renderTerminalReport(a), renderTerminalReport(b));
  assert.is(renderHtmlReport(a), renderHtmlReport(b));
  assert.is(renderJsonReport(a), renderJsonReport(b));
});

test('the JSON parses back to the report, and the text and HTML print its numbers', () => {
  const report = buildBacktestReport(sampleReportInput());
  const json = JSON.parse(renderJsonReport(report));
  assert.equal(json, JSON.parse(JSON.stringify(report)));
  const text = renderTerminalReport(report);
  const html = renderHtmlReport(report);
  for (const cell of [formatRatio(json.ours.sharpe.value), formatPercent(json.ours.annualisedReturn.value), formatRatio(json.buyAndHold.sortino.value), formatPercent(json.naive.maxDrawdown.value === 0 ? 0 : -json.naive.maxDrawdown.value)]) {
    assert.ok(text.includes(cell), `text has ${cell}`);
    assert.ok(html.includes(cell), `html has ${cell}`);
  }
  assert.is(json.settings.riskFreeRate, 0.02);
  assert.is(json.claims.combined.sharpe.asWritten, '2.18');
});

test.run();
