// The nautilus FTX BTC-PERP 1-minute CSV reads completely and exactly: 45,031 bars one minute
// apart, no rejects, first and last bars equal to the file's own text, and fast.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { readCandleFile } from '../../../src/data/replay/candle-file.js';
import { sharedFile } from '../../support/shared-data.js';

const FTX = 'crypto/candles/nautilus/ftx-btc-perp-20211231-20220201_1m.csv';

/** A `YYYY-MM-DD HH:MM:SS.ffffff,o,h,l,c,v` line as the numbers it should read as. */
function expectedRow(line: string): number[] {
  const [time, ...values] = line.split(',');
  const micros = Number(time.slice(20));
  return [Date.parse(`${time.slice(0, 10)}T${time.slice(11, 19)}Z`) * 1000 + micros, ...values.map(Number)];
}

test('FTX 1m: 45,031 bars, strictly increasing minutes, first/last rows as written', () => {
  const file = sharedFile(FTX);
  if (file === null) return;

  const series = readCandleFile(file);


  assert.is(series.format, 'csv-ohlcv');
  assert.is(series.count, 45_031);
  assert.is(series.rowsRead, 45_031);
  assert.is(series.rejectSummary, '');
  assert.is(series.rejects.reduce((a, b) => a + b, 0), 0);
  assert.is(series.intervalUs, 60_000_000);
  assert.is(series.gapCount, 0);
  assert.is(series.missingBars, 0);
  assert.is(series.reversed, false);
  for (let k = 1; k < series.count; k++) {
    if (series.openTimeUs[k] - series.openTimeUs[k - 1] !== 60_000_000) assert.unreachable(`spacing at bar ${k}`);
  }

  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  assert.is(lines[0], 'timestamp,open,high,low,close,volume');
  const bar = (k: number): number[] => [
    series.openTimeUs[k], series.open[k], series.high[k], series.low[k], series.close[k], series.volume[k],
  ];
  assert.equal(bar(0), expectedRow(lines[1]));
  assert.equal(bar(series.count - 1), expectedRow(lines[lines.length - 1]));
  assert.equal(bar(0), [Date.UTC(2021, 11, 31, 23, 1) * 1000, 46319, 46385, 46319, 46377, 2300413.7295]);
});

test('FTX 1m: every row equals the text of its line', () => {
  const file = sharedFile(FTX);
  if (file === null) return;
  const series = readCandleFile(file);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n').slice(1);
  assert.is(lines.length, series.count);
  for (let k = 0; k < lines.length; k++) {
    const want = expectedRow(lines[k]);
    const got = [series.openTimeUs[k], series.open[k], series.high[k], series.low[k], series.close[k], series.volume[k]];
    for (let f = 0; f < 6; f++) if (got[f] !== want[f]) assert.unreachable(`line ${k + 2} field ${f}: ${got[f]} vs ${want[f]}`);
  }
});

test.run();
