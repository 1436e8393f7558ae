// A CSV time column may hold epoch seconds, milliseconds, microseconds or nanoseconds (unit by
// magnitude) or ISO-8601 / naive dates, under any of the usual column names, with `,` `;` or TAB,
// CRLF line ends and a byte order mark: all read to the same open times.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCandleFile } from '../../../src/data/replay/candle-file.js';

const T0 = Date.UTC(2024, 1, 29, 13, 45); // ms; a leap day
const TIMES_MS = [T0, T0 + 60_000, T0 + 120_000];
const VALUES = ['100.5,101,100,100.75,12', '100.75,102,100.5,101.5,0', '101.5,101.5,99,99.5,3.25'];

const dir = mkdtempSync(path.join(tmpdir(), 'candle-times-'));
function read(name: string, text: string): ReturnType<typeof readCandleFile> {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return readCandleFile(file);
}
function csv(header: string, times: string[], separator = ',', eol = '\n'): string {
  const rows = times.map((t, k) => [t, ...VALUES[k].split(',')].join(separator));
  return [header.split(',').join(separator), ...rows].join(eol) + eol;
}

const iso = (ms: number): string => new Date(ms).toISOString(); // 2024-02-29T13:45:00.000Z
const CASES: Array<[string, string, string[]]> = [
  ['epoch seconds', 'time,open,high,low,close,volume', TIMES_MS.map((t) => String(t / 1000))],
  ['epoch milliseconds', 'open_time,open,high,low,close,volume', TIMES_MS.map(String)],
  ['epoch microseconds', 'Timestamp,Open,High,Low,Close,Volume', TIMES_MS.map((t) => `${t}000`)],
  ['epoch nanoseconds', 'ts,o,h,l,c,v', TIMES_MS.map((t) => `${t}000000`)],
  ['ISO with Z', 'DateTime,OPEN,HIGH,LOW,CLOSE,VOLUME', TIMES_MS.map(iso)],
  ['ISO with +02:00', 'date,open,high,low,close,volume', TIMES_MS.map((t) => iso(t + 7_200_000).replace('Z', '+02:00'))],
  ['ISO with -0500', 'date,open,high,low,close,volume', TIMES_MS.map((t) => iso(t - 18_000_000).replace('.000Z', '-0500'))],
  ['naive with microseconds', 'timestamp,open,high,low,close,volume', TIMES_MS.map((t) => iso(t).replace('T', ' ').replace('.000Z', '.000000'))],
  ['naive with nanoseconds', 'timestamp,open,high,low,close,volume', TIMES_MS.map((t) => iso(t).replace('.000Z', '.000000000'))],
  ['naive without seconds', 'timestamp,open,high,low,close,volume', TIMES_MS.map((t) => iso(t).slice(0, 16))],
  ['separate date and time columns', 'Date,Time,Open,High,Low,Close,Volume', TIMES_MS.map((t) => `${iso(t).slice(0, 10)},${iso(t).slice(11, 19)}`)],
  ['quoted fields', '"timestamp","open","high","low","close","volume"', TIMES_MS.map((t) => `"${t}"`)],
];

test('every time notation reads to the same open times and values', () => {
  for (const [what, header, times] of CASES) {
    const series = read(`${what.replace(/\W+/g, '-')}.csv`, csv(header, times));
    assert.is(series.rejectSummary, '', what);
    assert.equal(Array.from(series.openTimeUs), TIMES_MS.map((t) => t * 1000), what);
    assert.equal(Array.from(series.close), [100.75, 101.5, 99.5], what);
    assert.equal(Array.from(series.volume), [12, 0, 3.25], what);
    assert.is(series.intervalUs, 60_000_000, what);
  }
});

test('fractional seconds keep microseconds', () => {
  const series = read('fraction.csv', csv('time,open,high,low,close,volume',
    ['2024-02-29 13:45:00.123456', '2024-02-29T13:46:00.5Z', '1709214420.25']));
  assert.equal(Array.from(series.openTimeUs), [T0 * 1000 + 123_456, (T0 + 60_000) * 1000 + 500_000, (T0 + 120_000) * 1000 + 250_000]);
});

test('semicolon and TAB delimiters, CRLF line ends and a byte order mark', () => {
  const times = TIMES_MS.map(String);
  const a = read('semicolon.csv', `\uFEFF${csv('time,open,high,low,close,volume', times, ';', '\r\n')}`);
  const b = read('tab.tsv', csv('time,open,high,low,close,volume', times, '\t'));
  for (const series of [a, b]) {
    assert.is(series.rejectSummary, '');
    assert.equal(Array.from(series.openTimeUs), TIMES_MS.map((t) => t * 1000));
    assert.equal(Array.from(series.high), [101, 102, 101.5]);
  }
});

test('a missing volume column reads as zero volume', () => {
  const rows = TIMES_MS.map((t, k) => `${t},${VALUES[k].split(',').slice(0, 4).join(',')}`);
  const series = read('no-volume.csv', `time,open,high,low,close\n${rows.join('\n')}\n`);
  assert.is(series.count, 3);
  assert.equal(Array.from(series.volume), [0, 0, 0]);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
