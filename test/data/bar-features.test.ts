// Time-bar features of the mid: returns of closed 1 s / 1 min / 5 min bars, ATR and the EMA gap of
// the 1 min bars, checked against bars grouped independently in the test.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ATR_PERIOD, BarFeatureSet, TREND_FAST, TREND_SLOW, VOL_WINDOW } from '../../src/data/bar-features.js';
import { AtrSet } from '../../src/data/indicators/atr.js';
import { EmaSet } from '../../src/data/indicators/ema.js';
import { FeatureEngine } from '../../src/data/feature-engine.js';
import { Features } from '../../src/shm/records.js';

const S = 1_000_000;
const close = (a: number, b: number, msg: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${msg}: ${a} != ${b}`);

function feed(set: BarFeatureSet, symbol: number, tsUs: number, mid: number): void {
  set.onMidFrom(symbol, Float64Array.of(mid, tsUs), 0);
}

test('a bar closes on the first mid of a later second; the return needs two closed bars', () => {
  const set = new BarFeatureSet(2);
  feed(set, 1, 0.1 * S, 100);
  feed(set, 1, 0.5 * S, 101);
  assert.ok(Number.isNaN(set.return1s(1)), 'no bar closed yet');
  feed(set, 1, 1.2 * S, 102); // closes [0 s, 1 s) at 101
  assert.ok(Number.isNaN(set.return1s(1)), 'one closed bar has no return');
  feed(set, 1, 3.7 * S, 103); // closes [1 s, 2 s) at 102; the empty second makes no bar
  close(set.return1s(1), Math.log(102 / 101) * 1e4, 'return1s');
  assert.ok(Number.isNaN(set.return1s(0)), 'the other symbol saw nothing');
  assert.ok(Number.isNaN(set.return1m(1)), 'no minute closed');
});

test('volatility1s is a variance rate over 1 s bars: r^2 / dt, so bars far apart are not read as wild', () => {
  const set = new BarFeatureSet(1);
  feed(set, 0, 0.5 * S, 100);
  feed(set, 0, 1.5 * S, 101); // closes [0, 1) at 100
  assert.ok(Number.isNaN(set.volatility1s(0)));
  feed(set, 0, 3.5 * S, 102); // closes [1, 2) at 101: r = ln(101/100) over 1 s
  const r1 = Math.log(101 / 100);
  close(set.volatility1s(0), Math.abs(r1) * 1e4, 'first rate');
  feed(set, 0, 6.5 * S, 103); // closes [3, 4) at 102: r = ln(102/101) over 2 s
  const r2 = Math.log(102 / 101);
  const rate = r1 * r1 + (2 / (VOL_WINDOW + 1)) * ((r2 * r2) / 2 - r1 * r1);
  close(set.volatility1s(0), Math.sqrt(rate) * 1e4, 'EWMA of the rates');
});

test('ATR, EMA gap and 1 min / 5 min returns follow bars grouped by the test', () => {
  const set = new BarFeatureSet(1);
  const atr = new AtrSet(1, ATR_PERIOD);
  const fast = new EmaSet(1, TREND_FAST);
  const slow = new EmaSet(1, TREND_SLOW);
  const minuteCloses: number[] = [];
  let price = 100;
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let minute = 0; minute < 60; minute++) {
    let high = -Infinity;
    let low = Infinity;
    for (let k = 0; k < 5; k++) {
      price *= Math.exp((rand() - 0.5) * 0.004);
      feed(set, 0, minute * 60 * S + k * 11 * S, price);
      high = Math.max(high, price);
      low = Math.min(low, price);
    }
    // The bar of this minute is only closed by the next minute's first mid: compare lagged.
    atr.update(0, high, low, price);
    fast.update(0, price);
    slow.update(0, price);
    minuteCloses.push(price);
    feed(set, 0, (minute + 1) * 60 * S, price); // opens the next minute at the same mid
    if (minute >= 1) close(set.return1m(0), Math.log(minuteCloses[minute] / minuteCloses[minute - 1]) * 1e4, `return1m at ${minute}`);
    if (atr.ready(0)) close(set.atr1m(0), (atr.value[0] / price) * 1e4, `atr1m at ${minute}`);
    else assert.ok(Number.isNaN(set.atr1m(0)), `atr1m warm-up at ${minute}`);
    if (slow.ready(0)) close(set.trend1m(0), ((fast.value[0] - slow.value[0]) / slow.value[0]) * 1e4, `trend1m at ${minute}`);
    else assert.ok(Number.isNaN(set.trend1m(0)), `trend1m warm-up at ${minute}`);
  }
  // 5 min bars: the last closed one is [50, 55) min (the mid at 60 min opened [60, 65)...
  // and closed [55, 60)), so the return is close(59) over close(54).
  close(set.return5m(0), Math.log(minuteCloses[59] / minuteCloses[54]) * 1e4, 'return5m');
});

test('the feature engine writes the bar features into the Features record', () => {
  const fe = new FeatureEngine(1, { shortWindow: 3, longWindow: 7 });
  const ref = new BarFeatureSet(1);
  let mid = 100;
  for (let i = 0; i < 40 * 60; i++) {
    mid *= i % 3 === 0 ? 1.0004 : 0.9998;
    const ts = i * S;
    fe.onQuote(0, ts, mid - 0.01, 1, mid + 0.01, 1);
    feed(ref, 0, ts, mid);
  }
  const out = new Float64Array(Features.f64);
  assert.ok(fe.write(0, 0, 0, out, 0));
  for (const [slot, want] of [
    [Features.return1s, ref.return1s(0)], [Features.return1m, ref.return1m(0)], [Features.return5m, ref.return5m(0)],
    [Features.atr1m, ref.atr1m(0)], [Features.trend1m, ref.trend1m(0)], [Features.volatility1s, ref.volatility1s(0)],
  ] as const) {
    assert.ok(Number.isFinite(want), `slot ${slot} warmed up after 40 minutes`);
    close(out[slot], want, `slot ${slot}`);
  }
});

test.run();
