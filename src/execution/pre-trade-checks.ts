/**
 * Pre-trade checks: everything an order must pass before anything leaves for a venue. A failed
 * check is an OrderDenied with its reason (DENY_REASONS, counted by the caller); nothing is sent.
 *
 * In order (the first failure is the reason):
 *  1. bad_price / bad_quantity   not a positive finite number;
 *  2. kill_switch                the risk layer's switch is on, and the order would not reduce the
 *                                position (closing and reducing orders still go: a kill switch that
 *                                stopped an exit would keep the risk it exists to cut);
 *  3. reduce_only                risk asks for reduce-only on the instrument and the order would
 *                                open or grow a position (or flip it past flat);
 *  4. stale_symbol               no market data for the instrument lately: its prices are not trusted;
 *  5. market_closed              stocks outside the regular session (extended hours only if allowed);
 *  6. precision                  the quantity is rounded down to the lot step and a limit price to
 *                                the tick (a buy down, a sell up: never a worse price than asked);
 *     below_min_quantity         nothing left after rounding;
 *     below_min_notional         quantity x price under the venue's minimum;
 *     above_max_notional         over the per-order cap;
 *  7. pattern_day_trader         a day trade the PDT guard refuses (small margin accounts);
 *  8. rate_limited               the venue's order-rate token bucket is empty (last: a denied order
 *                                must not spend a token).
 *
 * The request and the adjusted order travel in typed arrays (PreTradeRequest / PreTradeOrder
 * slots), so `check` allocates nothing and boxes no double.
 */
import { nextUsEquitySession } from '../data/us-equity-session.js';
import type { PatternDayTraderGuard } from './pattern-day-trader-guard.js';
import type { TokenBucket } from './token-bucket.js';

export const DENY_REASONS = [
  'none', 'bad_price', 'bad_quantity', 'kill_switch', 'reduce_only', 'stale_symbol', 'market_closed',
  'below_min_quantity', 'below_min_notional', 'above_max_notional', 'pattern_day_trader', 'rate_limited',
  // Not a pre-trade check: the reason of an OrderRejected, a live venue refusing an order it was sent.
  'venue_rejected',
  // A live session that is stopping sends no new order (execution-stage.ts).
  'session_stopping',
] as const;
export const Deny = Object.fromEntries(DENY_REASONS.map((r, i) => [r, i])) as { readonly [K in (typeof DENY_REASONS)[number]]: number };
/**
 * The denials the execution stage counts as refusals of their own (the price and quantity checks
 * come first in the fill engine's, so they never reach these): reason r is slot r - Deny.kill_switch.
 */
export const PRE_TRADE_DENIALS = DENY_REASONS.slice(Deny.kill_switch);

/** Slots of the request `check` reads. */
export const PreTradeRequest = {
  instrument: 0, side: 1, quantity: 2, price: 3, positionQty: 4, tsUs: 5, equityUsd: 6,
  /** 1 when the order would close a position opened the same trading day. */
  dayTrade: 7, day: 8,
} as const;
export const PRE_TRADE_REQUEST_SLOTS = 9;
/** Slots of the order `check` writes when it passes: the rounded quantity and price. */
export const PreTradeOrder = { quantity: 0, price: 1 } as const;

export interface InstrumentLimits {
  readonly tickSize: number;
  readonly lotSize: number;
  readonly minNotionalUsd: number;
  readonly assetClass: 'crypto' | 'stocks';
}

export interface PreTradeOptions {
  readonly instruments: readonly InstrumentLimits[];
  /** Per instrument, the bucket of its venue (instruments of one venue share one). */
  readonly buckets: readonly TokenBucket[];
  readonly maxNotionalUsd: number;
  /** Stocks: allow orders 04:00-09:30 and 16:00-20:00 ET as well. */
  readonly extendedHours?: boolean;
  readonly pdtGuard?: PatternDayTraderGuard;
}

/** roundDownToLot's relative tolerance, shared with its copy in `check`. */
const LOT_TOLERANCE = 1 + 1e-13;

/**
 * `quantity` rounded down to a whole number of `lot`s. The tolerance is relative: quantity / lot
 * can land an ulp under the whole number it is (an ulp of 1.5e11 lots is 3e-5, far more than any
 * absolute epsilon), and a quantity already on the grid must come back unchanged, or the part
 * rounded off twice would be released to sizing at a moment that depends on thread timing.
 */
export function roundDownToLot(quantity: number, lot: number): number {
  return Math.floor((quantity / lot) * LOT_TOLERANCE) * lot;
}

/** The extended sessions: 04:00-09:30 and 16:00-20:00 ET, as offsets from the regular open and close. */
export const EXTENDED_BEFORE_US = 5.5 * 3_600_000_000;
export const EXTENDED_AFTER_US = 4 * 3_600_000_000;

/** PreTradeChecks' session cache: what nextUsEquitySession wrote, and the time it was for. */
const Session = { open: 0, close: 1, foundFor: 2 } as const;

const Limit = { tick: 0, lot: 1, minNotional: 2, stock: 3 } as const;
const LIMIT_SLOTS = 4;

