// Taker walk on real Binance USD-M book snapshots (Tardis, 25 levels a side, 2020-09-01): fills,
// average price, slippage and limits against an independent sum over the same levels; no
// allocation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TAKER_WALK_SLOTS, TakerWalk, walkBook } from '../../src/execution/taker-walk.js';
import { countGcs } from '../../src/shm/allocation-check.js';
import { sharedText } from '../support/shared-data.js';

const text = sharedText('ticks/nautilus/tardis-binance-futures_book_snapshot_25_BTCUSDT.csv');

/** One side of snapshot row `row` (1 = the first), best first, as the CSV orders it. */
function side(which: 'asks' | 'bids', row = 1): { prices: Float64Array; qty: Float64Array } {
  const lines = text!.trim().split('\n');
  const header = lines[0].split(',');
  const cells = lines[row].split(',');
  const prices: number[] = [];
  const qty: number[] = [];
  for (let i = 0; ; i++) {
    const p = header.indexOf(`${which}[${i}].price`);
    if (p < 0) break;
    prices.push(Number(cells[p]));
    qty.push(Number(cells[header.indexOf(`${which}[${i}].amount`)]));
  }
  return { prices: Float64Array.from(prices), qty: Float64Array.from(qty) };
}

/** The same walk written plainly, for comparison. */
function reference(levels: { prices: Float64Array; qty: Float64Array }, quantity: number, limit: number, buy: boolean) {
  let left = quantity;
  let notional = 0;
  let touched = 0;
  for (let i = 0; i < levels.prices.length && left > 1e-15; i++) {
    if (!Number.isNaN(limit) && (buy ? levels.prices[i] > limit : levels.prices[i] < limit)) break;
    const take = Math.min(left, levels.qty[i]);
    notional += take * levels.prices[i];
    left -= take;
    touched++;
  }
  return { filled: quantity - left, notional, touched };
}

test('buys and sells of several sizes on the real book: the same fills as a plain sum, slippage >= 0', () => {
  if (text === null) return;
  const asks = side('asks');
  const bids = side('bids');
  assert.is(asks.prices.length, 25);
  assert.is(bids.prices.length, 25);
  for (let i = 1; i < 25; i++) assert.ok(asks.prices[i] > asks.prices[i - 1] && bids.prices[i] < bids.prices[i - 1], 'best first');
  assert.ok(asks.prices[0] > bids.prices[0], 'the snapshot is not crossed');
  const out = new Float64Array(TAKER_WALK_SLOTS);
  for (const qty of [0.001, 1, 5, 12.5, 1e6]) {
    for (const [levels, s] of [[asks, 1], [bids, -1]] as const) {
      walkBook(levels.prices, levels.qty, levels.prices.length, s, qty, NaN, out);
      const ref = reference(levels, qty, NaN, s > 0);
      assert.ok(Math.abs(out[TakerWalk.filled] - ref.filled) < 1e-9, `${qty} filled`);
      assert.ok(Math.abs(out[TakerWalk.notional] - ref.notional) < 1e-6 * ref.notional, `${qty} notional`);
      assert.is(out[TakerWalk.levels], ref.touched);
      assert.ok(out[TakerWalk.slippageBps] >= 0, `slippage ${out[TakerWalk.slippageBps]}`);
    }
  }
  // The whole side: a million BTC takes every level and fills only what is shown.
  walkBook(asks.prices, asks.qty, asks.prices.length, 1, 1e6, NaN, out);
  assert.is(out[TakerWalk.levels], asks.prices.length);
  assert.is(out[TakerWalk.worstPrice], asks.prices[asks.prices.length - 1]);
});

test('a limit stops the walk at the first level past it', () => {
  if (text === null) return;
  const asks = side('asks');
  const out = new Float64Array(TAKER_WALK_SLOTS);
  const limit = asks.prices[3];
  walkBook(asks.prices, asks.qty, asks.prices.length, 1, 1e6, limit, out);
  assert.is(out[TakerWalk.levels], 4);
  assert.is(out[TakerWalk.worstPrice], limit);
  walkBook(asks.prices, asks.qty, asks.prices.length, 1, 1, asks.prices[0] - 1, out);
  assert.is(out[TakerWalk.filled], 0);
  assert.ok(Number.isNaN(out[TakerWalk.averagePrice]));
});

test('a bad level ends the walk; the walk allocates nothing', () => {
  const prices = Float64Array.of(100, 101, NaN, 103);
  const qty = Float64Array.of(1, 1, 1, 1);
  const out = new Float64Array(TAKER_WALK_SLOTS);
  walkBook(prices, qty, 4, 1, 10, NaN, out);
  assert.is(out[TakerWalk.filled], 2);
  const report = countGcs((i) => walkBook(prices, qty, 4, i & 1 ? 1 : -1, 1.5, NaN, out), 200_000);
  assert.is(report.gcCount, 0);
});

test.run();
