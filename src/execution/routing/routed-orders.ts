/**
 * Routed execution (`execution.routing: best_price`): an intent of a routing group's lead
 * (routing-groups.ts) is split across the venues of its unified symbol, each venue's part to be
 * sent as an order of its own on that venue's instrument. The execution stage then puts each part
 * through the same pre-trade checks and fill engine as any order.
 *
 * Each venue is priced at the fees the fill engine charges there (`takerFeeBpsOf`: its own tier
 * in `execution.venueFees`, else the session's `feeBps` / `makerFeeBps`, reloads included).
 *
 * What the split reads: the fill engine's copy of each member's book (the market as it was after
 * the decision, less what earlier orders took: `PaperFillEngine.depthInto`), so a replay routes
 * the same way every time. A member L0 flags stale, or whose book holds no level, is left out
 * (staleness is the connectors' receipt-time flag: venues' event clocks are not comparable).
 *
 *  - taker (the intent takes): the venue allocator's split by price after each venue's taker fee
 *    over the visible levels, in whole lots, no part under a venue's minimum notional
 *    (venue-allocation.ts); what only reduces the position comes first from the venues holding it
 *    (`splitTaker`). What the visible depth cannot take joins the part with the best average
 *    price, where the fill engine prices it past the visible depth as for any taker.
 *  - maker (the intent rests: `orderStyle: maker`, or `auto` and the maker-or-taker rule says
 *    so): one part, resting where the intent's own side is best (the highest bid for a buy; the
 *    lower maker fee on a tie): `SmartOrderRouter.passiveVenue`; an intent that reduces a
 *    position rests on the best of the venues holding it.
 *
 * A part carries its venue's far touch as its price and its venue's mid as its arrival mid, so
 * slippage and a maker's resting price are measured on the book it meets, and its decision time
 * on its venue's clock (the time of the book it was routed against): venues' clocks are not
 * comparable, and the fill engine's latency rule must count on the clock of the states the part
 * will meet, or a venue whose clock runs behind the lead's would never let it arrive.
 *
 * No venue to route to (all stale, no books yet): no parts, and the intent goes whole to the
 * lead's own venue. An intent whose side or quantity is not valid makes no parts either, and is
 * refused there as any other.
 *
 * Allocates nothing per split: every array is made at construction.
 */
import { BookDepth } from '../../data/book/book-depth-block.js';
import { MARKET_STATE_LEVELS, SizedIntent } from '../../shm/records.js';
import type { Instrument } from '../../core/instrument-registry.js';
import type { PaperFillEngine } from '../paper-fill-engine.js';
import { ROUTER_DEFAULTS } from './router-config.js';
import { VENUE_PARAM_SLOTS, VenueParam } from './routing-venues.js';
import { RouteChild, ROUTE_CHILD_SLOTS, RouteRequest } from './venue-allocation.js';
import { SmartOrderRouter } from './smart-order-router.js';
import type { RoutingGroups } from './routing-groups.js';

/**
 * Slots of one part in `RoutedOrders.parts` (part k at k * ROUTED_PART_SLOTS). `venueTs`: the
 * event time of the book the part was routed against, on its venue's clock (NaN if unknown).
 */
export const RoutedPart = { instrument: 0, quantity: 1, price: 2, arrivalMid: 3, venueTs: 4 } as const;
export const ROUTED_PART_SLOTS = 5;

export class RoutedOrders {
  /** The last split's parts; `split` returns how many rows are valid. */
  readonly parts: Float64Array;
  private readonly routers: SmartOrderRouter[];
  /** Per group, its members' instrument indices (router venue v is members[v]). */
  private readonly members: Int32Array[];
  private readonly depth = new Float64Array(BookDepth.fieldCount(MARKET_STATE_LEVELS));
  /** Per member of the group being split, its book's event time (venue clock). */
  private readonly bookTs: Float64Array;
  /** Per member, its signed holding, then what it holds against the intent's side (see splitTaker). */
  private readonly holding: Float64Array;
  /** Per part, the average price of its first allocation. */
  private readonly average: Float64Array;
  /** What all members hold that the intent being split reduces (see reducibleHoldings). */
  private readonly reducible = new Float64Array(1);
  /** Per instrument, its venue's id (a part's header). */
  private readonly venueIds: Float64Array;

