/**
 * BinanceFrameDecoder: one raw Binance market-data websocket frame (the UTF-8 JSON bytes as the
 * `ws` library delivers them) -> numbers in typed arrays the decoder owns, in a single pass over
 * the bytes, without JSON.parse and without creating strings or objects.
 *
 * Frames read: the combined-stream envelope `{"stream":"btcusdt@trade","data":{...}}` or the bare
 * payload; trade, aggTrade, bookTicker (spot form without `e`, futures form with it), depthUpdate
 * (spot and futures), kline, the REST depth snapshot body, and subscription replies (Control).
 * Anything else that is valid JSON is Unknown. See binance-message-layout.ts for the outputs.
 *
 * How: keys may come in any order and the meaning of a key depends on the event type (`b` is a
 * buyer order id in a trade, a price in a bookTicker, the bid levels in a depth diff), so the pass
 * first files every value under its key in a slot table: the number (JSON number or numeric
 * string) in `slotValue`, what it was in `slotType`. Level arrays under b/a/bids/asks go straight
 * into the level arrays; `s` is looked up in the symbol table and `e` matched against the known
 * event names as they pass. Once the frame is closed, interpretFrame (binance-frame-interpreter.ts)
 * picks the kind, validates, and copies the slots it needs into `fields`. Keys that matter nowhere are skipped (validated, not
 * stored); once `e` names an event this decoder does not read, the rest of the frame is only
 * skipped. Escaped keys are unescaped (`"\u0073"` is `s`, as JSON.parse reads it); escaped names
 * (a symbol, an event) are not, and count as unknown.
 *
 * First attempt: binance-flat-frame.ts reads the frame in one straight pass when it has the exact
 * form Binance's serializer writes (no whitespace, the envelope's two keys in order, one-letter
 * keys, plain values), filing the same slots the parser below would; the parser only reads
 * frames that attempt gives up on, and the same interpreter checks both.
 *
 * Refusals (kind Rejected, counted in `rejects` by BinanceReject, never a throw): see
 * BinanceReject. Each decode also counts its result in `kindCounts` by MessageKind.
 *
 * Hot path: decode allocates nothing (proved by the allocation test) except in the rare number
 * path of decimal-bytes.ts (more than ~15 significant digits or an exponent). Doubles only travel
 * through typed arrays, never through return values, so nothing is boxed between functions.
 */

import { hasLeadingZero, parseDecimal } from '../../decimal-bytes.js';
import {
  asciiBytes, bytesEqual, COLON, COMMA, LEFT_BRACE, LEFT_BRACKET, plainStringEnd, QUOTE, RIGHT_BRACE,
  RIGHT_BRACKET, skipLiteral, skipString, skipValue, skipWhitespace, unescapeAscii,
} from '../../json-bytes.js';
import { BinanceSymbolTable } from './binance-symbols.js';
import {
  BINANCE_FIELD_COUNT, BINANCE_REJECT_REASONS, BinanceField as F, BinanceReject, MESSAGE_KIND_COUNT, MessageKind,
} from './binance-message-layout.js';
import { interpretFrame } from './binance-frame-interpreter.js';
import { scanFlatFrame } from './binance-flat-frame.js';
import { eventKind, isNameSlot, keySlot, NO_STREAM_SYMBOL, ObjectContext, Slot, SlotType } from './binance-slots.js';

export interface BinanceFrameDecoderOptions {
  /** Most levels one side of a depth diff or snapshot may have (default 1000, Binance's snapshot limit). */
  maxLevels?: number;
  /** Count refusals here (one slot per BINANCE_REJECT_REASONS entry) instead of a private array. */
  rejects?: Float64Array;
  /**
   * Read every frame with the full parser, skipping the straight-line first attempt
   * (binance-flat-frame.ts): same results, slower; for checking the two agree.
   */
  fullParserOnly?: boolean;
}

const AT = 64;
const SPACE = 32;
const BACKSLASH = 92;

const STREAM_BOOK_TICKER = asciiBytes('bookTicker');

/** Milliseconds per kline interval unit letter (`1m`, `4h`, `1w`); months vary, so `M` is absent. */
const INTERVAL_UNIT_MS = new Float64Array(128);
INTERVAL_UNIT_MS[115] = 1_000; // s
INTERVAL_UNIT_MS[109] = 60_000; // m
INTERVAL_UNIT_MS[104] = 3_600_000; // h
INTERVAL_UNIT_MS[100] = 86_400_000; // d
INTERVAL_UNIT_MS[119] = 604_800_000; // w

