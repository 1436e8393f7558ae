// A venue's order snapshots become our order events, in sequences the order state machine accepts:
// accepted, fills priced so the venue's average holds, then cancelled / expired for what is left;
// a rejection only straight after submission; nothing after a terminal state. One case is a real
// Binance answer (ccxt's static response for fetchOrder) read through the gateway.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CcxtOrderGateway } from '../../../src/execution/live/ccxt-order-gateway.js';
import { orderEventsBetween, type LiveOrderEvent, type VenueOrderSnapshot } from '../../../src/execution/live/venue-order-events.js';
import { Applied, OrderEventKind, OrderState, OrderTable } from '../../../src/execution/order-state-machine.js';
import { OrderEventType, Side } from '../../../src/shm/records.js';
import { staticResponses } from '../../support/ccxt-static-cases.js';
import { fakeCredentials } from '../../support/fake-credentials.js';
import { venueTransport } from '../../support/venue-transport.js';

const snap = (status: VenueOrderSnapshot['status'], filled = 0, averagePrice = NaN, reason = ''): VenueOrderSnapshot => (
  { venueOrderId: 'v1', venueClientOrderId: 'tb-1', status, filled, averagePrice, reason });

/** Submitted, then the events of each snapshot step, through an OrderTable; returns the final state. */
function drive(quantity: number, snapshots: VenueOrderSnapshot[]): { events: LiveOrderEvent[]; state: number; cumQty: number; avg: number } {
  const table = new OrderTable(4);
  const slot = table.open(1, 0, Side.Buy, quantity, 100, 0);
  assert.is(table.apply(slot, OrderEventKind.Submitted, 0), Applied.Ok);
  const events: LiveOrderEvent[] = [];
  let previous: VenueOrderSnapshot | null = null;
  let tradeId = 0;
  for (const next of snapshots) {
    for (const e of orderEventsBetween(1, quantity, previous, next)) {
      events.push(e);
      const applied = e.event === OrderEventType.PartiallyFilled || e.event === OrderEventType.Filled
        ? table.fill(slot, e.lastQty, e.lastPrice, ++tradeId, 0)
        : table.apply(slot, KIND[e.event], 0);
      assert.is(applied, Applied.Ok, `event ${e.event} applies`);
    }
    previous = next;
  }
  return { events, state: table.state(slot), cumQty: table.cumQty(slot), avg: table.averagePrice(slot) };
}

const KIND: Record<number, number> = {
  [OrderEventType.Accepted]: OrderEventKind.Accepted, [OrderEventType.Rejected]: OrderEventKind.Rejected,
  [OrderEventType.Cancelled]: OrderEventKind.Cancelled, [OrderEventType.Expired]: OrderEventKind.Expired,
};

test('accepted, two partial fills, filled: fill prices reproduce the venue average', () => {
  const r = drive(10, [snap('open'), snap('open', 4, 100), snap('closed', 10, 100.6)]);
  assert.equal(r.events.map((e) => e.event), [OrderEventType.Accepted, OrderEventType.PartiallyFilled, OrderEventType.Filled]);
  assert.ok(Math.abs(r.events[2].lastPrice - 101) < 1e-9, `second fill at ${r.events[2].lastPrice}`);
  assert.is(r.state, OrderState.Filled);
  assert.ok(Math.abs(r.avg - 100.6) < 1e-9);
});

test('an IOC that fills partly and expires: accepted, partial fill, expired', () => {
  const r = drive(5, [snap('expired', 2, 99)]);
  assert.equal(r.events.map((e) => e.event), [OrderEventType.Accepted, OrderEventType.PartiallyFilled, OrderEventType.Expired]);
  assert.is(r.state, OrderState.Expired);
});

test('closed with quantity left (a quote-sized market buy): the rest is cancelled, not left open', () => {
  const r = drive(1, [snap('closed', 0.98, 50)]);
  assert.equal(r.events.map((e) => e.event), [OrderEventType.Accepted, OrderEventType.PartiallyFilled, OrderEventType.Cancelled]);
  assert.is(r.state, OrderState.Cancelled);
});

test('rejected at once: only OrderRejected, with the reason', () => {
  const r = drive(1, [snap('rejected', 0, NaN, 'insufficient balance')]);
  assert.equal(r.events.map((e) => [e.event, e.reason]), [[OrderEventType.Rejected, 'insufficient balance']]);
  assert.is(r.state, OrderState.Rejected);
});

test('a pending acknowledgement waits; a repeated snapshot and anything after a terminal one add nothing', () => {
  const r = drive(2, [snap('pending'), snap('open'), snap('open'), snap('canceled'), snap('closed', 2, 10)]);
  assert.equal(r.events.map((e) => e.event), [OrderEventType.Accepted, OrderEventType.Cancelled]);
});

test('a fill carries the commission the venue charged between the two snapshots, in the quote currency, or none', () => {
  const withFee = (filled: number, avg: number, feeQuote?: number): VenueOrderSnapshot => ({ ...snap('open', filled, avg), ...(feeQuote === undefined ? {} : { feeQuote }) });
  const first = orderEventsBetween(1, 1, null, withFee(0.4, 100, 0.04));
  assert.is(first.at(-1)!.feeQuote, 0.04);
  const second = orderEventsBetween(1, 1, withFee(0.4, 100, 0.04), withFee(1, 101, 0.101));
  assert.ok(Math.abs(second.at(-1)!.feeQuote! - 0.061) < 1e-12);
  // A snapshot without a fee (a lookup), or one after it: the fill's commission is not known.
  assert.is(orderEventsBetween(1, 1, withFee(0.4, 100), withFee(1, 101, 0.101)).at(-1)!.feeQuote, undefined);
  assert.is(orderEventsBetween(1, 1, withFee(0.4, 100, 0.04), withFee(1, 101)).at(-1)!.feeQuote, undefined);
});

test("Binance's recorded answer for a filled spot order reads as accepted then filled at its average", async () => {
  const responses = staticResponses('binance');
  if (responses === null) return;
  const recorded = responses.methods['fetchOrder'].find((c) => c.description === 'Fetch spot closed order');
  assert.ok(recorded, 'the recorded case exists');
  const venue = venueTransport('binance', () => ({ body: recorded.httpResponse }));
  const gw = new CcxtOrderGateway({ venue: 'binance', credentials: fakeCredentials('binance'), transport: venue.transport });
  try {
    const snapshot = await gw.fetchOrder('3397148653', 'LTC/USDT');
    assert.is(snapshot.status, 'closed');
    const events = orderEventsBetween(1, 0.1, null, snapshot);
    assert.equal(events.map((e) => e.event), [OrderEventType.Accepted, OrderEventType.Filled]);
    assert.ok(Math.abs(events[1].lastQty - 0.1) < 1e-12);
    assert.ok(Math.abs(events[1].lastPrice - 90.8) < 1e-9, `9.08 quote for 0.1: ${events[1].lastPrice}`);
  } finally {
    await gw.close();
  }
});

test.run();
