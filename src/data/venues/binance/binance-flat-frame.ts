/**
 * The first attempt of BinanceFrameDecoder.decode: a straight-line read of the frames Binance
 * actually sends, filing every value in the decoder's key slots exactly as the full parser would,
 * so the same interpreter (binance-frame-interpreter.ts) then validates them and the result is the
 * same field for field.
 *
 * What it assumes about the venue's format (Binance's serializer has always written frames so):
 * - no whitespace anywhere;
 * - either the combined-stream envelope, `{"stream":"<name>","data":{...}}` with exactly those two
 *   keys in that order, or the bare payload `{...}`;
 * - payload keys are one ASCII letter, or `pu`;
 * - values are a numeric string, a non-numeric string without escapes (`"X":"MARKET"`), a bare
 *   number starting 1-9, `true`/`false`, the `s` symbol and `e` event names without escapes, and
 *   under `b`/`a` level arrays `[["price","qty"],...]` of numeric strings;
 * - `e`, when present, names an event the decoder reads.
 * The first byte that breaks an assumption ends the attempt: it returns false, the decoder clears
 * what was filed and reads the frame again with the full parser (json-bytes.ts grammar, every
 * JSON form, refusals counted). So a frame outside these assumptions costs a second pass, never
 * a different result: whatever is accepted here is valid JSON of the restricted form, and what is
 * not is left to the parser that decides between malformed and not.
 *
 * Nothing here allocates (bar decimal-bytes.ts's rare long-number path, as in the full parser).
 */

import { parseDecimal } from '../../decimal-bytes.js';
import { plainStringEnd } from '../../json-bytes.js';
import type { BinanceFrameDecoder } from './binance-frame-decoder.js';
import { BinanceReject, MessageKind } from './binance-message-layout.js';
import { eventKind, Slot, SlotType } from './binance-slots.js';

const SPACE = 32;
const QUOTE = 34;
const AT = 64;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const LEFT_BRACKET = 91;
const RIGHT_BRACKET = 93;
const LEFT_BRACE = 123;
const RIGHT_BRACE = 125;

/** `{"stream":"` */
const ENVELOPE_HEAD = [123, 34, 115, 116, 114, 101, 97, 109, 34, 58, 34];
/** `,"data":{`, right after the stream name's closing quote. */
const DATA_KEY = [44, 34, 100, 97, 116, 97, 34, 58, 123];

/** [0] price, [1] quantity of the level being read. */
const level = new Float64Array(2);

/**
 * Read the whole of bytes [0, end) into `d`'s slots (the decoder has just begun the frame).
 * True when done; false when the frame is not of the assumed form (the slots are then partly
 * filed and the caller must begin the frame again).
 */
export function scanFlatFrame(d: BinanceFrameDecoder, bytes: Uint8Array, end: number): boolean {
  if (end < 2 || bytes[0] !== LEFT_BRACE) return false;
  if (!matches(bytes, 0, end, ENVELOPE_HEAD)) return scanFlatObject(d, bytes, 0, end) === end;
  const nameStart = ENVELOPE_HEAD.length;
  // The stream name, `btcusdt@trade`: its end and its first `@` in one pass (no escapes allowed).
  let at = -1;
  let close = nameStart;
  for (; close < end; close++) {
    const c = bytes[close];
    if (c === QUOTE) break;
    if (c === BACKSLASH || c < SPACE) return false;
    if (c === AT && at < 0) at = close;
  }
  if (close >= end || !matches(bytes, close + 1, end, DATA_KEY)) return false;
  fileSlot(d, Slot.stream, SlotType.Name);
  d.streamStart = nameStart;
  d.streamAt = at < 0 ? close : at;
  d.streamEnd = close;
  fileSlot(d, Slot.data, SlotType.Object);
  const pos = scanFlatObject(d, bytes, close + DATA_KEY.length, end);
  return pos > 0 && pos === end - 1 && bytes[pos] === RIGHT_BRACE;
}

function matches(bytes: Uint8Array, pos: number, end: number, pattern: readonly number[]): boolean {
  if (pos + pattern.length > end) return false;
  for (let i = 0; i < pattern.length; i++) if (bytes[pos + i] !== pattern[i]) return false;
  return true;
}

/** Mark `slot` as present with `type` (its value left as is: NaN unless set after). */
function fileSlot(d: BinanceFrameDecoder, slot: number, type: number): void {
  if (d.slotType[slot] === SlotType.None) d.touched[d.touchedCount++] = slot;
  d.slotType[slot] = type;
}

