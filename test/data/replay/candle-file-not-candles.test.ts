// A file that matches no candle format throws one Error naming the file and the formats
// expected; nothing is guessed from the file name.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCandleFile } from '../../../src/data/replay/candle-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'candle-none-'));

const NOT_CANDLES: Array<[string, string, RegExp]> = [
  ['empty.csv', '', /the file is empty/],
  ['blank.csv', '\n \r\n\n', /the file is empty/],
  ['prose.txt', 'Dear reader, this is a letter.\nNot a table.\n', /first line "Dear reader, this is a letter\."/],
  ['no-close.csv', 'timestamp,open,high,low,volume\n1700000000,1,2,0.5,3\n', /lacks a time, open, high, low or close column/],
  ['trades.csv', 'id,price,qty,quote_qty,time,is_buyer_maker\n1,0.5,2,1,1700000000000,true\n', /lacks a time, open, high, low or close/],
  ['headerless-6.csv', '1700000000000,1,2,0.5,1.5,10\n', /has no header and is not a 12-column Binance kline row/],
  ['headerless-dates.csv', '2006-01-02,3578.73,3605.95,3578.73,3604.33,0,0\n', /has no header/],
  ['object.json', '{"candles": []}', /JSON that is not an array/],
  ['objects.json', '[{"t": 1, "o": 2}]', /a JSON array whose elements are not arrays/],
];

test('each non-candle file throws one clear Error naming it and the accepted formats', () => {
  for (const [name, text, why] of NOT_CANDLES) {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    let error: unknown;
    try {
      readCandleFile(file);
    } catch (e) {
      error = e;
    }
    assert.instance(error, Error, name);
    const message = (error as Error).message;
    assert.ok(message.startsWith(`${file}: not a candle file (`), message);
    assert.match(message, why, name);
    assert.match(message, /expected a CSV with a header .* Binance kline CSV, or a freqtrade JSON array/, name);
  }
});

test('a missing file, or a directory, throws an error naming it, with the file system\'s code', () => {
  const absent = path.join(dir, 'absent.csv');
  try {
    readCandleFile(absent);
    assert.unreachable('read a missing file');
  } catch (err) {
    assert.is((err as Error).message, `${absent}: no such file`);
    assert.is((err as NodeJS.ErrnoException).code, 'ENOENT');
  }
  assert.throws(() => readCandleFile(dir), /is a directory, not a candle file/);
});

test('an empty JSON array is a candle file with no bars', () => {
  const file = path.join(dir, 'empty.json');
  writeFileSync(file, ' [ ] ');
  const series = readCandleFile(file);
  assert.is(series.format, 'freqtrade-json');
  assert.is(series.count, 0);
  assert.is(series.rejectSummary, '');
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
