// VenueAllocator.allocate allocates nothing: three venues, a buy and a sell that walk several
// levels, drop a venue under its minimum notional and top up the lot residual, 0 GCs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RouteRequest, RouteSummary, VenueAllocator } from '../../../src/execution/routing/venue-allocation.js';
import { assertNoGc } from '../../support/allocation.js';
import { NOW_US, rules, venuesOf } from '../../support/venue-books.js';

test('allocate: 0 GCs over 1M routes', () => {
  const venues = venuesOf([
    { rules: rules('binance', 10, { lotSize: 0.001, minNotional: 5 }), asks: [[100, 1], [100.1, 2], [100.2, 3]], bids: [[99.9, 1], [99.8, 2], [99.7, 3]] },
    { rules: rules('coinbase', 6, { lotSize: 0.01, minNotional: 10 }), asks: [[100.05, 0.5], [100.15, 2]], bids: [[99.85, 0.5], [99.75, 2]] },
    { rules: rules('kraken', 16, { lotSize: 0.0001, minNotional: 500 }), asks: [[99.99, 0.3]], bids: [[99.95, 0.3]] },
  ]);
  const allocator = new VenueAllocator(venues, 60e6);
  const request = allocator.request;
  request[RouteRequest.limitPrice] = NaN;
  request[RouteRequest.nowUs] = NOW_US;
  const run = (i: number): void => {
    request[RouteRequest.side] = i & 1 ? -1 : 1;
    request[RouteRequest.quantity] = 2.3456 + (i & 7) * 0.125;
    request[RouteRequest.nowUs] += 1.5;
    allocator.allocate();
  };
  run(0);
  assert.ok(allocator.summary[RouteSummary.children] >= 2);
  const report = assertNoGc('allocate', run, 1_000_000);
  run(1);
  assert.ok(allocator.summary[RouteSummary.children] >= 2, 'the books were still fresh at the end: the measured calls did the full work');
  process.stdout.write(`  allocate: ${report.nsPerCall.toFixed(0)} ns/call\n`);
});

test.run();
