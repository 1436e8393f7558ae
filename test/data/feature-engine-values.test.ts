// Features computed from a short hand-worked sequence (short window 3 -> alpha 1/2, long window 7
// -> alpha 1/4, volatility window = long window, trade window = short window).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FeatureEngine } from '../../src/data/feature-engine.js';
import { Features } from '../../src/shm/records.js';

const close = (a: number, b: number, msg: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${msg}: ${a} != ${b}`);

function read(fe: FeatureEngine, symbol: number): Float64Array {
  const out = new Float64Array(Features.f64 + 4);
  assert.ok(fe.write(symbol, 12345, 5, out, 4));
  return out.subarray(4);
}

test('no features before the first quote', () => {
  const fe = new FeatureEngine(2, { shortWindow: 3, longWindow: 7 });
  const out = new Float64Array(Features.f64).fill(-1);
  assert.not.ok(fe.write(0, 0, 0, out, 0));
  assert.ok(out.every((v) => v === -1), 'write touched the record');
});

test('first quote: touch, mid EMAs at the mid, microprice, zero volatility', () => {
  const fe = new FeatureEngine(2, { shortWindow: 3, longWindow: 7 });
  assert.ok(fe.onQuote(1, 1_000, 99, 10, 101, 30));
  const f = read(fe, 1);
  assert.is(f[Features.t0], 12345);
  assert.is(f[Features.ts], 1_000);
  assert.is(f[Features.instrument], 1);
  assert.is(f[Features.venue], 5);
  assert.is(f[Features.bid], 99);
  assert.is(f[Features.ask], 101);
  assert.is(f[Features.bidSize], 10);
  assert.is(f[Features.askSize], 30);
  assert.is(f[Features.maShort], 100);
  assert.is(f[Features.maLong], 100);
  // (99*30 + 101*10) / 40: the heavier ask side pulls the microprice towards the bid.
  assert.is(f[Features.microprice], 99.5);
  assert.is(f[Features.volatility], 0);
  // No 1 s bar has closed yet: the time-based features wait for clock time, not updates.
  assert.ok(Number.isNaN(f[Features.return1s]));
  assert.is(f[Features.lastPrice], 0);
});

test('three quotes and three trades', () => {
  const fe = new FeatureEngine(2, { shortWindow: 3, longWindow: 7 });
  fe.onQuote(0, 1, 99, 10, 101, 30);  // mid 100
  fe.onQuote(0, 2, 100, 5, 102, 5);   // mid 101
  fe.onQuote(0, 3, 98, 1, 100, 3);    // mid 99
  let f = read(fe, 0);
  // EMAs: short 100 -> 100.5 -> 99.75; long 100 -> 100.25 -> 99.9375.
  assert.is(f[Features.maShort], 99.75);
  assert.is(f[Features.maLong], 99.9375);
  // Returns ln(101/100) then ln(99/101); variance starts at r1^2, then + 1/4 (r2^2 - var).
  const r1 = Math.log(101 / 100);
  const r2 = Math.log(99 / 101);
  const variance = r1 * r1 + 0.25 * (r2 * r2 - r1 * r1);
  close(f[Features.volatility], Math.sqrt(variance) * 1e4, 'volatility');
  assert.ok(Number.isNaN(f[Features.return1s]), 'three quotes within one second close no 1 s bar');
  assert.is(f[Features.microprice], (98 * 3 + 100 * 1) / 4);
  assert.is(f[Features.ts], 3);

  fe.onTrade(0, 4, 100, 2, 1);   // imbalance 0 + 1/2 (2 - 0) = 1
  fe.onTrade(0, 5, 98, 4, -1);   // 1 + 1/2 (-4 - 1) = -1.5
  fe.onTrade(0, 6, 100, 1, 0);   // unknown side above the mid (99): a buy. -1.5 + 1/2 (1 + 1.5) = -0.25
  f = read(fe, 0);
  assert.is(f[Features.tradeImbalance], -0.25);
  assert.is(f[Features.lastPrice], 100);
  assert.is(f[Features.lastSize], 1);
  assert.is(f[Features.ts], 6);
  // Trades do not move the quote-based features.
  assert.is(f[Features.maShort], 99.75);
  assert.is(f[Features.bid], 98);
});

test('symbols are independent', () => {
  const fe = new FeatureEngine(3, { shortWindow: 3, longWindow: 7 });
  fe.onQuote(0, 1, 99, 1, 101, 1);
  fe.onQuote(2, 1, 9, 1, 11, 1);
  fe.onQuote(2, 2, 10, 1, 12, 1);
  assert.is(read(fe, 0)[Features.maShort], 100);
  assert.is(read(fe, 2)[Features.maShort], 10.5);
  assert.not.ok(fe.write(1, 0, 0, new Float64Array(Features.f64), 0));
});

test('microprice falls back to the mid when both sizes are 0', () => {
  const fe = new FeatureEngine(1, { shortWindow: 3, longWindow: 7 });
  fe.onQuote(0, 1, 99, 0, 101, 0);
  assert.is(read(fe, 0)[Features.microprice], 100);
});

test.run();
