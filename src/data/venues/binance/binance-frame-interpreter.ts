/**
 * The second half of BinanceFrameDecoder.decode: once a frame has been read into key slots, pick
 * its MessageKind, check it, and copy what it carries into `fields`.
 *
 * Kind: `e` names it when present (an `e` this decoder does not read -> Unknown); without `e`,
 * `lastUpdateId` makes a REST depth snapshot, a `@bookTicker` stream name or u+b+a a spot
 * bookTicker, and `result`/`id`/`error` a subscription reply (Control).
 * Symbol: `s` when present, else the stream name's instrument, else (snapshot only) the caller's.
 *
 * Checks, in order, each a refusal with its BinanceReject reason: symbol (unknown_symbol; absent
 * entirely -> missing_field), ids/times/flags (missing_field: a required one absent, or any
 * present one not a number from 0 to 2^53, resp. not a boolean), prices (absent ->
 * missing_field, else not finite and > 0 -> bad_price), quantities (bad_quantity), crossed
 * bookTicker, level arrays (too_many_levels, then the first bad level's bad_price/bad_quantity).
 * Every check runs before any field is written.
 *
 * Doubles are copied typed array to typed array; helpers take slot numbers and return booleans
 * or small integers, so nothing is boxed even where the compiler does not inline them.
 */

import type { BinanceFrameDecoder } from './binance-frame-decoder.js';
import { BinanceField as F, BinanceReject as R, MessageKind } from './binance-message-layout.js';
import { NO_STREAM_SYMBOL, Slot, SlotType } from './binance-slots.js';

export function interpretFrame(d: BinanceFrameDecoder, frame: Uint8Array, snapshotSymbol: number): number {
  if (d.topLevelNotObject) return MessageKind.Unknown;
  const type = d.slotType;
  const value = d.slotValue;
  let kind: number;
  if (type[Slot.e] === SlotType.Name) kind = value[Slot.e] | 0;
  else if (type[Slot.e] !== SlotType.None) kind = MessageKind.Unknown;
  else if (type[Slot.lastUpdateId] !== SlotType.None) kind = MessageKind.DepthSnapshot;
  else if ((type[Slot.u] !== SlotType.None && type[Slot.b] !== SlotType.None && type[Slot.a] !== SlotType.None) || d.streamIsBookTicker(frame)) {
    kind = MessageKind.BookTicker;
  }
  else if (type[Slot.result] !== SlotType.None || type[Slot.id] !== SlotType.None || type[Slot.error] !== SlotType.None) return MessageKind.Control;
  else kind = MessageKind.Unknown;
  if (kind === MessageKind.Unknown) return kind;

  const streamSymbol = type[Slot.s] === SlotType.None ? d.streamSymbol(frame) : NO_STREAM_SYMBOL;
  let symbol: number;
  if (type[Slot.s] === SlotType.Name) symbol = value[Slot.s] | 0;
  else if (type[Slot.s] !== SlotType.None) symbol = -1;
  else if (streamSymbol !== NO_STREAM_SYMBOL) symbol = streamSymbol;
  else if (kind === MessageKind.DepthSnapshot) symbol = snapshotSymbol;
  else return d.reject(R.MissingField);
  if (symbol < 0 && kind !== MessageKind.DepthSnapshot) return d.reject(R.UnknownSymbol);

  let result: number;
  switch (kind) {
    case MessageKind.Trade: result = trade(d); break;
    case MessageKind.AggTrade: result = aggTrade(d); break;
    case MessageKind.BookTicker: result = bookTicker(d); break;
    case MessageKind.DepthUpdate: result = depthUpdate(d); break;
    case MessageKind.Kline: result = kline(d); break;
    default: result = depthSnapshot(d); break;
  }
  if (result === MessageKind.Rejected) return result;
  d.fields[F.symbol] = symbol;
  d.fields[F.rejectReason] = -1;
  return result;
}

function trade(d: BinanceFrameDecoder): number {
  const v = d.slotValue;
  const buyerIsMaker = flag(d, Slot.m);
  if (!isCount(v, Slot.E) || !isCount(v, Slot.T) || !isCount(v, Slot.t) || buyerIsMaker < 0 || badOptionalFlag(d, Slot.M)) {
    return d.reject(R.MissingField);
  }
  const problem = amountProblem(d, Slot.p, R.BadPrice, false);
  if (problem >= 0) return d.reject(problem);
  const qtyProblem = amountProblem(d, Slot.q, R.BadQuantity, false);
  if (qtyProblem >= 0) return d.reject(qtyProblem);
  const f = d.fields;
  copyEventTime(d);
  f[F.tradeTimeMs] = v[Slot.T];
  f[F.tradeId] = v[Slot.t];
  f[F.price] = v[Slot.p];
  f[F.qty] = v[Slot.q];
  f[F.buyerIsMaker] = buyerIsMaker;
  f[F.isBestMatch] = flag(d, Slot.M);
  return MessageKind.Trade;
}

