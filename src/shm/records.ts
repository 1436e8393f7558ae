/**
 * Fixed-size record layouts carried by the rings, one per hop of the pipeline:
 *
 *   L0 -> L1  Tick, BookTop, Features (computed by L0's feature engine)
 *   L1 -> L2  Edges (sized by the alpha catalogue)   L2 -> L3  BlendedEdge
 *   L3 -> L4  SizedIntent    L4 -> L5  Order, Fill
 *
 * Every field is a float64 slot; a layout maps field names to slot offsets from the record's
 * first slot, so a worker reads `ring.f64[base + Tick.price]` with no per-record object. Integers
 * (ids, enums, sequence numbers) are stored as float64, which is exact up to 2^53. Every record
 * is a whole number of 64-byte cache lines so two records never share a line across a batch edge.
 *
 * Conventions shared by all layouts:
 * - `t0`     local monotonic clock when the originating market event entered L0, in nanoseconds
 *            since the process's `performance.timeOrigin` (see clock.ts). It is copied hop to hop
 *            unchanged, so `now - t0` at any layer is the end-to-end latency so far. Workers share
 *            the main thread's timeOrigin, so the values are comparable across threads.
 * - `ts`     event time from the venue, in microseconds since the Unix epoch. Float64 nanoseconds
 *            since the epoch would exceed 2^53 and round to ~256 ns; integer microseconds stay
 *            exact until the year 2255.
 * - `symbol` / `venue`  small integer ids from the instrument registry (see SymbolId/VenueId).
 * - `side`   +1 buy / -1 sell (for trades: the aggressor side; 0 when unknown).
 */

/** A record layout: field -> float64 offset, plus the total size. */
export interface RecordLayout {
  readonly name: string;
  /** Float64 slots per record. */
  readonly f64: number;
  /** Bytes per record (f64 * 8), always a multiple of 64. */
  readonly bytes: number;
}

function layout<F extends Record<string, number>>(name: string, fields: F, f64: number): Readonly<F> & RecordLayout {
  const offsets = Object.values(fields);
  const max = Math.max(...offsets);
  if (max >= f64) throw new Error(`record ${name}: field offset ${max} does not fit in ${f64} slots`);
  if (new Set(offsets).size !== offsets.length) throw new Error(`record ${name}: two fields share a slot`);
  if ((f64 * 8) % 64 !== 0) throw new Error(`record ${name}: ${f64 * 8} bytes is not a whole number of cache lines`);
  return Object.freeze({ ...fields, name, f64, bytes: f64 * 8 });
}

/** Venue ids. */
export const VenueId = { Sim: 0, Binance: 1, Coinbase: 2, Alpaca: 3, Replay: 4, Synthetic: 5 } as const;

export const Side = { Buy: 1, Sell: -1, Unknown: 0 } as const;

/** A trade print. */
export const Tick = layout('Tick', {
  t0: 0, ts: 1, symbol: 2, venue: 3, price: 4, size: 5, side: 6, seq: 7,
}, 8);

/** Best bid and ask with their sizes. */
export const BookTop = layout('BookTop', {
  t0: 0, ts: 1, symbol: 2, venue: 3, bidPrice: 4, bidSize: 5, askPrice: 6, askSize: 7,
}, 8);

/**
 * The state of one symbol after a market event, as L0's feature engine sees it: the touch, the
 * last trade, and the rolling statistics the rule alphas need. Mid, spread and book imbalance are
 * derived from the touch by whoever needs them rather than carried twice.
 */
export const Features = layout('Features', {
  t0: 0, ts: 1, symbol: 2, venue: 3,
  bid: 4, ask: 5, bidSize: 6, askSize: 7,
  lastPrice: 8, lastSize: 9, volatility: 10, maShort: 11,
  maLong: 12, microprice: 13, tradeImbalance: 14, return1s: 15,
  // Depth-weighted imbalance of the order book's top levels in [-1, 1] (L2Book.imbalance); the
  // touch's size imbalance when no book is kept (the synthetic source) or it is resyncing.
  depthImbalance: 16,
}, 24);

/** Slots of the Edges record before the first model's (edgeBps, confidence) pair. */
export const EDGES_HEADER_F64 = 12;
/** Most models an Edges record can carry: `mask` is a 31-bit set (bitwise operators are int32). */
export const MAX_ALPHA_MODELS = 31;

/**
 * The Edges record for `models` alpha models (the alpha catalogue decides how many; see
 * src/alpha/alpha-catalogue.ts, which exports the pipeline's `Edges`). Model k writes
 * `edgeBps + 2k` and `confidence + 2k`. `mask` is a bit set of the models that produced a value for
 * this event (a model with no opinion leaves its bit 0). The touch (bid/ask) travels with the edge
 * so sizing and paper execution price against the book the signal saw, without a side channel.
 */
export function edgesLayout(models: number) {
  if (!Number.isInteger(models) || models < 1 || models > MAX_ALPHA_MODELS) {
    throw new Error(`Edges: the model count must be an integer in 1..${MAX_ALPHA_MODELS}, got ${models}`);
  }
  const used = EDGES_HEADER_F64 + 2 * models;
  return layout('Edges', {
    t0: 0, ts: 1, symbol: 2, venue: 3, bid: 4, ask: 5, volatility: 6, mask: 7, count: 8,
    edgeBps: 12, confidence: 13, // model 0; model k at +2k
  }, Math.ceil(used / 8) * 8);
}
export type EdgesLayout = ReturnType<typeof edgesLayout>;

/** The ensemble's single view per symbol. */
export const BlendedEdge = layout('BlendedEdge', {
  t0: 0, ts: 1, symbol: 2, venue: 3, edgeBps: 4, confidence: 5, bid: 6, ask: 7, volatility: 8,
}, 16);

/** What sizing wants to hold: a signed quantity change, with the edge that justified it. */
export const SizedIntent = layout('SizedIntent', {
  t0: 0, ts: 1, intentId: 2, symbol: 3, venue: 4, side: 5, quantity: 6, limitPrice: 7,
  notionalUsd: 8, edgeBps: 9, confidence: 10, targetPositionUsd: 11,
}, 16);

export const OrderType = { Market: 0, Limit: 1 } as const;
export const TimeInForce = { GTC: 0, IOC: 1, FOK: 2 } as const;

/** An order as sent to a venue (paper or live). */
export const Order = layout('Order', {
  t0: 0, ts: 1, orderId: 2, intentId: 3, symbol: 4, venue: 5, side: 6, type: 7,
  quantity: 8, limitPrice: 9, timeInForce: 10, sentAt: 11,
}, 16);

export const Liquidity = { Maker: 0, Taker: 1 } as const;

/** A (partial) execution of an order. */
export const Fill = layout('Fill', {
  t0: 0, ts: 1, orderId: 2, symbol: 3, venue: 4, side: 5, quantity: 6, price: 7,
  feeUsd: 8, liquidity: 9, remaining: 10, fillId: 11,
}, 16);

/** Every fixed layout, for tooling (dumps, serialisation bridges, tests); Edges comes from the alpha catalogue. */
export const RECORD_LAYOUTS: readonly RecordLayout[] = [Tick, BookTop, Features, BlendedEdge, SizedIntent, Order, Fill];
