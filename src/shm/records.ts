/**
 * Fixed-size record layouts carried by the rings, one per hop of the pipeline:
 *
 *   L0 -> L1  Tick, BookTop, Features (computed by L0's feature engine)
 *   L1 -> L2  Edges (sized by the alpha catalogue)   L2 -> L3  BlendedEdge
 *   L3 -> L4  SizedIntent    L4 -> L5  OrderEvent (the whole life of each order)
 *
 * Every field is a float64 slot; a layout maps field names to slot offsets from the record's
 * first slot, so a worker reads `ring.f64[base + Tick.price]` with no per-record object. Integers
 * (ids, enums, sequence numbers) are stored as float64, which is exact up to 2^53. Every record
 * is a whole number of 64-byte cache lines so two records never share a line across a batch edge.
 *
 * Every record starts with the same header (one cache line), so carrying context forward is one
 * `copyHeader` and any tool can tell what a slot holds:
 *
 *   t0, ts, seq, kind, instrument, venue, flags, origin
 *
 * - `t0`     local monotonic clock when the originating market event entered L0, in nanoseconds
 *            since the process's `performance.timeOrigin` (see clock.ts). It is copied hop to hop
 *            unchanged, so `now - t0` at any layer is the end-to-end latency so far. Workers share
 *            the main thread's timeOrigin, so the values are comparable across threads.
 * - `ts`     event time from the venue, in microseconds since the Unix epoch. Float64 nanoseconds
 *            since the epoch would exceed 2^53 and round to ~256 ns; integer microseconds stay
 *            exact until the year 2255.
 * - `seq`    the producer's sequence number for the record: a venue's trade id or update id on market
 *            data, the intent id on a SizedIntent, the event number on an OrderEvent (increasing per
 *            producer, which is how a restarted consumer knows what it has already seen).
 * - `kind`   RecordKind: what layout the rest of the record has.
 * - `instrument` the dense instrument index (an instrument is a symbol on a venue); `venue` the VenueId.
 * - `flags`  reserved for per-record bits (0 today).
 * - `origin` L0's count of the market events it has published (1, 2, ...), shared by every record
 *            L0 writes for one event and carried hop to hop: the order in which things happened
 *            in the market, whatever the threads' timing. Execution merges its two inputs
 *            (intents, and the market state it fills against) by it, so fills are the same in
 *            every placement and every replay.
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

/** What a record is (header slot `kind`). */
export const RecordKind = {
  Tick: 1, BookTop: 2, Features: 3, Edges: 4, BlendedEdge: 5, SizedIntent: 6, OrderEvent: 7, MarketState: 8,
  // On the intents ring between intents: sizing has decided on every market event up to `origin`.
  Watermark: 9,
} as const;

/** The leading slots every record shares: one cache line, fields start at 8. */
export const Header = { t0: 0, ts: 1, seq: 2, kind: 3, instrument: 4, venue: 5, flags: 6, origin: 7 } as const;
/** Copy the header from one record to another (context carried forward hop to hop), then set `kind`. */
export function copyHeader(src: Float64Array, srcBase: number, dst: Float64Array, dstBase: number, kind: number): void {
  dst[dstBase] = src[srcBase];
  dst[dstBase + 1] = src[srcBase + 1];
  dst[dstBase + 2] = src[srcBase + 2];
  dst[dstBase + 3] = kind;
  dst[dstBase + 4] = src[srcBase + 4];
  dst[dstBase + 5] = src[srcBase + 5];
  dst[dstBase + 6] = src[srcBase + 6];
  dst[dstBase + 7] = src[srcBase + 7];
}

/** A trade print (`seq`: the venue's trade id or sequence, 0 when it has none). */
export const Tick = layout('Tick', { ...Header, price: 8, size: 9, side: 10 }, 16);

/** Best bid and ask with their sizes. */
export const BookTop = layout('BookTop', { ...Header, bidPrice: 8, bidSize: 9, askPrice: 10, askSize: 11 }, 16);

/**
 * The state of one instrument after a market event, as L0's feature engine sees it: the touch, the
 * last trade, and the rolling statistics the alphas need. Mid, spread and book imbalance are
 * derived from the touch by whoever needs them rather than carried twice.
 */
