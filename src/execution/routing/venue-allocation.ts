/**
 * Venue allocation: split one marketable buy or sell of a unified symbol across the venues that
 * quote it so that the total cost, fees included, is as low as the visible depth allows.
 *
 * Why a greedy merge is optimal: with a linear taker fee, a unit bought at price p on a venue
 * charging f bps costs p * (1 + f / 1e4) (a sell earns p * (1 - f / 1e4)). Each level is a block
 * of units at one such fee-adjusted price, and every venue's levels already come best first, so
 * taking units in order of fee-adjusted price across all venues (a k-way merge of the sides) buys
 * the cheapest units that exist: no other split of the same quantity costs less. A venue whose raw
 * price is worse can still win when its fee is lower.
 *
 * Venue rules then bend the ideal split:
 *  - a venue never gets more than its `maxQuantity` (a cap the caller sets per request);
 *  - a venue that is halted, waiting for a snapshot (unsynced) or whose depth is older than the
 *    stale limit is left out: its prices are not to be trusted;
 *  - each venue's share is rounded down to whole lots;
 *  - a share whose notional at its limit price is under the venue's minimum (or that rounds to
 *    nothing) is not sent: the venue is left out and the merge runs again, so its quantity goes to
 *    the next best levels elsewhere rather than being lost (at most one rerun per venue);
 *  - what rounding left over goes back, whole lots at a time, to the children by the fee-adjusted
 *    price of their next visible level, within their remaining depth (each child tops up once).
 * Whatever is still left (depth exhausted within the limit, or less than a lot) is reported as
 * unrouted: the caller keeps it for its next slice.
 *
 * Hot path: `allocate` reads its request from `request` and writes `summary` and `children`, all
 * typed arrays made at construction, and no double is passed to or returned from a call the
 * compiler might not inline (a boxed double is a heap allocation). It allocates nothing per call.
 */
import { TAKER_WALK_SLOTS, TakerWalk } from '../taker-walk.js';
import { RoutingVenues, VENUE_PARAM_SLOTS, VenueParam } from './routing-venues.js';

/** Slots of `VenueAllocator.request`. */
export const RouteRequest = {
  /** +1 buy, -1 sell. */
  side: 0,
  quantity: 1,
  /** Worst price the intent accepts (NaN = none): levels past it are not taken. */
  limitPrice: 2,
  /** Event time, µs since epoch: decides which books are stale. */
  nowUs: 3,
} as const;
export const ROUTE_REQUEST_SLOTS = 4;

/** Slots of `VenueAllocator.summary`. */
export const RouteSummary = {
  children: 0,
  requested: 1,
  routed: 2,
  /** requested - routed: left for a later slice. */
  unrouted: 3,
  /** Sum of price x quantity over the children, before fees. */
  notional: 4,
  fees: 5,
  /** notional / routed (NaN when nothing routed). */
  averagePrice: 6,
  /** Average price with fees: above averagePrice for a buy, below for a sell. */
  allInPrice: 7,
} as const;
export const ROUTE_SUMMARY_SLOTS = 8;

/** Slots of one child order in `VenueAllocator.children` (child k at k * ROUTE_CHILD_SLOTS). */
export const RouteChild = {
  venue: 0,
  quantity: 1,
  /** The worst level the child touches, on the venue's tick grid: a marketable limit order. */
  limitPrice: 2,
  averagePrice: 3,
  expectedFee: 4,
  levels: 5,
} as const;
export const ROUTE_CHILD_SLOTS = 6;

/** Slots of the allocator's depth probe (see probeDepth). */
const Probe = { nextAdjustedPrice: 0, room: 1 } as const;
const LOT_EPSILON = 1e-9;

export class VenueAllocator {
  readonly request = new Float64Array(ROUTE_REQUEST_SLOTS);
  readonly summary = new Float64Array(ROUTE_SUMMARY_SLOTS);
  /** One row per child, venues in index order; `summary[children]` rows are valid. */
  readonly children: Float64Array;
  private readonly staleAfterUs: number = 0;
  /** Per venue, 1 when the last allocate (or refreshEligibility) found it tradable and kept it. */
  readonly eligible: Uint8Array;
  private readonly toppedUp: Uint8Array;
  /** Per venue, the quantity the merge gave it (then rounded, then topped up). */
  private readonly share: Float64Array;
  private readonly cursor: Int32Array;
  private readonly takenAtCursor: Float64Array;
  private readonly walk = new Float64Array(TAKER_WALK_SLOTS);
  private readonly probe = new Float64Array(2);

