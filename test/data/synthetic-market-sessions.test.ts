// Stocks trade only inside US regular sessions (checked against Intl's New York clock, across the
// March 2024 DST switch) and gap overnight; crypto trades through the weekend.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SyntheticMarket, MarketEvent, MARKET_EVENT_F64 } from '../../src/data/synthetic-market.js';

const fmt = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York', hour12: false, weekday: 'short', hour: '2-digit', minute: '2-digit',
});
const clockCache = new Map<number, string>();
/** New York weekday and HH:MM of an epoch-µs time (cached per minute: Intl is slow). */
function nyClock(us: number): string {
  const minute = Math.floor(us / 60e6);
  let v = clockCache.get(minute);
  if (v === undefined) {
    const p = Object.fromEntries(fmt.formatToParts(new Date(minute * 60e3)).map((x) => [x.type, x.value]));
    v = `${p.weekday} ${p.hour}:${p.minute}`;
    clockCache.set(minute, v);
  }
  return v;
}
function inSession(us: number): boolean {
  const [wd, hm] = nyClock(us).split(' ');
  if (wd === 'Sat' || wd === 'Sun') return false;
  return hm >= '09:30' && hm < '16:00';
}

test('stocks: every event is inside 09:30-16:00 New York on a weekday, across a DST switch', () => {
  const start = Date.UTC(2024, 2, 8, 20, 0) * 1000; // Fri 8 Mar 2024 15:00 EST, 1 h before the close
  const m = new SyntheticMarket({
    symbols: [{ startPrice: 190, annualVol: 0.3, tickSize: 0.01 }, { startPrice: 420, annualVol: 0.25, tickSize: 0.01 }],
    seed: 5, assetClass: 'stocks', startEpochUs: start, eventsPerSecond: 2,
  });
  const ev = new Float64Array(MARKET_EVENT_F64);
  const days = new Set<string>();
  let prevTs = 0;
  let opensSeen = 0;
  for (let i = 0; i < 300_000; i++) {
    m.next(ev);
    const ts = ev[MarketEvent.ts];
    if (!inSession(ts)) assert.unreachable(`event ${i} at ${new Date(ts / 1000).toISOString()} (${nyClock(ts)} NY)`);
    days.add(new Date(ts / 1000).toISOString().slice(0, 10));
    if (prevTs > 0 && ts - prevTs > 3600e6) {
      // First event after a close: it is right at the next open.
      assert.ok(nyClock(ts).endsWith('09:30') || nyClock(ts).endsWith('09:31'), `after the gap: ${nyClock(ts)}`);
      opensSeen++;
    }
    prevTs = ts;
  }
  // 300k events at 2/s = ~6.4 sessions: Fri 8 Mar, then Mon 11 (first EDT session) onwards.
  assert.ok(days.has('2024-03-08') && days.has('2024-03-11') && days.has('2024-03-15'), [...days].join(','));
  assert.not.ok(days.has('2024-03-09') || days.has('2024-03-10'), 'traded on the weekend');
  assert.ok(opensSeen >= 5, `${opensSeen} session opens`);
});

test('stocks: a start outside the session waits for the next open', () => {
  const saturday = Date.UTC(2024, 5, 8, 12) * 1000;
  const m = new SyntheticMarket({
    symbols: [{ startPrice: 100, annualVol: 0.3, tickSize: 0.01 }], seed: 1, assetClass: 'stocks', startEpochUs: saturday, eventsPerSecond: 10,
  });
  const ev = new Float64Array(MARKET_EVENT_F64);
  m.next(ev);
  assert.is(nyClock(ev[MarketEvent.ts]), 'Mon 09:30');
});

test('stocks: prices gap overnight more than between two events in the session', () => {
  const m = new SyntheticMarket({
    symbols: [{ startPrice: 100, annualVol: 0.4, tickSize: 0.01 }], seed: 11, assetClass: 'stocks',
    startEpochUs: Date.UTC(2024, 0, 2, 15) * 1000, eventsPerSecond: 1, jumpsPerDay: 0,
  });
  const ev = new Float64Array(MARKET_EVENT_F64);
  let prevMid = 0;
  let prevTs = 0;
  const intraday: number[] = [];
  const overnight: number[] = [];
  for (let i = 0; i < 23_400 * 60; i++) {
    m.next(ev);
    const mid = (ev[MarketEvent.bid] + ev[MarketEvent.ask]) / 2;
    if (prevTs > 0) (ev[MarketEvent.ts] - prevTs > 3600e6 ? overnight : intraday).push(Math.log(mid / prevMid) ** 2);
    prevMid = mid;
    prevTs = ev[MarketEvent.ts];
  }
  const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
  assert.ok(overnight.length >= 50, `${overnight.length} overnight gaps`);
  assert.ok(mean(overnight) > 100 * mean(intraday), `overnight ${mean(overnight)} vs intraday ${mean(intraday)}`);
});

test('crypto: trades through the weekend, 24 hours a day', () => {
  const friday = Date.UTC(2024, 5, 7, 18) * 1000;
  const m = new SyntheticMarket({
    symbols: [{ startPrice: 60_000, annualVol: 0.6, tickSize: 0.01 }], seed: 3, assetClass: 'crypto', startEpochUs: friday, eventsPerSecond: 1,
  });
  const ev = new Float64Array(MARKET_EVENT_F64);
  const weekdays = new Set<number>();
  const hours = new Set<number>();
  for (let i = 0; i < 300_000; i++) { // ~3.5 days
    m.next(ev);
    const d = new Date(ev[MarketEvent.ts] / 1000);
    weekdays.add(d.getUTCDay());
    hours.add(d.getUTCHours());
  }
  assert.ok(weekdays.has(6) && weekdays.has(0), `weekdays seen: ${[...weekdays]}`);
  assert.is(hours.size, 24);
});

test.run();