export class BinanceFrameDecoder {
  readonly symbols: BinanceSymbolTable;
  readonly maxLevels: number;
  readonly fullParserOnly: boolean;
  /** The last frame's numbers, by BinanceField. */
  readonly fields = new Float64Array(BINANCE_FIELD_COUNT);
  readonly bidPrice: Float64Array;
  readonly bidQty: Float64Array;
  readonly askPrice: Float64Array;
  readonly askQty: Float64Array;
  /** Refusals by BinanceReject reason. */
  readonly rejects: Float64Array;
  /** Decoded frames by the MessageKind returned (Rejected included). */
  readonly kindCounts = new Float64Array(MESSAGE_KIND_COUNT);

  /** Per key slot: the numeric value (NaN when the value was not a number), see Slot. */
  readonly slotValue = new Float64Array(Slot.count).fill(NaN);
  /** Per key slot: a SlotType; NONE = key absent from this frame. */
  readonly slotType = new Uint8Array(Slot.count);
  /** Slots written by the current frame, so the next frame clears only those (binance-flat-frame.ts files too). */
  readonly touched = new Int32Array(Slot.count);
  touchedCount = 0;
  /** [0] = price, [1] = quantity of the level being read. */
  private readonly levelScratch = new Float64Array(2);
  /** An escaped key, unescaped (the longest key read, `lastUpdateId`, fits). */
  private readonly keyScratch = new Uint8Array(16);

  // Per-frame state the interpreter reads (small integers only).
  /** Where the `stream` name lies in the frame: [streamStart, streamAt) is the instrument, up to streamEnd; -1 when absent. */
  streamStart = -1;
  streamAt = -1;
  streamEnd = -1;
  topLevelNotObject = false;
  bidTotal = 0;
  askTotal = 0;
  /** First BinanceReject found inside a level array, -1 if none. */
  levelReject = -1;
  private skipRest = false;

  constructor(venueSymbols: readonly string[] | BinanceSymbolTable, options: BinanceFrameDecoderOptions = {}) {
    this.symbols = venueSymbols instanceof BinanceSymbolTable ? venueSymbols : new BinanceSymbolTable(venueSymbols);
    const maxLevels = options.maxLevels ?? 1000;
    if (!Number.isInteger(maxLevels) || maxLevels < 1) throw new Error(`maxLevels must be a positive integer, got ${maxLevels}`);
    this.maxLevels = maxLevels;
    this.fullParserOnly = options.fullParserOnly === true;
    this.bidPrice = new Float64Array(maxLevels);
    this.bidQty = new Float64Array(maxLevels);
    this.askPrice = new Float64Array(maxLevels);
    this.askQty = new Float64Array(maxLevels);
    this.rejects = options.rejects ?? new Float64Array(BINANCE_REJECT_REASONS.length);
    if (this.rejects.length < BINANCE_REJECT_REASONS.length) throw new Error('rejects array too short');
  }

  /**
   * Decode bytes [0, length) of `frame`. `snapshotSymbol` is the symbol id given to a frame that
   * names none (a REST depth snapshot). Returns a MessageKind; never throws on any input.
   */
  decode(frame: Uint8Array, length: number = frame.length, snapshotSymbol = -1): number {
    const end = length < frame.length ? length : frame.length;
    this.beginFrame();
    if (!this.fullParserOnly && scanFlatFrame(this, frame, end)) {
      const flatKind = interpretFrame(this, frame, snapshotSymbol);
      this.kindCounts[flatKind]++;
      return flatKind;
    }
    // Not of the form Binance sends (see binance-flat-frame.ts): read again, with the full parser.
    this.beginFrame();
    let pos = skipWhitespace(frame, 0, end);
    if (pos >= end) pos = -1;
    else if (frame[pos] === LEFT_BRACE) pos = this.parseObject(frame, pos, end, ObjectContext.Envelope);
    else {
      this.topLevelNotObject = true;
      pos = skipValue(frame, pos, end);
    }
    if (pos >= 0 && skipWhitespace(frame, pos, end) !== end) pos = -1;
    const kind = pos < 0 ? this.reject(BinanceReject.Malformed) : interpretFrame(this, frame, snapshotSymbol);
    this.kindCounts[kind]++;
    return kind;
  }

  /** Count a refusal, leave only `rejectReason` set, and return MessageKind.Rejected. */
  reject(reason: number): number {
    const fields = this.fields;
    fields.fill(-1);
    fields[F.bidCount] = 0;
    fields[F.askCount] = 0;
    fields[F.rejectReason] = reason;
    this.rejects[reason]++;
    return MessageKind.Rejected;
  }

