// Yahoo daily CSVs (backtrader's nvda/orcl/yhoo): every trading day read, opening at 00:00 UTC
// of its date, with Close (not the dividend-adjusted Adj Close); weekends and holidays are
// missing bars, not rejects.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { readCandleFile } from '../../../src/data/replay/candle-file.js';
import { sharedFile } from '../../support/shared-data.js';

const FILES: Array<[string, number]> = [
  ['stocks/candles/backtrader/nvda-1999-2014.txt', 4012],
  ['stocks/candles/backtrader/orcl-1995-2014.txt', 5036],
  ['stocks/candles/backtrader/yhoo-1996-2015.txt', 4965],
];

test('Yahoo daily files: counts, 00:00 UTC open times, every value as written', () => {
  for (const [name, rows] of FILES) {
    const file = sharedFile(name);
    if (file === null) return;
    const series = readCandleFile(file);
    assert.is(series.format, 'yahoo-daily', name);
    assert.is(series.count, rows, name);
    assert.is(series.rejectSummary, '', name);
    assert.is(series.intervalUs, 86_400_000_000, name);
    assert.ok(series.missingBars > 0, `${name}: weekends are missing bars`);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.is(lines[0], 'Date,Open,High,Low,Close,Adj Close,Volume');
    for (let k = 0; k < rows; k++) {
      const [date, o, h, l, c, , v] = lines[k + 1].split(',');
      const want = [Date.parse(`${date}T00:00:00Z`) * 1000, Number(o), Number(h), Number(l), Number(c), Number(v)];
      const got = [series.openTimeUs[k], series.open[k], series.high[k], series.low[k], series.close[k], series.volume[k]];
      for (let f = 0; f < 6; f++) if (got[f] !== want[f]) assert.unreachable(`${name} line ${k + 2} field ${f}: ${got[f]} vs ${want[f]}`);
    }
  }
});

test('NVDA first bar: 1999-01-22 at 00:00 UTC, close 1.640625 rather than Adj Close 1.518424', () => {
  const file = sharedFile(FILES[0][0]);
  if (file === null) return;
  const series = readCandleFile(file);
  assert.is(series.openTimeUs[0], Date.UTC(1999, 0, 22) * 1000);
  assert.is(series.open[0], 1.75);
  assert.is(series.close[0], 1.640625);
  assert.is(series.volume[0], 67_867_200);
});

test.run();
