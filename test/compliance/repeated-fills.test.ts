// A fill can be in a trail twice (L5 records each event it takes in before its duplicate check: a
// venue's resend, the batch a restarted L5 took in again) while the portfolio booked it once.
// A resumed session's portfolio and the TCA report book it once too; the same ids in another
// session are another trade, and a fill without a trade id is never taken for a repeat.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AuditTrailWriter } from '../../src/compliance/audit-trail-writer.js';
import type { AuditRecord } from '../../src/compliance/audit-record.js';
import { RepeatedFills } from '../../src/compliance/repeated-fills.js';
import { recoverSession } from '../../src/compliance/session-recovery.js';
import { auditRecordsIn, transactionCosts } from '../../src/compliance/tca-report.js';
import { defaultConfigPath, loadConfig } from '../../src/pipeline/config.js';
import { tempDir } from '../support/temp-dir.js';

const base = loadConfig(defaultConfigPath('crypto'));
const config = { ...base, symbols: ['BTC/USDT'], risk: { ...base.risk, equityUsd: 10_000 } };

function submitted(w: AuditTrailWriter, id: number, side: string, qty: number): void {
  w.append('order_event', 1e15 + id, { event: 'OrderSubmitted', symbol: 'BTC/USDT', clientOrderId: id, intentId: id, side, quantity: qty, arrivalMid: 40_000 });
}
function filled(w: AuditTrailWriter, id: number, tradeId: number, side: string, qty: number, price: number): void {
  w.append('fill', 1e15 + id, {
    event: 'OrderFilled', symbol: 'BTC/USDT', clientOrderId: id, intentId: id, tradeId, side, quantity: qty, lastQty: qty, lastPrice: price, leavesQty: 0, feeUsd: 1,
  });
}

/** One session: buy 0.1 (trade 1), then a restarted L5 records trade 1 again, then sells 0.04 (trade 2). */
function sessionWithRepeat(root: string, name: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  const w = new AuditTrailWriter(dir, { fsync: false });
  submitted(w, 1, 'buy', 0.1);
  filled(w, 1, 1, 'buy', 0.1, 40_000);
  w.close();
  const again = new AuditTrailWriter(dir, { fsync: false });
  filled(again, 1, 1, 'buy', 0.1, 40_000);
  submitted(again, 2, 'sell', 0.04);
  filled(again, 2, 2, 'sell', 0.04, 41_000);
  again.close();
  return dir;
}

test('a resumed session books a repeated fill once', () => {
  const dir = sessionWithRepeat(path.join(tempDir('tradebot-repeat-'), 'audit'), '20260105T000000Z-999999999');
  const r = recoverSession(dir, config);
  assert.is(r.fills, 2);
  assert.ok(Math.abs(r.positions[0] - 0.06) < 1e-12, `position ${r.positions[0]}`);
});

test('TCA counts a repeated fill once; another session\'s fill with the same ids is its own', () => {
  const root = path.join(tempDir('tradebot-repeat-'), 'audit');
  sessionWithRepeat(root, '20260105T000000Z-1');
  sessionWithRepeat(root, '20260106T000000Z-2');
  const { total } = transactionCosts(auditRecordsIn(root));
  assert.is(total.fills, 4);
  assert.is(total.orders, 4);
  assert.ok(Math.abs(total.fillRate - 1) < 1e-12, `fill rate ${total.fillRate}`);
});

test('fills without a trade id are never repeats; a new session forgets the last one\'s ids', () => {
  const rec = (kind: string, payload: unknown): AuditRecord => ({ seq: 1, tsUs: 0, kind, payload, prev: Buffer.alloc(32), hash: Buffer.alloc(32), contentHashOk: true });
  const f = new RepeatedFills();
  const noId = rec('fill', { clientOrderId: 1, tradeId: 0 });
  assert.not.ok(f.isRepeat(noId));
  assert.not.ok(f.isRepeat(noId));
  const one = rec('fill', { clientOrderId: 1, tradeId: 7 });
  assert.not.ok(f.isRepeat(one));
  assert.ok(f.isRepeat(one));
  assert.not.ok(f.isRepeat(rec('fill', { clientOrderId: 2, tradeId: 7 })), 'another order\'s trade 7');
  assert.not.ok(f.isRepeat(rec('file_opened', { previous: 'audit-000001.msgpack' })));
  assert.ok(f.isRepeat(one), 'a continuation file is the same session');
  assert.not.ok(f.isRepeat(rec('file_opened', { previous: null })));
  assert.not.ok(f.isRepeat(one), 'a new session');
});

test.run();
