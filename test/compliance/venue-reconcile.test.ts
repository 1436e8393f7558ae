// A live session resumed after a crash asks the venue about the orders its trail shows working:
// a resting order that filled while the process was dead is booked (once), one still resting is
// cancelled and ended, one the venue never heard of is left to recovery (session_crashed). The
// venue is the simulated exchange's Binance order API, reached through the real ccxt adapter.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AuditTrailWriter } from '../../src/compliance/audit-trail-writer.js';
import { readAuditFile } from '../../src/compliance/audit-file-reader.js';
import { auditFilesIn } from '../../src/compliance/audit-trail-writer.js';
import { recoverSession } from '../../src/compliance/session-recovery.js';
import { reconcileOrphansAtVenue } from '../../src/compliance/venue-reconcile.js';
import { verifyAuditTrail } from '../../src/compliance/audit-verify.js';
import { CcxtOrderGateway } from '../../src/execution/live/ccxt-order-gateway.js';
import { defaultConfigPath, loadConfig } from '../../src/pipeline/config.js';
import { OrderType, Side, TimeInForce } from '../../src/shm/records.js';
import { waitUntil } from '../support/deadline.js';
import { tempDir } from '../support/temp-dir.js';
import { startTradingSim, touch } from '../data/sim-exchange/binance-sim-trading-client.js';

const base = loadConfig(defaultConfigPath('crypto'));
const config = { ...base, symbols: ['BTC/USDT'], risk: { ...base.risk, equityUsd: 100_000 } };

function submitted(w: AuditTrailWriter, id: number, qty: number, limitPrice: number): void {
  w.append('order_event', 1e15 + id, { event: 'OrderSubmitted', symbol: 'BTC/USDT', clientOrderId: id, intentId: id, side: 'buy', quantity: qty, limitPrice });
  w.append('order_event', 1e15 + id, { event: 'OrderAccepted', symbol: 'BTC/USDT', clientOrderId: id, intentId: id, side: 'buy', quantity: qty, limitPrice });
}

test('orders working at the crash: filled meanwhile -> booked once; resting -> cancelled; unknown -> left to recovery', async () => {
  const sim = await startTradingSim({ eventsPerSecond: 20_000 });
  const gw = new CcxtOrderGateway({ venue: 'binance', credentials: sim.credentials, sandbox: true, restBase: sim.endpoints.restUrl, clientOrderIdPrefix: 'tb-' });
  try {
    const { bid } = await touch(sim.endpoints.restUrl);
    const restingAt = Math.round(bid * 0.5 * 100) / 100; // far below: never fills
    // The dead session's orders at the venue: one at the bid (the market will trade through it), one far below.
    await gw.submit({ clientOrderId: 1, symbol: 'BTC/USDT', side: Side.Buy, orderType: OrderType.Limit, timeInForce: TimeInForce.GTC, quantity: 0.01, limitPrice: bid });
    await gw.submit({ clientOrderId: 2, symbol: 'BTC/USDT', side: Side.Buy, orderType: OrderType.Limit, timeInForce: TimeInForce.GTC, quantity: 0.02, limitPrice: restingAt });
    // ... and its trail, which died before it heard of any fill; order 3 never reached the venue.
    const dir = path.join(tempDir('tradebot-venue-reconcile-'), 'audit', '20240101T000000Z-999999999');
    mkdirSync(dir, { recursive: true });
    const w = new AuditTrailWriter(dir, { fsync: false });
    submitted(w, 1, 0.01, bid);
    submitted(w, 2, 0.02, restingAt);
    w.append('order_event', 1e15 + 3, { event: 'OrderSubmitted', symbol: 'BTC/USDT', clientOrderId: 3, intentId: 3, side: 'buy', quantity: 0.5, limitPrice: bid });
    w.close();
    await waitUntil(async () => (await gw.fetchOrder(1, 'BTC/USDT')).status === 'closed', 20_000, 'the market to trade through order 1');

    const before = recoverSession(dir, config);
    assert.equal(before.orphaned.map((o) => o.clientOrderId), [1, 2, 3]);
    assert.is(before.positions[0], 0);
    const result = await reconcileOrphansAtVenue(before, gw, 10);
    assert.equal({ ...result }, { asked: 3, fills: 1, ended: 2, unknown: 1 });
    assert.is((await gw.fetchOrder(2, 'BTC/USDT')).status, 'canceled', 'the resting order was stopped at the venue');

    const after = recoverSession(dir, config);
    assert.ok(Math.abs(after.positions[0] - 0.01) < 1e-12, `position ${after.positions[0]}`);
    assert.equal(after.orphaned.map((o) => o.clientOrderId), [3], 'only the order the venue never heard of is left');
    assert.is(after.fills, 1);
    // The appended records continue the chain, and asking again adds nothing.
    assert.is(verifyAuditTrail(auditFilesIn(dir).map((f) => path.join(dir, f))).ok, true);
    const again = await reconcileOrphansAtVenue(after, gw, 10);
    assert.is(again.fills, 0);
    const records = auditFilesIn(dir).flatMap((f) => readAuditFile(path.join(dir, f)).records);
    const fill = records.find((r) => r.kind === 'fill')!;
    assert.equal((fill.payload as Record<string, unknown>).reason, 'venue_reconcile');
  } finally {
    await gw.close();
    await sim.ex.stop();
  }
});

test.run();
