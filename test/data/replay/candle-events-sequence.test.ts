// The exact events of a hand-made up bar and down bar: the price path (open, low, high, close up;
// open, high, low, close down), quarter-interval timestamps, quote then trade per point, sides,
// spreads, sizes and counts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CandleEventSource, EVENTS_PER_BAR } from '../../../src/data/replay/candle-events.js';
import { CandleSeriesBuilder, type CandleSeries } from '../../../src/data/replay/candle-series.js';
import { EventKind, MARKET_EVENT_F64, MarketEvent } from '../../../src/data/synthetic-market.js';

const T = Date.UTC(2024, 0, 2, 10, 0) * 1000;
const MINUTE = 60_000_000;

function series(bars: number[][]): CandleSeries {
  const builder = new CandleSeriesBuilder('hand-made', 'csv-ohlcv', 'line');
  bars.forEach(([t, o, h, l, c, v], k) => builder.add(k + 1, t, o, h, l, c, v));
  return builder.finish();
}
function drain(source: CandleEventSource): number[][] {
  const out = new Float64Array(MARKET_EVENT_F64);
  const events: number[][] = [];
  while (source.next(out)) events.push(Array.from(out));
  return events;
}
const field = (events: number[][], slot: number): number[] => events.map((e) => e[slot]);

const UP_THEN_DOWN = series([
  [T, 100, 104, 98, 102, 40], // up bar: 100 -> 98 -> 104 -> 102, volume 40 -> size 10
  [T + MINUTE, 102, 103, 95, 96, 0], // down bar: 102 -> 103 -> 95 -> 96, no volume -> default size
]);

test('an up bar then a down bar: kinds, times, prices, sides and sizes', () => {
  const source = new CandleEventSource(UP_THEN_DOWN, 7);
  const events = drain(source);
  assert.is(events.length, 2 * EVENTS_PER_BAR);
  assert.equal(field(events, MarketEvent.kind), Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? EventKind.Quote : EventKind.Trade)));
  assert.ok(events.every((e) => e[MarketEvent.symbol] === 7));
  const q = MINUTE / 4;
  assert.equal(field(events, MarketEvent.ts), [
    T, T, T + q, T + q, T + 2 * q, T + 2 * q, T + 3 * q, T + 3 * q,
    T + MINUTE, T + MINUTE, T + MINUTE + q, T + MINUTE + q, T + MINUTE + 2 * q, T + MINUTE + 2 * q, T + MINUTE + 3 * q, T + MINUTE + 3 * q,
  ]);
  assert.equal(field(events, MarketEvent.price), [100, 100, 98, 98, 104, 104, 102, 102, 102, 102, 103, 103, 95, 95, 96, 96]);
  // Trades: first has no previous point; the down bar's open equals the up bar's close.
  assert.equal(field(events, MarketEvent.side), [0, 0, 0, -1, 0, 1, 0, -1, 0, 0, 0, 1, 0, -1, 0, 1]);
  assert.equal(field(events, MarketEvent.size), [0, 10, 0, 10, 0, 10, 0, 10, 0, 1, 0, 1, 0, 1, 0, 1]);
  assert.equal(field(events, MarketEvent.bidSize), [10, 10, 10, 10, 10, 10, 10, 10, 1, 1, 1, 1, 1, 1, 1, 1]);
  assert.equal(field(events, MarketEvent.askSize), field(events, MarketEvent.bidSize));
  for (const e of events) {
    const p = e[MarketEvent.price];
    assert.is(e[MarketEvent.bid], p - p * 0.5e-4); // default spread: 1 bp of the price
    assert.is(e[MarketEvent.ask], p + p * 0.5e-4);
  }
  assert.is(source.barsRead, 2);
  assert.is(source.eventsEmitted, 16);
});

test('after the last event next() returns false and writes nothing', () => {
  const source = new CandleEventSource(UP_THEN_DOWN, 0);
  drain(source);
  const out = new Float64Array(MARKET_EVENT_F64).fill(-7);
  assert.is(source.next(out), false);
  assert.ok(out.every((v) => v === -7));
  assert.is(source.nextEventTs[0], Infinity);
  assert.is(source.eventsEmitted, 16);
});