export const Features = layout('Features', {
  ...Header,
  bid: 8, ask: 9, bidSize: 10, askSize: 11,
  lastPrice: 12, lastSize: 13, volatility: 14, maShort: 15,
  maLong: 16, microprice: 17, tradeImbalance: 18, return1s: 19,
  // Depth-weighted imbalance of the order book's top levels in [-1, 1] (L2Book.imbalance); the
  // touch's size imbalance when no book is kept (the synthetic source) or it is resyncing.
  depthImbalance: 20,
  // Oscillators of the mid per quote update, NaN until warmed up: RSI(14) in [0, 100], the
  // Bollinger(20) z-score of the mid; and the session VWAP of the trades (NaN before any trade).
  rsi: 21, midZScore: 22, vwap: 23,
  // From time bars of the mid (src/data/bar-features.ts), NaN until warmed up: the last closed
  // 1 min and 5 min bars' log returns in bps (return1s above is the 1 s one), ATR(14) of the
  // 1 min bars in bps of price, and the EMA(8)/EMA(21) gap of the 1 min closes in bps.
  return1m: 24, return5m: 25, atr1m: 26, trend1m: 27,
  // The mid's volatility in clock time: sqrt of an EWMA of r^2 / dt over consecutive 1 s bars,
  // bps per sqrt(second) (NaN until two bars); sizing scales it to a model's horizon.
  volatility1s: 28,
}, 32);

/** Slots of the Edges record before the first model's (edgeBps, confidence) pair. */
export const EDGES_HEADER_F64 = 16;
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
    // regime: the instrument's market regime (src/alpha/regime-detector.ts) when the record was made.
    // volatility: per quote update, volatility1s: per sqrt(second) (Features' two).
    ...Header, bid: 8, ask: 9, volatility: 10, mask: 11, count: 12, regime: 13, volatility1s: 14,
    edgeBps: EDGES_HEADER_F64, confidence: EDGES_HEADER_F64 + 1, // model 0; model k at +2k
  }, Math.ceil(used / 8) * 8);
}

/** Levels of each side a MarketState record carries (what a paper taker can walk). */
export const MARKET_STATE_LEVELS = 5;

/**
 * What execution fills against: one instrument's book after a market event, best level first,
 * and the trade if the event was one. L0 writes one per event it publishes, to execution only.
 * Level 0 is the touch the features saw; deeper levels come from the venue's order book when
 * the source keeps one (NaN prices and 0 quantities where it has none). `tradeSize` 0: the event
 * was a quote.
 */
export const MarketState = layout('MarketState', {
  ...Header,
  // Level i of the bids at bidPrice + i (i < MARKET_STATE_LEVELS), and so on for each array.
  bidPrice: 8, bidQty: 13, askPrice: 18, askQty: 23,
  tradePrice: 28, tradeSize: 29, tradeSide: 30,
}, 32);

/** The ensemble's single view per instrument. */
export const BlendedEdge = layout('BlendedEdge', {
  ...Header, edgeBps: 8, confidence: 9, bid: 10, ask: 11, volatility: 12,
  // The horizon the blended edge is earned over: the models' horizons weighted as their edges are
  // (w c), ms; 0 when no model spoke. With volatility1s, what Kelly sizes against.
  volatility1s: 13, horizonMs: 14,
  // Each model's |w c e| in the blend, by catalogue index from here to the record's end (0 for a
  // model that did not speak): sizing turns them into an intent's attribution, only for the
  // decisions that become intents (ensemble/model-attribution.ts).
  modelTerms: 15,
}, 32);

/** Models a BlendedEdge has a term slot for. */
export const BLENDED_MODEL_TERM_SLOTS = BlendedEdge.f64 - BlendedEdge.modelTerms;

/**
 * What sizing wants to hold: a signed quantity change, with the edge that justified it. The
 * header's `seq` is the intent id (increasing across restarts of L3).
 */
export const SizedIntent = layout('SizedIntent', {
  ...Header, side: 8, quantity: 9, limitPrice: 10, notionalUsd: 11, edgeBps: 12, confidence: 13, targetPositionUsd: 14,
  // Why it was sized so: the move it makes (SizingReason) and the limit that cut the target, if any (SizingBound).
  reason: 15, bound: 16,
  // The mid when the intent was sized: the arrival price transaction-cost analysis measures against.
  arrivalMid: 17,
  // The models behind the decision and their shares, packed in two doubles from the blend's
  // terms (ensemble/model-attribution.ts), for attributing PnL to alpha models.
  attribution: 18, attributionMore: 19,
}, 24);