  private beginFrame(): void {
    const touched = this.touched;
    for (let i = 0; i < this.touchedCount; i++) {
      this.slotType[touched[i]] = SlotType.None;
      this.slotValue[touched[i]] = NaN;
    }
    this.touchedCount = 0;
    const fields = this.fields;
    for (let i = 0; i < BINANCE_FIELD_COUNT; i++) fields[i] = -1;
    fields[F.bidCount] = 0;
    fields[F.askCount] = 0;
    this.streamStart = -1;
    this.topLevelNotObject = false;
    this.bidTotal = 0;
    this.askTotal = 0;
    this.levelReject = -1;
    this.skipRest = false;
  }

  /** An object whose `{` is at `pos`; returns the position after its `}` or -1. */
  private parseObject(bytes: Uint8Array, pos: number, end: number, context: number): number {
    pos = skipWhitespace(bytes, pos + 1, end);
    if (pos < end && bytes[pos] === RIGHT_BRACE) return pos + 1;
    while (pos < end) {
      if (bytes[pos] !== QUOTE) return -1;
      let slot = -1;
      const first = pos + 1 < end ? bytes[pos + 1] : QUOTE;
      if (pos + 2 < end && bytes[pos + 2] === QUOTE && first !== QUOTE && first !== BACKSLASH && first >= SPACE && first < 128) {
        // A one-letter key, what almost every Binance key is: no scan, no table.
        slot = context === ObjectContext.Kline ? Slot.klineBase + first : first;
        pos += 3;
      } else {
        const keyEnd = plainStringEnd(bytes, pos + 1, end);
        if (keyEnd === -1) return -1;
        if (keyEnd === -2) {
          // An escaped key is read as JSON.parse reads it (`"\u0070"` is `p`): ignored, it would
          // leave an earlier value of the same key in place of the one JSON.parse keeps.
          const after = skipString(bytes, pos, end);
          if (after < 0) return -1;
          const n = unescapeAscii(bytes, pos + 1, after - 1, this.keyScratch);
          slot = n < 0 ? -1 : keySlot(this.keyScratch, 0, n, context);
          pos = after;
        } else {
          slot = keySlot(bytes, pos + 1, keyEnd, context);
          pos = keyEnd + 1;
        }
      }
      if (this.skipRest) {
        // The rest of a frame whose event is not read is only skipped, but JSON.parse keeps the
        // last of a repeated key: a later `e` may name an event that is read, so refuse the frame.
        if (slot === Slot.e) return -1;
        slot = -1;
      } else if (slot >= 0 && this.slotType[slot] === SlotType.Object) {
        // `data` or `k` again: the first object's keys are filed in the same slots, and JSON.parse
        // would keep none of them. Refused rather than read as a mix of the two.
        return -1;
      }
      // Whitespace is checked for before skipping it: Binance sends none, and a call per token costs.
      if (pos < end && bytes[pos] <= SPACE) pos = skipWhitespace(bytes, pos, end);
      if (pos >= end || bytes[pos] !== COLON) return -1;
      pos++;
      if (pos < end && bytes[pos] <= SPACE) pos = skipWhitespace(bytes, pos, end);
      const lead = pos < end ? bytes[pos] : 0;
      const quoted = lead === QUOTE && !isNameSlot(slot);
      if (slot < 0) {
        pos = skipValue(bytes, pos, end);
      } else if (quoted || (lead >= 49 && lead <= 57)) {
        // A number, quoted or bare (bare ones starting 1-9: no leading-zero or sign check), the
        // most common value: read here rather than in parseValue, one call less per value.
        if (this.slotType[slot] === SlotType.None) this.touched[this.touchedCount++] = slot;
        this.slotType[slot] = SlotType.Number;
        if (quoted) {
          const after = parseDecimal(bytes, pos + 1, end, this.slotValue, slot);
          pos = after >= 0 && after < end && bytes[after] === QUOTE ? after + 1 : this.notANumber(bytes, pos, end, slot);
        } else {
          pos = parseDecimal(bytes, pos, end, this.slotValue, slot);
        }
      } else {
        pos = this.parseValue(bytes, pos, end, slot, context);
      }
      if (pos < 0) return -1;
      if (pos < end && bytes[pos] <= SPACE) pos = skipWhitespace(bytes, pos, end);
      if (pos >= end) return -1;
      const c = bytes[pos];
      if (c === COMMA) {
        pos++;
        if (pos < end && bytes[pos] <= SPACE) pos = skipWhitespace(bytes, pos, end);
        continue;
      }
      if (c === RIGHT_BRACE) return pos + 1;
      return -1;
    }
    return -1;
  }

