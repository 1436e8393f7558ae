// Merging sources replays all their events in timestamp order; equal timestamps go to the source
// listed first, and each source's own order is kept.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CandleEventSource, MergedEventSource } from '../../../src/data/replay/candle-events.js';
import { CandleSeriesBuilder, type CandleSeries } from '../../../src/data/replay/candle-series.js';
import { MARKET_EVENT_F64, MarketEvent } from '../../../src/data/synthetic-market.js';

const T = Date.UTC(2024, 0, 2, 10, 0) * 1000;
const S = 1_000_000;

function series(times: number[]): CandleSeries {
  const builder = new CandleSeriesBuilder('hand-made', 'csv-ohlcv', 'line');
  times.forEach((t, k) => builder.add(k + 1, t, 10 + k, 12 + k, 9 + k, 11 + k, 8));
  return builder.finish();
}
function drain(next: (out: Float64Array) => boolean): number[][] {
  const out = new Float64Array(MARKET_EVENT_F64);
  const events: number[][] = [];
  while (next(out)) events.push(Array.from(out));
  return events;
}

// A: 1-minute bars at T, T+60s: points every 15 s. B: 20-second bars at T, T+20s, T+40s: points
// every 5 s. They share the timestamps T, T+15s, T+30s, T+45s, T+60s.
const A = series([T, T + 60 * S]);
const B = series([T, T + 20 * S, T + 40 * S]);

test('merged stream = both streams sorted by ts, ties to the first-listed source', () => {
  const mergedAB = new MergedEventSource([new CandleEventSource(A, 0), new CandleEventSource(B, 1)]);
  const merged = drain((out) => mergedAB.next(out));
  const own = (s: CandleSeries, symbol: number): number[][] => {
    const source = new CandleEventSource(s, symbol);
    return drain((out) => source.next(out));
  };
  const fromA = own(A, 0);
  const fromB = own(B, 1);
  const expected = [...fromA.map((e, i) => ({ e, source: 0, i })), ...fromB.map((e, i) => ({ e, source: 1, i }))]
    .sort((x, y) => x.e[MarketEvent.ts] - y.e[MarketEvent.ts] || x.source - y.source || x.i - y.i)
    .map((x) => x.e);
  assert.is(merged.length, 16 + 24);
  assert.equal(merged, expected);
  assert.is(mergedAB.eventsEmitted, 40);
});

test('at a shared timestamp the first-listed source emits its quote and trade first', () => {
  const ba = new MergedEventSource([new CandleEventSource(B, 1), new CandleEventSource(A, 0)]);
  const events = drain((out) => ba.next(out));
  const at = (ts: number): number[] => events.filter((e) => e[MarketEvent.ts] === ts).map((e) => e[MarketEvent.symbol]);
  assert.equal(at(T), [1, 1, 0, 0]);
  assert.equal(at(T + 15 * S), [1, 1, 0, 0]);
  assert.equal(at(T + 45 * S), [1, 1, 0, 0]);
  assert.equal(at(T + 60 * S), [0, 0]); // B's last bar ends at T+55s
  const ab = new MergedEventSource([new CandleEventSource(A, 0), new CandleEventSource(B, 1)]);
  const swapped = drain((out) => ab.next(out));
  assert.equal(swapped.filter((e) => e[MarketEvent.ts] === T).map((e) => e[MarketEvent.symbol]), [0, 0, 1, 1]);
});

test('timestamps never go backwards, and a rewound merge replays the same stream', () => {
  const mergedAB = new MergedEventSource([new CandleEventSource(A, 0), new CandleEventSource(B, 1)]);
  drain((out) => mergedAB.next(out));
  mergedAB.rewind();
  const again = drain((out) => mergedAB.next(out));
  assert.is(again.length, 40);
  for (let i = 1; i < again.length; i++) assert.ok(again[i][MarketEvent.ts] >= again[i - 1][MarketEvent.ts]);
  mergedAB.rewind();
  assert.equal(drain((out) => mergedAB.next(out)), again);
});

test('a merge needs a source', () => {
  assert.throws(() => new MergedEventSource([]), /at least one source/);
});

test.run();
