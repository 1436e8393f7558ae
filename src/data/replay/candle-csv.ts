/**
 * Candle CSV files, read straight from their bytes (no CSV library, no per-row objects or
 * strings): one pass over the lines, fields located by delimiter position, numbers parsed in
 * place (decimal-bytes.ts).
 *
 * Layouts, decided from the first non-blank line:
 * - A header naming the columns (case-insensitive, spaces/quotes trimmed): a time column
 *   (`timestamp`, `open_time`, `datetime`, `date`, `time`, `ts`, ... first match in that order),
 *   or `date` plus a separate `time` of day; `open`, `high`, `low`, `close` (or o/h/l/c); an
 *   optional `volume`/`vol`/`v` (absent: 0). Other columns are ignored: Yahoo's `Adj Close` is
 *   NOT used, because it is dividend-adjusted while open/high/low are not, so mixing it in would
 *   make inconsistent bars. Format `yahoo-daily` when an `adj close` column is present,
 *   `csv-ohlcv` otherwise. Time values: see candle-time.ts (epoch numbers of any unit, calendar
 *   dates with optional clock and zone; naive = UTC unless told otherwise). A date without a
 *   clock, as in Yahoo's daily files, is the bar's open time at 00:00 UTC of that day; the real
 *   session opens later (14:30 UTC in winter for US stocks), but the file does not say when, and
 *   midnight keeps daily bars on whole-day spacing.
 * - backtrader's 2006 minute-bar quirk, supported: the header names 7 columns
 *   (`Date,Open,High,Low,Close,Volume,OpenInterest`) but each row has 8 (`Date,Time,Open,...`).
 *   Detected when the header has a date column and no time column and, of the first nine data
 *   rows, more have one field more than the header with a clock (`HH:MM[:SS]`) right after the
 *   date than have the header's count (a damaged first row does not decide it): the clock is
 *   taken as a time column after the date. Format `backtrader-date-time`. Its times are local
 *   exchange time as written (they are read as naive, i.e. UTC unless `naiveOffsetUs` says).
 * - No header, 12 numeric columns: Binance public-data klines (`open_time, open, high, low,
 *   close, volume, close_time, quote_volume, trades, taker_base, taker_quote, ignore`). The open
 *   time's unit (ms, or µs in newer files) follows from its magnitude.
 * Anything else throws one Error naming the file and the accepted layouts. Rows are judged one
 * by one (candle-series.ts); a row with a different field count than the layout is malformed.
 * The delimiter is the most frequent of `,` `;` TAB in the first line. Line endings LF or CRLF;
 * a UTF-8 byte order mark is skipped.
 */

import { parseDecimal } from '../decimal-bytes.js';
import { CandleReject, CandleSeriesBuilder, type CandleFormat, type CandleSeries } from './candle-series.js';
import { looksLikeDate, parseClockUs, parseDateTimeUs, parseTimeUs } from './candle-time.js';

export interface CandleReadSettings {
  /** Offset from UTC of naive (zone-less) times in the file, in µs (0: naive times are UTC). */
  naiveOffsetUs: number;
  /** How many record numbers per reject reason the summary lists. */
  sampleRecords: number;
}

export const EXPECTED_LAYOUTS = 'a CSV with a header naming a time column and open/high/low/close columns '
  + '(e.g. "timestamp,open,high,low,close,volume" or Yahoo\'s "Date,Open,High,Low,Close,Adj Close,Volume"), '
  + 'a headerless 12-column Binance kline CSV, or a freqtrade JSON array of [open_time_ms, open, high, low, close, volume]';

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const COMMA = 44;
const SEMICOLON = 59;
const DOUBLE_QUOTE = 34;
const MAX_FIELDS = 64;
const BINANCE_KLINE_FIELDS = 12;

const TIME_NAMES = ['timestamp', 'open_time', 'opentime', 'open time', 'datetime', 'date_time', 'date', 'time', 'ts', 'unix', 'epoch'];
const OPEN_NAMES = ['open', 'o'];
const HIGH_NAMES = ['high', 'h'];
const LOW_NAMES = ['low', 'l'];
const CLOSE_NAMES = ['close', 'c'];
const VOLUME_NAMES = ['volume', 'vol', 'v'];

/** Where each value sits in a row of a given layout (field indices; -1 = absent). */
interface CsvLayout {
  format: CandleFormat;
  delimiter: number;
  fieldCount: number;
  time: number;
  /** A separate time-of-day field added to a date-only time field. */
  clock: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Byte position of the first data line. */
  dataStart: number;
  /** Line number of the first data line (1-based). */
  dataLine: number;
}

const fieldStart = new Int32Array(MAX_FIELDS);
const fieldEnd = new Int32Array(MAX_FIELDS);
const numberScratch = new Float64Array(1);

