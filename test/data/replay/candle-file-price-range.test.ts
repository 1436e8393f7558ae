// Prices no market quotes (above 1e12, below 1e-12) are skipped as price_out_of_range; a bar that
// reaches more than 10x from the close before it is kept but counted and named as a jump.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCandleFile } from '../../../src/data/replay/candle-file.js';
import { CandleReject } from '../../../src/data/replay/candle-series.js';

const dir = mkdtempSync(path.join(tmpdir(), 'candle-range-'));
function read(name: string, rows: string[]): ReturnType<typeof readCandleFile> {
  const file = path.join(dir, name);
  writeFileSync(file, `${['timestamp,open,high,low,close,volume', ...rows].join('\n')}\n`);
  return readCandleFile(file);
}

test('prices past 1e12 or under 1e-12 are skipped by reason, with their lines', () => {
  const series = read('range.csv', [
    '2024-01-01 00:00:00,47000,47100,46900,47050,3', //  line 2 ok
    '2024-01-01 00:01:00,4.7e300,4.7e300,4.7e300,4.7e300,3', // 3 out of range
    '2024-01-01 00:02:00,47050,1e308,47000,47060,3', //  4 out of range (the high alone)
    '2024-01-01 00:03:00,47060,47070,1e-13,47065,3', //  5 out of range (the low alone)
    '2024-01-01 00:04:00,47065,47080,47000,47070,3', //  6 ok
    '2024-01-01 00:05:00,1e12,1e12,1e12,1e12,3', //      7 ok: the bound itself (and a jump)
  ]);
  assert.is(series.rejects[CandleReject.PriceOutOfRange], 3);
  assert.is(series.count, 3);
  assert.match(series.rejectSummary, /price_out_of_range 3 \(lines 3, 4, 5\)/);
  assert.is(series.jumpCount, 1);
});

test('a one-bar wick to a hundredth of the price is kept, counted and named', () => {
  const series = read('wick.csv', [
    '2024-01-01 00:00:00,47000,47100,46900,47050,3',
    '2024-01-01 00:01:00,47050,47060,0.01,47040,3', //   line 3: wick down
    '2024-01-01 00:02:00,47040,47100,47000,47080,3',
    '2024-01-01 00:03:00,47080,600000,47000,47090,3', // line 5: wick up
    '2024-01-01 00:04:00,47090,47100,4709,47095,3', //   line 6: a tenth is not more than 10x
  ]);
  assert.is(series.count, 5, 'every bar kept');
  assert.is(series.jumpCount, 2);
  assert.match(series.jumpSummary, /2 bars reaching more than 10x from the close before \(lines 3, 5\), kept: check the data$/);
  assert.is(series.rejectSummary, '');
});

test('a file without jumps says nothing', () => {
  const series = read('calm.csv', ['2024-01-01 00:00:00,10,11,9,10.5,1', '2024-01-01 00:01:00,10.5,12,10,11,1']);
  assert.is(series.jumpCount, 0);
  assert.is(series.jumpSummary, '');
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
