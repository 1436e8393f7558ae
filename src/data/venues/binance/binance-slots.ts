/**
 * The key slots BinanceFrameDecoder files a frame's values under before interpreting them.
 *
 * A one-letter key of the payload (or of a bare frame) uses its character code as slot, so the
 * lookup is one byte read; the same letters inside a kline's `k` object are offset by klineBase,
 * because `k` reuses letters with other meanings (`k.q` is the quote volume, `q` a trade's
 * quantity). The few longer keys Binance uses get slots past 255. The envelope and the payload
 * share slots: the envelope only has `stream` and `data`, the payload only the short keys.
 * keySlot maps a key's bytes to its slot (the decoder inlines the one-letter case).
 */

import { asciiBytes, bytesEqual } from '../../json-bytes.js';
import { MessageKind } from './binance-message-layout.js';

/** Which object a key belongs to: the frame itself, the `data` of an envelope, or a kline's `k`. */
export const ObjectContext = { Envelope: 0, Payload: 1, Kline: 2 } as const;

const KEY_STREAM = asciiBytes('stream');
const KEY_DATA = asciiBytes('data');
const KEY_LAST_UPDATE_ID = asciiBytes('lastUpdateId');
const KEY_BIDS = asciiBytes('bids');
const KEY_ASKS = asciiBytes('asks');
const KEY_RESULT = asciiBytes('result');
const KEY_ERROR = asciiBytes('error');

const EVENT_NAMES = [
  [asciiBytes('trade'), MessageKind.Trade],
  [asciiBytes('aggTrade'), MessageKind.AggTrade],
  [asciiBytes('bookTicker'), MessageKind.BookTicker],
  [asciiBytes('depthUpdate'), MessageKind.DepthUpdate],
  [asciiBytes('kline'), MessageKind.Kline],
] as const;

export const Slot = {
  // Payload keys (character codes).
  A: 65, B: 66, E: 69, M: 77, T: 84, U: 85,
  a: 97, b: 98, e: 101, f: 102, k: 107, l: 108, m: 109, p: 112, q: 113, s: 115, t: 116, u: 117,
  /** Added to a `k` object key's character code. */
  klineBase: 128,
  kline_B: 128 + 66, kline_L: 128 + 76, kline_Q: 128 + 81, kline_T: 128 + 84, kline_V: 128 + 86,
  kline_c: 128 + 99, kline_f: 128 + 102, kline_h: 128 + 104, kline_i: 128 + 105, kline_l: 128 + 108,
  kline_n: 128 + 110, kline_o: 128 + 111, kline_q: 128 + 113, kline_s: 128 + 115, kline_t: 128 + 116,
  kline_v: 128 + 118, kline_x: 128 + 120,
  // Longer keys.
  pu: 256,
  stream: 257,
  data: 258,
  lastUpdateId: 259,
  bids: 260,
  asks: 261,
  result: 262,
  id: 263,
  error: 264,
  count: 265,
} as const;

/** What a slot held in the current frame. Only Number slots have a value other than NaN (Name slots aside). */
export const SlotType = {
  /** The key did not occur. */
  None: 0,
  /** A JSON number or a string holding one. */
  Number: 1,
  /** A string that is not a number. */
  Text: 2,
  True: 3,
  False: 4,
  /** A level array read into the decoder's bid or ask arrays. */
  Levels: 5,
  /** `data` or `k`, read into slots of its own. */
  Object: 6,
  /** null, or an array or object that was only skipped. */
  Other: 7,
  /** `s` (value: symbol id, -1 unknown), `e` (value: MessageKind), `stream` (value NaN: see the decoder's streamSymbol). */
  Name: 8,
} as const;

/** Slots whose string value is a name (symbol, event, stream, kline interval), never a number. */
export function isNameSlot(slot: number): boolean {
  return slot === Slot.s || slot === Slot.e || slot === Slot.stream || slot === Slot.kline_i;
}

/** What BinanceFrameDecoder.streamSymbol says for a frame without a `stream` name. */
export const NO_STREAM_SYMBOL = -2;

/** The MessageKind an `e` value names, Unknown for any other event. */
export function eventKind(bytes: Uint8Array, start: number, close: number): number {
  for (let i = 0; i < EVENT_NAMES.length; i++) {
    if (bytesEqual(bytes, start, close, EVENT_NAMES[i][0])) return EVENT_NAMES[i][1];
  }
  return MessageKind.Unknown;
}

/** Slot of a key in this context, or -1 for a key nobody reads. */
export function keySlot(bytes: Uint8Array, start: number, end: number, context: number): number {
  const length = end - start;
  if (length === 1) {
    const c = bytes[start];
    if (c >= 128) return -1;
    return context === ObjectContext.Kline ? Slot.klineBase + c : c;
  }
  if (context === ObjectContext.Kline) return -1;
  if (length === 2) {
    const c0 = bytes[start];
    const c1 = bytes[start + 1];
    if (c0 === 112 && c1 === 117) return Slot.pu;
    if (c0 === 105 && c1 === 100 && context === ObjectContext.Envelope) return Slot.id;
    return -1;
  }
  switch (length) {
    case 4:
      if (bytesEqual(bytes, start, end, KEY_BIDS)) return Slot.bids;
      if (bytesEqual(bytes, start, end, KEY_ASKS)) return Slot.asks;
      return context === ObjectContext.Envelope && bytesEqual(bytes, start, end, KEY_DATA) ? Slot.data : -1;
    case 6:
      if (context !== ObjectContext.Envelope) return -1;
      if (bytesEqual(bytes, start, end, KEY_STREAM)) return Slot.stream;
      return bytesEqual(bytes, start, end, KEY_RESULT) ? Slot.result : -1;
    case 5:
      return context === ObjectContext.Envelope && bytesEqual(bytes, start, end, KEY_ERROR) ? Slot.error : -1;
    case 12:
      return bytesEqual(bytes, start, end, KEY_LAST_UPDATE_ID) ? Slot.lastUpdateId : -1;
  }
  return -1;
}
