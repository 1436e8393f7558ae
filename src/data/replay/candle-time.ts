/**
 * Candle open times read from the bytes of one field, as integer microseconds since the epoch.
 *
 * Accepted forms:
 * - A number: epoch time whose unit is told by its magnitude, value by value (Binance's public
 *   data moved from millisecond to microsecond open times, so a unit fixed per format would be
 *   wrong for newer files): |v| < 1e11 seconds, < 1e14 milliseconds, < 1e17 microseconds,
 *   otherwise nanoseconds. The bounds sit at year ~5138 in each unit, so no real time is
 *   ambiguous. Fractions are allowed (`1637971200.5` seconds) and rounded to the microsecond.
 *   A compact date (`20060102`) is therefore NOT a date: it reads as epoch seconds of 1970.
 * - A calendar date: `YYYY-MM-DD` (or `/`), optionally followed by `T` or one space and a clock
 *   `HH:MM[:SS[.fraction]]`, optionally followed by `Z` or an offset `±HH[:MM]`. A date alone
 *   means 00:00 of that day. Without a zone the time is "naive" and `naiveOffsetUs` (the
 *   source's offset from UTC; 0 = naive means UTC) is subtracted. Fraction digits beyond the
 *   sixth are dropped (nanoseconds truncate to the microsecond).
 * - A clock alone (`parseClockUs`), for files that keep the date and the time of day in two
 *   fields.
 *
 * Failure is NaN, never an exception: the caller counts the row as a bad time. Calendar
 * arithmetic is integer-only (days-from-civil), so no Date object is made per row.
 */

import { daysFromCivil } from '../../core/civil-date.js';

export { daysFromCivil };
import { parseDecimal } from '../decimal-bytes.js';

const ZERO = 48;
const NINE = 57;
const DASH = 45;
const SLASH = 47;
const COLON = 58;
const DOT = 46;
const PLUS = 43;
const SPACE = 32;
const UPPER_T = 84;
const UPPER_Z = 90;
const LOWER_T = 116;
const LOWER_Z = 122;

const US_PER_SECOND = 1_000_000;
const US_PER_MINUTE = 60 * US_PER_SECOND;
const US_PER_HOUR = 60 * US_PER_MINUTE;
export const US_PER_DAY = 24 * US_PER_HOUR;

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const FRACTION_SCALE = [0, 100_000, 10_000, 1_000, 100, 10, 1];

const numberScratch = new Float64Array(1);

/** True when bytes[start, end) begins like a calendar date (4 digits then `-` or `/`). */
export function looksLikeDate(bytes: Uint8Array, start: number, end: number): boolean {
  return end - start >= 5 && isDigit(bytes[start]) && isDigit(bytes[start + 1]) && isDigit(bytes[start + 2])
    && isDigit(bytes[start + 3]) && (bytes[start + 4] === DASH || bytes[start + 4] === SLASH);
}

/** Open time in µs of a numeric epoch or calendar-date field, or NaN. */
export function parseTimeUs(bytes: Uint8Array, start: number, end: number, naiveOffsetUs: number): number {
  if (looksLikeDate(bytes, start, end)) return parseDateTimeUs(bytes, start, end, naiveOffsetUs);
  return parseEpochUs(bytes, start, end);
}

/** A number whose unit follows from its magnitude (see the header), as µs, or NaN. */
export function parseEpochUs(bytes: Uint8Array, start: number, end: number): number {
  if (parseDecimal(bytes, start, end, numberScratch, 0) !== end) return NaN;
  const v = numberScratch[0];
  const magnitude = Math.abs(v);
  if (!(magnitude > 0) || !Number.isFinite(v)) return NaN;
  if (magnitude < 1e11) return Math.round(v * US_PER_SECOND);
  if (magnitude < 1e14) return Math.round(v * 1000);
  if (magnitude < 1e17) return Math.round(v);
  return Math.floor(v / 1000);
}

