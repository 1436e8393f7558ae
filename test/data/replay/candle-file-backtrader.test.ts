// backtrader's 2006 files: the minute file whose header names 7 columns while rows have 8
// (Date,Time,...) is read with the time column it forgot; the daily index file is plain OHLCV.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCandleFile } from '../../../src/data/replay/candle-file.js';
import { sharedFile } from '../../support/shared-data.js';

const MINUTES = 'stocks/candles/backtrader/2006-01-02-volume-min-001.txt';
const DAYS = 'stocks/candles/backtrader/2006-day-001.txt';

test('minute file with the 7-name header and 8-field rows: 30,889 bars, date + time', () => {
  const file = sharedFile(MINUTES);
  if (file === null) return;
  const series = readCandleFile(file);
  assert.is(series.format, 'backtrader-date-time');
  assert.is(series.count, 30_889);
  assert.is(series.rejectSummary, '');
  assert.is(series.intervalUs, 60_000_000);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\r\n');
  assert.is(lines[0], 'Date,Open,High,Low,Close,Volume,OpenInterest');
  for (let k = 0; k < series.count; k++) {
    const [date, time, o, h, l, c, v] = lines[k + 1].split(',');
    const want = [Date.parse(`${date}T${time}Z`) * 1000, Number(o), Number(h), Number(l), Number(c), Number(v)];
    const got = [series.openTimeUs[k], series.open[k], series.high[k], series.low[k], series.close[k], series.volume[k]];
    for (let f = 0; f < 6; f++) if (got[f] !== want[f]) assert.unreachable(`line ${k + 2} field ${f}: ${got[f]} vs ${want[f]}`);
  }
  assert.is(series.openTimeUs[0], Date.UTC(2006, 0, 2, 9, 1) * 1000);
  assert.is(series.openTimeUs[series.count - 1], Date.UTC(2006, 1, 27, 22, 0) * 1000);
});

test('a damaged first row does not decide the layout: the rows after it are read date + time, it is skipped', () => {
  const file = sharedFile(MINUTES);
  if (file === null) return;
  const lines = readFileSync(file, 'utf8').trimEnd().split('\r\n');
  const damaged = [lines[0], lines[1].split(',').slice(0, 3).join(','), ...lines.slice(2, 200)];
  const dir = mkdtempSync(path.join(tmpdir(), 'backtrader-'));
  try {
    const copy = path.join(dir, 'damaged.txt');
    writeFileSync(copy, `${damaged.join('\r\n')}\r\n`);
    const series = readCandleFile(copy);
    assert.is(series.format, 'backtrader-date-time');
    assert.is(series.count, 198);
    assert.match(series.rejectSummary, /malformed_row 1 \(line 2\)/);
    const [date, time] = lines[2].split(',');
    assert.is(series.openTimeUs[0], Date.parse(`${date}T${time}Z`) * 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('naive times can be declared local: naiveUtcOffsetMinutes 60 moves every bar 1 h earlier in UTC', () => {
  const file = sharedFile(MINUTES);
  if (file === null) return;
  const utc = readCandleFile(file);
  const cet = readCandleFile(file, { naiveUtcOffsetMinutes: 60 });
  assert.is(cet.count, utc.count);
  assert.is(cet.openTimeUs[0], utc.openTimeUs[0] - 3_600_000_000);
  assert.is(cet.openTimeUs[cet.count - 1], utc.openTimeUs[utc.count - 1] - 3_600_000_000);
});

test('daily index file: 255 bars, plain OHLCV with zero volume', () => {
  const file = sharedFile(DAYS);
  if (file === null) return;
  const series = readCandleFile(file);
  assert.is(series.format, 'csv-ohlcv');
  assert.is(series.count, 255);
  assert.is(series.rejectSummary, '');
  assert.is(series.openTimeUs[0], Date.UTC(2006, 0, 2) * 1000);
  assert.equal([series.open[0], series.high[0], series.low[0], series.close[0]], [3578.73, 3605.95, 3578.73, 3604.33]);
  assert.ok(series.volume.every((v) => v === 0));
});

test.run();