  constructor(private readonly venues: RoutingVenues, staleAfterUs: number) {
    if (!(staleAfterUs >= 0)) throw new Error(`venue allocator: staleAfterUs must be >= 0, got ${staleAfterUs}`);
    this.staleAfterUs = staleAfterUs;
    const n = venues.venueCount;
    this.children = new Float64Array(n * ROUTE_CHILD_SLOTS);
    this.eligible = new Uint8Array(n);
    this.toppedUp = new Uint8Array(n);
    this.share = new Float64Array(n);
    this.cursor = new Int32Array(n);
    this.takenAtCursor = new Float64Array(n);
  }

  /** Route `request`; returns the number of children written (also summary[children]). */
  allocate(): number {
    const request = this.request;
    const side = request[RouteRequest.side];
    const quantity = request[RouteRequest.quantity];
    const summary = this.summary;
    summary.fill(0);
    summary[RouteSummary.requested] = quantity;
    summary[RouteSummary.averagePrice] = NaN;
    summary[RouteSummary.allInPrice] = NaN;
    if ((side !== 1 && side !== -1) || !(quantity > 0 && quantity < Infinity)) {
      summary[RouteSummary.unrouted] = quantity > 0 ? quantity : 0;
      return 0;
    }
    this.refreshEligibility();
    for (let pass = 0; pass <= this.venues.venueCount; pass++) {
      this.mergeLevels();
      if (!this.roundAndDropSmallChildren()) break;
    }
    this.topUpRoundingResidual();
    return this.writeChildren();
  }

  /** Which venues may be routed to at request[nowUs]: synced, not halted, not stale. */
  refreshEligibility(): void {
    const params = this.venues.params;
    const nowUs = this.request[RouteRequest.nowUs];
    for (let v = 0; v < this.venues.venueCount; v++) {
      const at = v * VENUE_PARAM_SLOTS;
      const age = nowUs - params[at + VenueParam.bookTsUs];
      // A book never loaded has a NaN age, which fails the comparison.
      const fresh = age <= this.staleAfterUs;
      this.eligible[v] = params[at + VenueParam.synced] === 1 && params[at + VenueParam.halted] === 0 && fresh ? 1 : 0;
      this.toppedUp[v] = 0;
    }
  }

  /** The k-way merge by fee-adjusted price over the eligible venues (see the file comment). */
  private mergeLevels(): void {
    const request = this.request;
    const buy = request[RouteRequest.side] > 0;
    const limit = request[RouteRequest.limitPrice];
    const venues = this.venues;
    const n = venues.venueCount;
    for (let v = 0; v < n; v++) {
      this.share[v] = 0;
      this.cursor[v] = 0;
      this.takenAtCursor[v] = 0;
    }
    let left = request[RouteRequest.quantity];
    while (left > 0) {
      let best = -1;
      let bestPrice = 0;
      for (let v = 0; v < n; v++) {
        if (this.eligible[v] === 0) continue;
        if (this.share[v] >= venues.params[v * VENUE_PARAM_SLOTS + VenueParam.maxQuantity]) continue;
        const level = this.cursor[v];
        if (level >= (buy ? venues.askLevels[v] : venues.bidLevels[v])) continue;
        const price = buy ? venues.askPrices[v][level] : venues.bidPrices[v][level];
        if (limit === limit && (buy ? price > limit : price < limit)) continue;
        const fee = venues.params[v * VENUE_PARAM_SLOTS + VenueParam.takerFeeBps] * 1e-4;
        const adjusted = buy ? price * (1 + fee) : price * (1 - fee);
        // Strictly better: on a tie the lower venue index keeps the level, so results are reproducible.
        if (best < 0 || (buy ? adjusted < bestPrice : adjusted > bestPrice)) {
          best = v;
          bestPrice = adjusted;
        }
      }
      if (best < 0) break;
      const level = this.cursor[best];
      const available = (buy ? venues.askQuantities[best][level] : venues.bidQuantities[best][level]) - this.takenAtCursor[best];
      const room = venues.params[best * VENUE_PARAM_SLOTS + VenueParam.maxQuantity] - this.share[best];
      let take = available < left ? available : left;
      if (room < take) take = room;
      this.share[best] += take;
      left -= take;
      if (take === available) {
        this.cursor[best] = level + 1;
        this.takenAtCursor[best] = 0;
      } else {
        this.takenAtCursor[best] += take;
      }
    }
  }

