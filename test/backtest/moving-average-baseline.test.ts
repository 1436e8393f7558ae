// The naive 20/50 crossover: long from the close after the fast average first rises above the
// slow one, flat when it falls back, liquidated at the last close; too few bars never trade.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { movingAverageCrossover } from '../../src/backtest/baselines.js';
import { DAY_US } from './fixture.js';

const prices = (close: number[]) => ({ timeUs: close.map((_, i) => i * DAY_US), symbols: [{ symbol: 'A', assetClass: 'crypto' as const, close }] });

test('a steady rise: the signal of bar 49 (first with 50 closes) is bought at bar 50, sold at the end', () => {
  const close = Array.from({ length: 60 }, (_, i) => 100 + i);
  const r = movingAverageCrossover(prices(close), { startingEquityUsd: 1000, feeRate: 0 });
  assert.equal(r.fills.map((f) => [f.side, f.timeUs / DAY_US, f.price]), [['buy', 50, 150], ['sell', 59, 159]]);
  assert.ok(Math.abs(r.equity[59].equityUsd - (1000 * 159) / 150) < 1e-9);
});

test('rise then fall: sells the close after the fast average drops below the slow one', () => {
  const close = [...Array.from({ length: 70 }, (_, i) => 100 + i), ...Array.from({ length: 40 }, (_, i) => 168 - 3 * i)];
  const r = movingAverageCrossover(prices(close), { startingEquityUsd: 1000, feeRate: 0.001 });
  assert.is(r.fills.length, 2);
  const sell = r.fills[1];
  const t = sell.timeUs / DAY_US;
  const sma = (end: number, n: number) => close.slice(end - n + 1, end + 1).reduce((s, v) => s + v, 0) / n;
  assert.ok(sma(t - 1, 20) <= sma(t - 1, 50) && sma(t - 2, 20) > sma(t - 2, 50), `sold at ${t}`);
  assert.is(sell.feeUsd, sell.qty * sell.price * 0.001);
});

test('49 bars: never trades, equity stays at the start', () => {
  const r = movingAverageCrossover(prices(Array.from({ length: 49 }, (_, i) => 100 + i)), { startingEquityUsd: 1000, feeRate: 0.001 });
  assert.is(r.fills.length, 0);
  assert.ok(r.equity.every((p) => p.equityUsd === 1000));
});

test.run();
