/**
 * freqtrade's candle JSON: one array of `[open_time_ms, open, high, low, close, volume]` rows,
 * read from the bytes in one pass without JSON.parse (no per-row arrays).
 *
 * - The open time is an epoch number whose unit follows from its magnitude (candle-time.ts), so
 *   ms (freqtrade) and s/µs variants read alike.
 * - `null` volume (freqtrade's mark-price candles) reads as 0 = unknown; `null` anywhere else,
 *   a string, a missing or extra value makes the element malformed. Malformed elements are
 *   skipped and counted, with their element number (1-based) in the summary.
 * - An element that is not valid JSON but still a bracketed list (`[t, NaN, 1, 1, 1, 1]`, as
 *   Python's json.dumps writes a NaN) is skipped and counted like any malformed element, and
 *   reading goes on after its `]`.
 * - If the text after an element is not valid JSON at all (a truncated file), reading stops
 *   there: that remainder counts as one malformed element and the bars read so far are kept.
 * - A top level that is not an array of arrays is not this format: the caller's Error.
 * Note freqtrade's funding-rate files share the layout but carry the rate in the open column and
 * zeros elsewhere; every row then fails the price checks (non_positive_price), by design.
 */

import { parseDecimal } from '../decimal-bytes.js';
import {
  COMMA, LEFT_BRACKET, RIGHT_BRACKET, asciiBytes, bytesEqual, skipValue, skipWhitespace,
} from '../json-bytes.js';
import { CandleReject, CandleSeriesBuilder, type CandleSeries } from './candle-series.js';
import { parseEpochUs } from './candle-time.js';
import { noLayout, type CandleReadSettings } from './candle-csv.js';

const VALUES_PER_ROW = 6;
const NULL_BYTES = asciiBytes('null');
const row = new Float64Array(VALUES_PER_ROW);
/** Start and end of the time value, parsed separately for its unit. */
const timeSpan = new Int32Array(2);

/** Read a freqtrade candle JSON array (see the header). */
export function readJsonCandles(bytes: Uint8Array, source: string, settings: CandleReadSettings): CandleSeries {
  const end = bytes.length;
  let pos = skipWhitespace(bytes, startAfterBom(bytes), end);
  if (bytes[pos] !== LEFT_BRACKET) throw noLayout(source, 'JSON that is not an array');
  pos = skipWhitespace(bytes, pos + 1, end);
  if (pos < end && bytes[pos] !== LEFT_BRACKET && bytes[pos] !== RIGHT_BRACKET) {
    throw noLayout(source, 'a JSON array whose elements are not arrays');
  }
  const builder = new CandleSeriesBuilder(source, 'freqtrade-json', 'element', (end / 70) | 0, settings.sampleRecords);
  let element = 0;
  let closed = false;
  let unreadable = 0; // element number of an unreadable remainder
  while (pos < end) {
    if (bytes[pos] === RIGHT_BRACKET) {
      closed = true;
      break;
    }
    element++;
    const rowEnd = readRow(bytes, pos, end);
    if (rowEnd >= 0) {
      builder.add(element, parseEpochUs(bytes, timeSpan[0], timeSpan[1]), row[1], row[2], row[3], row[4], row[5]);
      pos = skipWhitespace(bytes, rowEnd, end);
    } else {
      let skipped = skipValue(bytes, pos, end);
      if (skipped < 0) skipped = skipBracketed(bytes, pos, end);
      if (skipped < 0) {
        unreadable = element;
        break;
      }
      builder.reject(CandleReject.MalformedRow, element);
      pos = skipWhitespace(bytes, skipped, end);
    }
    if (bytes[pos] === COMMA) {
      pos = skipWhitespace(bytes, pos + 1, end);
      if (bytes[pos] === RIGHT_BRACKET) break; // a trailing comma is not JSON: remainder unreadable
    } else if (bytes[pos] !== RIGHT_BRACKET) {
      break;
    }
  }
  if (!closed) builder.reject(CandleReject.MalformedRow, unreadable > 0 ? unreadable : element + 1);
  return builder.finish();
}

/**
 * Parse `[t, o, h, l, c, v]` at `pos` into `row` (time position into timeSpan); the position
 * after its `]`, or -1 when the element is not exactly that.
 */
function readRow(bytes: Uint8Array, pos: number, end: number): number {
  if (bytes[pos] !== LEFT_BRACKET) return -1;
  pos = skipWhitespace(bytes, pos + 1, end);
  for (let k = 0; k < VALUES_PER_ROW; k++) {
    if (k > 0) {
      if (bytes[pos] !== COMMA) return -1;
      pos = skipWhitespace(bytes, pos + 1, end);
    }
    if (k === VALUES_PER_ROW - 1 && bytesEqual(bytes, pos, Math.min(pos + 4, end), NULL_BYTES)) {
      row[k] = 0;
      pos += 4;
    } else {
      const after = parseDecimal(bytes, pos, end, row, k);
      if (after < 0) return -1;
      if (k === 0) {
        timeSpan[0] = pos;
        timeSpan[1] = after;
      }
      pos = after;
    }
    pos = skipWhitespace(bytes, pos, end);
  }
  return bytes[pos] === RIGHT_BRACKET ? pos + 1 : -1;
}

/**
 * The position after the `]` closing the list that opens at `pos`, whatever its values are
 * (NaN, Infinity, unquoted words), or -1 when it does not close. Strings are skipped whole, so a
 * bracket inside one does not count.
 */
function skipBracketed(bytes: Uint8Array, pos: number, end: number): number {
  if (bytes[pos] !== LEFT_BRACKET) return -1;
  let depth = 0;
  for (let i = pos; i < end; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      for (i++; i < end && bytes[i] !== QUOTE; i++) if (bytes[i] === BACKSLASH) i++;
    } else if (c === LEFT_BRACKET) {
      depth++;
    } else if (c === RIGHT_BRACKET && --depth === 0) {
      return i + 1;
    }
  }
  return -1;
}

const QUOTE = 34;
const BACKSLASH = 92;

function startAfterBom(bytes: Uint8Array): number {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}
