// Gross leverage (now and its maximum) is tracked through fills and marks and survives a restore;
// a changed starting equity is a deposit or withdrawal that keeps PnL and drawdown meaningful.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Portfolio, PortfolioSnapshot } from '../../src/risk/portfolio.js';
import { fill as filled } from './fixture.js';

const fill = (symbol: number, side: number, quantity: number, price: number, seq: number) => filled(symbol, side, quantity, price, 0, seq);
const close = (a: number, b: number, msg = '') => assert.ok(Math.abs(a - b) < 1e-9, `${msg} ${a} != ${b}`);

test('gross leverage counts long and short positions by size; the maximum is kept', () => {
  const p = new Portfolio(2, 10_000);
  assert.ok(p.onFill(fill(0, 1, 100, 100, 1), 0)); // long 10k
  assert.ok(p.onFill(fill(1, -1, 50, 100, 2), 0)); // short 5k
  close(p.grossLeverage(), 15_000 / 10_000);
  assert.ok(p.onFill(fill(0, -1, 100, 100, 3), 0)); // flat symbol 0
  close(p.grossLeverage(), 0.5);
  close(p.maxGrossLeverage(), 1.5, 'the peak stays');
  const snap = new Float64Array(PortfolioSnapshot.fieldCount(2));
  p.writeSnapshot(snap);
  close(snap[PortfolioSnapshot.maxGrossLeverage], 1.5);
  const restored = new Portfolio(2, 10_000);
  assert.ok(restored.restoreSnapshot(snap));
  close(restored.maxGrossLeverage(), 1.5, 'a restarted L5 keeps the session maximum');
});

test('setStartingEquity moves cash, starting equity and peak by the difference', () => {
  const p = new Portfolio(1, 100_000);
  assert.ok(p.onFill(fill(0, 1, 10, 1_000, 1), 0));
  p.mark(0, 900); // -1,000 unrealized
  close(p.equityUsd(), 99_000);
  assert.ok(p.setStartingEquity(150_000));
  close(p.startingEquityUsd(), 150_000);
  close(p.equityUsd(), 149_000, 'equity moves by the deposit');
  close(p.equityUsd() - p.startingEquityUsd(), -1_000, 'PnL is unchanged');
  close(p.drawdownPct(), (100 * 1_000) / 150_000, 'drawdown is measured against the new peak');
  assert.not.ok(p.setStartingEquity(NaN));
  assert.not.ok(p.setStartingEquity(0));
  close(p.startingEquityUsd(), 150_000, 'a bad value changes nothing');
});

test.run();
