/**
 * Alpaca market-data stream data messages (v2 stocks, v1beta3 crypto) -> preallocated typed
 * arrays: trades as Tick records, quotes as BookTop records, bars in a BarBatch.
 *
 * The protocol layer (alpaca-stream-protocol.ts) JSON.parses each frame, an array of messages,
 * and hands every data message here; control messages (success/error/subscription) stay there.
 * From here on nothing allocates (proved by alpaca-decoder-allocation.test.ts) and nothing
 * throws: a bad message is refused with a counted reason and the rest of the frame goes on.
 *
 * Field notes:
 * - `t` is RFC-3339 with up to nanoseconds; `ts` is integer microseconds since the epoch, read
 *   digit by digit (iso-time.ts), the nanoseconds truncated.
 * - Stock trades do not say who was the aggressor: Tick.side = 0. Crypto trades (v1beta3) carry
 *   `tks` (taker side, B/S), used when present.
 * - Tick.seq carries the trade id `i`. Exchange, tape and condition codes are single characters
 *   on Alpaca's feeds; they are kept as character codes (conditions: the first four, one byte
 *   each, first condition in the low byte), 0 when absent.
 * - A quote with a zero or negative price on either side, or a crossed one (bid > ask), is
 *   refused: the pipeline trades against both sides of the touch.
 */

import { BookTop, Side, Tick, VenueId } from '../../../shm/records.js';
import { BAR_FIELDS, BarBatch, BarField, BarProblem } from '../bar-batch.js';
import { readIsoMicros } from '../iso-time.js';

export const AlpacaDataReject = {
  UnknownSymbol: 0, BadPrice: 1, BadSize: 2, BadTime: 3, CrossedQuote: 4, BadField: 5, BatchFull: 6,
} as const;
export const ALPACA_DATA_REJECT_REASONS = [
  'unknown_symbol', 'bad_price', 'bad_size', 'bad_time', 'crossed_quote', 'bad_field', 'batch_full',
] as const;

/** `kind` of a bar in `bars`. */
export const AlpacaBarKind = { Minute: 0, Daily: 1, Updated: 2 } as const;

type Rec = Record<string, unknown>;

export class AlpacaMessageDecoder {
  readonly capacity: number;
  readonly rejects = new Float64Array(ALPACA_DATA_REJECT_REASONS.length);
  /** `tradeCount` Tick records of the current frame. */
  readonly trades: Float64Array;
  readonly tradeExchange: Uint16Array;
  readonly tradeTape: Uint16Array;
  readonly tradeConditions: Uint32Array;
  tradeCount = 0;
  /** `quoteCount` BookTop records of the current frame. */
  readonly quotes: Float64Array;
  readonly quoteBidExchange: Uint16Array;
  readonly quoteAskExchange: Uint16Array;
  readonly quoteTape: Uint16Array;
  readonly quoteConditions: Uint32Array;
  quoteCount = 0;
  readonly bars: BarBatch;

  private readonly symbols: Map<string, number>;
  private readonly scratch = new Float64Array(4);
  private readonly bar = new Float64Array(BAR_FIELDS);

  /** `symbols` maps the venue's symbol (AAPL, BTC/USD) to its dense id. */
  constructor(symbols: Map<string, number>, capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new Error(`AlpacaMessageDecoder: bad capacity ${capacity}`);
    this.symbols = symbols;
    this.capacity = capacity;
    this.trades = new Float64Array(Tick.f64 * capacity);
    this.tradeExchange = new Uint16Array(capacity);
    this.tradeTape = new Uint16Array(capacity);
    this.tradeConditions = new Uint32Array(capacity);
    this.quotes = new Float64Array(BookTop.f64 * capacity);
    this.quoteBidExchange = new Uint16Array(capacity);
    this.quoteAskExchange = new Uint16Array(capacity);
    this.quoteTape = new Uint16Array(capacity);
    this.quoteConditions = new Uint32Array(capacity);
    this.bars = new BarBatch(capacity);
  }

  /** Start a new frame. */
  reset(): void {
    this.tradeCount = 0;
    this.quoteCount = 0;
    this.bars.count = 0;
  }

  /** A `T: "t"` message; true when kept. */
  trade(msg: Rec): boolean {
    if (this.tradeCount >= this.capacity) return this.reject(AlpacaDataReject.BatchFull);
    const symbol = this.symbol(msg.S);
    if (symbol < 0) return false;
    const price = msg.p;
    const size = msg.s;
    if (typeof price !== 'number' || !(price > 0 && price < Infinity)) return this.reject(AlpacaDataReject.BadPrice);
    if (typeof size !== 'number' || !(size > 0 && size < Infinity)) return this.reject(AlpacaDataReject.BadSize);
    if (!readIsoMicros(msg.t, this.scratch, 0)) return this.reject(AlpacaDataReject.BadTime);
    const id = msg.i;
    if (id !== undefined && (typeof id !== 'number' || !(id >= 0 && id <= Number.MAX_SAFE_INTEGER))) return this.reject(AlpacaDataReject.BadField);
    const taker = msg.tks;
    const k = this.tradeCount++;
    const b = k * Tick.f64;
    const out = this.trades;
    out[b + Tick.t0] = 0;
    out[b + Tick.ts] = this.scratch[0];
    out[b + Tick.instrument] = symbol;
    out[b + Tick.venue] = VenueId.Alpaca;
    out[b + Tick.price] = price;
    out[b + Tick.size] = size;
    out[b + Tick.side] = taker === 'B' ? Side.Buy : taker === 'S' ? Side.Sell : Side.Unknown;
    out[b + Tick.seq] = typeof id === 'number' ? id : 0;
    this.tradeExchange[k] = charCode(msg.x);
    this.tradeTape[k] = charCode(msg.z);
    packConditions(msg.c, this.tradeConditions, k);
    return true;
  }

