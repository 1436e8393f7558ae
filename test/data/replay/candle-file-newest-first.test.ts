// A file written newest-first (as old Yahoo exports were) is read in reverse, so the series is
// still oldest-first; a stray out-of-order row in an ascending file is a reject, not re-sorted.
// Gzip-compressed files read like the plain ones.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readCandleFile } from '../../../src/data/replay/candle-file.js';
import { CandleReject } from '../../../src/data/replay/candle-series.js';

const dir = mkdtempSync(path.join(tmpdir(), 'candle-order-'));
function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

const ASCENDING = [
  'Date,Open,High,Low,Close,Adj Close,Volume',
  '2015-12-28,33.5,33.9,33.2,33.6,33.6,100',
  '2015-12-29,33.6,34.1,33.5,34.0,34.0,200',
  '2015-12-30,34.0,34.0,33.3,33.4,33.4,300',
  '2015-12-31,33.2,33.7,33.1,33.3,33.3,400',
];

test('newest-first file: read in reverse, flagged, nothing rejected', () => {
  const descending = [ASCENDING[0], ...ASCENDING.slice(1).reverse()].join('\n');
  const series = readCandleFile(write('desc.csv', descending));
  assert.is(series.reversed, true);
  assert.is(series.rejectSummary, '');
  assert.equal(Array.from(series.openTimeUs), [28, 29, 30, 31].map((d) => Date.UTC(2015, 11, d) * 1000));
  assert.equal(Array.from(series.volume), [100, 200, 300, 400]);
});

test('one row out of place in an ascending file is rejected, not moved', () => {
  const shuffled = [ASCENDING[0], ASCENDING[1], ASCENDING[3], ASCENDING[2], ASCENDING[4]].join('\n');
  const series = readCandleFile(write('shuffled.csv', shuffled));
  assert.is(series.reversed, false);
  assert.equal(Array.from(series.volume), [100, 300, 400]);
  assert.is(series.rejects[CandleReject.OutOfOrderTime], 1);
  assert.match(series.rejectSummary, /out_of_order_time 1 \(line 4\)$/);
});

test('a gzip-compressed file reads as its content', () => {
  const text = ASCENDING.join('\n');
  const plain = readCandleFile(write('plain.csv', text));
  const packed = readCandleFile(write('packed.csv.gz', gzipSync(Buffer.from(text))));
  assert.is(packed.format, 'yahoo-daily');
  assert.equal(Array.from(packed.close), Array.from(plain.close));
  assert.equal(Array.from(packed.openTimeUs), Array.from(plain.openTimeUs));
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