function aggTrade(d: BinanceFrameDecoder): number {
  const v = d.slotValue;
  const buyerIsMaker = flag(d, Slot.m);
  if (!isCount(v, Slot.E) || !isCount(v, Slot.T) || !isCount(v, Slot.a) || !isCount(v, Slot.f) || !isCount(v, Slot.l) || buyerIsMaker < 0
    || badOptionalFlag(d, Slot.M)) {
    return d.reject(R.MissingField);
  }
  const problem = amountProblem(d, Slot.p, R.BadPrice, false);
  if (problem >= 0) return d.reject(problem);
  const qtyProblem = amountProblem(d, Slot.q, R.BadQuantity, false);
  if (qtyProblem >= 0) return d.reject(qtyProblem);
  const f = d.fields;
  copyEventTime(d);
  f[F.tradeTimeMs] = v[Slot.T];
  f[F.tradeId] = v[Slot.a];
  f[F.firstTradeId] = v[Slot.f];
  f[F.lastTradeId] = v[Slot.l];
  f[F.price] = v[Slot.p];
  f[F.qty] = v[Slot.q];
  f[F.buyerIsMaker] = buyerIsMaker;
  f[F.isBestMatch] = flag(d, Slot.M);
  return MessageKind.AggTrade;
}

function bookTicker(d: BinanceFrameDecoder): number {
  const v = d.slotValue;
  if (!isCount(v, Slot.u) || badOptionalCount(d, Slot.E) || badOptionalCount(d, Slot.T)) return d.reject(R.MissingField);
  let problem = amountProblem(d, Slot.b, R.BadPrice, false);
  if (problem < 0) problem = amountProblem(d, Slot.a, R.BadPrice, false);
  if (problem < 0) problem = amountProblem(d, Slot.B, R.BadQuantity, true);
  if (problem < 0) problem = amountProblem(d, Slot.A, R.BadQuantity, true);
  if (problem < 0 && v[Slot.b] >= v[Slot.a]) problem = R.Crossed;
  if (problem >= 0) return d.reject(problem);
  const f = d.fields;
  copyEventTime(d);
  copyOptional(d, Slot.T, F.transactionTimeMs);
  f[F.updateId] = v[Slot.u];
  f[F.bidPrice] = v[Slot.b];
  f[F.bidQty] = v[Slot.B];
  f[F.askPrice] = v[Slot.a];
  f[F.askQty] = v[Slot.A];
  return MessageKind.BookTicker;
}

function depthUpdate(d: BinanceFrameDecoder): number {
  const v = d.slotValue;
  if (!isCount(v, Slot.E) || !isCount(v, Slot.U) || !isCount(v, Slot.u) || badOptionalCount(d, Slot.T) || badOptionalCount(d, Slot.pu)) {
    return d.reject(R.MissingField);
  }
  const problem = levelsProblem(d, Slot.b, Slot.a);
  if (problem >= 0) return d.reject(problem);
  const f = d.fields;
  copyEventTime(d);
  copyOptional(d, Slot.T, F.transactionTimeMs);
  copyOptional(d, Slot.pu, F.prevUpdateId);
  f[F.firstUpdateId] = v[Slot.U];
  f[F.updateId] = v[Slot.u];
  f[F.bidCount] = d.bidTotal;
  f[F.askCount] = d.askTotal;
  return MessageKind.DepthUpdate;
}

function depthSnapshot(d: BinanceFrameDecoder): number {
  const v = d.slotValue;
  if (!isCount(v, Slot.lastUpdateId) || badOptionalCount(d, Slot.E) || badOptionalCount(d, Slot.T)) return d.reject(R.MissingField);
  const problem = levelsProblem(d, Slot.bids, Slot.asks);
  if (problem >= 0) return d.reject(problem);
  const f = d.fields;
  copyEventTime(d);
  copyOptional(d, Slot.T, F.transactionTimeMs);
  f[F.lastUpdateId] = v[Slot.lastUpdateId];
  f[F.bidCount] = d.bidTotal;
  f[F.askCount] = d.askTotal;
  return MessageKind.DepthSnapshot;
}