  /** A `T: "q"` message; true when kept. */
  quote(msg: Rec): boolean {
    if (this.quoteCount >= this.capacity) return this.reject(AlpacaDataReject.BatchFull);
    const symbol = this.symbol(msg.S);
    if (symbol < 0) return false;
    const bid = msg.bp;
    const ask = msg.ap;
    const bidSize = msg.bs;
    const askSize = msg.as;
    if (typeof bid !== 'number' || typeof ask !== 'number' || !(bid > 0 && ask > 0 && ask < Infinity)) return this.reject(AlpacaDataReject.BadPrice);
    if (typeof bidSize !== 'number' || typeof askSize !== 'number'
      || !(bidSize >= 0 && askSize >= 0 && bidSize < Infinity && askSize < Infinity)) return this.reject(AlpacaDataReject.BadSize);
    if (bid > ask) return this.reject(AlpacaDataReject.CrossedQuote);
    if (!readIsoMicros(msg.t, this.scratch, 0)) return this.reject(AlpacaDataReject.BadTime);
    const k = this.quoteCount++;
    const b = k * BookTop.f64;
    const out = this.quotes;
    out[b + BookTop.t0] = 0;
    out[b + BookTop.ts] = this.scratch[0];
    out[b + BookTop.instrument] = symbol;
    out[b + BookTop.venue] = VenueId.Alpaca;
    out[b + BookTop.bidPrice] = bid;
    out[b + BookTop.bidSize] = bidSize;
    out[b + BookTop.askPrice] = ask;
    out[b + BookTop.askSize] = askSize;
    this.quoteBidExchange[k] = charCode(msg.bx);
    this.quoteAskExchange[k] = charCode(msg.ax);
    this.quoteTape[k] = charCode(msg.z);
    packConditions(msg.c, this.quoteConditions, k);
    return true;
  }

  /** A `T: "b" | "d" | "u"` message (AlpacaBarKind); true when kept. */
  barMessage(msg: Rec, kind: number): boolean {
    const symbol = this.symbol(msg.S);
    if (symbol < 0) return false;
    const bar = this.bar;
    if (!readIsoMicros(msg.t, bar, BarField.start)) return this.reject(AlpacaDataReject.BadTime);
    const o = msg.o, h = msg.h, l = msg.l, c = msg.c, v = msg.v, n = msg.n, vw = msg.vw;
    if (typeof o !== 'number' || typeof h !== 'number' || typeof l !== 'number' || typeof c !== 'number') return this.reject(AlpacaDataReject.BadPrice);
    if (typeof v !== 'number' || (n !== undefined && typeof n !== 'number') || (vw !== undefined && typeof vw !== 'number')) {
      return this.reject(AlpacaDataReject.BadSize);
    }
    bar[BarField.open] = o;
    bar[BarField.high] = h;
    bar[BarField.low] = l;
    bar[BarField.close] = c;
    bar[BarField.volume] = v;
    bar[BarField.trades] = typeof n === 'number' ? n : 0;
    bar[BarField.vwap] = typeof vw === 'number' ? vw : 0;
    const problem = this.bars.push(symbol, kind, bar, 0);
    if (problem === BarProblem.None) return true;
    return this.reject(problem === BarProblem.BadPrice ? AlpacaDataReject.BadPrice
      : problem === BarProblem.BadVolume ? AlpacaDataReject.BadSize : AlpacaDataReject.BatchFull);
  }

  private symbol(value: unknown): number {
    const symbol = typeof value === 'string' ? this.symbols.get(value) : undefined;
    if (symbol === undefined) {
      this.reject(AlpacaDataReject.UnknownSymbol);
      return -1;
    }
    return symbol;
  }

  private reject(reason: number): false {
    this.rejects[reason] += 1;
    return false;
  }
}

/** The first character's code of a string field, 0 when absent or empty. */
function charCode(value: unknown): number {
  return typeof value === 'string' && value.length > 0 ? value.charCodeAt(0) & 0xffff : 0;
}

/**
 * The first character of up to four condition strings, one byte each (low byte first), into
 * `out[k]`. Written in place: the packed value can exceed the small-integer range, and returning
 * it from a call V8 does not inline would box it.
 */
function packConditions(value: unknown, out: Uint32Array, k: number): void {
  out[k] = 0;
  if (!Array.isArray(value)) return;
  const n = value.length < 4 ? value.length : 4;
  for (let i = 0; i < n; i++) out[k] |= (charCode(value[i]) & 0xff) << (8 * i);
}
