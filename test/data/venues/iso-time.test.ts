// readIsoMicros agrees with Date.parse to the millisecond over random instants 1970-2200, keeps
// the microseconds Date drops, truncates longer fractions, applies offsets, and refuses malformed
// or out-of-range text without touching its output slot.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readIsoMicros } from '../../../src/data/venues/iso-time.js';

const out = new Float64Array(1);
const read = (text: unknown): number => (readIsoMicros(text, out, 0) ? out[0] : NaN);

test('random instants: equal to Date.parse * 1000 plus the sub-millisecond digits', () => {
  let state = 42;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 50_000; i++) {
    const ms = Math.floor(next() * Date.UTC(2200, 0, 1));
    const extra = Math.floor(next() * 1000);
    const iso = new Date(ms).toISOString().replace('Z', `${String(extra).padStart(3, '0')}Z`);
    assert.is(read(iso), ms * 1000 + extra, iso);
  }
});

test('fractions: none, short, 6, 7 and 9 digits (truncated, not rounded); separators and offsets', () => {
  const base = Date.UTC(2021, 1, 22, 15, 51, 45) * 1000;
  assert.is(read('2021-02-22T15:51:45Z'), base);
  assert.is(read('2021-02-22T15:51:45.3Z'), base + 300_000);
  assert.is(read('2021-02-22T15:51:45.335689Z'), base + 335_689);
  assert.is(read('2021-02-22T15:51:45.3355677Z'), base + 335_567);
  assert.is(read('2021-02-22T15:51:45.999999999Z'), base + 999_999);
  assert.is(read('2021-02-22 15:51:45z'), base);
  assert.is(read('2021-02-22T16:51:45.5+01:00'), base + 500_000);
  assert.is(read('2021-02-22T10:21:45-05:30'), base);
  assert.is(read('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29) * 1000);
  assert.is(read('1970-01-01T00:00:00Z'), 0);
});

test('malformed or out of range: refused, output untouched', () => {
  const bad = ['', 'x', 42, null, '2021-02-22', '2021-02-22T15:51:45', '2021-02-22T15:51:45.Z', '2021-02-22T15:51:45.12',
    '2021-13-01T00:00:00Z', '2021-00-01T00:00:00Z', '2021-02-29T00:00:00Z', '2100-02-29T00:00:00Z', '2021-04-31T00:00:00Z',
    '2021-02-22T24:00:00Z', '2021-02-22T23:60:00Z', '2021-02-22T23:59:60Z', '2021-02-22T15:51:45+0100', '2021-02-22T15:51:45+01:00x',
    '2021-02-22X15:51:45Z', '2021/02/22T15:51:45Z', ' 2021-02-22T15:51:45Z', '2021-02-22T15:51:45Z ', '２０２１-02-22T15:51:45Z'];
  for (const text of bad) {
    out[0] = -7;
    assert.not.ok(readIsoMicros(text, out, 0), String(text));
    assert.is(out[0], -7);
  }
});

test.run();