  constructor(private readonly groups: RoutingGroups, instruments: readonly Instrument[]) {
    this.venueIds = Float64Array.from(instruments, (i) => i.venueId);
    this.members = groups.groups.map((g) => Int32Array.from(g.members));
    this.routers = groups.groups.map((g) => new SmartOrderRouter({
      ...ROUTER_DEFAULTS,
      maxLevels: MARKET_STATE_LEVELS,
      // Staleness comes from the connectors' flags (see the header), not from book age.
      staleAfterMs: Number.MAX_SAFE_INTEGER,
      venues: g.members.map((s) => ({
        // The fees as configured; each split takes the fill engine's current ones.
        name: instruments[s].venue, takerFeeBps: instruments[s].takerFeeBps, makerFeeBps: instruments[s].makerFeeBps,
        minNotional: instruments[s].minNotionalUsd, lotSize: instruments[s].lotSize, tickSize: instruments[s].tickSize,
      })),
    }));
    const widest = Math.max(0, ...groups.groups.map((g) => g.members.length));
    this.parts = new Float64Array(widest * ROUTED_PART_SLOTS);
    this.bookTs = new Float64Array(widest);
    this.holding = new Float64Array(widest);
    this.average = new Float64Array(widest);
  }

  /**
   * Split `intent` into `parts`: the number of parts, 0 when its instrument leads no group or no
   * member can be routed to now. `stale`: per instrument, non-zero while L0 flags it stale;
   * `filled`: per instrument, the signed position its fills made (what is working there is the
   * engine's `openQty`); `post`: the intent rests (maker) rather than takes.
   */
  split(intent: Float64Array, base: number, engine: PaperFillEngine, stale: Float64Array, filled: Float64Array, post: boolean): number {
    const instrument = intent[base + SizedIntent.instrument];
    const group = instrument >= 0 && instrument < this.groups.groupOfLead.length ? this.groups.groupOfLead[instrument] : -1;
    if (!(group >= 0)) return 0;
    const router = this.routers[group];
    const members = this.members[group];
    const nowUs = intent[base + SizedIntent.ts];
    const depth = this.depth;
    for (let v = 0; v < members.length; v++) {
      engine.depthInto(members[v], depth);
      this.bookTs[v] = depth[BookDepth.tsMicros];
      // An unsynced book is left out by the router; a stale one likewise, by never being fresh.
      depth[BookDepth.tsMicros] = stale[members[v]] !== 0 ? NaN : nowUs;
      router.venues.loadDepth(v, depth);
      const at = v * VENUE_PARAM_SLOTS;
      router.venues.params[at + VenueParam.takerFeeBps] = engine.takerFeeBpsOf[members[v]];
      router.venues.params[at + VenueParam.makerFeeBps] = engine.makerFeeBpsOf[members[v]];
    }
    const request = router.allocator.request;
    request[RouteRequest.side] = intent[base + SizedIntent.side];
    request[RouteRequest.quantity] = intent[base + SizedIntent.quantity];
    request[RouteRequest.limitPrice] = NaN;
    request[RouteRequest.nowUs] = nowUs;
    // What each venue holds or has working, against the intent's side: a sell takes back a long
    // where it is held.
    for (let v = 0; v < members.length; v++) this.holding[v] = filled[members[v]] + engine.openQty[members[v]];
    this.reducibleHoldings(router, members.length);
    return post ? this.splitPassive(router, members) : this.splitTaker(router, members);
  }

