// The integer-arithmetic session calendar agrees with the IANA time zone database (via Intl) on
// the New York wall-clock time of every open and close, across DST switches, for several years.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nextUsEquitySession, isUsEasternDst, daysFromCivil, yearOfDays, weekdayOfDays } from '../../src/data/us-equity-session.js';

const fmt = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York', hour12: false, weekday: 'short', hour: '2-digit', minute: '2-digit',
});
function nyClock(us: number): string {
  const parts = Object.fromEntries(fmt.formatToParts(new Date(us / 1000)).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.hour}:${parts.minute}`;
}

test('calendar helpers round-trip and know their weekdays', () => {
  assert.is(daysFromCivil(1970, 1, 1), 0);
  assert.is(weekdayOfDays(0), 4); // Thursday
  assert.is(daysFromCivil(2000, 3, 1), Date.UTC(2000, 2, 1) / 86_400_000);
  for (let d = -800; d < 40_000; d += 37) assert.is(yearOfDays(d), new Date(d * 86_400_000).getUTCFullYear());
  assert.ok(isUsEasternDst(daysFromCivil(2024, 3, 11)));   // Monday after the switch
  assert.not.ok(isUsEasternDst(daysFromCivil(2024, 3, 8))); // Friday before
  assert.ok(isUsEasternDst(daysFromCivil(2024, 11, 1)));   // Friday before the November switch
  assert.not.ok(isUsEasternDst(daysFromCivil(2024, 11, 4)));
});

test('every session from 2019 to 2027 opens at 09:30 and closes at 16:00 New York time, weekdays only', () => {
  const out = new Float64Array(2);
  let t = Date.UTC(2019, 0, 1) * 1000;
  const end = Date.UTC(2027, 11, 31) * 1000;
  let sessions = 0;
  while (t < end) {
    nextUsEquitySession(t, out);
    const [open, close] = out;
    const o = nyClock(open);
    const c = nyClock(close);
    if (!/^(Mon|Tue|Wed|Thu|Fri) 09:30$/.test(o) || !/^(Mon|Tue|Wed|Thu|Fri) 16:00$/.test(c)) {
      assert.unreachable(`session ${new Date(open / 1000).toISOString()}: ${o} - ${c}`);
    }
    assert.is(close - open, 6.5 * 3600e6);
    sessions++;
    t = close;
  }
  assert.ok(sessions > 2300 && sessions < 2400, `${sessions} sessions`); // ~261 weekdays a year
});

test('a time inside a session returns that session', () => {
  const out = new Float64Array(2);
  const noonNy = Date.UTC(2024, 6, 10, 16) * 1000; // Wed 12:00 EDT
  nextUsEquitySession(noonNy, out);
  assert.is(out[0], Date.UTC(2024, 6, 10, 13, 30) * 1000);
  assert.is(out[1], Date.UTC(2024, 6, 10, 20) * 1000);
});

test.run();