  /**
   * Round each share down to whole lots, and leave out every venue whose share rounds to nothing
   * or falls under its minimum notional. True when a venue was left out (the merge must rerun).
   */
  private roundAndDropSmallChildren(): boolean {
    const venues = this.venues;
    const params = venues.params;
    let dropped = false;
    for (let v = 0; v < venues.venueCount; v++) {
      const given = this.share[v];
      if (this.eligible[v] === 0 || !(given > 0)) continue;
      const at = v * VENUE_PARAM_SLOTS;
      const lot = params[at + VenueParam.lotSize];
      const rounded = Math.floor(given / lot + LOT_EPSILON) * lot;
      this.share[v] = rounded;
      if (rounded > 0) {
        this.walkShare(v);
        if (rounded * this.walk[TakerWalk.worstPrice] >= params[at + VenueParam.minNotional]) continue;
      }
      this.eligible[v] = 0;
      this.share[v] = 0;
      dropped = true;
    }
    return dropped;
  }

  /** Give the quantity rounding left over to the children with the best next visible level. */
  private topUpRoundingResidual(): void {
    const venues = this.venues;
    const params = venues.params;
    const buy = this.request[RouteRequest.side] > 0;
    const n = venues.venueCount;
    for (let round = 0; round < n; round++) {
      let residual = this.request[RouteRequest.quantity];
      for (let v = 0; v < n; v++) residual -= this.share[v];
      let best = -1;
      let bestPrice = 0;
      let bestRoom = 0;
      for (let v = 0; v < n; v++) {
        if (this.eligible[v] === 0 || this.toppedUp[v] === 1 || !(this.share[v] > 0)) continue;
        if (residual < params[v * VENUE_PARAM_SLOTS + VenueParam.lotSize] * (1 - LOT_EPSILON)) continue;
        this.probeDepth(v);
        const price = this.probe[Probe.nextAdjustedPrice];
        if (!(this.probe[Probe.room] > 0)) continue;
        if (best < 0 || (buy ? price < bestPrice : price > bestPrice)) {
          best = v;
          bestPrice = price;
          bestRoom = this.probe[Probe.room];
        }
      }
      if (best < 0) return;
      this.toppedUp[best] = 1;
      const lot = params[best * VENUE_PARAM_SLOTS + VenueParam.lotSize];
      const capRoom = params[best * VENUE_PARAM_SLOTS + VenueParam.maxQuantity] - this.share[best];
      let fits = residual < bestRoom ? residual : bestRoom;
      if (capRoom < fits) fits = capRoom;
      this.share[best] += Math.floor(fits / lot + LOT_EPSILON) * lot;
    }
  }

  /**
   * For venue v past its current share: the fee-adjusted price of the next level it would take,
   * and the quantity it still shows within the limit (into `probe`, so no double is returned).
   */
  private probeDepth(v: number): void {
    const venues = this.venues;
    const buy = this.request[RouteRequest.side] > 0;
    const limit = this.request[RouteRequest.limitPrice];
    const prices = buy ? venues.askPrices[v] : venues.bidPrices[v];
    const quantities = buy ? venues.askQuantities[v] : venues.bidQuantities[v];
    const levels = buy ? venues.askLevels[v] : venues.bidLevels[v];
    const fee = venues.params[v * VENUE_PARAM_SLOTS + VenueParam.takerFeeBps] * 1e-4;
    let skip = this.share[v];
    let room = 0;
    let next = NaN;
    for (let i = 0; i < levels; i++) {
      const price = prices[i];
      if (limit === limit && (buy ? price > limit : price < limit)) break;
      const beyondShare = quantities[i] - skip;
      skip = beyondShare < 0 ? -beyondShare : 0;
      if (beyondShare <= 0) continue;
      if (next !== next) next = buy ? price * (1 + fee) : price * (1 - fee);
      room += beyondShare;
    }
    this.probe[Probe.nextAdjustedPrice] = next;
    this.probe[Probe.room] = room;
  }

