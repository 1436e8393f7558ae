/**
 * What BinanceFrameDecoder.decode returns and where it leaves the numbers.
 *
 * decode() returns a MessageKind. The numbers of the frame are in `decoder.fields`, indexed by
 * BinanceField; depth levels are in the decoder's bidPrice/bidQty/askPrice/askQty arrays, with
 * `fields[bidCount]` / `fields[askCount]` levels valid. Every field a message kind does not carry
 * reads -1 (so no output is ever NaN): e.g. `prevUpdateId` on a spot depth diff, `eventTimeMs`
 * and `tsMicros` on a spot bookTicker (which has no time: use the receive time), `isBestMatch` on
 * futures trades. Ids and times are integers held exactly in float64 (exact below 2^53).
 *
 * Which Binance key fills which field, per kind:
 *   Trade          E eventTimeMs, T tradeTimeMs, t tradeId, p price, q qty, m buyerIsMaker, M isBestMatch
 *   AggTrade       E, T tradeTimeMs, a tradeId (the aggregate id), f firstTradeId, l lastTradeId,
 *                  p, q, m, M
 *   BookTicker     u updateId, b bidPrice, B bidQty, a askPrice, A askQty; futures also E, T
 *                  transactionTimeMs
 *   DepthUpdate    E, T transactionTimeMs (futures), U firstUpdateId, u updateId, pu prevUpdateId
 *                  (futures), b/a levels
 *   Kline          E, k.t klineOpenTimeMs, k.T klineCloseTimeMs, k.i klineIntervalMs (-1 for
 *                  months), k.f/k.L first/lastTradeId, k.o/h/l/c, k.v volume, k.q quoteVolume,
 *                  k.n trades, k.V/k.Q taker buy volume/quote volume, k.x klineClosed
 *   DepthSnapshot  lastUpdateId, bids/asks levels; futures also E, T transactionTimeMs
 * `tsMicros` = E * 1000 (the venue's event time, the ring records' `ts` convention) whenever the
 * frame has E, else -1: the event time and not the trade time, so every kind of one stream is
 * stamped by the same clock.
 * `symbol` is the dense id from the decoder's symbol table; a REST snapshot names no symbol and
 * gets the id the caller passes to decode() (-1 by default).
 */

export const MessageKind = {
  /** Valid JSON that is not a market-data message this decoder reads (24hrTicker, markPrice, ...). */
  Unknown: 0,
  Trade: 1,
  AggTrade: 2,
  BookTicker: 3,
  DepthUpdate: 4,
  Kline: 5,
  DepthSnapshot: 6,
  /** A reply to a subscription request: `{"result":null,"id":1}`, or an `{"error":...}` reply. */
  Control: 7,
  /** Refused: `fields[rejectReason]` says why, and `rejects[reason]` was incremented. */
  Rejected: 8,
} as const;
export const MESSAGE_KIND_NAMES = ['unknown', 'trade', 'agg_trade', 'book_ticker', 'depth_update', 'kline', 'depth_snapshot', 'control', 'rejected'] as const;
export const MESSAGE_KIND_COUNT = MESSAGE_KIND_NAMES.length;

export const BinanceReject = {
  /** Not JSON, cut short, or not shaped like the message its `e` says. */
  Malformed: 0,
  UnknownSymbol: 1,
  /** A price that is not a finite number > 0 (trade, bookTicker, kline, depth level). */
  BadPrice: 2,
  /** A quantity that is not finite, or <= 0 for a trade, or < 0 elsewhere (0 deletes a level). */
  BadQuantity: 3,
  /** bookTicker with bid >= ask. */
  Crossed: 4,
  /** A depth side with more levels than the decoder's maxLevels. */
  TooManyLevels: 5,
  /** A required key absent, or an id/time/flag key (required or not) of the wrong type or negative. */
  MissingField: 6,
} as const;
export const BINANCE_REJECT_REASONS = ['malformed', 'unknown_symbol', 'bad_price', 'bad_quantity', 'crossed', 'too_many_levels', 'missing_field'] as const;

export const BinanceField = {
  symbol: 0,
  tsMicros: 1,
  eventTimeMs: 2,
  transactionTimeMs: 3,
  tradeTimeMs: 4,
  tradeId: 5,
  firstTradeId: 6,
  lastTradeId: 7,
  price: 8,
  qty: 9,
  /** 1 when the buyer was the maker (the aggressor sold), 0 otherwise. */
  buyerIsMaker: 10,
  isBestMatch: 11,
  bidPrice: 12,
  bidQty: 13,
  askPrice: 14,
  askQty: 15,
  updateId: 16,
  firstUpdateId: 17,
  prevUpdateId: 18,
  lastUpdateId: 19,
  bidCount: 20,
  askCount: 21,
  klineOpenTimeMs: 22,
  klineCloseTimeMs: 23,
  klineIntervalMs: 24,
  klineOpen: 25,
  klineHigh: 26,
  klineLow: 27,
  klineClose: 28,
  klineVolume: 29,
  klineQuoteVolume: 30,
  klineTrades: 31,
  klineTakerBuyVolume: 32,
  klineTakerBuyQuoteVolume: 33,
  klineClosed: 34,
  /** BinanceReject index of the last refusal, -1 when the frame was accepted. */
  rejectReason: 35,
} as const;
export const BINANCE_FIELD_COUNT = 36;