function kline(d: BinanceFrameDecoder): number {
  const v = d.slotValue;
  const closed = flag(d, Slot.kline_x);
  if (d.slotType[Slot.k] !== SlotType.Object || !isCount(v, Slot.E) || !isCount(v, Slot.kline_t) || !isCount(v, Slot.kline_T)
    || !isCount(v, Slot.kline_n) || closed < 0 || badOptionalId(d, Slot.kline_f) || badOptionalId(d, Slot.kline_L)) {
    return d.reject(R.MissingField);
  }
  let problem = amountProblem(d, Slot.kline_o, R.BadPrice, false);
  if (problem < 0) problem = amountProblem(d, Slot.kline_h, R.BadPrice, false);
  if (problem < 0) problem = amountProblem(d, Slot.kline_l, R.BadPrice, false);
  if (problem < 0) problem = amountProblem(d, Slot.kline_c, R.BadPrice, false);
  if (problem < 0) problem = amountProblem(d, Slot.kline_v, R.BadQuantity, true);
  if (problem < 0) problem = optionalQuantityProblem(d, Slot.kline_q);
  if (problem < 0) problem = optionalQuantityProblem(d, Slot.kline_V);
  if (problem < 0) problem = optionalQuantityProblem(d, Slot.kline_Q);
  if (problem >= 0) return d.reject(problem);
  const f = d.fields;
  copyEventTime(d);
  f[F.klineOpenTimeMs] = v[Slot.kline_t];
  f[F.klineCloseTimeMs] = v[Slot.kline_T];
  copyOptional(d, Slot.kline_i, F.klineIntervalMs);
  // An empty kline may report -1 for its first and last trade ids: kept as sent.
  if (d.slotType[Slot.kline_f] !== SlotType.None) f[F.firstTradeId] = v[Slot.kline_f];
  if (d.slotType[Slot.kline_L] !== SlotType.None) f[F.lastTradeId] = v[Slot.kline_L];
  f[F.klineOpen] = v[Slot.kline_o];
  f[F.klineHigh] = v[Slot.kline_h];
  f[F.klineLow] = v[Slot.kline_l];
  f[F.klineClose] = v[Slot.kline_c];
  f[F.klineVolume] = v[Slot.kline_v];
  copyOptionalAmount(d, Slot.kline_q, F.klineQuoteVolume);
  copyOptionalAmount(d, Slot.kline_V, F.klineTakerBuyVolume);
  copyOptionalAmount(d, Slot.kline_Q, F.klineTakerBuyQuoteVolume);
  f[F.klineTrades] = v[Slot.kline_n];
  f[F.klineClosed] = closed;
  return MessageKind.Kline;
}

/** Both sides present as level arrays, within maxLevels, every level valid; else a reason. */
function levelsProblem(d: BinanceFrameDecoder, bidSlot: number, askSlot: number): number {
  if (d.slotType[bidSlot] !== SlotType.Levels || d.slotType[askSlot] !== SlotType.Levels) return R.MissingField;
  if (d.bidTotal > d.maxLevels || d.askTotal > d.maxLevels) return R.TooManyLevels;
  return d.levelReject;
}

/** -1 when the slot holds a finite number > 0 (>= 0 with allowZero); `reason` when it holds something else; missing_field when absent. */
function amountProblem(d: BinanceFrameDecoder, slot: number, reason: number, allowZero: boolean): number {
  if (d.slotType[slot] === SlotType.None) return R.MissingField;
  const x = d.slotValue[slot];
  const ok = (allowZero ? x >= 0 : x > 0) && x < Infinity;
  return ok ? -1 : reason;
}

function optionalQuantityProblem(d: BinanceFrameDecoder, slot: number): number {
  return d.slotType[slot] === SlotType.None ? -1 : amountProblem(d, slot, R.BadQuantity, true);
}

/** Largest integer float64 holds exactly: ids and times past it would already be rounded. */
const MAX_EXACT_INTEGER = 9007199254740992;

/** An id, time or count: a number from 0 to 2^53 (so finite, and E * 1000 stays finite). */
function isCount(value: Float64Array, slot: number): boolean {
  const x = value[slot];
  return x >= 0 && x <= MAX_EXACT_INTEGER;
}

/** An optional id/time key that is present but not a number from 0 to 2^53. */
function badOptionalCount(d: BinanceFrameDecoder, slot: number): boolean {
  return d.slotType[slot] !== SlotType.None && !isCount(d.slotValue, slot);
}

/** An optional trade id (-1 allowed: an empty kline's) that is present but not a number from -1 to 2^53. */
function badOptionalId(d: BinanceFrameDecoder, slot: number): boolean {
  const x = d.slotValue[slot];
  return d.slotType[slot] !== SlotType.None && !(x >= -1 && x <= MAX_EXACT_INTEGER);
}

function badOptionalFlag(d: BinanceFrameDecoder, slot: number): boolean {
  return d.slotType[slot] !== SlotType.None && flag(d, slot) < 0;
}

/** 1 for true, 0 for false, -1 for absent or not a boolean. */
function flag(d: BinanceFrameDecoder, slot: number): number {
  const t = d.slotType[slot];
  return t === SlotType.True ? 1 : t === SlotType.False ? 0 : -1;
}

function copyEventTime(d: BinanceFrameDecoder): void {
  const eventTime = d.slotValue[Slot.E];
  if (eventTime >= 0 && eventTime <= MAX_EXACT_INTEGER) {
    d.fields[F.eventTimeMs] = eventTime;
    d.fields[F.tsMicros] = eventTime * 1000;
  }
}

/**
 * An optional amount (already checked by optionalQuantityProblem to be finite and >= 0) when
 * present: volumes are not ids, so copyOptional's 2^53 bound would drop a large one.
 */
function copyOptionalAmount(d: BinanceFrameDecoder, slot: number, field: number): void {
  if (d.slotType[slot] !== SlotType.None) d.fields[field] = d.slotValue[slot];
}

/** The slot's value when present (already checked to be a finite number >= 0); the field keeps -1 otherwise. */
function copyOptional(d: BinanceFrameDecoder, slot: number, field: number): void {
  if (isCount(d.slotValue, slot)) d.fields[field] = d.slotValue[slot];
}