/** The move an intent makes on its instrument's position. */
export const SizingReason = { Open: 1, Increase: 2, Reduce: 3, Close: 4, Reverse: 5 } as const;
export const SIZING_REASON_NAMES = ['', 'open', 'increase', 'reduce', 'close', 'reverse'] as const;
/**
 * The limit that made the target smaller than the signal asked for (None: the signal's own size).
 * PositionCap (a position's percent-of-equity cap) and VarBudget (the book's VaR budget) are the
 * kelly sizer's; CostGate on an intent is a close the cost gate chose over a reversal the edge
 * cannot pay for. MinOrder, CostGate and NoTradeBand also name the decisions that left no intent
 * at all (a change below minOrderUsd, a trade the edge cannot pay for, a resize inside the band):
 * they are counted by bound (`tradebot_sizing_bound_total`), never written on an intent but CostGate.
 */
export const SizingBound = {
  None: 0, MaxPosition: 1, GrossLimit: 2, SymbolNet: 3, PositionCap: 4, VarBudget: 5, MinOrder: 6, CostGate: 7, NoTradeBand: 8,
} as const;
export const SIZING_BOUND_NAMES = [
  'none', 'max_position', 'gross_limit', 'symbol_net', 'position_cap', 'var_budget', 'min_order', 'cost_gate', 'no_trade_band',
] as const;

export const OrderType = { Market: 0, Limit: 1 } as const;
export const TimeInForce = { GTC: 0, IOC: 1, FOK: 2 } as const;
export const Liquidity = { Maker: 0, Taker: 1 } as const;

/**
 * The life of an order as events, past tense: submitted (left this process), accepted (the venue
 * acknowledged it), partially filled / filled (a trade against it), cancelled, rejected (the venue
 * said no), expired, denied (a pre-trade check said no: nothing was sent), replaced (a resting order
 * re-priced in place: same id and quantity, a new `limitPrice`, or turned marketable). One ring carries them all from execution to risk, so a
 * fill can never overtake its order and an order can fill many times, at any later point.
 */
export const OrderEventType = {
  Submitted: 1, Accepted: 2, PartiallyFilled: 3, Filled: 4, Cancelled: 5, Rejected: 6, Expired: 7, Denied: 8, Replaced: 9,
} as const;

/**
 * One order event (header `seq`: the event number, increasing per execution producer). Order
 * fields describe the order (`quantity` and `limitPrice` as submitted); trade fields (`tradeId`,
 * `lastQty`, `lastPrice`, `feeUsd`, `liquidity`) are set on fills and 0 otherwise; `cumQty` and
 * `leavesQty` are the order's totals after this event. Fills are de-duplicated downstream by
 * (venue, tradeId).
 */
export const OrderEvent = layout('OrderEvent', {
  ...Header,
  event: 8, clientOrderId: 9, venueOrderId: 10, tradeId: 11, intentId: 12, side: 13, orderType: 14, timeInForce: 15,
  quantity: 16, limitPrice: 17, lastQty: 18, lastPrice: 19, cumQty: 20, leavesQty: 21, feeUsd: 22, liquidity: 23,
  reason: 24,
  // The decision behind the order, from its SizedIntent: the blended edge and confidence, the move
  // it made and the limit that bound it (SizingReason, SizingBound); carried for the audit trail.
  edgeBps: 25, confidence: 26, sizingReason: 27, sizingBound: 28,
  // The intent's arrival mid (SizedIntent.arrivalMid), for transaction-cost analysis; its model
  // attribution, for PnL by alpha model.
  arrivalMid: 29, attribution: 30, attributionMore: 31,
}, 32);

/** Every fixed layout, for tooling (dumps, serialisation bridges, tests); Edges comes from the alpha catalogue. */
export const RECORD_LAYOUTS: readonly RecordLayout[] = [Tick, BookTop, Features, BlendedEdge, SizedIntent, OrderEvent, MarketState];
