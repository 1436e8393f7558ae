// Line numbers in the reject summary are the file's own, whatever its line endings: a CRLF file
// (Windows, many exported CSVs) names the same lines as its LF twin.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCandleFile } from '../../../src/data/replay/candle-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'candle-crlf-'));
const ROWS = [
  'timestamp,open,high,low,close,volume', //  line 1
  '2024-01-01 00:00:00,10,11,9,10.5,1', //   2
  '2024-01-01 00:01:00,10.5,abc,10,10.8,1', // 3 malformed
  '', //                                      4 blank
  '2024-01-01 00:02:00,10.8,11,10,-1,1', //  5 non-positive
  '2024-01-01 00:03:00,10.8,11,10,10.9,1', // 6
];

for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n']] as const) {
  test(`${name}: the skipped rows are named by their own line numbers`, () => {
    const file = path.join(dir, `${name}.csv`);
    writeFileSync(file, `${ROWS.join(eol)}${eol}`);
    const series = readCandleFile(file);
    assert.is(series.count, 2);
    assert.match(series.rejectSummary, /malformed_row 1 \(line 3\); non_positive_price 1 \(line 5\)$/);
  });
}

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