  /**
   * The taker walk (taker-walk.ts) of venue v's share, into `walk`. Written out here rather than
   * calling walkBook: allocate is too large for the compiler to inline walkBook into it, and a
   * call that is not inlined receives the share and the limit as boxed doubles (measured: ~130
   * bytes per route). The semantics are walkBook's, and the routing tests check them.
   */
  private walkShare(v: number): void {
    const venues = this.venues;
    const buy = this.request[RouteRequest.side] > 0;
    const limit = this.request[RouteRequest.limitPrice];
    const prices = buy ? venues.askPrices[v] : venues.bidPrices[v];
    const quantities = buy ? venues.askQuantities[v] : venues.bidQuantities[v];
    const count = buy ? venues.askLevels[v] : venues.bidLevels[v];
    let left = this.share[v];
    let filled = 0;
    let notional = 0;
    let levels = 0;
    let worst = NaN;
    for (let i = 0; i < count && left > 0; i++) {
      const price = prices[i];
      if (limit === limit && (buy ? price > limit : price < limit)) break;
      const available = quantities[i];
      const take = available < left ? available : left;
      filled += take;
      notional += take * price;
      left -= take;
      levels++;
      worst = price;
    }
    const walk = this.walk;
    walk[TakerWalk.filled] = filled;
    walk[TakerWalk.notional] = notional;
    walk[TakerWalk.levels] = levels;
    walk[TakerWalk.worstPrice] = worst;
    walk[TakerWalk.averagePrice] = filled > 0 ? notional / filled : NaN;
  }

  private writeChildren(): number {
    const venues = this.venues;
    const params = venues.params;
    const summary = this.summary;
    const children = this.children;
    const buy = this.request[RouteRequest.side] > 0;
    let count = 0;
    for (let v = 0; v < venues.venueCount; v++) {
      if (this.eligible[v] === 0 || !(this.share[v] > 0)) continue;
      this.walkShare(v);
      const at = v * VENUE_PARAM_SLOTS;
      const notional = this.walk[TakerWalk.notional];
      const fee = notional * params[at + VenueParam.takerFeeBps] * 1e-4;
      const tick = params[at + VenueParam.tickSize];
      // Depth prices can arrive a hair off the grid (decimal strings parsed to doubles): snap the
      // limit onto it on the marketable side, which a venue accepts and which still fills the walk.
      const ticks = this.walk[TakerWalk.worstPrice] / tick;
      const row = count * ROUTE_CHILD_SLOTS;
      children[row + RouteChild.venue] = v;
      children[row + RouteChild.quantity] = this.walk[TakerWalk.filled];
      children[row + RouteChild.limitPrice] = (buy ? Math.ceil(ticks - LOT_EPSILON) : Math.floor(ticks + LOT_EPSILON)) * tick;
      children[row + RouteChild.averagePrice] = this.walk[TakerWalk.averagePrice];
      children[row + RouteChild.expectedFee] = fee;
      children[row + RouteChild.levels] = this.walk[TakerWalk.levels];
      summary[RouteSummary.routed] += this.walk[TakerWalk.filled];
      summary[RouteSummary.notional] += notional;
      summary[RouteSummary.fees] += fee;
      count++;
    }
    const routed = summary[RouteSummary.routed];
    summary[RouteSummary.children] = count;
    summary[RouteSummary.unrouted] = summary[RouteSummary.requested] - routed;
    if (routed > 0) {
      const notional = summary[RouteSummary.notional];
      const fees = summary[RouteSummary.fees];
      summary[RouteSummary.averagePrice] = notional / routed;
      summary[RouteSummary.allInPrice] = (buy ? notional + fees : notional - fees) / routed;
    }
    return count;
  }
}
