// Bad rows are skipped, never thrown: each counted under its reason, with its line (or JSON
// element) number in the summary; the good rows around them are kept.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCandleFile } from '../../../src/data/replay/candle-file.js';
import { CANDLE_REJECT_REASONS, CandleReject } from '../../../src/data/replay/candle-series.js';

const dir = mkdtempSync(path.join(tmpdir(), 'candle-bad-'));
function read(name: string, text: string, sampleRecords?: number): ReturnType<typeof readCandleFile> {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return readCandleFile(file, sampleRecords === undefined ? {} : { sampleRecords });
}
function byReason(rejects: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  CANDLE_REJECT_REASONS.forEach((name, r) => {
    if (rejects[r] > 0) out[name] = rejects[r];
  });
  return out;
}

const CSV = [
  'timestamp,open,high,low,close,volume', //               line 1
  '2024-01-01 00:00:00,10,11,9,10.5,100', //               2 ok
  '2024-01-01 00:01:00,10.5,11,10,10.8', //                3 malformed_row (5 fields)
  '2024-01-01 00:01:00,10.5,abc,10,10.8,1', //             4 malformed_row (not a number)
  '2024-01-01 00:01:00,10.5,11,10,10.8,1,7', //            5 malformed_row (7 fields)
  '2024-13-01 00:01:00,10.5,11,10,10.8,1', //              6 bad_time (month 13)
  'yesterday,10.5,11,10,10.8,1', //                        7 bad_time
  '2024-01-01 00:01:00,0,11,10,10.8,1', //                 8 non_positive_price
  '2024-01-01 00:01:00,10.5,11,-1,10.8,1', //              9 non_positive_price
  '2024-01-01 00:01:00,10.5,10.6,10,10.8,1', //           10 high_below_open_close
  '2024-01-01 00:01:00,10.5,11,10.6,10.8,1', //           11 low_above_open_close
  '2024-01-01 00:01:00,10.5,11,10,10.8,-5', //            12 bad_volume
  '2024-01-01 00:01:00,10.5,11,10,10.8,2', //             13 ok
  '', //                                                  14 blank: ignored, not a row
  '2024-01-01 00:01:00,10.8,11,10,10.9,3', //             15 duplicate_time
  '2024-01-01 00:00:30,10.8,11,10,10.9,3', //             16 out_of_order_time
  '2024-01-01 00:02:00,10.8,11,10,10.9,', //              17 ok, empty volume = 0
  '2024-01-01 00:03:00,nan,11,10,10.9,1', //              18 malformed_row
].join('\n');

test('CSV: each bad row counted under its reason with its line number', () => {
  const series = read('bad.csv', `${CSV}\n`);
  assert.is(series.count, 3);
  assert.equal(Array.from(series.close), [10.5, 10.8, 10.9]);
  assert.equal(Array.from(series.volume), [100, 2, 0]);
  assert.is(series.rowsRead, 16);
  assert.equal(byReason(series.rejects), {
    malformed_row: 4, bad_time: 2, non_positive_price: 2, high_below_open_close: 1, low_above_open_close: 1,
    bad_volume: 1, duplicate_time: 1, out_of_order_time: 1,
  });
  const file = path.join(dir, 'bad.csv');
  assert.is(series.rejectSummary, `${file}: skipped 13 of 16 rows: malformed_row 4 (lines 3, 4, 5, 18); bad_time 2 (lines 6, 7); `
    + 'non_positive_price 2 (lines 8, 9); high_below_open_close 1 (line 10); low_above_open_close 1 (line 11); '
    + 'bad_volume 1 (line 12); duplicate_time 1 (line 15); out_of_order_time 1 (line 16)');
});

test('the summary lists only the first few line numbers per reason', () => {
  const rows = ['time,open,high,low,close,volume'];
  for (let k = 0; k < 9; k++) rows.push(`${1_700_000_000 + k * 60},1,0.5,0.4,1,1`);
  rows.push('1700009999,1,2,0.5,1.5,1');
  const series = read('many.csv', rows.join('\n'), 3);
  assert.is(series.count, 1);
  assert.is(series.rejects[CandleReject.HighBelowOpenClose], 9);
  assert.match(series.rejectSummary, /high_below_open_close 9 \(lines 2, 3, 4, \.\.\.\)$/);
});

test('JSON: malformed elements counted by element number; the rest is read', () => {
  const text = '[[1700000000000, 1, 2, 0.5, 1.5, 10],\n'
    + ' [1700000060000, 1, 2, 0.5, 1.5],\n' //                    2: five values
    + ' [1700000120000, "1", 2, 0.5, 1.5, 1],\n' //              3: a string
    + ' {"t": 1700000180000},\n' //                                4: not an array
    + ' [1700000240000, null, 2, 0.5, 1.5, 1],\n' //              5: null price
    + ' [1700000300000, 1, 2, 0.5, 1.5, null, 7],\n' //           6: seven values
    + ' [1700000360000, 1, 2, 1.2, 1.5, 1],\n' //                 7: low_above_open_close
    + ' [1700000420000, 1, 2, 0.5, 1.5, null]]\n'; //             8: ok, volume 0
  const series = read('bad.json', text);
  assert.is(series.count, 2);
  assert.equal(Array.from(series.openTimeUs), [1_700_000_000_000_000, 1_700_000_420_000_000]);
  assert.equal(Array.from(series.volume), [10, 0]);
  assert.equal(byReason(series.rejects), { malformed_row: 5, low_above_open_close: 1 });
  assert.match(series.rejectSummary, /malformed_row 5 \(elements 2, 3, 4, 5, 6\); low_above_open_close 1 \(element 7\)$/);
});

test('JSON with a NaN or Infinity (Python\'s json.dumps): that element is skipped, the rest is read', () => {
  const text = '[[1700000000000, 1, 2, 0.5, 1.5, 10],\n'
    + ' [1700000060000, NaN, 2, 0.5, 1.5, 10],\n'
    + ' [1700000120000, 1, Infinity, 0.5, 1.5, 10],\n'
    + ' [1700000180000, 1, 2, 0.5, 1.5, 10],\n'
    + ' [1700000240000, 1, 2, 0.5, 1.6, 10]]\n';
  const series = read('nan.json', text);
  assert.is(series.count, 3);
  assert.is(series.rowsRead, 5);
  assert.match(series.rejectSummary, /malformed_row 2 \(elements 2, 3\)$/);
});

test('JSON cut short: the bars before the cut are kept, the unreadable rest is one malformed element', () => {
  const whole = '[[1700000000000,1,2,0.5,1.5,10],[1700000060000,1,2,0.5,1.5,10],[1700000120000,1,2,0.5,1.5,10]]';
  for (const cut of [whole.length - 1, whole.length - 10, whole.indexOf('],[') + 2]) {
    const series = read('cut.json', whole.slice(0, cut));
    const complete = cut === whole.length - 1 ? 3 : cut === whole.length - 10 ? 2 : 1;
    assert.is(series.count, complete, `cut at ${cut}`);
    assert.is(series.rejects[CandleReject.MalformedRow], 1, `cut at ${cut}`);
  }
});

test('a row-level reject never throws, even when nothing is left', () => {
  const series = read('none-left.csv', 'time,open,high,low,close,volume\n1700000000,-1,1,1,1,1\n1700000060,x,1,1,1,1\n');
  assert.is(series.count, 0);
  assert.is(series.intervalUs, 0);
  assert.equal(byReason(series.rejects), { malformed_row: 1, non_positive_price: 1 });
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
