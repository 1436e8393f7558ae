// Binance public-data kline CSVs (headerless, 12 columns) read exactly; open times in
// microseconds (newer files) read the same as in milliseconds.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCandleFile } from '../../../src/data/replay/candle-file.js';
import { sharedFile } from '../../support/shared-data.js';

const FILES: Array<[string, number]> = [
  ['crypto/candles/nautilus/ADABTC-1m-2021-11-27.csv', 10],
  ['crypto/candles/nautilus/ADABTC-1m-2021-11-28.csv', 11],
];

test('ADABTC klines: every bar equals its line', () => {
  for (const [name, bars] of FILES) {
    const file = sharedFile(name);
    if (file === null) return;
    const series = readCandleFile(file);
    assert.is(series.format, 'binance-kline', name);
    assert.is(series.count, bars, name);
    assert.is(series.rejectSummary, '', name);
    assert.is(series.intervalUs, 60_000_000, name);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.is(lines.length, bars);
    lines.forEach((line, k) => {
      const f = line.split(',').map(Number);
      assert.equal(
        [series.openTimeUs[k], series.open[k], series.high[k], series.low[k], series.close[k], series.volume[k]],
        [f[0] * 1000, f[1], f[2], f[3], f[4], f[5]],
        `${name} line ${k + 1}`,
      );
    });
  }
});

test('microsecond open and close times read the same as milliseconds', () => {
  const file = sharedFile(FILES[0][0]);
  if (file === null) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'kline-us-'));
  try {
    const micro = readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => {
      const f = line.split(',');
      f[0] = `${f[0]}000`;
      f[6] = `${f[6]}999`;
      return f.join(',');
    });
    const microFile = path.join(dir, 'ADABTC-1m-us.csv');
    writeFileSync(microFile, `${micro.join('\n')}\n`);
    const ms = readCandleFile(file);
    const us = readCandleFile(microFile);
    assert.is(us.format, 'binance-kline');
    assert.equal(Array.from(us.openTimeUs), Array.from(ms.openTimeUs));
    assert.equal(Array.from(us.close), Array.from(ms.close));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