  /**
   * Turn `holding` (signed, per member) into what each member holds that the intent reduces (a
   * long for a sell, a short for a buy; 0 otherwise), in whole lots, and their sum into
   * `reducible[0]` (kept in an array: a double returned or passed is boxed).
   */
  private reducibleHoldings(router: SmartOrderRouter, members: number): void {
    const params = router.venues.params;
    const side = router.allocator.request[RouteRequest.side];
    const holding = this.holding;
    let reducible = 0;
    for (let v = 0; v < members; v++) {
      // Buys +, sells -: a sell reduces a positive holding, a buy a negative one.
      let h = -side * holding[v];
      // Whole lots: a position summed from fills drifts by a few ulps, which must not turn into
      // a lot's worth of sell beyond what is held.
      const lot = params[v * VENUE_PARAM_SLOTS + VenueParam.lotSize];
      h = Math.round(h / lot) * lot;
      if (!(h > 0)) h = 0;
      holding[v] = h;
      reducible += h;
    }
    this.reducible[0] = reducible;
  }

  // Doubles travel in the router's request array, not as arguments: a double passed to a call the
  // compiler does not inline is boxed, a heap allocation per split.

  /**
   * The taker split, in up to two allocations: first what only reduces the position, from the
   * venues that hold it (a sell takes back what is long there, a buy covers what is short there,
   * each venue capped at its holding); then what opens or grows one, from every venue. A sell
   * never goes short on one venue while the account stays long on another.
   */
  private splitTaker(router: SmartOrderRouter, members: Int32Array): number {
    const reducible = this.reducible[0];
    const request = router.allocator.request;
    const params = router.venues.params;
    const quantity = request[RouteRequest.quantity];
    const side = request[RouteRequest.side];
    const holding = this.holding;
    let count = 0;
    if (reducible > 0) {
      for (let v = 0; v < members.length; v++) params[v * VENUE_PARAM_SLOTS + VenueParam.maxQuantity] = holding[v];
      request[RouteRequest.quantity] = reducible < quantity ? reducible : quantity;
      count = this.allocateInto(router, members, 0);
      for (let v = 0; v < members.length; v++) params[v * VENUE_PARAM_SLOTS + VenueParam.maxQuantity] = Infinity;
      request[RouteRequest.quantity] = quantity - request[RouteRequest.quantity];
      if (request[RouteRequest.quantity] > 0) count = this.allocateInto(router, members, count);
      request[RouteRequest.quantity] = quantity;
    } else {
      count = this.allocateInto(router, members, 0);
    }
    if (count === 0) return 0;
    // What no allocation placed (depth used up, lot residue, holders' books unusable) joins the
    // part with the best average price: every unit the intent asked for leaves in some part.
    const parts = this.parts;
    let placed = 0;
    let best = 0;
    for (let k = 0; k < count; k++) {
      placed += parts[k * ROUTED_PART_SLOTS + RoutedPart.quantity];
      if (side > 0 ? this.average[k] < this.average[best] : this.average[k] > this.average[best]) best = k;
    }
    if (quantity > placed) parts[best * ROUTED_PART_SLOTS + RoutedPart.quantity] += quantity - placed;
    return count;
  }

  /**
   * One allocation of the request into parts from index `count` on, merged by venue with the parts
   * already there (a venue gets one order per intent); the new part count.
   */
  private allocateInto(router: SmartOrderRouter, members: Int32Array, count: number): number {
    const allocator = router.allocator;
    const children = allocator.children;
    const parts = this.parts;
    const made = allocator.allocate();
    for (let c = 0; c < made; c++) {
      const row = c * ROUTE_CHILD_SLOTS;
      // `| 0`: an int32 goes to a call unboxed, a double read from a typed array may not.
      const venue = children[row + RouteChild.venue] | 0;
      let k = 0;
      while (k < count && parts[k * ROUTED_PART_SLOTS + RoutedPart.instrument] !== members[venue]) k++;
      if (k === count) {
        this.writePart(k, router, members, venue);
        parts[k * ROUTED_PART_SLOTS + RoutedPart.quantity] = 0;
        this.average[k] = children[row + RouteChild.averagePrice];
        count++;
      }
      parts[k * ROUTED_PART_SLOTS + RoutedPart.quantity] += children[row + RouteChild.quantity];
    }
    return count;
  }

