// `--from` / `--to`: UTC unless the text says otherwise, whatever the machine's time zone; forms
// Date.parse would read in local time, or roll over (February 31st), are refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseWindowTimeMs } from '../../src/backtest/window-time.js';

const utc = (iso: string) => Date.parse(iso);

test('years, dates and times are UTC; a space may stand for the T', () => {
  assert.is(parseWindowTimeMs('2022'), utc('2022-01-01T00:00:00Z'));
  assert.is(parseWindowTimeMs('2022-01-05'), utc('2022-01-05T00:00:00Z'));
  assert.is(parseWindowTimeMs('2022-01-05T12:00'), utc('2022-01-05T12:00:00Z'));
  assert.is(parseWindowTimeMs('2022-01-05 12:00'), utc('2022-01-05T12:00:00Z'));
  assert.is(parseWindowTimeMs('2022-01-05 12:00:30.25'), utc('2022-01-05T12:00:30.250Z'));
});

test('an offset, in any of its forms, is honoured', () => {
  const one = utc('2022-01-04T23:00:00Z');
  for (const t of ['2022-01-05T00:00+01', '2022-01-05T00:00+01:00', '2022-01-05T00:00+0100']) assert.is(parseWindowTimeMs(t), one, t);
  assert.is(parseWindowTimeMs('2022-01-05T00:00-05:00'), utc('2022-01-05T05:00:00Z'));
});

test('anything else is NaN', () => {
  for (const t of ['2022/01/05', '2022-02-31', '05.01.2022', 'yesterday', '', '2022Z', '2022-1-5']) assert.ok(Number.isNaN(parseWindowTimeMs(t)), t);
});

test.run();
