// The live executor books what the venue says, once: a fill told by the submit answer and again by
// the report stream is one fill; a late report that says less changes nothing; an order whose
// submit got no answer is looked up, not assumed rejected; the session's end cancels what works.
// The gateway here is a scripted stand-in for the OrderGateway interface (the ccxt gateway itself
// is tested against ccxt's static requests and the simulated exchange).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VenueExecution } from '../../../src/execution/live/venue-execution.js';
import type { CancelResult, OrderGateway, SubmitResult } from '../../../src/execution/live/order-gateway.js';
import type { LiveOrder } from '../../../src/execution/live/live-order.js';
import { LiveGatewayError } from '../../../src/execution/live/gateway-error.js';
import { orderEventsBetween, type VenueOrderSnapshot } from '../../../src/execution/live/venue-order-events.js';
import { OrderEndReason } from '../../../src/execution/paper-fill-engine.js';
import { Deny } from '../../../src/execution/pre-trade-checks.js';
import { OrderEvent, OrderEventType, OrderType } from '../../../src/shm/records.js';
import { CollectingSink, intent } from '../paper-fill-engine-fixture.js';

const snap = (status: VenueOrderSnapshot['status'], filled: number, averagePrice = NaN): VenueOrderSnapshot => ({
  venueOrderId: 'V1', venueClientOrderId: 'tb-1', status, filled, averagePrice, reason: status === 'rejected' ? 'Filter failure: NOTIONAL' : '',
});

class ScriptedGateway implements OrderGateway {
  readonly venue = 'binance' as const;
  readonly live = false;
  readonly submitted: LiveOrder[] = [];
  readonly cancelled: number[] = [];
  submitAnswer: (order: LiveOrder) => Promise<SubmitResult> = async (order) => ({
    venueOrderId: 'V1', duplicate: false, snapshot: snap('open', 0), events: orderEventsBetween(order.clientOrderId, order.quantity, null, snap('open', 0)),
  });
  lookups = 0;
  lookupAnswer: () => Promise<VenueOrderSnapshot> = async () => snap('open', 0);

  submit(order: LiveOrder): Promise<SubmitResult> { this.submitted.push(order); return this.submitAnswer(order); }
  async cancel(id: number | string): Promise<CancelResult> {
    this.cancelled.push(id as number);
    return { venueOrderId: 'V1', outcome: 'cancelled', snapshot: snap('canceled', 0), reason: '' };
  }
  fetchOrder(): Promise<VenueOrderSnapshot> { this.lookups++; return this.lookupAnswer(); }
  async close(): Promise<void> {}
}

