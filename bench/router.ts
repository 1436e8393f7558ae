/**
 * `tradebot bench router`: the smart order router's per-intent work, per call.
 * - venue allocation of a buy that fits at the touch of the cheapest venue (2 venues, 20 levels);
 * - venue allocation of a buy that walks ~10 levels on each of 5 venues, one of them left out
 *   under its minimum notional (so the merge runs twice) and lot residuals topped up;
 * - a TTL sweep over 64 resting passive children (all expired: 64 replace reports);
 * each in ns per call, with the GCs over the timed calls (0 expected: run with
 * --max-semi-space-size=1 to make a few bytes per call show). Writes bench/results/router.json.
 */
import { RoutingVenues, type VenueRules } from '../src/execution/routing/routing-venues.js';
import { RouteRequest, VenueAllocator } from '../src/execution/routing/venue-allocation.js';
import { PassiveOrderWatchdog } from '../src/execution/routing/passive-order-watchdog.js';
import { BookDepth } from '../src/data/book/book-depth-block.js';
import { countGcs } from '../src/shm/allocation-check.js';
import { fmt, printTable, writeResult } from './report.js';

const NOW_US = 1.7e15;
const LEVELS = 20;

export async function runRouterBench(opts: { quick?: boolean } = {}) {
  const calls = opts.quick ? 200_000 : 2_000_000;
  const small = benchAllocation(2, 0.01, calls);
  const large = benchAllocation(5, 40, calls / 4);
  const sweep = benchSweep(calls / 4);
  const rows = [
    { what: 'allocate at the touch, 2 venues', value: `${fmt(small.nsPerCall)} ns`, gcs: String(small.gcCount) },
    { what: 'allocate ~10 levels deep, 5 venues, one dropped', value: `${fmt(large.nsPerCall)} ns`, gcs: String(large.gcCount) },
    { what: 'TTL sweep, 64 passive children', value: `${fmt(sweep.nsPerCall)} ns`, gcs: String(sweep.gcCount) },
  ];
  printTable('router: per call (GCs over the timed calls)', rows, ['what', 'value', 'gcs']);
  const result = {
    allocate_touch_2_venues_ns: small.nsPerCall, allocate_deep_5_venues_ns: large.nsPerCall, ttl_sweep_64_ns: sweep.nsPerCall,
    gcs: small.gcCount + large.gcCount + sweep.gcCount,
  };
  writeResult('router', result);
  return result;
}

/** `venueCount` venues a few cents apart with fees 2..10 bps, each ask side 20 levels of 0.5 .. 1.4. */
function venuesFor(venueCount: number): RoutingVenues {
  const rules: VenueRules[] = [];
  for (let v = 0; v < venueCount; v++) {
    // The last of several venues has a high minimum: its share is too small and it is left out.
    const minNotional = venueCount > 2 && v === venueCount - 1 ? 1e6 : 5;
    rules.push({ name: `venue${v}`, takerFeeBps: 10 - 2 * (v % 5), makerFeeBps: 0, minNotional, lotSize: 0.001 * (v + 1), tickSize: 0.01 });
  }
  const venues = new RoutingVenues(rules, LEVELS);
  const depth = new Float64Array(BookDepth.fieldCount(LEVELS));
  for (let v = 0; v < venueCount; v++) {
    depth[BookDepth.tsMicros] = NOW_US;
    depth[BookDepth.synced] = 1;
    depth[BookDepth.levels] = LEVELS;
    for (let i = 0; i < LEVELS; i++) {
      const row = BookDepth.level(i);
      depth[row + BookDepth.askPrice] = 65_000 + v * 0.03 + i * 0.5;
      depth[row + BookDepth.askQty] = 0.5 + ((i + v) % 10) * 0.1;
      depth[row + BookDepth.bidPrice] = 64_999.5 - v * 0.03 - i * 0.5;
      depth[row + BookDepth.bidQty] = 0.5 + ((i + v) % 10) * 0.1;
    }
    venues.loadDepth(v, depth);
  }
  return venues;
}

function benchAllocation(venueCount: number, quantity: number, calls: number) {
  const allocator = new VenueAllocator(venuesFor(venueCount), 3600e6);
  const request = allocator.request;
  request[RouteRequest.side] = 1;
  request[RouteRequest.limitPrice] = NaN;
  request[RouteRequest.nowUs] = NOW_US;
  return countGcs((i) => {
    request[RouteRequest.quantity] = quantity * (1 + (i & 7) * 0.01);
    allocator.allocate();
  }, calls);
}

function benchSweep(calls: number) {
  const children = 64;
  const watchdog = new PassiveOrderWatchdog({ capacity: children, ttlUs: 1000, maxReplaces: 1e9 });
  for (let k = 0; k < children; k++) watchdog.watch(k, k % 4, k & 1 ? 1 : -1, NOW_US);
  const touches = Float64Array.of(100, 100.1, 100.01, 100.11, 99.99, 100.09, 100, 100.1);
  const clock = Float64Array.of(NOW_US);
  return countGcs(() => {
    clock[0] += 1000;
    watchdog.sweep(clock[0], touches);
  }, calls);
}