/** `YYYY-MM-DD[( |T)HH:MM[:SS[.f]]][Z|±HH[:MM]]` as µs since the epoch, or NaN. */
export function parseDateTimeUs(bytes: Uint8Array, start: number, end: number, naiveOffsetUs: number): number {
  if (end - start < 10) return NaN;
  const year = digits(bytes, start, 4);
  const separator = bytes[start + 4];
  if (bytes[start + 7] !== separator) return NaN;
  const month = digits(bytes, start + 5, 2);
  const day = digits(bytes, start + 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month]) return NaN;
  if (month === 2 && day === 29 && !isLeapYear(year)) return NaN;
  const midnightUs = daysFromCivil(year, month, day) * US_PER_DAY;
  let i = start + 10;
  if (i === end) return midnightUs - naiveOffsetUs;
  const joiner = bytes[i];
  if (joiner !== SPACE && joiner !== UPPER_T && joiner !== LOWER_T) return NaN;
  i++;
  let clockEnd = i;
  while (clockEnd < end && (isDigit(bytes[clockEnd]) || bytes[clockEnd] === COLON || bytes[clockEnd] === DOT)) clockEnd++;
  const clockUs = parseClockUs(bytes, i, clockEnd);
  if (Number.isNaN(clockUs)) return NaN;
  const zoneUs = zoneOffsetUs(bytes, clockEnd, end, naiveOffsetUs);
  if (Number.isNaN(zoneUs)) return NaN;
  return midnightUs + clockUs - zoneUs;
}

/** `HH:MM[:SS[.fraction]]` as µs since midnight, or NaN. */
export function parseClockUs(bytes: Uint8Array, start: number, end: number): number {
  if (end - start < 5 || bytes[start + 2] !== COLON) return NaN;
  const hour = digits(bytes, start, 2);
  const minute = digits(bytes, start + 3, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
  let us = hour * US_PER_HOUR + minute * US_PER_MINUTE;
  let i = start + 5;
  if (i === end) return us;
  if (bytes[i] !== COLON || end - i < 3) return NaN;
  const second = digits(bytes, i + 1, 2);
  if (second < 0 || second > 60) return NaN; // 60: a leap second as some feeds print it
  us += second * US_PER_SECOND;
  i += 3;
  if (i === end) return us;
  if (bytes[i] !== DOT || i + 1 === end) return NaN;
  let fraction = 0;
  let count = 0;
  for (i++; i < end; i++) {
    if (!isDigit(bytes[i])) return NaN;
    if (count < 6) fraction = fraction * 10 + (bytes[i] - ZERO);
    count++;
  }
  return us + fraction * FRACTION_SCALE[Math.min(count, 6)];
}

/** Offset from UTC (µs) of the zone suffix at bytes[start, end); naiveOffsetUs when there is none. */
function zoneOffsetUs(bytes: Uint8Array, start: number, end: number, naiveOffsetUs: number): number {
  if (start === end) return naiveOffsetUs;
  const c = bytes[start];
  if (c === UPPER_Z || c === LOWER_Z) return start + 1 === end ? 0 : NaN;
  if (c !== PLUS && c !== DASH) return NaN;
  const length = end - start - 1;
  const hour = digits(bytes, start + 1, 2);
  let minute = 0;
  if (length === 5 && bytes[start + 3] === COLON) minute = digits(bytes, start + 4, 2);
  else if (length === 4) minute = digits(bytes, start + 3, 2);
  else if (length !== 2) return NaN;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
  const offset = hour * US_PER_HOUR + minute * US_PER_MINUTE;
  return c === PLUS ? offset : -offset;
}


function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The `count` decimal digits at `start` as an integer, or -1 if any is not a digit. */
function digits(bytes: Uint8Array, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const c = bytes[i];
    if (!isDigit(c)) return -1;
    value = value * 10 + (c - ZERO);
  }
  return value;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}
