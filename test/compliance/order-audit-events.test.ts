// What the audit trail calls each order event: a pre-trade denial is an OrderDenied naming its
// check, a venue's refusal an OrderRejected, and a fill carries its trade fields.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { OrderAudit } from '../../src/compliance/order-audit.js';
import { auditFilesIn } from '../../src/compliance/audit-trail-writer.js';
import { readAuditFile } from '../../src/compliance/audit-file-reader.js';
import { OrderEvent, OrderEventType } from '../../src/shm/records.js';
import { Deny } from '../../src/execution/pre-trade-checks.js';
import { tempDir } from '../support/temp-dir.js';

function event(type: number, reason: number, tsUs: number): Float64Array {
  const f = new Float64Array(OrderEvent.f64);
  f[OrderEvent.ts] = tsUs;
  f[OrderEvent.event] = type;
  f[OrderEvent.instrument] = 0;
  f[OrderEvent.clientOrderId] = 7;
  f[OrderEvent.intentId] = 7;
  f[OrderEvent.side] = 1;
  f[OrderEvent.quantity] = 2;
  f[OrderEvent.limitPrice] = 100;
  f[OrderEvent.reason] = reason;
  if (type === OrderEventType.Filled) {
    f[OrderEvent.tradeId] = 11;
    f[OrderEvent.lastQty] = 2;
    f[OrderEvent.lastPrice] = 100.5;
    f[OrderEvent.cumQty] = 2;
  }
  return f;
}

test('denied, rejected and filled events are named apart in the trail', () => {
  const dir = tempDir('tradebot-order-audit-');
  const audit = new OrderAudit(dir, ['BTC/USDT']);
  audit.onOrderEvent(event(OrderEventType.Denied, Deny.above_max_notional, 1), 0);
  audit.onOrderEvent(event(OrderEventType.Rejected, Deny.rate_limited, 2), 0);
  audit.onOrderEvent(event(OrderEventType.Filled, 0, 3), 0);
  audit.close();
  const records = auditFilesIn(dir).flatMap((f) => readAuditFile(path.join(dir, f)).records)
    .filter((r) => r.kind === 'order_event' || r.kind === 'fill');
  const payloads = records.map((r) => r.payload as Record<string, unknown>);
  assert.equal(payloads.map((p) => [p.event, p.reason]), [
    ['OrderDenied', 'above_max_notional'], ['OrderRejected', 'rate_limited'], ['OrderFilled', undefined],
  ]);
  assert.equal(records.map((r) => r.kind), ['order_event', 'order_event', 'fill']);
  assert.is(payloads[2].lastPrice, 100.5);
  assert.is(payloads[0].symbol, 'BTC/USDT');
});

test.run();
