// Portfolio accounting (average cost): realised PnL net of fees, unrealised PnL, equity, flips.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Portfolio } from '../../src/risk/portfolio.js';
import { fill } from './fixture.js';

const close = (a: number, b: number, msg = '') => assert.ok(Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b)), `${msg}: ${a} != ${b}`);

test('buy then sell higher: realised PnL is the gain minus both fees', () => {
  const p = new Portfolio(2, 10_000);
  assert.ok(p.onFill(fill(0, 1, 10, 100, 1), 0));
  close(p.positionQty(0), 10);
  close(p.positionUsd(0), 1_000);
  close(p.realizedPnlUsd(), -1, 'the entry fee is realised at once');
  assert.ok(p.onFill(fill(0, -1, 10, 110, 1.1), 0));
  close(p.realizedPnlUsd(), 100 - 2.1);
  close(p.unrealizedPnlUsd(), 0);
  close(p.feesUsd(), 2.1);
  close(p.equityUsd(), 10_000 + 97.9);
  close(p.cashUsd(), 10_000 - 1_000 - 1 + 1_100 - 1.1);
  assert.is(p.positionQty(0), 0);
  assert.is(p.fillCount(), 2);
});

test('adding averages the cost; reducing closes the oldest lot first (FIFO) and realises at its price', () => {
  const p = new Portfolio(1, 10_000);
  p.onFill(fill(0, 1, 10, 100), 0);
  p.onFill(fill(0, 1, 10, 110), 0);
  close(p.averagePrice(0), 105);
  p.onFill(fill(0, -1, 5, 120), 0);
  close(p.realizedPnlUsd(), 5 * (120 - 100), 'the 5 sold came out of the lot bought at 100');
  close(p.positionQty(0), 15);
  close(p.averagePrice(0), (5 * 100 + 10 * 110) / 15, 'what is left: 5 at 100 and 10 at 110');
  close(p.unrealizedPnlUsd(), 5 * 20 + 10 * 10);
  close(p.equityUsd(), 10_000 + 100 + 200);
  // Then the rest of the first lot and part of the second.
  p.onFill(fill(0, -1, 8, 130), 0);
  close(p.realizedPnlUsd(), 100 + 5 * 30 + 3 * 20);
  close(p.averagePrice(0), 110, 'only the second lot is left');
});

test('buy 1 at 100 and 1 at 200, sell 1 at 150: FIFO realises +50 and the open lot costs 200', () => {
  const p = new Portfolio(1, 10_000);
  p.onFill(fill(0, 1, 1, 100), 0);
  p.onFill(fill(0, 1, 1, 200), 0);
  p.onFill(fill(0, -1, 1, 150), 0);
  close(p.realizedPnlUsd(), 50);
  close(p.averagePrice(0), 200);
  close(p.unrealizedPnlUsd(), -50);
  close(p.equityUsd(), 10_000);
});

test('a short position gains when the price falls', () => {
  const p = new Portfolio(1, 10_000);
  p.onFill(fill(0, -1, 10, 100, 0.5), 0);
  close(p.positionUsd(0), -1_000);
  p.mark(0, 95);
  close(p.unrealizedPnlUsd(), 50);
  p.onFill(fill(0, 1, 10, 90, 0.5), 0);
  close(p.realizedPnlUsd(), 100 - 1);
  close(p.equityUsd(), 10_099);
});

test('crossing through zero realises the old position and opens the rest at the fill price', () => {
  const p = new Portfolio(1, 10_000);
  p.onFill(fill(0, 1, 10, 100), 0);
  p.onFill(fill(0, -1, 15, 90), 0);
  close(p.realizedPnlUsd(), -100);
  close(p.positionQty(0), -5);
  close(p.averagePrice(0), 90);
  p.mark(0, 80);
  close(p.unrealizedPnlUsd(), 50);
});

test('rounding residue snaps to a flat position', () => {
  const p = new Portfolio(1, 10_000);
  p.onFill(fill(0, 1, 0.1, 100), 0);
  p.onFill(fill(0, 1, 0.2, 100), 0);
  p.onFill(fill(0, -1, 0.3, 100), 0);
  assert.is(p.positionQty(0), 0);
  assert.is(p.averagePrice(0), 0);
});

test('symbols are booked separately; equity = start + realised + unrealised = cash + holdings', () => {
  const p = new Portfolio(3, 50_000);
  let seed = 1;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < 2_000; i++) {
    const s = i % 3;
    p.onFill(fill(s, rnd() < 0.5 ? 1 : -1, 0.1 + rnd() * 5, 50 + rnd() * 100, rnd() * 0.2), 0);
    if (i % 7 === 0) p.mark(s, 50 + rnd() * 100);
  }
  let holdings = 0;
  for (let s = 0; s < 3; s++) holdings += p.positionUsd(s);
  close(p.equityUsd(), 50_000 + p.realizedPnlUsd() + p.unrealizedPnlUsd(), 'equity identity');
  close(p.equityUsd(), p.cashUsd() + holdings, 'cash + holdings');
});

test('drawdown from the running peak, in percent', () => {
  const p = new Portfolio(1, 10_000);
  assert.is(p.drawdownPct(), 0);
  p.onFill(fill(0, 1, 10, 100), 0);
  p.mark(0, 110);            // equity 10,100: new peak
  close(p.peakEquityUsd(), 10_100);
  assert.is(p.drawdownPct(), 0);
  p.mark(0, 90);             // equity 9,900
  close(p.drawdownPct(), (200 / 10_100) * 100);
  p.mark(0, 100);            // recovering, still below the peak
  close(p.drawdownPct(), (100 / 10_100) * 100);
  p.mark(0, 120);            // new high
  assert.is(p.drawdownPct(), 0);
  close(p.peakEquityUsd(), 10_200);
});

test('bad fills and marks are refused, counted, and change nothing', () => {
  const p = new Portfolio(2, 10_000);
  p.onFill(fill(0, 1, 10, 100, 1), 0);
  const before = [p.equityUsd(), p.positionQty(0), p.realizedPnlUsd(), p.fillCount(), p.cashUsd()];
  const bad = [
    fill(2, 1, 1, 100), fill(NaN, 1, 1, 100), fill(0, 1, 1, NaN), fill(0, 1, 1, 0), fill(0, 1, 1, -3),
    fill(0, 1, 0, 100), fill(0, 1, NaN, 100), fill(0, 1, Infinity, 100), fill(0, 0, 1, 100), fill(0, 1, 1, 100, NaN),
  ];
  for (const f of bad) assert.is(p.onFill(f, 0), false);
  assert.is(p.mark(0, NaN), false);
  assert.is(p.mark(0, -1), false);
  assert.is(p.mark(5, 100), false);
  assert.equal([p.equityUsd(), p.positionQty(0), p.realizedPnlUsd(), p.fillCount(), p.cashUsd()], before);
  assert.is(p.rejects.reduce((a, b) => a + b, 0), bad.length + 3);
});

test('lastEventSeq tracks the highest order event seq booked', () => {
  const p = new Portfolio(1, 10_000);
  assert.is(p.lastEventSeq(), 0);
  p.onFill(fill(0, 1, 1, 100, 0, 41), 0);
  p.onFill(fill(0, 1, 1, 100, 0, 40), 0);
  assert.is(p.lastEventSeq(), 41);
});

test.run();
