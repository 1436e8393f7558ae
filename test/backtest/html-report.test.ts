// The HTML page is self-contained (inline svg charts, no scripts, nothing loaded from a URL) and
// escapes the strings that come from data: a symbol and a model named like markup stay text.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildBacktestReport } from '../../src/backtest/backtest-report.js';
import { renderHtmlReport } from '../../src/backtest/html-report.js';
import { fill, sampleReportInput } from './fixture.js';

const EVIL = '<script>alert(1)</script>';

function page(): string {
  const input = sampleReportInput(EVIL);
  const fills = [...input.run.fills, fill(10, 'ETH"USD', 'buy', 1, 10, 0, { '<img src=x onerror=alert(2)>': 1 }), fill(11, 'ETH"USD', 'sell', 1, 11)];
  return renderHtmlReport(buildBacktestReport({ ...input, run: { ...input.run, fills } }));
}

test('two inline svg charts with axes and labels; no script, no external resource', () => {
  const html = page();
  assert.is(html.match(/<svg /g)?.length, 2);
  assert.ok(html.includes('Equity: ours vs baselines') && html.includes('Drawdown from the running peak'));
  assert.ok(html.includes('time (UTC)') && html.includes('equity (USD)') && html.includes('<polyline'));
  assert.not.match(html, /<script/i);
  assert.not.match(html, /https?:\/\//i);
  assert.not.match(html, /<[^>]*\ssrc\s*=/i); // an escaped name may say "src=" as text, never inside a tag
  assert.not.match(html, /<link|@import|url\(/i);
});

test('symbol and model names are escaped', () => {
  const html = page();
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(!html.includes(EVIL));
  assert.ok(html.includes('&lt;img src=x onerror=alert(2)&gt;'));
  assert.ok(!html.includes('<img'));
  assert.ok(html.includes('ETH&quot;USD'));
});

test.run();