/** Read a candle CSV (see the header). Throws only when the file matches no layout. */
export function readCsvCandles(bytes: Uint8Array, source: string, settings: CandleReadSettings): CandleSeries {
  const layout = detectLayout(bytes, source, settings);
  const builder = new CandleSeriesBuilder(source, layout.format, 'line', (bytes.length / 40) | 0, settings.sampleRecords);
  const end = bytes.length;
  let line = layout.dataLine;
  for (let pos = layout.dataStart; pos < end; line++) {
    let lineEnd = bytes.indexOf(LF, pos);
    if (lineEnd < 0) lineEnd = end;
    const next = lineEnd + 1;
    let contentEnd = lineEnd;
    while (contentEnd > pos && (bytes[contentEnd - 1] === CR || bytes[contentEnd - 1] === SPACE || bytes[contentEnd - 1] === TAB)) contentEnd--;
    if (contentEnd > pos) readRow(bytes, pos, contentEnd, line, layout, settings, builder);
    pos = next;
  }
  return builder.finish();
}

function readRow(
  bytes: Uint8Array, start: number, end: number, line: number, layout: CsvLayout, settings: CandleReadSettings,
  builder: CandleSeriesBuilder,
): void {
  if (splitFields(bytes, start, end, layout.delimiter) !== layout.fieldCount) {
    builder.reject(CandleReject.MalformedRow, line);
    return;
  }
  let timeUs: number;
  if (layout.clock >= 0) {
    const dateEnd = fieldEnd[layout.time];
    timeUs = dateEnd - fieldStart[layout.time] === 10
      ? parseDateTimeUs(bytes, fieldStart[layout.time], dateEnd, settings.naiveOffsetUs)
        + parseClockUs(bytes, fieldStart[layout.clock], fieldEnd[layout.clock])
      : NaN;
  } else {
    timeUs = parseTimeUs(bytes, fieldStart[layout.time], fieldEnd[layout.time], settings.naiveOffsetUs);
  }
  const volume = layout.volume < 0 || fieldStart[layout.volume] === fieldEnd[layout.volume] ? 0 : fieldNumber(bytes, layout.volume);
  builder.add(
    line, timeUs, fieldNumber(bytes, layout.open), fieldNumber(bytes, layout.high), fieldNumber(bytes, layout.low),
    fieldNumber(bytes, layout.close), volume,
  );
}

/** The number filling field `index` of the last split row, or NaN. */
function fieldNumber(bytes: Uint8Array, index: number): number {
  return parseDecimal(bytes, fieldStart[index], fieldEnd[index], numberScratch, 0) === fieldEnd[index] ? numberScratch[0] : NaN;
}

/**
 * Locate the fields of bytes[start, end) into fieldStart/fieldEnd (trimmed of spaces and of one
 * pair of double quotes) and return how many there are (fields past MAX_FIELDS are counted but
 * not located). Quoted delimiters are not supported: no candle layout has text fields.
 */
function splitFields(bytes: Uint8Array, start: number, end: number, delimiter: number): number {
  let count = 0;
  let from = start;
  for (;;) {
    let to = from;
    while (to < end && bytes[to] !== delimiter) to++;
    if (count < MAX_FIELDS) {
      let s = from;
      let e = to;
      while (s < e && (bytes[s] === SPACE || bytes[s] === TAB)) s++;
      while (e > s && (bytes[e - 1] === SPACE || bytes[e - 1] === TAB)) e--;
      if (e - s >= 2 && bytes[s] === DOUBLE_QUOTE && bytes[e - 1] === DOUBLE_QUOTE) {
        s++;
        e--;
      }
      fieldStart[count] = s;
      fieldEnd[count] = e;
    }
    count++;
    if (to === end) return count;
    from = to + 1;
  }
}

