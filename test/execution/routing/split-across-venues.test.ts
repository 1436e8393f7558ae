// A buy larger than either venue's touch is split by merging both ask sides by fee-adjusted
// price, exactly as worked out by hand:
//
//   binance  (10 bps)  100.00 x 1 -> 100.1000    100.10 x 2 -> 100.2001    100.30 x 5 -> 100.4003
//   coinbase  (5 bps)  100.02 x 1.5 -> 100.0700  100.20 x 1 -> 100.2501    100.25 x 4 -> 100.3001
//
// Buying 5 takes, cheapest first: coinbase 1.5 @ 100.02, binance 1 @ 100.00, binance 2 @ 100.10,
// then 0.5 of coinbase's 100.20. So binance 3 (notional 300.20, fee 0.3002, limit 100.10) and
// coinbase 2 (notional 200.13, fee 0.100065, limit 100.20): 500.730265 all in, less than either
// venue alone (501.3008 and 501.1054275).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROUTE_CHILD_SLOTS, RouteChild, RouteSummary, VenueAllocator } from '../../../src/execution/routing/venue-allocation.js';
import { close, route, rules, venuesOf, type VenueBook } from '../../support/venue-books.js';

const binance: VenueBook = { rules: rules('binance', 10), asks: [[100.0, 1], [100.1, 2], [100.3, 5]] };
const coinbase: VenueBook = { rules: rules('coinbase', 5), asks: [[100.02, 1.5], [100.2, 1], [100.25, 4]] };

function buy(books: readonly VenueBook[], quantity: number, limit = NaN): VenueAllocator {
  const allocator = new VenueAllocator(venuesOf(books), 1e6);
  route(allocator, 1, quantity, limit);
  return allocator;
}

test('buy 5: binance 3 and coinbase 2 at the hand-computed prices and fees', () => {
  const a = buy([binance, coinbase], 5);
  const c = a.children;
  const second = ROUTE_CHILD_SLOTS;
  assert.is(a.summary[RouteSummary.children], 2);
  assert.is(c[RouteChild.venue], 0);
  close(c[RouteChild.quantity], 3, 'binance quantity');
  close(c[RouteChild.limitPrice], 100.1, 'binance limit');
  close(c[RouteChild.averagePrice], 300.2 / 3, 'binance average');
  close(c[RouteChild.expectedFee], 0.3002, 'binance fee');
  assert.is(c[RouteChild.levels], 2);
  assert.is(c[second + RouteChild.venue], 1);
  close(c[second + RouteChild.quantity], 2, 'coinbase quantity');
  close(c[second + RouteChild.limitPrice], 100.2, 'coinbase limit');
  close(c[second + RouteChild.averagePrice], 100.065, 'coinbase average');
  close(c[second + RouteChild.expectedFee], 0.100065, 'coinbase fee');
  const s = a.summary;
  close(s[RouteSummary.routed], 5, 'routed');
  close(s[RouteSummary.unrouted], 0, 'unrouted');
  close(s[RouteSummary.notional], 500.33, 'notional');
  close(s[RouteSummary.fees], 0.400265, 'fees');
  close(s[RouteSummary.allInPrice], 500.730265 / 5, 'all-in price');
});

test('the split costs less than either venue alone', () => {
  const allIn = (a: VenueAllocator) => a.summary[RouteSummary.notional] + a.summary[RouteSummary.fees];
  const split = allIn(buy([binance, coinbase], 5));
  close(allIn(buy([binance], 5)), 501.3008, 'binance alone');
  close(allIn(buy([coinbase], 5)), 501.1054275, 'coinbase alone');
  assert.ok(split < 501.1054275);
});

test('a limit price stops the merge; what the visible depth cannot fill is unrouted', () => {
  const a = buy([binance, coinbase], 5, 100.1);
  close(a.summary[RouteSummary.routed], 4.5, 'routed within the limit');
  close(a.summary[RouteSummary.unrouted], 0.5, 'unrouted');
  const deep = buy([binance, coinbase], 100);
  close(deep.summary[RouteSummary.routed], 14.5, 'every visible level');
  close(deep.summary[RouteSummary.unrouted], 85.5, 'the rest');
});

test.run();
