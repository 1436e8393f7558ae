// Execution's order events held against the state machine: a legal life passes and frees its
// slot; an event an order's life does not allow is refused and counted by kind; an executor
// that restarts adopts what its predecessor left working; checking allocates nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LIFECYCLE_VIOLATIONS, OrderLifecycle } from '../../src/execution/order-lifecycle.js';
import { OrderEvent, OrderEventType as T } from '../../src/shm/records.js';
import { countGcs } from '../../src/shm/allocation-check.js';

const ev = new Float64Array(OrderEvent.f64);
function event(type: number, id: number, fields: { qty?: number; last?: number; trade?: number; cum?: number; seq?: number } = {}): Float64Array {
  ev.fill(0);
  ev[OrderEvent.event] = type;
  ev[OrderEvent.clientOrderId] = id;
  ev[OrderEvent.side] = 1;
  ev[OrderEvent.quantity] = fields.qty ?? 1;
  ev[OrderEvent.limitPrice] = 100;
  ev[OrderEvent.lastQty] = fields.last ?? 0;
  ev[OrderEvent.lastPrice] = fields.last ? 100 : 0;
  ev[OrderEvent.tradeId] = fields.trade ?? 0;
  ev[OrderEvent.cumQty] = fields.cum ?? 0;
  ev[OrderEvent.seq] = fields.seq ?? 0;
  return ev;
}
const name = (v: number) => (v < 0 ? 'ok' : LIFECYCLE_VIOLATIONS[v]);

test('a life: submitted, accepted, two fills (the second a dust remainder), filled; the slot is freed', () => {
  const l = new OrderLifecycle(4);
  assert.is(name(l.onEvent(event(T.Submitted, 1, { qty: 0.3 }), 0)), 'ok');
  assert.is(l.working(), 1);
  assert.is(name(l.onEvent(event(T.Accepted, 1, { qty: 0.3 }), 0)), 'ok');
  assert.is(name(l.onEvent(event(T.PartiallyFilled, 1, { qty: 0.3, last: 0.1, trade: 5 }), 0)), 'ok');
  // 0.1 + 0.2 is not 0.3 in binary: the engine calls the rest dust, and so does the table.
  assert.is(name(l.onEvent(event(T.Filled, 1, { qty: 0.3, last: 0.2, trade: 6 }), 0)), 'ok');
  assert.is(l.working(), 0);
  assert.is(name(l.onEvent(event(T.Denied, 2), 0)), 'ok', 'a denied order is born and ends at once');
  assert.is(l.working(), 0);
  assert.is(l.violations.reduce((a, b) => a + b, 0), 0);
});

test('each illegal event is refused and counted by kind', () => {
  const l = new OrderLifecycle(4);
  l.onEvent(event(T.Submitted, 1), 0);
  assert.is(name(l.onEvent(event(T.Submitted, 1), 0)), 'illegal_transition', 'the same id submitted while working');
  assert.is(name(l.onEvent(event(T.Accepted, 9), 0)), 'unknown_order', 'never submitted');
  assert.is(name(l.onEvent(event(T.PartiallyFilled, 1, { last: 0.5, trade: 3 }), 0)), 'ok');
  assert.is(name(l.onEvent(event(T.PartiallyFilled, 1, { last: 0.1, trade: 3 }), 0)), 'duplicate_fill', 'the same trade again');
  assert.is(name(l.onEvent(event(T.PartiallyFilled, 1, { last: 2, trade: 4 }), 0)), 'overfill');
  assert.is(name(l.onEvent(event(T.Filled, 1, { last: 0.25, trade: 5 }), 0)), 'state_mismatch', 'OrderFilled with a quarter left');
  assert.is(name(l.onEvent(event(T.Expired, 1), 0)), 'ok');
  assert.is(name(l.onEvent(event(T.PartiallyFilled, 1, { last: 0.1, trade: 9 }), 0)), 'unknown_order', 'a fill after the end');
  assert.is(name(l.onEvent(event(99, 1), 0)), 'unknown_event');
  const counts = Object.fromEntries(LIFECYCLE_VIOLATIONS.map((n, i) => [n, l.violations[i]]));
  assert.equal(counts, { illegal_transition: 1, unknown_order: 2, bad_fill: 0, overfill: 1, duplicate_fill: 1, table_full: 0, state_mismatch: 1, unknown_event: 1 });
});

test('a restarted executor adopts working orders: their fills and ends are legal', () => {
  const l = new OrderLifecycle(4);
  l.adopt(event(T.PartiallyFilled, 7, { qty: 2, cum: 0.5, seq: 40 }), 0);
  l.adopt(event(T.Submitted, 8, { qty: 1, seq: 41 }), 0);
  assert.is(l.working(), 2);
  assert.is(name(l.onEvent(event(T.Filled, 7, { qty: 2, last: 1.5, trade: 42 }), 0)), 'ok');
  assert.is(name(l.onEvent(event(T.Accepted, 8), 0)), 'ok');
  assert.is(name(l.onEvent(event(T.Cancelled, 8), 0)), 'ok');
  assert.is(l.working(), 0);
});

test('checking a life allocates nothing', () => {
  const l = new OrderLifecycle(8);
  const f = new Float64Array(OrderEvent.f64 * 4);
  const put = (k: number, type: number, last: number) => {
    const b = k * OrderEvent.f64;
    f[b + OrderEvent.event] = type;
    f[b + OrderEvent.side] = -1;
    f[b + OrderEvent.quantity] = 0.75;
    f[b + OrderEvent.limitPrice] = 101.25;
    f[b + OrderEvent.lastQty] = last;
    f[b + OrderEvent.lastPrice] = last > 0 ? 101.5 : 0;
  };
  put(0, T.Submitted, 0);
  put(1, T.Accepted, 0);
  put(2, T.PartiallyFilled, 0.25);
  put(3, T.Filled, 0.5);
  const report = countGcs((i) => {
    for (let k = 0; k < 4; k++) {
      const b = k * OrderEvent.f64;
      f[b + OrderEvent.clientOrderId] = i;
      f[b + OrderEvent.tradeId] = k;
      f[b + OrderEvent.ts] = 1.7e15 + i;
      l.onEvent(f, b);
    }
  }, 300_000);
  assert.is(l.violations.reduce((a, b) => a + b, 0), 0);
  assert.is(report.gcCount, 0, JSON.stringify(report.byType));
});

test.run();