function detectLayout(bytes: Uint8Array, source: string, settings: CandleReadSettings): CsvLayout {
  let pos = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let line = 1;
  const first = nextContentLine(bytes, pos);
  if (first === null) throw noLayout(source, 'the file is empty');
  line += first.skippedLines;
  pos = first.start;
  const delimiter = pickDelimiter(bytes, first.start, first.end);
  const fieldCount = splitFields(bytes, first.start, first.end, delimiter);
  const firstText = asciiText(bytes, first.start, Math.min(first.end, first.start + 100));
  if (fieldCount < 5 || fieldCount > MAX_FIELDS) throw noLayout(source, `first line "${firstText}"`);

  const firstFieldIsTime = Number.isFinite(parseTimeUs(bytes, fieldStart[0], fieldEnd[0], settings.naiveOffsetUs));
  if (firstFieldIsTime) {
    if (fieldCount === BINANCE_KLINE_FIELDS && !looksLikeDate(bytes, fieldStart[0], fieldEnd[0])) {
      return {
        format: 'binance-kline', delimiter, fieldCount, time: 0, clock: -1, open: 1, high: 2, low: 3, close: 4, volume: 5,
        dataStart: first.start, dataLine: line,
      };
    }
    throw noLayout(source, `first line "${firstText}" has no header and is not a 12-column Binance kline row`);
  }

  const names: string[] = [];
  for (let f = 0; f < fieldCount; f++) names.push(asciiText(bytes, fieldStart[f], fieldEnd[f]).toLowerCase());
  const find = (candidates: string[]): number => {
    for (const name of candidates) {
      const index = names.indexOf(name);
      if (index >= 0) return index;
    }
    return -1;
  };
  // After the header's line feed: its content ends before a CR, and starting there would count
  // the CR LF as a blank line of its own (every line number of a CRLF file one too high).
  const headerLf = bytes.indexOf(LF, first.end);
  const dataStart = headerLf < 0 ? bytes.length : headerLf + 1;
  const dataLine = line + 1;
  const open = find(OPEN_NAMES);
  const high = find(HIGH_NAMES);
  const low = find(LOW_NAMES);
  const close = find(CLOSE_NAMES);
  const volume = find(VOLUME_NAMES);
  let time = find(TIME_NAMES);
  if (time < 0 || open < 0 || high < 0 || low < 0 || close < 0) {
    throw noLayout(source, `header "${firstText}" lacks a time, open, high, low or close column`);
  }
  const format: CandleFormat = names.includes('adj close') ? 'yahoo-daily' : 'csv-ohlcv';
  const dateColumn = names.indexOf('date');
  const timeColumn = names.indexOf('time');
  if (time === dateColumn && timeColumn >= 0) {
    return { format, delimiter, fieldCount, time, clock: timeColumn, open, high, low, close, volume, dataStart, dataLine };
  }
  if (time === dateColumn && timeColumn < 0 && hasShiftedClock(bytes, dataStart, delimiter, fieldCount, dateColumn)) {
    const shift = (index: number): number => (index > dateColumn ? index + 1 : index);
    time = dateColumn;
    return {
      format: 'backtrader-date-time', delimiter, fieldCount: fieldCount + 1, time, clock: dateColumn + 1,
      open: shift(open), high: shift(high), low: shift(low), close: shift(close), volume: volume < 0 ? -1 : shift(volume),
      dataStart, dataLine,
    };
  }
  return { format, delimiter, fieldCount, time, clock: -1, open, high, low, close, volume, dataStart, dataLine };
}

/** Data rows `hasShiftedClock` looks at: one damaged first row must not decide a whole file's layout. */
const LAYOUT_SAMPLE_ROWS = 9;

/**
 * The header-has-one-name-too-few quirk: of the first few data rows, more have an extra clock
 * field after the date than have the header's field count.
 */
function hasShiftedClock(bytes: Uint8Array, from: number, delimiter: number, headerFields: number, dateColumn: number): boolean {
  let shifted = 0;
  let plain = 0;
  let pos = from;
  for (let k = 0; k < LAYOUT_SAMPLE_ROWS; k++) {
    const row = nextContentLine(bytes, pos);
    if (row === null) break;
    pos = row.end + 1;
    const fields = splitFields(bytes, row.start, row.end, delimiter);
    if (fields === headerFields) plain++;
    else if (fields === headerFields + 1 && Number.isFinite(parseClockUs(bytes, fieldStart[dateColumn + 1], fieldEnd[dateColumn + 1]))) shifted++;
  }
  return shifted > plain;
}

/** The first line at or after `pos` with content (trailing CR/space trimmed), or null. */
function nextContentLine(bytes: Uint8Array, pos: number): { start: number; end: number; skippedLines: number } | null {
  let skippedLines = 0;
  while (pos < bytes.length) {
    let lineEnd = bytes.indexOf(LF, pos);
    if (lineEnd < 0) lineEnd = bytes.length;
    let contentEnd = lineEnd;
    while (contentEnd > pos && (bytes[contentEnd - 1] === CR || bytes[contentEnd - 1] === SPACE || bytes[contentEnd - 1] === TAB)) contentEnd--;
    if (contentEnd > pos) return { start: pos, end: contentEnd, skippedLines };
    skippedLines++;
    pos = lineEnd + 1;
  }
  return null;
}

function pickDelimiter(bytes: Uint8Array, start: number, end: number): number {
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  for (let i = start; i < end; i++) {
    if (bytes[i] === COMMA) commas++;
    else if (bytes[i] === SEMICOLON) semicolons++;
    else if (bytes[i] === TAB) tabs++;
  }
  if (semicolons > commas && semicolons >= tabs) return SEMICOLON;
  if (tabs > commas && tabs > semicolons) return TAB;
  return COMMA;
}

function asciiText(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += bytes[i] >= 32 && bytes[i] < 127 ? String.fromCharCode(bytes[i]) : '?';
  return text;
}

/** The one error for a file that is no candle file. */
export function noLayout(source: string, what: string): Error {
  return new Error(`${source}: not a candle file (${what}); expected ${EXPECTED_LAYOUTS}`);
}
