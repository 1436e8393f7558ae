// The book rebuilt from a trail: fills booked in order (average cost, realised PnL, fees, the
// position), order ids continued after the newest, the orders still working found; a trail cut
// short by the crash loses only the cut record; an altered one refuses; a session that died
// before its first record resumes with nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appendFileSync, chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AuditTrailWriter, auditFilesIn } from '../../src/compliance/audit-trail-writer.js';
import { recoverSession } from '../../src/compliance/session-recovery.js';
import { defaultConfigPath, loadConfig } from '../../src/pipeline/config.js';
import { PortfolioSnapshot } from '../../src/risk/portfolio.js';
import { tempDir } from '../support/temp-dir.js';

const base = loadConfig(defaultConfigPath('crypto'));
const config = { ...base, symbols: ['BTC/USDT', 'ETH/USDT'], risk: { ...base.risk, equityUsd: 10_000 } };

function order(w: AuditTrailWriter, id: number, symbol: string, side: string, qty: number, event = 'OrderSubmitted'): void {
  w.append('order_event', 1e15 + id, { event, symbol, clientOrderId: id, intentId: id, side, quantity: qty });
}
function fill(w: AuditTrailWriter, id: number, symbol: string, side: string, qty: number, price: number, leaves: number, fee = 1): void {
  w.append('fill', 1e15 + id, { event: leaves > 0 ? 'OrderPartiallyFilled' : 'OrderFilled', symbol, clientOrderId: id, intentId: id, side, lastQty: qty, lastPrice: price, leavesQty: leaves, feeUsd: fee });
}

function session(): string {
  const dir = path.join(tempDir('tradebot-recover-'), 'audit', '20240101T000000Z-999999999');
  mkdirSync(dir, { recursive: true });
  const w = new AuditTrailWriter(dir, { fsync: false });
  order(w, 1, 'BTC/USDT', 'buy', 0.2);
  fill(w, 1, 'BTC/USDT', 'buy', 0.1, 40_000, 0.1);
  fill(w, 1, 'BTC/USDT', 'buy', 0.1, 41_000, 0);
  order(w, 2, 'BTC/USDT', 'sell', 0.05);
  fill(w, 2, 'BTC/USDT', 'sell', 0.05, 42_000, 0);
  order(w, 3, 'ETH/USDT', 'buy', 2);
  fill(w, 3, 'ETH/USDT', 'buy', 0.5, 3_000, 1.5); // still working at the crash
  order(w, 4, 'ETH/USDT', 'sell', 1);
  order(w, 4, 'ETH/USDT', 'sell', 1, 'OrderCancelled');
  w.close();
  return dir;
}

test('fills booked again: positions, average cost, realised PnL net of fees, ids, working orders', () => {
  const r = recoverSession(session(), config);
  assert.is(r.fills, 4);
  assert.ok(Math.abs(r.positions[0] - 0.15) < 1e-12 && r.positions[1] === 0.5);
  const n = 2;
  // FIFO: the 0.05 sold came out of the lot bought at 40,000; 0.05 of it and 0.1 at 41,000 are left.
  assert.ok(Math.abs(r.snapshot[PortfolioSnapshot.avgPriceBase(n)] - (0.05 * 40_000 + 0.1 * 41_000) / 0.15) < 1e-6, 'cost of the BTC still held');
  assert.ok(Math.abs(r.snapshot[PortfolioSnapshot.realizedPnl] - (0.05 * 2_000 - 4)) < 1e-9, 'realised on the 0.05 sold, less four fees');
  assert.is(r.snapshot[PortfolioSnapshot.fills], 4);
  assert.is(r.snapshot[PortfolioSnapshot.lastEventSeq], 0, 'the resumed session numbers its events afresh');
  assert.is(r.lastIntentId, 4);
  assert.equal(r.orphaned.map((o) => [o.clientOrderId, o.leavesQty]), [[3, 1.5]]);
  assert.is(r.truncatedBytes, 0);
});

test('an order re-priced in place (OrderReplaced) is still working, at its new price', () => {
  const dir = path.join(tempDir('tradebot-recover-'), 'audit', '20240101T000000Z-999999998');
  mkdirSync(dir, { recursive: true });
  const w = new AuditTrailWriter(dir, { fsync: false });
  w.append('order_event', 1e15, { event: 'OrderSubmitted', symbol: 'BTC/USDT', clientOrderId: 5, intentId: 5, side: 'buy', quantity: 0.3, limitPrice: 40_000 });
  w.append('order_event', 1e15 + 1, { event: 'OrderReplaced', symbol: 'BTC/USDT', clientOrderId: 5, intentId: 5, side: 'buy', quantity: 0.3, limitPrice: 40_010, reason: 'maker_ttl' });
  w.close();
  const r = recoverSession(dir, config);
  assert.equal(r.orphaned.map((o) => [o.clientOrderId, o.leavesQty, o.limitPrice]), [[5, 0.3, 40_010]]);
});

test('a record the crash cut short is dropped; an altered record refuses the resume', () => {
  const dir = session();
  const file = path.join(dir, auditFilesIn(dir).at(-1)!);
  chmodSync(file, 0o644);
  appendFileSync(file, Buffer.from([0, 0, 1, 0, 1, 2, 3])); // a frame announcing 256 bytes, 3 written
  const cut = recoverSession(dir, config);
  assert.is(cut.fills, 4);
  assert.is(cut.truncatedBytes, 7);

  const bytes = readFileSync(file);
  const at = bytes.indexOf('ETH/USDT');
  bytes.write('ETH/USDX', at);
  writeFileSync(file, bytes);
  assert.throws(() => recoverSession(dir, config), /altered|not a well-formed record/);
});

test('a session that died before its first record resumes with an empty book; a live one refuses', () => {
  const empty = path.join(tempDir('tradebot-recover-empty-'), 'audit', '20240101T000000Z-999999998');
  mkdirSync(empty, { recursive: true });
  const r = recoverSession(empty, config);
  assert.is(r.fills, 0);
  assert.is(r.lastIntentId, 0);
  assert.is(r.snapshot[PortfolioSnapshot.equity], 10_000);
  const mine = path.join(tempDir('tradebot-recover-live-'), 'audit', `20240101T000000Z-${process.ppid}`);
  mkdirSync(mine, { recursive: true });
  assert.throws(() => recoverSession(mine, config), new RegExp(`process ${process.ppid}, which is still running`));
});

test.run();