  private splitPassive(router: SmartOrderRouter, members: Int32Array): number {
    // The touches are the passive choice's input only: the taker split reads the books themselves
    // (and refreshing them inside the taker's path measured a boxed number per split).
    router.refreshTouchesAtRequestTime();
    const request = router.allocator.request;
    const side = request[RouteRequest.side] | 0;
    let venue = -1;
    if (this.reducible[0] > 0) {
      // An order that reduces a position rests where the position is held (the best such venue),
      // so its fill closes it there rather than opening the opposite one elsewhere.
      for (let v = 0; v < members.length; v++) {
        if (this.holding[v] > 0) continue;
        router.touches[2 * v] = NaN;
        router.touches[2 * v + 1] = NaN;
      }
      venue = router.passiveVenue(side);
      if (venue < 0) router.refreshTouchesAtRequestTime();
    }
    if (venue < 0) venue = router.passiveVenue(side);
    if (venue < 0) return 0;
    this.writePart(0, router, members, venue);
    this.parts[RoutedPart.quantity] = request[RouteRequest.quantity];
    return 1;
  }


  /**
   * Part k of the last split as an intent of its own, into `out` (a whole SizedIntent): the
   * intent's decision on the part's instrument and venue, with its quantity, its venue's far
   * touch, mid and clock (the decision's own time where that book has none).
   */
  partIntent(k: number, intent: Float64Array, base: number, out: Float64Array): void {
    for (let i = 0; i < SizedIntent.f64; i++) out[i] = intent[base + i];
    const row = k * ROUTED_PART_SLOTS;
    const parts = this.parts;
    const instrument = parts[row + RoutedPart.instrument];
    out[SizedIntent.instrument] = instrument;
    out[SizedIntent.venue] = this.venueIds[instrument];
    out[SizedIntent.quantity] = parts[row + RoutedPart.quantity];
    out[SizedIntent.limitPrice] = parts[row + RoutedPart.price];
    out[SizedIntent.arrivalMid] = parts[row + RoutedPart.arrivalMid];
    if (parts[row + RoutedPart.venueTs] > 0) out[SizedIntent.ts] = parts[row + RoutedPart.venueTs];
    out[SizedIntent.notionalUsd] = out[SizedIntent.quantity] * out[SizedIntent.limitPrice];
  }

  /** Part k on router venue `venue`: its instrument, far touch and mid (the caller sets its quantity). */
  private writePart(k: number, router: SmartOrderRouter, members: Int32Array, venue: number): void {
    const parts = this.parts;
    const at = k * ROUTED_PART_SLOTS + RoutedPart.price;
    const buy = router.allocator.request[RouteRequest.side] > 0;
    // Rows past a side's levels hold NaN (routing-venues.ts). Statements rather than ternaries
    // over doubles: a value picked between two doubles was measured to be boxed here.
    const bid = router.venues.bidPrices[venue][0];
    const ask = router.venues.askPrices[venue][0];
    parts[k * ROUTED_PART_SLOTS + RoutedPart.instrument] = members[venue];
    if (buy) parts[at] = ask; else parts[at] = bid;
    // A maker's venue may show its own side only: it then rests at that touch.
    if (!(parts[at] > 0)) { if (buy) parts[at] = bid; else parts[at] = ask; }
    parts[k * ROUTED_PART_SLOTS + RoutedPart.arrivalMid] = (bid + ask) * 0.5;
    parts[k * ROUTED_PART_SLOTS + RoutedPart.venueTs] = this.bookTs[venue];
  }
}
