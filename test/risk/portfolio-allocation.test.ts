// Portfolio.onFill, mark and writeSnapshot allocate nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertNoGc } from '../support/allocation.js';
import { Portfolio, PortfolioSnapshot } from '../../src/risk/portfolio.js';
import { OrderEvent } from '../../src/shm/records.js';

const SYMBOLS = 8;

test('onFill: 0 GCs over 2M fills (opening, adding, reducing, flipping, rejected)', () => {
  const SLOTS = 64;
  const fills = new Float64Array(OrderEvent.f64 * SLOTS);
  for (let k = 0; k < SLOTS; k++) {
    const b = k * OrderEvent.f64;
    fills[b + OrderEvent.instrument] = k % SYMBOLS;
    fills[b + OrderEvent.side] = (k >> 3) % 3 === 0 ? -1 : 1;
    fills[b + OrderEvent.lastQty] = 0.5 + (k % 5) * 0.75;
    fills[b + OrderEvent.lastPrice] = k % 29 === 0 ? NaN : 100 + k * 0.37;
    fills[b + OrderEvent.feeUsd] = 0.013 * k;
    fills[b + OrderEvent.seq] = k + 1;
  }
  const p = new Portfolio(SYMBOLS, 1e6);
  assertNoGc('onFill', (i) => { p.onFill(fills, (i & (SLOTS - 1)) * OrderEvent.f64); }, 2_000_000);
  assert.ok(p.fillCount() > 1_000_000);
  assert.ok(p.rejects[1] > 0);
});

test('mark + writeSnapshot: 0 GCs', () => {
  const p = new Portfolio(SYMBOLS, 1e6);
  const f = new Float64Array(OrderEvent.f64);
  for (let s = 0; s < SYMBOLS; s++) {
    f[OrderEvent.instrument] = s; f[OrderEvent.side] = 1; f[OrderEvent.lastQty] = 2.5; f[OrderEvent.lastPrice] = 100.5; f[OrderEvent.seq] = s + 1;
    p.onFill(f, 0);
  }
  const prices = new Float64Array(64);
  for (let k = 0; k < 64; k++) prices[k] = 95.5 + k * 0.17;
  const snap = new Float64Array(PortfolioSnapshot.fieldCount(SYMBOLS));
  assertNoGc('mark + writeSnapshot', (i) => {
    p.mark(i % SYMBOLS, prices[i & 63]);
    if ((i & 15) === 0) p.writeSnapshot(snap);
  }, 2_000_000);
  assert.ok(snap[PortfolioSnapshot.peakEquity] > 1e6);
});

test.run();