function executor(gateway: OrderGateway, extra: Partial<ConstructorParameters<typeof VenueExecution>[0]> = {}) {
  let pendingCalls = 0;
  const logs: string[] = [];
  const ex = new VenueExecution({
    gateway, symbols: ['BTC/USDT', 'ETH/USDT'], feeBps: 10, makerFeeBps: 2, orderStyle: 'taker', makerTtlMs: 0, maxOpenOrders: 4,
    rejects: new Float64Array(5), onPending: () => { pendingCalls++; }, log: (m) => logs.push(m), lookupRetryMs: 5, lookupAttempts: 3, ...extra,
  });
  return { ex, logs, pendingCalls: () => pendingCalls };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const ts = new Float64Array([1.7e15]);

test('submit writes OrderSubmitted at once and sends a market order with our client order id', async () => {
  const gw = new ScriptedGateway();
  const { ex } = executor(gw);
  const sink = new CollectingSink();
  assert.ok(ex.submit(intent({ id: 7, side: 1, qty: 0.5, price: 65_000, origin: 3 }), 0, sink));
  assert.equal(sink.events.map((e) => e.event), [OrderEventType.Submitted]);
  assert.is(gw.submitted.length, 1);
  assert.equal({ ...gw.submitted[0] }, {
    clientOrderId: 7, symbol: 'BTC/USDT', side: 1, orderType: OrderType.Market, timeInForce: 1, quantity: 0.5, limitPrice: 65_000, postOnly: undefined,
  });
  assert.is(ex.openQty[0], 0.5);
  await settle();
  ex.drain(sink, ts, 0);
  assert.equal(sink.events.map((e) => e.event), [OrderEventType.Submitted, OrderEventType.Accepted]);
});

test('a fill told by the answer and again by the stream is booked once; a stale report changes nothing', async () => {
  const gw = new ScriptedGateway();
  gw.submitAnswer = async (order) => ({ venueOrderId: 'V1', duplicate: false, snapshot: snap('open', 0.2, 65_010), events: orderEventsBetween(order.clientOrderId, order.quantity, null, snap('open', 0.2, 65_010)) });
  const { ex } = executor(gw);
  const sink = new CollectingSink();
  ex.submit(intent({ id: 1, side: 1, qty: 0.5, price: 65_000, origin: 1 }), 0, sink);
  await settle();
  ex.onVenueReport(1, snap('open', 0.2, 65_010)); // the same fill, from the stream
  ex.onVenueReport(1, snap('open', 0.1, 65_010)); // late and smaller
  ex.onVenueReport(1, snap('closed', 0.5, 65_016)); // the rest
  ex.onVenueReport(1, snap('closed', 0.5, 65_016)); // told twice
  ex.drain(sink, ts, 0);
  const fills = sink.events.filter((e) => e.event === OrderEventType.PartiallyFilled || e.event === OrderEventType.Filled);
  assert.equal(fills.map((e) => e.event), [OrderEventType.PartiallyFilled, OrderEventType.Filled]);
  assert.ok(Math.abs(fills[0].lastQty - 0.2) < 1e-12 && Math.abs(fills[1].lastQty - 0.3) < 1e-12);
  // The second fill's price moves the average from 65,010 on 0.2 to 65,016 on 0.5.
  assert.ok(Math.abs(fills[1].lastPrice - 65_020) < 1e-6, `second fill at ${fills[1].lastPrice}`);
  assert.ok(Math.abs(fills[0].feeUsd - 0.2 * 65_010 * 10e-4) < 1e-9, 'taker fee on the notional');
  assert.ok(fills[0].tradeId > 0 && fills[1].tradeId > fills[0].tradeId, 'trade ids are the fills\' event numbers');
  assert.is(ex.openQty[0], 0);
  assert.is(ex.workingOrders(), 0);
  const seqs = sink.events.map((e) => e.seq);
  assert.equal(seqs, seqs.map((_, i) => i + 1), 'event numbers increase by one');
});

test('a venue rejection is an OrderRejected naming venue_rejected, and its quantity leaves the exposure', async () => {
  const gw = new ScriptedGateway();
  gw.submitAnswer = async (order) => ({ venueOrderId: null, duplicate: false, snapshot: null, events: orderEventsBetween(order.clientOrderId, order.quantity, null, snap('rejected', 0)) });
  const { ex, logs } = executor(gw);
  const sink = new CollectingSink();
  ex.submit(intent({ id: 2, instrument: 1, side: -1, qty: 3, price: 3_400, origin: 1 }), 0, sink);
  assert.is(ex.openQty[1], -3);
  await settle();
  ex.drain(sink, ts, 0);
  assert.equal(sink.events.map((e) => [e.event, e.reason]), [[OrderEventType.Submitted, 0], [OrderEventType.Rejected, Deny.venue_rejected]]);
  assert.is(ex.openQty[1], 0);
  assert.is(ex.stats.venueRejected, 1);
  assert.ok(logs.some((l) => l.includes('Filter failure: NOTIONAL')), logs.join('\n'));
});

test('an unanswered submit is looked up by client order id, and the venue\'s answer is what counts', async () => {
  const gw = new ScriptedGateway();
  gw.submitAnswer = async () => { throw new LiveGatewayError('binance', 'network', 'socket hang up', true); };
  gw.lookupAnswer = async () => snap('closed', 0.5, 65_000);
  const { ex } = executor(gw);
  const sink = new CollectingSink();
  ex.submit(intent({ id: 3, side: 1, qty: 0.5, price: 65_000, origin: 1 }), 0, sink);
  await settle();
  await settle();
  ex.drain(sink, ts, 0);
  assert.ok(gw.lookups >= 1);
  assert.equal(sink.events.map((e) => e.event), [OrderEventType.Submitted, OrderEventType.Accepted, OrderEventType.Filled]);
  assert.is(gw.submitted.length, 1, 'never sent twice');
});

test('an unanswered submit the venue never heard of ends as OrderRejected after the lookups; a refused key is rejected at once', async () => {
  const gw = new ScriptedGateway();
  gw.submitAnswer = async () => { throw new LiveGatewayError('binance', 'network', 'timeout', true); };
  gw.lookupAnswer = async () => { throw new LiveGatewayError('binance', 'not_found', 'order does not exist'); };
  const { ex } = executor(gw);
  const sink = new CollectingSink();
  ex.submit(intent({ id: 4, side: 1, qty: 0.5, price: 65_000, origin: 1 }), 0, sink);
  for (let i = 0; i < 10 && ex.pending() === 0; i++) await settle();
  ex.drain(sink, ts, 0);
  assert.is(gw.lookups, 3);
  assert.equal(sink.events.map((e) => e.event), [OrderEventType.Submitted, OrderEventType.Rejected]);
  assert.is(ex.stats.lost, 1);

  const gw2 = new ScriptedGateway();
  gw2.submitAnswer = async () => { throw new LiveGatewayError('binance', 'auth', 'Invalid API-key'); };
  const { ex: ex2 } = executor(gw2);
  const sink2 = new CollectingSink();
  ex2.submit(intent({ id: 5, side: 1, qty: 0.5, price: 65_000, origin: 1 }), 0, sink2);
  await settle();
  ex2.drain(sink2, ts, 0);
  assert.is(gw2.lookups, 0);
  assert.equal(sink2.events.map((e) => e.event), [OrderEventType.Submitted, OrderEventType.Rejected]);
});

test('NaN price, zero quantity, unknown instrument and a full table are refused and nothing is sent', () => {
  const gw = new ScriptedGateway();
  const { ex } = executor(gw, { maxOpenOrders: 1 });
  const sink = new CollectingSink();
  assert.not.ok(ex.submit(intent({ id: 1, side: 1, qty: 1, price: NaN, origin: 1 }), 0, sink));
  assert.not.ok(ex.submit(intent({ id: 2, side: 1, qty: 0, price: 10, origin: 1 }), 0, sink));
  assert.not.ok(ex.submit(intent({ id: 3, instrument: 9, side: 1, qty: 1, price: 10, origin: 1 }), 0, sink));
  assert.ok(ex.submit(intent({ id: 4, side: 1, qty: 1, price: 10, origin: 1 }), 0, sink));
  assert.not.ok(ex.submit(intent({ id: 5, side: 1, qty: 1, price: 10, origin: 1 }), 0, sink));
  assert.not.ok(ex.submit(intent({ id: 4, side: 1, qty: 1, price: 10, origin: 1 }), 0, sink), 'an intent id already sent is never sent again');
  assert.is(gw.submitted.length, 1);
});

test('the session end cancels what works at the venue and books the cancellation as session_end', async () => {
  const gw = new ScriptedGateway();
  const { ex } = executor(gw, { orderStyle: 'maker' });
  const sink = new CollectingSink();
  ex.submit(intent({ id: 9, side: 1, qty: 0.5, price: 65_010, mid: 65_005, origin: 1 }), 0, sink);
  assert.is(gw.submitted[0].orderType, OrderType.Limit);
  assert.is(gw.submitted[0].postOnly, true);
  assert.is(gw.submitted[0].limitPrice, 65_000, 'a maker rests at its own side\'s touch');
  await settle();
  await ex.cancelAll(1_000);
  ex.drain(sink, ts, 0);
  assert.equal(gw.cancelled, [9]);
  const last = sink.events[sink.events.length - 1];
  assert.equal([last.event, last.reason], [OrderEventType.Cancelled, OrderEndReason.SessionEnd]);
  assert.is(ex.openQty[0], 0);
  assert.not.ok(ex.submit(intent({ id: 10, side: 1, qty: 0.5, price: 65_010, origin: 2 }), 0, sink), 'no new order once closing');
});

test('the session end\'s cancel of an order still on its way waits for the submit\'s answer', async () => {
  // At the venue, a cancel that overtakes its submit finds no such order, and the order then
  // rests there after the session is gone. So the cancel goes out only once the submit is answered.
  const gw = new ScriptedGateway();
  let answer: () => void = () => {};
  const answered = new Promise<void>((resolve) => { answer = resolve; });
  const base = gw.submitAnswer;
  gw.submitAnswer = async (order) => { await answered; return base(order); };
  const { ex } = executor(gw, { orderStyle: 'maker' });
  const sink = new CollectingSink();
  ex.submit(intent({ id: 12, side: 1, qty: 0.5, price: 65_010, mid: 65_005, origin: 1 }), 0, sink);
  const closing = ex.cancelAll(1_000);
  await settle();
  assert.equal(gw.cancelled, [], 'no cancel while the submit is unanswered');
  answer();
  await closing;
  assert.equal(gw.cancelled, [12]);
  ex.drain(sink, ts, 0);
  assert.equal(sink.events.map((e) => e.event), [OrderEventType.Submitted, OrderEventType.Accepted, OrderEventType.Cancelled]);
  assert.is(ex.workingOrders(), 0);
});

test('a submit the venue refused is not cancelled at the session end', async () => {
  const gw = new ScriptedGateway();
  gw.submitAnswer = async () => { throw new LiveGatewayError('binance', 'venue', 'Order would immediately match and take'); };
  const { ex } = executor(gw, { orderStyle: 'maker' });
  const sink = new CollectingSink();
  ex.submit(intent({ id: 13, side: 1, qty: 0.5, price: 65_010, mid: 65_005, origin: 1 }), 0, sink);
  await ex.cancelAll(1_000);
  assert.equal(gw.cancelled, []);
  ex.drain(sink, ts, 0);
  assert.equal(sink.events.map((e) => e.event), [OrderEventType.Submitted, OrderEventType.Rejected]);
});

test('a restarted executor adopts the orders in its predecessor\'s journal and books what filled meanwhile, once', async () => {
  const memory = new SharedArrayBuffer(VenueExecution.bytesFor(4));
  const gw = new ScriptedGateway();
  gw.submitAnswer = async (order) => ({ venueOrderId: 'V1', duplicate: false, snapshot: snap('open', 0.2, 100), events: orderEventsBetween(order.clientOrderId, order.quantity, null, snap('open', 0.2, 100)) });
  const { ex: first } = executor(gw, { memory });
  const sink = new CollectingSink();
  first.submit(intent({ id: 11, side: 1, qty: 0.5, price: 100, origin: 1 }), 0, sink);
  await settle();
  first.drain(sink, ts, 0); // Accepted and the 0.2 fill published
  first.onVenueReport(11, snap('open', 0.3, 100)); // queued, never published: the thread dies here
  const published = sink.events.length;

  // The venue filled the rest while no executor listened.
  const gw2 = new ScriptedGateway();
  gw2.lookupAnswer = async () => snap('closed', 0.5, 100);
  const { ex: second } = executor(gw2, { memory });
  assert.is(second.adoptedCount, 1);
  assert.is(second.openQty[0], 0.3, 'the unfilled rest of the adopted order is still working');
  const adopted: number[] = [];
  second.forEachWorking((f, base) => adopted.push(f[base + OrderEvent.clientOrderId]));
  assert.equal(adopted, [11]);
  second.resumeAfter(sink.events[published - 1].seq);
  await second.reconcile();
  second.drain(sink, ts, 0);
  const after = sink.events.slice(published);
  assert.equal(after.map((e) => e.event), [OrderEventType.Filled]);
  assert.ok(Math.abs(after[0].lastQty - 0.3) < 1e-12, 'the fill not yet published plus the one made meanwhile, in one');
  assert.is(after[0].seq, sink.events[published - 1].seq + 1);
  assert.is(second.openQty[0], 0);
  assert.is(second.workingOrders(), 0);
  const third = executor(new ScriptedGateway(), { memory }).ex;
  assert.is(third.adoptedCount, 0, 'a finished order leaves the journal');
});

test.run();