export class PreTradeChecks {
  /** Per instrument, written by the risk and data layers: kill switch (global), reduce-only, stale. */
  killSwitch = false;
  readonly reduceOnly: Uint8Array;
  readonly stale: Uint8Array;
  /** The session marketOpen last looked up (Session slots); NaN until the first. */
  /**
   * Per instrument, LIMIT_SLOTS numbers (Limit): read from typed arrays because the instrument
   * objects come in more than one shape, and a double field loaded through a polymorphic access
   * is boxed on every read.
   */
  private readonly limits: Float64Array;
  private readonly maxNotional = new Float64Array(1);
  private readonly session = new Float64Array(3).fill(NaN);

  constructor(private readonly opts: PreTradeOptions) {
    const n = opts.instruments.length;
    if (opts.buckets.length !== n) throw new Error(`pre-trade checks: ${n} instruments but ${opts.buckets.length} rate buckets`);
    if (!(opts.maxNotionalUsd > 0)) throw new Error(`pre-trade checks: maxNotionalUsd must be > 0, got ${opts.maxNotionalUsd}`);
    this.reduceOnly = new Uint8Array(n);
    this.stale = new Uint8Array(n);
    this.limits = new Float64Array(n * LIMIT_SLOTS);
    opts.instruments.forEach((inst, k) => {
      this.limits[k * LIMIT_SLOTS + Limit.tick] = inst.tickSize;
      this.limits[k * LIMIT_SLOTS + Limit.lot] = inst.lotSize;
      this.limits[k * LIMIT_SLOTS + Limit.minNotional] = inst.minNotionalUsd;
      this.limits[k * LIMIT_SLOTS + Limit.stock] = inst.assetClass === 'stocks' ? 1 : 0;
    });
    this.maxNotional[0] = opts.maxNotionalUsd;
  }

  /** The first failing check (a Deny reason), or Deny.none with the order to send in `order`. */
  check(req: Float64Array, order: Float64Array): number {
    const i = req[PreTradeRequest.instrument];
    const side = req[PreTradeRequest.side];
    const qty = req[PreTradeRequest.quantity];
    const price = req[PreTradeRequest.price];
    const position = req[PreTradeRequest.positionQty];
    if (!(i >= 0 && i < this.reduceOnly.length && Math.floor(i) === i) || (side !== 1 && side !== -1)) return Deny.bad_quantity;
    const at = i * LIMIT_SLOTS;
    const limits = this.limits;
    if (!(price > 0 && price < Infinity)) return Deny.bad_price;
    if (!(qty > 0 && qty < Infinity)) return Deny.bad_quantity;
    // Reducing: against the position and no larger than it.
    const reduces = position !== 0 && side * position < 0 && qty <= Math.abs(position) * (1 + 1e-12);
    if (this.killSwitch && !reduces) return Deny.kill_switch;
    if (this.reduceOnly[i] === 1 && !reduces) return Deny.reduce_only;
    if (this.stale[i] === 1) return Deny.stale_symbol;
    if (limits[at + Limit.stock] === 1 && !this.marketOpen(req)) return Deny.market_closed;

    // roundDownToLot, written in place: a call the compiler does not inline would box the
    // quantity and lot it is passed and the double it returns.
    const lot = limits[at + Limit.lot];
    const rounded = Math.floor((qty / lot) * LOT_TOLERANCE) * lot;
    if (!(rounded > 0)) return Deny.below_min_quantity;
    const tick = limits[at + Limit.tick];
    const ticks = price / tick;
    const roundedPrice = (side > 0 ? Math.floor(ticks + 1e-9) : Math.ceil(ticks - 1e-9)) * tick;
    if (!(roundedPrice > 0)) return Deny.bad_price;
    const notional = rounded * roundedPrice;
    if (notional < limits[at + Limit.minNotional]) return Deny.below_min_notional;
    if (notional > this.maxNotional[0]) return Deny.above_max_notional;
    const guard = this.opts.pdtGuard;
    if (guard !== undefined && req[PreTradeRequest.dayTrade] === 1 && !guard.allowsDayTrade(req[PreTradeRequest.day], req[PreTradeRequest.equityUsd])) {
      return Deny.pattern_day_trader;
    }
    if (!this.opts.buckets[i].take(req, PreTradeRequest.tsUs)) return Deny.rate_limited;
    order[PreTradeOrder.quantity] = rounded;
    order[PreTradeOrder.price] = roundedPrice;
    return Deny.none;
  }

  /**
   * US equities: the request's time is inside the regular session, or the extended one when
   * allowed. The time stays in `req`: a double argument to a call that is not inlined is boxed.
   */
  private marketOpen(req: Float64Array): boolean {
    const tsUs = req[PreTradeRequest.tsUs];
    const extended = this.opts.extendedHours === true;
    const session = this.session;
    // The first session whose (extended) close is after tsUs: then tsUs is inside it or before it.
    // One found for an earlier time is still the first for any later time before its close, so
    // it is looked up once per session, not per order (the lookup takes its time as an argument).
    if (!(tsUs >= session[Session.foundFor] && tsUs < session[Session.close] + (extended ? EXTENDED_AFTER_US : 0))) {
      nextUsEquitySession(extended ? tsUs - EXTENDED_AFTER_US : tsUs, session);
      session[Session.foundFor] = tsUs;
    }
    const open = session[Session.open] - (extended ? EXTENDED_BEFORE_US : 0);
    const close = session[Session.close] + (extended ? EXTENDED_AFTER_US : 0);
    return tsUs >= open && tsUs < close;
  }
}