  /** The value at `pos` of key slot `slot`, filed in the slot; returns the position after it or -1. */
  private parseValue(bytes: Uint8Array, pos: number, end: number, slot: number, context: number): number {
    if (pos >= end) return -1;
    const types = this.slotType;
    const values = this.slotValue;
    if (types[slot] === SlotType.None) this.touched[this.touchedCount++] = slot;
    const c = bytes[pos];
    if (c === QUOTE) {
      if (isNameSlot(slot)) return this.parseName(bytes, pos, end, slot);
      types[slot] = SlotType.Number;
      const after = parseDecimal(bytes, pos + 1, end, values, slot);
      return after >= 0 && after < end && bytes[after] === QUOTE ? after + 1 : this.notANumber(bytes, pos, end, slot);
    }
    if ((c >= 48 && c <= 57) || c === 45) {
      types[slot] = SlotType.Number;
      if ((c === 48 || c === 45) && hasLeadingZero(bytes, pos, end)) return -1;
      return parseDecimal(bytes, pos, end, values, slot);
    }
    values[slot] = NaN;
    if (c === 116 || c === 102) {
      types[slot] = c === 116 ? SlotType.True : SlotType.False;
      return skipLiteral(bytes, pos, end);
    }
    if (c === LEFT_BRACKET && (slot === Slot.b || slot === Slot.bids || slot === Slot.a || slot === Slot.asks)) {
      types[slot] = SlotType.Levels;
      return this.parseLevels(bytes, pos, end, slot === Slot.b || slot === Slot.bids);
    }
    if (c === LEFT_BRACE && ((slot === Slot.data && context === ObjectContext.Envelope) || slot === Slot.k)) {
      types[slot] = SlotType.Object;
      return this.parseObject(bytes, pos, end, slot === Slot.k ? ObjectContext.Kline : ObjectContext.Payload);
    }
    types[slot] = SlotType.Other;
    return skipValue(bytes, pos, end);
  }

  /** A string at `pos` that turned out not to hold a number: filed as text, skipped. */
  private notANumber(bytes: Uint8Array, pos: number, end: number, slot: number): number {
    this.slotType[slot] = SlotType.Text;
    this.slotValue[slot] = NaN;
    return skipString(bytes, pos, end);
  }

  /** A string under `s`, `e`, `stream` or `k.i`: read as a symbol, event, stream name or interval. */
  private parseName(bytes: Uint8Array, pos: number, end: number, slot: number): number {
    const start = pos + 1;
    const close = plainStringEnd(bytes, start, end);
    if (close === -1) return -1;
    const escaped = close === -2;
    this.slotType[slot] = SlotType.Name;
    if (slot === Slot.s) {
      this.slotValue[slot] = escaped ? -1 : this.symbols.lookup(bytes, start, close);
    } else if (slot === Slot.e) {
      const kind = escaped ? MessageKind.Unknown : eventKind(bytes, start, close);
      this.slotValue[slot] = kind;
      if (kind === MessageKind.Unknown) this.skipRest = true;
    } else if (slot === Slot.stream) {
      if (!escaped) this.markStreamName(bytes, start, close);
    } else {
      this.slotType[slot] = SlotType.Number;
      this.readInterval(bytes, start, escaped ? start : close);
    }
    return escaped ? skipString(bytes, pos, end) : close + 1;
  }

  /**
   * `btcusdt@depth@100ms`: only located here; the interpreter looks the instrument up only when the
   * payload has no `s` (every Binance payload has one), so the usual frame pays no second lookup.
   */
  private markStreamName(bytes: Uint8Array, start: number, close: number): void {
    let at = start;
    while (at < close && bytes[at] !== AT) at++;
    this.streamStart = start;
    this.streamAt = at;
    this.streamEnd = close;
  }

  /** Symbol id of the stream name's instrument (-1 unknown), or NO_STREAM_SYMBOL when the frame had no stream name. */
  streamSymbol(frame: Uint8Array): number {
    return this.streamStart < 0 ? NO_STREAM_SYMBOL : this.symbols.lookup(frame, this.streamStart, this.streamAt);
  }

