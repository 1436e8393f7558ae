// Venue rules bend the ideal split: shares are whole lots (what rounding leaves goes back to the
// child with the best next level), and a share under the venue's minimum notional is not sent
// (its quantity goes to the next best levels elsewhere).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROUTE_CHILD_SLOTS, RouteChild, RouteSummary, VenueAllocator } from '../../../src/execution/routing/venue-allocation.js';
import { close, route, rules, venuesOf, type VenueBook } from '../../support/venue-books.js';

function buy(books: readonly VenueBook[], quantity: number): VenueAllocator {
  const allocator = new VenueAllocator(venuesOf(books), 1e6);
  route(allocator, 1, quantity);
  return allocator;
}

/** venue -> quantity of its child. */
function quantities(a: VenueAllocator): Map<number, number> {
  const out = new Map<number, number>();
  for (let k = 0; k < a.summary[RouteSummary.children]; k++) {
    out.set(a.children[k * ROUTE_CHILD_SLOTS + RouteChild.venue], a.children[k * ROUTE_CHILD_SLOTS + RouteChild.quantity]);
  }
  return out;
}

test('lots: the merge gives coinbase 0.5433 and binance 0.4567; rounded to 0.54 and 0.456, the 0.004 left goes to binance', () => {
  // All in: coinbase 100.05 -> 100.0700, binance 100.00 -> 100.1000, coinbase 100.50 -> 100.5201.
  const a = buy([
    { rules: rules('binance', 10, { lotSize: 0.001 }), asks: [[100.0, 0.4567], [101.0, 10]] },
    { rules: rules('coinbase', 2, { lotSize: 0.01 }), asks: [[100.05, 0.3333], [100.5, 10]] },
  ], 1);
  const q = quantities(a);
  close(q.get(0)!, 0.46, 'binance: 0.456 + 4 lots of the residual (coinbase lots are too big for it)');
  close(q.get(1)!, 0.54, 'coinbase');
  close(a.summary[RouteSummary.routed], 1, 'nothing lost to rounding');
  close(a.children[RouteChild.limitPrice], 101, 'binance now reaches its second level');
});

test('lots: a share smaller than one lot is not sent, and its quantity goes elsewhere', () => {
  const a = buy([
    { rules: rules('binance', 10, { lotSize: 0.001 }), asks: [[100.0, 5]] },
    { rules: rules('coinbase', 10, { lotSize: 0.1 }), asks: [[99.9, 0.05], [101, 5]] },
  ], 1);
  assert.equal([...quantities(a).keys()], [0]);
  close(a.summary[RouteSummary.routed], 1, 'routed');
});

const cheapButSmall = (minNotional: number): VenueBook => ({ rules: rules('kraken', 10, { minNotional }), asks: [[99.9, 0.05]] });
const deep: VenueBook = { rules: rules('binance', 10, { minNotional: 5 }), asks: [[100, 5]] };

test('min notional: 0.05 x 99.90 = 4.995 is under a minimum of 10, so that venue is left out', () => {
  const a = buy([deep, cheapButSmall(10)], 1);
  assert.equal([...quantities(a)], [[0, 1]]);
});

test('min notional: the same share clears a minimum of 4', () => {
  const q = quantities(buy([deep, cheapButSmall(4)], 1));
  close(q.get(1)!, 0.05, 'kraken');
  close(q.get(0)!, 0.95, 'binance');
});

test('min notional: an intent under every minimum routes nothing', () => {
  const a = buy([deep, cheapButSmall(10)], 0.04);
  assert.is(a.summary[RouteSummary.children], 0);
  close(a.summary[RouteSummary.unrouted], 0.04, 'unrouted');
  assert.ok(Number.isNaN(a.summary[RouteSummary.averagePrice]));
});

test.run();
