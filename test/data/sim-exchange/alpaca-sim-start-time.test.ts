// Where the simulated Alpaca stream starts its clock when told nothing: inside a session it is
// now; outside (night, weekend) it is the last open, so trading is seen at once and no timestamp
// is ever ahead of the wall clock. Opens are checked against Intl's New York clock.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { alpacaSimStartUs, mostRecentUsOpenUs } from '../../../src/data/sim-exchange/alpaca-sim-start-time.js';
import { AlpacaSimExchange } from '../../../src/data/sim-exchange/alpaca-sim-exchange.js';

const fmt = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York', hour12: false, weekday: 'short', hour: '2-digit', minute: '2-digit',
});
function nyClock(us: number): string {
  const p = Object.fromEntries(fmt.formatToParts(new Date(us / 1000)).map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.hour}:${p.minute}`;
}
const utc = (y: number, mo: number, d: number, h: number, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi) * 1000;

test('the most recent open: same day after the open, previous weekday before it, Friday from a weekend', () => {
  assert.is(mostRecentUsOpenUs(utc(2024, 3, 4, 16)), utc(2024, 3, 4, 14, 30), 'Monday midday (EST)');
  assert.is(mostRecentUsOpenUs(utc(2024, 3, 4, 12)), utc(2024, 3, 1, 14, 30), 'Monday before the open: Friday');
  assert.is(mostRecentUsOpenUs(utc(2024, 3, 9, 12)), utc(2024, 3, 8, 14, 30), 'Saturday: Friday');
  assert.is(mostRecentUsOpenUs(utc(2024, 3, 11, 3)), utc(2024, 3, 8, 14, 30), 'Monday 03:00 UTC, after the DST switch');
  assert.is(mostRecentUsOpenUs(utc(2024, 7, 10, 23)), utc(2024, 7, 10, 13, 30), 'summer evening (EDT)');
  assert.is(mostRecentUsOpenUs(utc(2024, 7, 10, 13, 30)), utc(2024, 7, 10, 13, 30), 'exactly at the open');
});

test('default start: now inside a session, the last open outside; every hour of two weeks lands on an open or in a session', () => {
  const inside = utc(2024, 7, 10, 15, 7);
  assert.is(alpacaSimStartUs(inside), inside);
  const from = utc(2024, 3, 2, 0);
  for (let h = 0; h < 24 * 14; h++) {
    const now = from + h * 3_600_000_000 + 17 * 60_000_000;
    const start = alpacaSimStartUs(now);
    assert.ok(start <= now, 'never in the future');
    const ny = nyClock(start);
    if (start === now) {
      const [wd, hm] = ny.split(' ');
      assert.ok(!['Sat', 'Sun'].includes(wd) && hm >= '09:30' && hm < '16:00', `inside a session: ${ny}`);
    } else {
      assert.match(ny, /^(Mon|Tue|Wed|Thu|Fri) 09:30$/, `an open: ${ny}`);
      assert.ok(now - start < 4 * 86_400_000_000, 'within the last few days');
    }
  }
});

test('the exchange started on a Sunday trades at once from Friday\'s open', () => {
  const sunday = utc(2024, 3, 10, 18);
  const ex = new AlpacaSimExchange({ symbols: ['AAPL'], annualVol: 0.3, seed: 1, eventsPerSecond: 1000, startEpochUs: alpacaSimStartUs(sunday) });
  assert.is(ex.startEpochUs, utc(2024, 3, 8, 14, 30));
  assert.is(ex.nowUs(), utc(2024, 3, 8, 14, 30), 'the model does not jump ahead: the start is an open');
});

test.run();
