// The report's data section: rows read, bars kept and in the window, rows skipped by reason,
// gaps and jumps per input file, the same in the terminal, HTML and JSON forms.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCandleFile } from '../../src/data/replay/candle-file.js';
import { cutSeries } from '../../src/backtest/backtest-command.js';
import { buildBacktestReport } from '../../src/backtest/backtest-report.js';
import { inputDataReport } from '../../src/backtest/input-data-report.js';
import { renderTerminalReport } from '../../src/backtest/terminal-report.js';
import { renderHtmlReport } from '../../src/backtest/html-report.js';
import { renderJsonReport } from '../../src/backtest/json-report.js';
import { sampleReportInput } from './fixture.js';

const dir = mkdtempSync(path.join(tmpdir(), 'input-data-'));

test('skipped rows by reason, the window, gaps and jumps of each file', () => {
  const file = path.join(dir, 'bars.csv');
  writeFileSync(file, [
    'timestamp,open,high,low,close,volume',
    '2024-01-01 00:00:00,10,11,9,10.5,1',
    '2024-01-01 00:01:00,10.5,11,10,10.8,1',
    '2024-01-01 00:01:00,10.5,11,10,10.8,1', // duplicate_time
    '2024-01-01 00:02:00,-1,11,10,10.8,1', // non_positive_price
    '2024-01-01 00:02:00,10.8,200,10,11,1', // a jump
    'nonsense',
    '2024-01-01 00:05:00,11,12,10,11.5,1', // after a gap of two bars
    '2024-01-01 00:06:00,11.5,12,11,11.8,1',
  ].join('\n'));
  const whole = readCandleFile(file);
  const cut = cutSeries(whole, { fromUs: Date.UTC(2024, 0, 1, 0, 1) * 1000, toUs: Infinity });
  const data = inputDataReport('BTC/USDT', file, whole, cut);
  assert.equal(data, {
    symbol: 'BTC/USDT', file: 'bars.csv', format: 'csv-ohlcv', rowsRead: 8, bars: 5, barsInWindow: 4,
    skipped: { malformed_row: 1, non_positive_price: 1, duplicate_time: 1 }, gaps: 1, missingBars: 2, jumps: 1, reversed: false,
  });
  const report = buildBacktestReport({ ...sampleReportInput(), inputs: [data] });
  const text = renderTerminalReport(report);
  assert.match(text, /\ndata:\n/);
  assert.match(text, /BTC\/USDT +bars\.csv +csv-ohlcv +8 +5 +4 +3: malformed_row 1, non_positive_price 1, duplicate_time 1 +1 \(2\) +1\n/);
  const html = renderHtmlReport(report);
  assert.match(html, /<h2>Data<\/h2>/);
  assert.match(html, /<td>3: malformed_row 1, non_positive_price 1, duplicate_time 1<\/td>/);
  assert.equal(JSON.parse(renderJsonReport(report)).inputs, [data]);
});

test('a report without inputs has no data section', () => {
  const report = buildBacktestReport(sampleReportInput());
  assert.equal(report.inputs, []);
  assert.not.match(renderTerminalReport(report), /\ndata:\n/);
  assert.not.match(renderHtmlReport(report), /<h2>Data<\/h2>/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
