// Turnover: the notional of every fill, buys and sells both counted, survives a restart through
// the snapshot, and is what the session summary reports as turnover_usd.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Portfolio, PortfolioSnapshot } from '../../src/risk/portfolio.js';
import { OrderEvent, OrderEventType, RecordKind } from '../../src/shm/records.js';
import { buildRecord } from '../support/record-builder.js';

const fill = (seq: number, side: number, qty: number, price: number) => buildRecord(OrderEvent, {
  kind: RecordKind.OrderEvent, ts: 1.7e15 + seq, seq, event: OrderEventType.Filled, side, lastQty: qty, lastPrice: price, cumQty: qty, feeUsd: 0.1,
});

test('buys and sells add up; the snapshot carries it across a restart', () => {
  const p = new Portfolio(1, 10_000);
  assert.ok(p.onFill(fill(1, 1, 1, 100), 0));
  assert.ok(p.onFill(fill(2, -1, 2, 110), 0));
  const snap = new Float64Array(PortfolioSnapshot.fieldCount(1));
  p.writeSnapshot(snap);
  assert.is(snap[PortfolioSnapshot.turnoverUsd], 320);
  const restored = new Portfolio(1, 10_000);
  assert.ok(restored.restoreSnapshot(snap));
  assert.ok(restored.onFill(fill(3, 1, 1, 105), 0));
  restored.writeSnapshot(snap);
  assert.is(snap[PortfolioSnapshot.turnoverUsd], 425);
});

test.run();
