// The router compares venues by price after the taker fee, not by raw price: a venue quoting a
// worse price with a lower fee gets the whole order when its all-in price is better.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RouteChild, RouteSummary, VenueAllocator } from '../../../src/execution/routing/venue-allocation.js';
import { close, route, rules, venuesOf } from '../../support/venue-books.js';

function routeOnTwoVenues(takerFees: readonly [number, number], side: number, quantity: number): VenueAllocator {
  const venues = venuesOf([
    { rules: rules('binance', takerFees[0]), asks: [[100.0, 10]], bids: [[99.95, 10]] },
    { rules: rules('coinbase', takerFees[1]), asks: [[100.05, 10]], bids: [[99.9, 10]] },
  ]);
  const allocator = new VenueAllocator(venues, 1e6);
  route(allocator, side, quantity);
  return allocator;
}

test('buy: 100.05 at 2 bps (100.07 all in) beats 100.00 at 10 bps (100.10 all in)', () => {
  const a = routeOnTwoVenues([10, 2], 1, 1);
  assert.is(a.summary[RouteSummary.children], 1);
  assert.is(a.children[RouteChild.venue], 1, 'coinbase');
  assert.is(a.children[RouteChild.quantity], 1);
  assert.is(a.children[RouteChild.limitPrice], 100.05);
  close(a.children[RouteChild.expectedFee], 100.05 * 2e-4, 'fee');
  close(a.summary[RouteSummary.allInPrice], 100.05 * 1.0002, 'all-in price');
});

test('sell: 99.90 at 2 bps (99.88 all in) beats 99.95 at 10 bps (99.85 all in)', () => {
  const a = routeOnTwoVenues([10, 2], -1, 1);
  assert.is(a.summary[RouteSummary.children], 1);
  assert.is(a.children[RouteChild.venue], 1, 'coinbase');
  assert.is(a.children[RouteChild.limitPrice], 99.9);
  close(a.summary[RouteSummary.allInPrice], 99.9 * 0.9998, 'all-in price');
});

test('with equal fees the better raw price wins', () => {
  assert.is(routeOnTwoVenues([5, 5], 1, 1).children[RouteChild.venue], 0);
  assert.is(routeOnTwoVenues([5, 5], -1, 1).children[RouteChild.venue], 0);
});

test.run();
