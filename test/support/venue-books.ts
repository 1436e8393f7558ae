// Builds routing venues from hand-written books, the way the data layer publishes them (a
// BookDepth block per venue), so the tests read like the examples they check.
import { BookDepth } from '../../src/data/book/book-depth-block.js';
import { RoutingVenues, type VenueRules } from '../../src/execution/routing/routing-venues.js';
import { RouteRequest, type VenueAllocator } from '../../src/execution/routing/venue-allocation.js';

export const NOW_US = 1.7e15 + 0.5;

/** [price, quantity] levels, best first. */
export type Levels = readonly (readonly [number, number])[];

export interface VenueBook {
  readonly rules: VenueRules;
  readonly asks?: Levels;
  readonly bids?: Levels;
  readonly synced?: boolean;
  readonly tsUs?: number;
}

export function rules(name: string, takerFeeBps: number, extra: Partial<VenueRules> = {}): VenueRules {
  return { name, takerFeeBps, makerFeeBps: 0, minNotional: 0, lotSize: 1e-8, tickSize: 0.01, ...extra };
}

/** A BookDepth block of `levels` rows holding `book`. */
export function depthBlock(book: VenueBook, levels: number): Float64Array {
  const block = new Float64Array(BookDepth.fieldCount(levels));
  block[BookDepth.tsMicros] = book.tsUs ?? NOW_US;
  block[BookDepth.synced] = book.synced === false ? 0 : 1;
  block[BookDepth.levels] = levels;
  for (let i = 0; i < levels; i++) {
    const row = BookDepth.level(i);
    const ask = book.asks?.[i];
    const bid = book.bids?.[i];
    block[row + BookDepth.askPrice] = ask ? ask[0] : NaN;
    block[row + BookDepth.askQty] = ask ? ask[1] : 0;
    block[row + BookDepth.bidPrice] = bid ? bid[0] : NaN;
    block[row + BookDepth.bidQty] = bid ? bid[1] : 0;
  }
  return block;
}

export function venuesOf(books: readonly VenueBook[], maxLevels = 10): RoutingVenues {
  const venues = new RoutingVenues(books.map((b) => b.rules), maxLevels);
  books.forEach((b, v) => venues.loadDepth(v, depthBlock(b, maxLevels)));
  return venues;
}

export const close = (actual: number, expected: number, what: string, tolerance = 1e-9): void => {
  if (!(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)))) {
    throw new Error(`${what}: expected ${expected}, got ${actual}`);
  }
};

/** Fill the allocator's request by slot name and route it; returns the child count. */
export function route(allocator: VenueAllocator, side: number, quantity: number, limitPrice = NaN, nowUs = NOW_US): number {
  const request = allocator.request;
  request[RouteRequest.side] = side;
  request[RouteRequest.quantity] = quantity;
  request[RouteRequest.limitPrice] = limitPrice;
  request[RouteRequest.nowUs] = nowUs;
  return allocator.allocate();
}
