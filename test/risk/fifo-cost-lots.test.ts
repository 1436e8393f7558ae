// FIFO cost in L5's portfolio: oldest lots close first, a flip opens the rest at the fill price,
// a full ring merges only the newest lots, the lots survive a restart through the snapshot, and on
// a random sequence of trades the portfolio's realised PnL before fees equals the tax report's
// FIFO gains (its TaxLotBook, without fees) and its open cost equals the tax lots left open.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FifoCostLots, LotIo } from '../../src/risk/fifo-cost-lots.js';
import { Portfolio, PortfolioSnapshot } from '../../src/risk/portfolio.js';
import { fill } from './fixture.js';
import { TaxLotBook } from '../../src/compliance/tax-lots.js';
import { Prng } from '../../src/data/prng.js';

function book(lots: FifoCostLots, s: number, sign: number, side: number, qty: number, price: number): number {
  lots.io[LotIo.qty] = qty;
  lots.io[LotIo.price] = price;
  lots.fill(s, sign, side);
  return lots.io[LotIo.realized];
}

test('oldest lots close first; a fill past flat opens the rest on the other side at its price', () => {
  const lots = new FifoCostLots(1, 8);
  book(lots, 0, 0, 1, 2, 100);
  book(lots, 0, 1, 1, 1, 130);
  assert.is(lots.io[LotIo.averageCost], 110);
  assert.is(book(lots, 0, 1, -1, 2.5, 120), 2 * 20 + 0.5 * -10);
  assert.is(lots.lotCount(0), 1);
  assert.is(lots.io[LotIo.averageCost], 130);
  // Short 1 from a long 0.5: closes the 0.5 at 130, opens 0.5 short at 90.
  assert.is(book(lots, 0, 1, -1, 1, 90), 0.5 * (90 - 130));
  assert.is(lots.io[LotIo.averageCost], 90);
  const out = new Float64Array(4);
  assert.is(lots.writeTo(0, out, 0), 1);
  assert.equal([...out.slice(0, 2)], [0.5, 90]);
  // A short closes like a long, the gain when the price is lower.
  assert.is(book(lots, 0, -1, 1, 0.5, 80), 0.5 * 10);
  assert.is(lots.lotCount(0), 0);
});

test('a full ring merges the newest lots only; the oldest still close at their own prices', () => {
  const lots = new FifoCostLots(1, 3);
  for (const price of [100, 110, 120, 130]) book(lots, 0, lots.lotCount(0) > 0 ? 1 : 0, 1, 1, price);
  assert.is(lots.lotCount(0), 3);
  assert.is(lots.merges, 1);
  assert.is(book(lots, 0, 1, -1, 2, 140), 40 + 30);
  assert.is(lots.io[LotIo.averageCost], 125, 'the newest two, merged');
});

test('the lots go into the snapshot and a restored portfolio closes them in the same order', () => {
  const p = new Portfolio(2, 100_000);
  p.onFill(fill(1, 1, 1, 100), 0);
  p.onFill(fill(1, 1, 1, 200), 0);
  const snap = new Float64Array(PortfolioSnapshot.fieldCount(2));
  p.writeSnapshot(snap);
  assert.is(snap[PortfolioSnapshot.lotCountBase(2) + 1], 2);
  const restored = new Portfolio(2, 100_000);
  assert.ok(restored.restoreSnapshot(snap));
  restored.onFill(fill(1, -1, 1, 150), 0);
  assert.is(restored.realizedPnlUsd(), 50);
  assert.is(restored.averagePrice(1), 200);
  // A snapshot with a lot that is not a number is refused as a whole.
  snap[PortfolioSnapshot.lotsBase(2) + 2 * PortfolioSnapshot.lotsPerSymbol + 1] = NaN;
  assert.not.ok(new Portfolio(2, 100_000).restoreSnapshot(snap));
});

test('on random trades the realised PnL and the open cost agree with the tax report\'s FIFO lots', () => {
  const rng = new Prng(7);
  const p = new Portfolio(1, 1_000_000);
  const tax = new TaxLotBook('fifo');
  let position = 0;
  let price = 100;
  for (let i = 0; i < 2_000; i++) {
    price *= 1 + (rng.uniform() - 0.5) * 0.02;
    const px = Math.round(price * 100) / 100;
    const qty = Math.round((0.1 + rng.uniform() * 2) * 1000) / 1000;
    // Drift towards flat now and then, so positions flip both ways.
    const side: 1 | -1 = Math.abs(position) > 5 ? (position > 0 ? -1 : 1) : rng.uniform() < 0.5 ? 1 : -1;
    p.onFill(fill(0, side, qty, px), 0);
    tax.add({ tsMs: 1e12 + i * 1000, symbol: 'X', side: side > 0 ? 'buy' : 'sell', qty, price: px, fee: 0 });
    position += side * qty;
  }
  const taxGain = tax.allDisposals().reduce((sum, d) => sum + d.gain, 0);
  assert.ok(Math.abs(p.realizedPnlUsd() - taxGain) < 1e-6 * Math.max(1, Math.abs(taxGain)), `portfolio ${p.realizedPnlUsd()} vs tax ${taxGain}`);
  const open = tax.openLots('X');
  const openQty = open.reduce((sum, l) => sum + l.qty, 0);
  const openCost = open.reduce((sum, l) => sum + l.amount, 0);
  assert.ok(Math.abs(Math.abs(p.positionQty(0)) - openQty) < 1e-6);
  if (openQty > 1e-9) assert.ok(Math.abs(p.averagePrice(0) - openCost / openQty) < 1e-6, `cost ${p.averagePrice(0)} vs ${openCost / openQty}`);
});

test.run();
