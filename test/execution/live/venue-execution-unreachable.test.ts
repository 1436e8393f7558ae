// An order whose submit went unanswered, at a venue that then cannot be asked either (down, rate
// limiting, 5xx): it may be working or filling there, so it is not booked as "not placed". It stays
// working on record, the log says its state is unknown, and reconcile keeps asking until the venue
// says what it is.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VenueExecution } from '../../../src/execution/live/venue-execution.js';
import type { CancelResult, OrderGateway, SubmitResult } from '../../../src/execution/live/order-gateway.js';
import { LiveGatewayError } from '../../../src/execution/live/gateway-error.js';
import type { VenueOrderSnapshot } from '../../../src/execution/live/venue-order-events.js';
import { OrderEventType } from '../../../src/shm/records.js';
import { CollectingSink, intent } from '../paper-fill-engine-fixture.js';

class UnreachableVenue implements OrderGateway {
  readonly venue = 'binance' as const;
  readonly live = false;
  lookups = 0;
  lookupAnswer: () => Promise<VenueOrderSnapshot> = async () => { throw new LiveGatewayError('binance', 'venue', 'HTTP 503 Service Unavailable', false); };

  async submit(): Promise<SubmitResult> { throw new LiveGatewayError('binance', 'network', 'request timed out', true); }
  async cancel(): Promise<CancelResult> { return { venueOrderId: null, outcome: 'refused', snapshot: null, reason: '' }; }
  fetchOrder(): Promise<VenueOrderSnapshot> { this.lookups++; return this.lookupAnswer(); }
  async close(): Promise<void> {}
}

function executor(gateway: OrderGateway) {
  const logs: string[] = [];
  const ex = new VenueExecution({
    gateway, symbols: ['BTC/USDT'], feeBps: 10, makerFeeBps: 2, orderStyle: 'taker', makerTtlMs: 0, maxOpenOrders: 4,
    rejects: new Float64Array(5), onPending: () => {}, log: (m) => logs.push(m), lookupRetryMs: 5, lookupAttempts: 3,
  });
  return { ex, logs };
}

const ts = new Float64Array([1.7e15]);

async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('lookups that cannot reach the venue leave the order working and say its state is unknown; reconcile books what the venue then says', async () => {
  const gw = new UnreachableVenue();
  const { ex, logs } = executor(gw);
  const sink = new CollectingSink();
  ex.submit(intent({ id: 21, side: 1, qty: 0.5, price: 65_000, origin: 1 }), 0, sink);
  await until(() => logs.some((l) => l.includes('state unknown')));
  ex.drain(sink, ts, 0);
  assert.is(gw.lookups, 3);
  assert.equal(sink.events.map((e) => e.event), [OrderEventType.Submitted], 'not booked as rejected');
  assert.is(ex.stats.notPlaced, 0);
  assert.is(ex.workingOrders(), 1);
  assert.is(ex.openQty[0], 0.5, 'still counted as exposure');
  assert.ok(logs.some((l) => /order 21 \(BTC\/USDT\): state unknown.*HTTP 503/.test(l)), logs.join('\n'));

  // The venue is back and had filled it.
  gw.lookupAnswer = async () => ({ venueOrderId: 'V9', venueClientOrderId: 'tb-21', status: 'closed', filled: 0.5, averagePrice: 65_010, reason: '' });
  await ex.reconcile();
  ex.drain(sink, ts, 0);
  assert.equal(sink.events.map((e) => e.event), [OrderEventType.Submitted, OrderEventType.Accepted, OrderEventType.Filled]);
  assert.is(ex.openQty[0], 0);
  assert.is(ex.workingOrders(), 0);
});

test('an unresolved order the venue, once reachable, has never heard of ends as not placed', async () => {
  const gw = new UnreachableVenue();
  const { ex, logs } = executor(gw);
  const sink = new CollectingSink();
  ex.submit(intent({ id: 22, side: -1, qty: 1, price: 3_000, origin: 1 }), 0, sink);
  await until(() => logs.some((l) => l.includes('state unknown')));
  gw.lookupAnswer = async () => { throw new LiveGatewayError('binance', 'not_found', 'Order does not exist.'); };
  await ex.reconcile();
  ex.drain(sink, ts, 0);
  assert.equal(sink.events.map((e) => e.event), [OrderEventType.Submitted, OrderEventType.Rejected]);
  assert.is(ex.stats.notPlaced, 1);
  assert.is(ex.openQty[0], 0);
});

test.run();
