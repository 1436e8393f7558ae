// Binance's executionReport read as a snapshot of our order: status words mapped, cumulative
// quantity and quote give the average price, a cancellation's report is matched by the original
// client order id (`C`), and reports of other clients' orders or malformed ones are skipped.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { snapshotFromExecutionReport } from '../../../src/execution/live/binance-user-stream.js';

// The field set of Binance's documented example (spot user data stream, "Order Update").
const report = (over: Record<string, unknown>) => ({
  e: 'executionReport', E: 1499405658658, s: 'ETHBTC', c: 'tb-42', S: 'BUY', o: 'LIMIT', f: 'GTC', q: '1.00000000',
  p: '0.10264410', P: '0.00000000', F: '0.00000000', g: -1, C: '', x: 'NEW', X: 'NEW', r: 'NONE', i: 4293153, l: '0.00000000',
  z: '0.00000000', L: '0.00000000', n: '0', N: null, T: 1499405658657, t: -1, I: 8641984, w: true, m: false, M: false,
  O: 1499405658657, Z: '0.00000000', Y: '0.00000000', Q: '0.00000000', W: 1499405658657, V: 'NONE', ...over,
});

test('a new order, a partial fill and the last fill', () => {
  assert.equal(snapshotFromExecutionReport('tb-', report({})), {
    clientOrderId: 42,
    snapshot: { venueOrderId: '4293153', venueClientOrderId: 'tb-42', status: 'open', filled: 0, averagePrice: NaN, reason: '' },
  });
  const partial = snapshotFromExecutionReport('tb-', report({ x: 'TRADE', X: 'PARTIALLY_FILLED', l: '0.4', z: '0.40000000', L: '0.1', Z: '0.04000000' }));
  assert.is(partial!.snapshot.status, 'open');
  assert.is(partial!.snapshot.filled, 0.4);
  assert.ok(Math.abs(partial!.snapshot.averagePrice - 0.1) < 1e-12);
  const done = snapshotFromExecutionReport('tb-', report({ x: 'TRADE', X: 'FILLED', z: '1.00000000', Z: '0.10300000' }));
  assert.is(done!.snapshot.status, 'closed');
});

test('a cancellation is matched by the original client order id; expiry and rejection keep their words', () => {
  const cancelled = snapshotFromExecutionReport('tb-', report({ x: 'CANCELED', X: 'CANCELED', c: 'web_cancel_123', C: 'tb-42' }));
  assert.is(cancelled!.clientOrderId, 42);
  assert.is(cancelled!.snapshot.status, 'canceled');
  assert.is(snapshotFromExecutionReport('tb-', report({ x: 'EXPIRED', X: 'EXPIRED' }))!.snapshot.status, 'expired');
  const rejected = snapshotFromExecutionReport('tb-', report({ x: 'REJECTED', X: 'REJECTED', r: 'INSUFFICIENT_BALANCE' }));
  assert.equal([rejected!.snapshot.status, rejected!.snapshot.reason], ['rejected', 'INSUFFICIENT_BALANCE']);
});

test('other clients\' orders, other events and malformed reports are skipped', () => {
  assert.is(snapshotFromExecutionReport('tb-', report({ c: 'web_abc' })), null);
  assert.is(snapshotFromExecutionReport('tb-', report({ e: 'outboundAccountPosition' })), null);
  assert.is(snapshotFromExecutionReport('tb-', report({ X: 'SOMETHING_NEW' })), null);
  assert.is(snapshotFromExecutionReport('tb-', report({ z: 'NaN' })), null);
  assert.is(snapshotFromExecutionReport('tb-', report({ z: '-1' })), null);
});

test.run();