/** The payload object whose `{` is at `pos`; the position after its `}`, or -1 (not the assumed form). */
function scanFlatObject(d: BinanceFrameDecoder, bytes: Uint8Array, pos: number, end: number): number {
  const types = d.slotType;
  const values = d.slotValue;
  pos++;
  for (;;) {
    if (pos + 4 >= end || bytes[pos] !== QUOTE) return -1;
    const k = bytes[pos + 1];
    let slot: number;
    if (bytes[pos + 2] === QUOTE && ((k >= 65 && k <= 90) || (k >= 97 && k <= 122))) {
      slot = k;
      pos += 3;
    } else if (k === 112 && bytes[pos + 2] === 117 && bytes[pos + 3] === QUOTE) {
      slot = Slot.pu;
      pos += 4;
    } else {
      return -1;
    }
    if (bytes[pos] !== COLON) return -1;
    pos++;
    if (pos >= end) return -1;
    const c = bytes[pos];
    if (types[slot] === SlotType.None) d.touched[d.touchedCount++] = slot;
    if (c === QUOTE) {
      const start = pos + 1;
      if (slot === Slot.s || slot === Slot.e) {
        const close = plainStringEnd(bytes, start, end);
        if (close < 0) return -1;
        types[slot] = SlotType.Name;
        if (slot === Slot.s) {
          values[slot] = d.symbols.lookup(bytes, start, close);
        } else {
          const kind = eventKind(bytes, start, close);
          // An event the decoder does not read: the full parser skips the rest of such a frame.
          if (kind === MessageKind.Unknown) return -1;
          values[slot] = kind;
        }
        pos = close + 1;
      } else {
        types[slot] = SlotType.Number;
        const after = parseDecimal(bytes, start, end, values, slot);
        if (after >= 0 && after < end && bytes[after] === QUOTE) {
          pos = after + 1;
        } else {
          // A string that is no number (futures trades' `"X":"MARKET"`): text, as the full parser files it.
          const close = plainStringEnd(bytes, start, end);
          if (close < 0) return -1;
          types[slot] = SlotType.Text;
          values[slot] = NaN;
          pos = close + 1;
        }
      }
    } else if (c >= 49 && c <= 57) {
      types[slot] = SlotType.Number;
      pos = parseDecimal(bytes, pos, end, values, slot);
      if (pos < 0) return -1;
    } else if (c === 116 && pos + 4 <= end && bytes[pos + 1] === 114 && bytes[pos + 2] === 117 && bytes[pos + 3] === 101) {
      types[slot] = SlotType.True;
      values[slot] = NaN;
      pos += 4;
    } else if (c === 102 && pos + 5 <= end && bytes[pos + 1] === 97 && bytes[pos + 2] === 108 && bytes[pos + 3] === 115 && bytes[pos + 4] === 101) {
      types[slot] = SlotType.False;
      values[slot] = NaN;
      pos += 5;
    } else if (c === LEFT_BRACKET && (slot === Slot.b || slot === Slot.a)) {
      types[slot] = SlotType.Levels;
      values[slot] = NaN;
      pos = scanFlatLevels(d, bytes, pos, end, slot === Slot.b);
      if (pos < 0) return -1;
    } else {
      return -1;
    }
    if (pos >= end) return -1;
    const separator = bytes[pos];
    if (separator === RIGHT_BRACE) return pos + 1;
    if (separator !== COMMA) return -1;
    pos++;
  }
}

/**
 * `[["price","qty"],...]` at `pos` into one side's level arrays, with the full parser's checks and
 * counts (see its parseLevels: bad levels are recorded in levelReject, levels past maxLevels are
 * read but not kept). Returns the position after `]`, or -1 for any other form.
 */
function scanFlatLevels(d: BinanceFrameDecoder, bytes: Uint8Array, pos: number, end: number, bids: boolean): number {
  const prices = bids ? d.bidPrice : d.askPrice;
  const qtys = bids ? d.bidQty : d.askQty;
  const max = d.maxLevels;
  let count = 0;
  pos++;
  if (pos < end && bytes[pos] === RIGHT_BRACKET) {
    pos++;
  } else {
    for (;;) {
      if (pos + 2 >= end || bytes[pos] !== LEFT_BRACKET || bytes[pos + 1] !== QUOTE) return -1;
      pos = parseDecimal(bytes, pos + 2, end, level, 0);
      if (pos < 0 || pos + 2 >= end || bytes[pos] !== QUOTE || bytes[pos + 1] !== COMMA || bytes[pos + 2] !== QUOTE) return -1;
      pos = parseDecimal(bytes, pos + 3, end, level, 1);
      if (pos < 0 || pos + 2 >= end || bytes[pos] !== QUOTE || bytes[pos + 1] !== RIGHT_BRACKET) return -1;
      const price = level[0];
      const qty = level[1];
      const priceOk = price > 0 && price < Infinity;
      const qtyOk = qty >= 0 && qty < Infinity;
      if (d.levelReject < 0 && !(priceOk && qtyOk)) d.levelReject = priceOk ? BinanceReject.BadQuantity : BinanceReject.BadPrice;
      if (count < max) {
        prices[count] = priceOk ? price : 0;
        qtys[count] = qtyOk ? qty : 0;
      }
      count++;
      const next = bytes[pos + 2];
      pos += 3;
      if (next === RIGHT_BRACKET) break;
      if (next !== COMMA) return -1;
    }
  }
  if (bids) d.bidTotal = count;
  else d.askTotal = count;
  return pos;
}