test('events are written at `base` and counted bar by bar', () => {
  const source = new CandleEventSource(UP_THEN_DOWN, 3);
  const out = new Float64Array(3 * MARKET_EVENT_F64);
  const base = 2 * MARKET_EVENT_F64;
  assert.is(source.barsRead, 0);
  assert.is(source.nextEventTs[0], T);
  assert.ok(source.next(out, base));
  assert.is(out[base + MarketEvent.symbol], 3);
  assert.is(out[base + MarketEvent.ts], T);
  assert.ok(out.subarray(0, base).every((v) => v === 0));
  assert.is(source.barsRead, 1);
  for (let i = 1; i < EVENTS_PER_BAR; i++) source.next(out, base);
  assert.is(source.barsRead, 1);
  source.next(out, base);
  assert.is(source.barsRead, 2);
  assert.is(source.eventsEmitted, 9);
});

test('tick rounding: nearest tick, or the one-tick market when the spread rounds away', () => {
  const wide = drain(new CandleEventSource(series([[T, 98, 98, 98, 98, 4]]), 0, { spreadBps: 100, tickSize: 0.5, intervalUs: MINUTE }));
  assert.equal([wide[0][MarketEvent.bid], wide[0][MarketEvent.ask]], [97.5, 98.5]); // 98 -/+ 0.49
  const narrow = drain(new CandleEventSource(series([[T, 100, 100, 100, 100, 4]]), 0, { spreadBps: 10, tickSize: 0.5, intervalUs: MINUTE }));
  assert.equal([narrow[0][MarketEvent.bid], narrow[0][MarketEvent.ask]], [100, 100.5]); // 0.05 rounds to nothing
  const tiny = drain(new CandleEventSource(series([[T, 0.2, 0.2, 0.2, 0.2, 4]]), 0, { tickSize: 1, intervalUs: MINUTE }));
  assert.equal([tiny[0][MarketEvent.bid], tiny[0][MarketEvent.ask]], [1, 2]); // bid never below one tick
});

test('quote-currency volume is turned into base size at each point', () => {
  const events = drain(new CandleEventSource(series([[T, 100, 200, 50, 100, 400]]), 0, { volumeInQuote: true, intervalUs: MINUTE }));
  assert.equal(field(events, MarketEvent.size).filter((_, i) => i % 2 === 1), [1, 2, 0.5, 1]);
  const unknown = drain(new CandleEventSource(series([[T, 100, 200, 50, 100, 0]]), 0, { defaultSize: 0.25, intervalUs: MINUTE }));
  assert.equal(field(unknown, MarketEvent.size).filter((_, i) => i % 2 === 1), [0.25, 0.25, 0.25, 0.25]);
});

test('a bar followed sooner than the interval spreads its points over the shorter span', () => {
  const s = series([[T, 10, 11, 9, 10, 4], [T + 30_000_000, 10, 11, 9, 10, 4], [T + MINUTE + 30_000_000, 10, 11, 9, 10, 4]]);
  const events = drain(new CandleEventSource(s, 0, { intervalUs: MINUTE }));
  const quoteTimes = field(events, MarketEvent.ts).filter((_, i) => i % 2 === 0);
  assert.equal(quoteTimes.map((t) => t - T), [
    0, 7_500_000, 15_000_000, 22_500_000,
    30_000_000, 45_000_000, 60_000_000, 75_000_000,
    90_000_000, 105_000_000, 120_000_000, 135_000_000,
  ]);
});

test('constructor refuses bad options and a series it cannot replay', () => {
  assert.throws(() => new CandleEventSource(UP_THEN_DOWN, 0, { spreadBps: 0 }), /spreadBps/);
  assert.throws(() => new CandleEventSource(UP_THEN_DOWN, 0, { tickSize: -1 }), /tickSize/);
  assert.throws(() => new CandleEventSource(UP_THEN_DOWN, 0, { defaultSize: NaN }), /defaultSize/);
  assert.throws(() => new CandleEventSource(UP_THEN_DOWN, -1), /symbol/);
  assert.throws(() => new CandleEventSource(series([[T, 1, 1, 1, 1, 1]]), 0), /pass options\.intervalUs/);
  const broken = { ...UP_THEN_DOWN, high: Float64Array.from([99, 103]) };
  assert.throws(() => new CandleEventSource(broken, 0), /bar 0 is not a valid candle/);
});

test.run();
