// VenueParam.maxQuantity caps what one venue is given, and the merge carries on with the other
// venues' levels: the books of split-across-venues.test.ts, buying 5 with Coinbase capped at 1
// takes coinbase 1 @ 100.02, then binance 1 @ 100.00, 2 @ 100.10 and 1 @ 100.30.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROUTE_CHILD_SLOTS, RouteChild, RouteSummary, VenueAllocator } from '../../../src/execution/routing/venue-allocation.js';
import { VENUE_PARAM_SLOTS, VenueParam } from '../../../src/execution/routing/routing-venues.js';
import { close, route, rules, venuesOf, type VenueBook } from '../../support/venue-books.js';

const binance: VenueBook = { rules: rules('binance', 10), asks: [[100.0, 1], [100.1, 2], [100.3, 5]] };
const coinbase: VenueBook = { rules: rules('coinbase', 5), asks: [[100.02, 1.5], [100.2, 1], [100.25, 4]] };

test('a capped venue gets no more than its cap; the rest goes to the next best levels elsewhere', () => {
  const venues = venuesOf([binance, coinbase]);
  venues.params[1 * VENUE_PARAM_SLOTS + VenueParam.maxQuantity] = 1;
  const allocator = new VenueAllocator(venues, 1e6);
  route(allocator, 1, 5);
  const c = allocator.children;
  assert.is(allocator.summary[RouteSummary.children], 2);
  assert.equal([c[RouteChild.venue], c[ROUTE_CHILD_SLOTS + RouteChild.venue]], [0, 1]);
  close(c[RouteChild.quantity], 4, 'binance');
  close(c[RouteChild.limitPrice], 100.3, 'binance walks to 100.30');
  close(c[ROUTE_CHILD_SLOTS + RouteChild.quantity], 1, 'coinbase, capped');
  close(allocator.summary[RouteSummary.unrouted], 0, 'unrouted');
});

test('a cap of 0 leaves the venue out; uncapped (the default) is unchanged', () => {
  const venues = venuesOf([binance, coinbase]);
  venues.params[1 * VENUE_PARAM_SLOTS + VenueParam.maxQuantity] = 0;
  const allocator = new VenueAllocator(venues, 1e6);
  route(allocator, 1, 2);
  assert.is(allocator.summary[RouteSummary.children], 1);
  assert.is(allocator.children[RouteChild.venue], 0);
  venues.params[1 * VENUE_PARAM_SLOTS + VenueParam.maxQuantity] = Infinity;
  route(allocator, 1, 2);
  assert.is(allocator.summary[RouteSummary.children], 2, 'both venues again');
});

test.run();
