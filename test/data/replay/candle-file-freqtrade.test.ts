// freqtrade candle JSON reads exactly as JSON.parse would give it; gaps are missing bars, not
// rejects; null volume is 0; funding-rate files (rate in the open column, zeros elsewhere) are
// refused row by row as non-positive prices.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { readCandleFile } from '../../../src/data/replay/candle-file.js';
import { CandleReject } from '../../../src/data/replay/candle-series.js';
import { sharedFile } from '../../support/shared-data.js';

const DIR = 'crypto/candles/freqtrade/';
const CANDLE_FILES = [
  'ADA_BTC-5m.json', 'DASH_BTC-5m.json', 'ETC_BTC-5m.json', 'ETH_BTC-5m.json', 'LTC_BTC-5m.json', 'NXT_BTC-5m.json',
  'TRX_BTC-5m.json', 'UNITTEST_BTC-1m.json', 'UNITTEST_BTC-30m.json', 'XLM_BTC-5m.json', 'XMR_BTC-5m.json',
  'XRP_ETH-1m.json', 'XRP_ETH-5m.json', 'ZEC_BTC-5m.json', 'futures/XRP_USDT_USDT-1h-futures.json',
  'futures/XRP_USDT_USDT-1h-mark.json', 'futures/XRP_USDT_USDT-5m-futures.json', 'futures/XRP_USDT_USDT-8h-mark.json',
];

test('ADA_BTC-5m: 5,720 bars; its 40 missing candles are gaps, not rejects', () => {
  const file = sharedFile(`${DIR}ADA_BTC-5m.json`);
  if (file === null) return;
  const series = readCandleFile(file);
  assert.is(series.format, 'freqtrade-json');
  assert.is(series.count, 5720);
  assert.is(series.rejectSummary, '');
  assert.is(series.intervalUs, 300_000_000);
  assert.is(series.missingBars, 40); // 5,760 possible candles in the span
  assert.ok(series.gapCount > 0 && series.gapCount <= 40);
  const spanBars = (series.openTimeUs[series.count - 1] - series.openTimeUs[0]) / series.intervalUs + 1;
  assert.is(spanBars, 5760);
  assert.is(series.openTimeUs[0], Date.UTC(2018, 0, 10, 4, 55) * 1000);
});

test('every freqtrade candle file equals JSON.parse of it, value for value', () => {
  for (const name of CANDLE_FILES) {
    const file = sharedFile(DIR + name);
    if (file === null) return;
    const rows = JSON.parse(readFileSync(file, 'utf8')) as Array<Array<number | null>>;
    const series = readCandleFile(file);
    assert.is(series.count, rows.length, name);
    assert.is(series.rejectSummary, '', name);
    for (let k = 0; k < rows.length; k++) {
      const [t, o, h, l, c, v] = rows[k];
      const got = [series.openTimeUs[k], series.open[k], series.high[k], series.low[k], series.close[k], series.volume[k]];
      const want = [(t as number) * 1000, o, h, l, c, v ?? 0];
      for (let f = 0; f < 6; f++) if (got[f] !== want[f]) assert.unreachable(`${name} element ${k + 1} value ${f}: ${got[f]} vs ${want[f]}`);
    }
  }
});

test('null volume (mark-price candles) reads as 0', () => {
  const file = sharedFile(`${DIR}futures/XRP_USDT_USDT-1h-mark.json`);
  if (file === null) return;
  const series = readCandleFile(file);
  assert.is(series.count, 100);
  assert.ok(series.volume.every((v) => v === 0));
});

test('funding-rate file: every row refused as non_positive_price, none thrown', () => {
  const file = sharedFile(`${DIR}futures/XRP_USDT_USDT-8h-funding_rate.json`);
  if (file === null) return;
  const series = readCandleFile(file);
  assert.is(series.count, 0);
  assert.is(series.rowsRead, 91);
  assert.is(series.rejects[CandleReject.NonPositivePrice], 91);
  assert.match(series.rejectSummary, /skipped 91 of 91 rows: non_positive_price 91 \(elements 1, 2, 3, 4, 5, \.\.\.\)$/);
});

test.run();
