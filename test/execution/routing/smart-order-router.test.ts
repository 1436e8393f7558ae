// The router built from its config: touches only from tradable venues, the passive venue is the
// best price on the own side (lower maker fee on a tie), the maker-or-taker rule uses that
// venue's spread and fees, and a taken slice is allocated across the venues.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OrderStyle } from '../../../src/execution/routing/maker-taker-rule.js';
import { parseRouterConfig } from '../../../src/execution/routing/router-config.js';
import { SmartOrderRouter } from '../../../src/execution/routing/smart-order-router.js';
import { ROUTE_CHILD_SLOTS, RouteChild, RouteSummary } from '../../../src/execution/routing/venue-allocation.js';
import { NOW_US, close, depthBlock, route, rules } from '../../support/venue-books.js';

function router(): SmartOrderRouter {
  const venue = (takerFeeBps: number, makerFeeBps: number) => ({ takerFeeBps, makerFeeBps, minNotional: 1, lotSize: 0.001, tickSize: 0.01 });
  const { config, problems } = parseRouterConfig({
    maxLevels: 5, staleAfterMs: 1000,
    venues: { binance: venue(10, 2), coinbase: venue(6, 0), kraken: venue(16, -1) },
    slicing: { mode: 'twap', slices: 2, durationMs: 10_000 },
    passive: { takeIfEdgeOverSpread: 1 },
  });
  assert.equal(problems, []);
  const r = new SmartOrderRouter(config!);
  const load = (v: number, bid: number, ask: number, tsUs = NOW_US) =>
    r.venues.loadDepth(v, depthBlock({ rules: rules('any', 0), bids: [[bid, 1]], asks: [[ask, 1]], tsUs }, 5));
  load(0, 99.99, 100.01);
  load(1, 99.99, 100.02);
  load(2, 100.0, 100.01, NOW_US - 2_000_000); // the best bid, but stale
  r.refreshTouches(NOW_US);
  return r;
}

test('touches from tradable venues only; the passive venue breaks a price tie on the maker fee', () => {
  const r = router();
  assert.ok(Number.isNaN(r.touches[4]) && Number.isNaN(r.touches[5]), 'kraken is stale');
  assert.is(r.passiveVenue(1), 1, 'binance and coinbase bid 99.99: coinbase charges no maker fee');
  assert.is(r.passiveVenue(-1), 0, 'binance asks 100.01');
});

test('the rule at the passive venue: coinbase spread 3 bps + fees 6 - 0 = a 9 bps hurdle', () => {
  const r = router();
  assert.is(r.styleFor(1, 8.9), OrderStyle.Post);
  assert.is(r.styleFor(1, 9.1), OrderStyle.Take);
});

test('a taken TWAP slice is allocated across the tradable venues', () => {
  const r = router();
  const schedule = r.newSchedule();
  schedule.start(3, NOW_US);
  const slice = schedule.poll(NOW_US);
  assert.is(slice, 1.5);
  route(r.allocator, 1, slice);
  // coinbase all in 100.02 x 1.0006 = 100.08 before binance 100.01 x 1.001 = 100.11; kraken is stale.
  assert.is(r.allocator.summary[RouteSummary.children], 2);
  close(r.allocator.children[RouteChild.quantity], 0.5, 'binance');
  close(r.allocator.children[ROUTE_CHILD_SLOTS + RouteChild.quantity], 1, 'coinbase');
});

test.run();
