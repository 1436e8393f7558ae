// A venue whose book cannot be trusted is not routed to, however good its price: unsynced
// (waiting for a snapshot), older than the stale limit in event time, or halted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RouteChild, RouteSummary, VenueAllocator } from '../../../src/execution/routing/venue-allocation.js';
import { RoutingVenues } from '../../../src/execution/routing/routing-venues.js';
import { NOW_US, close, depthBlock, route, rules, type VenueBook } from '../../support/venue-books.js';

const STALE_AFTER_US = 2_000_000;
const fair: VenueBook = { rules: rules('binance', 10), asks: [[100, 10]], bids: [[99.9, 10]] };
const cheap: VenueBook = { rules: rules('coinbase', 10), asks: [[99, 10]], bids: [[100.5, 10]] };

function setUp(cheapBook: VenueBook): { venues: RoutingVenues; allocator: VenueAllocator } {
  const venues = new RoutingVenues([fair.rules, cheap.rules], 5);
  venues.loadDepth(0, depthBlock(fair, 5));
  venues.loadDepth(1, depthBlock(cheapBook, 5));
  return { venues, allocator: new VenueAllocator(venues, STALE_AFTER_US) };
}

function onlyVenue(allocator: VenueAllocator, side: number): number {
  route(allocator, side, 1);
  assert.is(allocator.summary[RouteSummary.children], 1);
  return allocator.children[RouteChild.venue];
}

test('a fresh, synced, open venue with the better price gets the order', () => {
  const { allocator } = setUp(cheap);
  assert.is(onlyVenue(allocator, 1), 1);
  assert.is(onlyVenue(allocator, -1), 1);
});

test('an unsynced book is skipped', () => {
  const { allocator } = setUp({ ...cheap, synced: false });
  assert.is(onlyVenue(allocator, 1), 0);
  assert.is(onlyVenue(allocator, -1), 0);
});

test('a book older than the stale limit is skipped; at the limit it is still used', () => {
  assert.is(onlyVenue(setUp({ ...cheap, tsUs: NOW_US - STALE_AFTER_US - 1 }).allocator, 1), 0);
  assert.is(onlyVenue(setUp({ ...cheap, tsUs: NOW_US - STALE_AFTER_US }).allocator, 1), 1);
});

test('a halted venue is skipped until it resumes', () => {
  const { venues, allocator } = setUp(cheap);
  venues.setHalted(1, true);
  assert.is(onlyVenue(allocator, 1), 0);
  venues.setHalted(1, false);
  assert.is(onlyVenue(allocator, 1), 1);
});

test('with every venue stale nothing is routed', () => {
  const venues = new RoutingVenues([fair.rules], 5);
  const allocator = new VenueAllocator(venues, STALE_AFTER_US);
  assert.is(route(allocator, 1, 1), 0, 'a venue never loaded');
  venues.loadDepth(0, depthBlock({ ...fair, tsUs: NOW_US - 10 * STALE_AFTER_US }, 5));
  assert.is(route(allocator, 1, 1), 0, 'a venue gone quiet');
  close(allocator.summary[RouteSummary.unrouted], 1, 'unrouted');
});

test.run();
