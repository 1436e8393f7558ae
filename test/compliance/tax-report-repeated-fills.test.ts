// A fill can be in a trail twice: L5 records each event it takes in before booking it, so a fill a
// venue delivered twice, or one of the batch a restarted L5 took in again, is recorded again while
// the portfolio books it once. The tax report must dispose of it once, as the book holds it;
// another session's fill with the same ids is another trade.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AuditTrailWriter } from '../../src/compliance/audit-trail-writer.js';
import { fillsFromTrail } from '../../src/compliance/fills-file.js';
import { buildTaxReport } from '../../src/compliance/tax-report.js';
import { tempDir } from '../support/temp-dir.js';

const T0 = Date.UTC(2026, 0, 5) * 1000;

function fill(w: AuditTrailWriter, i: number, clientOrderId: number, tradeId: number, side: string, price: number, qty = 0.01): void {
  w.append('fill', T0 + i * 60e6, {
    event: 'OrderFilled', symbol: 'BTC/USDT', clientOrderId, side, tradeId, lastQty: qty, lastPrice: price, cumQty: qty, leavesQty: 0, feeUsd: 0,
  });
}

test('a fill recorded twice (a restarted L5 took its batch in again) is one lot; other sessions\' ids are their own', () => {
  const root = tempDir('tradebot-tax-repeat-');
  const first = path.join(root, '20260105T000000Z-1');
  mkdirSync(first);
  const w = new AuditTrailWriter(first, { fsync: false, session: { execution: 'paper' } });
  fill(w, 0, 1, 1, 'buy', 60_000);
  w.close();
  // The restarted L5 continues the chain in a new file and records the same fill again.
  const again = new AuditTrailWriter(first, { fsync: false, session: { execution: 'paper' } });
  fill(again, 0, 1, 1, 'buy', 60_000);
  fill(again, 1, 2, 2, 'buy', 61_000);
  fill(again, 2, 3, 3, 'sell', 62_000, 0.02);
  again.seal('session_ended');
  // A later session's ids start over: its trade 1 of order 1 is another trade.
  const second = path.join(root, '20260106T000000Z-2');
  mkdirSync(second);
  const s2 = new AuditTrailWriter(second, { fsync: false, session: { execution: 'paper' } });
  fill(s2, 3, 1, 1, 'buy', 63_000);
  fill(s2, 4, 2, 2, 'sell', 64_000);
  s2.seal('session_ended');

  const { fills } = fillsFromTrail(root);
  assert.is(fills.length, 5, 'the repeated record dropped, the second session\'s fills kept');
  const report = buildTaxReport(fills, 2026, 'fifo');
  assert.equal(report.disposals.map((d) => [d.qty, d.costBasis, d.proceeds]), [[0.01, 600, 620], [0.01, 610, 620], [0.01, 630, 640]]);
  assert.is(report.scheduleD.short.gain, 40);
});

test.run();