  /** True when the frame's stream name is `<instrument>@bookTicker`. */
  streamIsBookTicker(frame: Uint8Array): boolean {
    return this.streamStart >= 0 && this.streamAt < this.streamEnd && bytesEqual(frame, this.streamAt + 1, this.streamEnd, STREAM_BOOK_TICKER);
  }

  /** `15m` -> 900000 into the kline interval slot; -1 when it is not digits and a unit. */
  private readInterval(bytes: Uint8Array, start: number, close: number): void {
    let count = 0;
    let i = start;
    while (i < close && bytes[i] >= 48 && bytes[i] <= 57 && i - start < 6) count = count * 10 + bytes[i++] - 48;
    const unit = i === close - 1 && i > start && bytes[i] < 128 ? INTERVAL_UNIT_MS[bytes[i]] : 0;
    this.slotValue[Slot.kline_i] = unit > 0 ? count * unit : -1;
  }

  /** `[[price, qty], ...]` at `pos` into one side's level arrays; returns the position after `]`. */
  private parseLevels(bytes: Uint8Array, pos: number, end: number, bids: boolean): number {
    const prices = bids ? this.bidPrice : this.askPrice;
    const qtys = bids ? this.bidQty : this.askQty;
    const scratch = this.levelScratch;
    const max = this.maxLevels;
    let count = 0;
    pos = skipWhitespace(bytes, pos + 1, end);
    if (pos >= end) return -1;
    if (bytes[pos] !== RIGHT_BRACKET) {
      for (;;) {
        if (pos >= end || bytes[pos] !== LEFT_BRACKET) return -1;
        pos++;
        if (pos < end && bytes[pos] <= SPACE) pos = skipWhitespace(bytes, pos, end);
        pos = this.parseLevelNumber(bytes, pos, end, 0);
        if (pos < 0) return -1;
        if (pos < end && bytes[pos] <= SPACE) pos = skipWhitespace(bytes, pos, end);
        if (pos >= end || bytes[pos] !== COMMA) return -1;
        pos++;
        if (pos < end && bytes[pos] <= SPACE) pos = skipWhitespace(bytes, pos, end);
        pos = this.parseLevelNumber(bytes, pos, end, 1);
        if (pos < 0) return -1;
        if (pos < end && bytes[pos] <= SPACE) pos = skipWhitespace(bytes, pos, end);
        // Extra elements after [price, qty] are tolerated and skipped.
        while (pos < end && bytes[pos] === COMMA) {
          pos = skipValue(bytes, skipWhitespace(bytes, pos + 1, end), end);
          if (pos < 0) return -1;
          pos = skipWhitespace(bytes, pos, end);
        }
        if (pos >= end || bytes[pos] !== RIGHT_BRACKET) return -1;
        const price = scratch[0];
        const qty = scratch[1];
        const priceOk = price > 0 && price < Infinity;
        const qtyOk = qty >= 0 && qty < Infinity;
        if (this.levelReject < 0 && !(priceOk && qtyOk)) this.levelReject = priceOk ? BinanceReject.BadQuantity : BinanceReject.BadPrice;
        // Past maxLevels the levels are still read (the frame must be checked to its end) but not kept.
        if (count < max) {
          prices[count] = priceOk ? price : 0;
          qtys[count] = qtyOk ? qty : 0;
        }
        count++;
        pos++;
        if (pos < end && bytes[pos] <= SPACE) pos = skipWhitespace(bytes, pos, end);
        if (pos >= end) return -1;
        if (bytes[pos] === RIGHT_BRACKET) break;
        if (bytes[pos] !== COMMA) return -1;
        pos++;
        if (pos < end && bytes[pos] <= SPACE) pos = skipWhitespace(bytes, pos, end);
      }
    }
    if (bids) this.bidTotal = count;
    else this.askTotal = count;
    return pos + 1;
  }

  /** A price or quantity (numeric string or JSON number) into levelScratch[index]; -1 there when it is not a number. */
  private parseLevelNumber(bytes: Uint8Array, pos: number, end: number, index: number): number {
    if (pos >= end) return -1;
    const c = bytes[pos];
    if (c === QUOTE) {
      const after = parseDecimal(bytes, pos + 1, end, this.levelScratch, index);
      if (after >= 0 && after < end && bytes[after] === QUOTE) return after + 1;
      this.levelScratch[index] = -1;
      return skipString(bytes, pos, end);
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      return hasLeadingZero(bytes, pos, end) ? -1 : parseDecimal(bytes, pos, end, this.levelScratch, index);
    }
    this.levelScratch[index] = -1;
    return skipValue(bytes, pos, end);
  }
}
