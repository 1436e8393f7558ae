/**
 * The smart order router as the execution stage uses it, built from a RouterConfig: it owns the
 * venues' books (refreshed from their BookDepth blocks), the venue allocator and the TTL
 * watchdog. Per intent the stage makes a SliceScheduler (`newSchedule`); per slice due it
 *
 *  1. picks where a passive order would rest (`passiveVenue`: the best price on the intent's own
 *     side, the lower maker fee on a tie) and asks `styleFor` whether the edge pays for taking;
 *  2. takes: fills `allocator.request` and calls `allocator.allocate()` for the children;
 *     posts: sends one child at that venue's touch and `watchdog.watch`es it;
 *  3. on each event, `watchdog.sweep(nowUs, touches)` for the passive children to replace or cross.
 *
 * Only allocate is on the per-call allocation-free path; making a schedule allocates (once per intent).
 */
import { OrderStyle, chooseOrderStyle, spreadBps } from './maker-taker-rule.js';
import { PassiveOrderWatchdog } from './passive-order-watchdog.js';
import { sliceScheduleOf, watchdogOptionsOf, type RouterConfig } from './router-config.js';
import { RoutingVenues, VENUE_PARAM_SLOTS, VenueParam } from './routing-venues.js';
import { SliceScheduler } from './slice-scheduler.js';
import { RouteRequest, VenueAllocator } from './venue-allocation.js';

export class SmartOrderRouter {
  readonly venues: RoutingVenues;
  readonly allocator: VenueAllocator;
  readonly watchdog: PassiveOrderWatchdog;
  /** Per venue, best bid at [2v] and best ask at [2v + 1]; NaN for a venue not tradable now. */
  readonly touches: Float64Array;

  constructor(readonly config: RouterConfig) {
    this.venues = new RoutingVenues(config.venues, config.maxLevels);
    this.allocator = new VenueAllocator(this.venues, config.staleAfterMs * 1000);
    this.watchdog = new PassiveOrderWatchdog(watchdogOptionsOf(config));
    this.touches = new Float64Array(2 * this.venues.venueCount).fill(NaN);
  }

  /** A scheduler for one intent, by the configured slicing. */
  newSchedule(): SliceScheduler {
    return new SliceScheduler(sliceScheduleOf(this.config));
  }

  /** Refresh `touches` (and which venues are tradable) as of event time `nowUs`. */
  refreshTouches(nowUs: number): void {
    this.allocator.request[RouteRequest.nowUs] = nowUs;
    this.refreshTouchesAtRequestTime();
  }

  /** As refreshTouches, at the time already in `allocator.request` (no double passed: nothing boxed). */
  refreshTouchesAtRequestTime(): void {
    const allocator = this.allocator;
    allocator.refreshEligibility();
    const venues = this.venues;
    const touches = this.touches;
    for (let v = 0; v < venues.venueCount; v++) {
      // NaN first, then the price: no value chosen between a constant and a loaded double, which
      // the compiler may carry as a boxed number.
      touches[2 * v] = NaN;
      touches[2 * v + 1] = NaN;
      if (allocator.eligible[v] !== 1) continue;
      if (venues.bidLevels[v] > 0) touches[2 * v] = venues.bidPrices[v][0];
      if (venues.askLevels[v] > 0) touches[2 * v + 1] = venues.askPrices[v][0];
    }
  }

  /** Where a passive order of `side` would rest (after refreshTouches): -1 when no venue shows that side. */
  passiveVenue(side: number): number {
    let best = -1;
    for (let v = 0; v < this.venues.venueCount; v++) {
      const price = this.touches[side > 0 ? 2 * v : 2 * v + 1];
      if (!(price > 0)) continue;
      const bestPrice = best < 0 ? NaN : this.touches[side > 0 ? 2 * best : 2 * best + 1];
      const better = best < 0 || (side > 0 ? price > bestPrice : price < bestPrice)
        || (price === bestPrice && this.makerFeeBps(v) < this.makerFeeBps(best));
      if (better) best = v;
    }
    return best;
  }

  /** OrderStyle.Take or OrderStyle.Post for a slice with `edgeBps` of edge at `venue` (maker-taker-rule.ts). */
  styleFor(venue: number, edgeBps: number): number {
    // No venue shows the side to join: resting is impossible, so the slice can only take.
    if (venue < 0) return OrderStyle.Take;
    const at = venue * VENUE_PARAM_SLOTS;
    const params = this.venues.params;
    return chooseOrderStyle(
      edgeBps, spreadBps(this.touches[2 * venue], this.touches[2 * venue + 1]),
      params[at + VenueParam.takerFeeBps], params[at + VenueParam.makerFeeBps], this.config.passive.takeIfEdgeOverSpread,
    );
  }

  private makerFeeBps(venue: number): number {
    return this.venues.params[venue * VENUE_PARAM_SLOTS + VenueParam.makerFeeBps];
  }
}
