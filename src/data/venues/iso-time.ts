/**
 * ISO-8601 / RFC-3339 timestamps -> integer microseconds since the Unix epoch, read digit by digit.
 *
 * Why not `Date.parse`: it keeps milliseconds only, so "2021-02-22T15:51:45.335689322Z" would lose
 * its microseconds, and going through `Date` for the fraction invites float rounding. Venue event
 * times (`ts` in records.ts) are integer microseconds, exact in a float64 until 2255.
 *
 * Accepted: `YYYY-MM-DD` `T` (or `t`, or one space) `hh:mm:ss`, an optional fraction of any
 * length (digits past the sixth are truncated, never rounded, so two events in the same
 * microsecond keep their order), then `Z`/`z` or a `+hh:mm`/`-hh:mm` offset. Calendar fields are
 * range-checked (month 1-12, day within the month of that year, hour < 24, minute and second
 * < 60; leap seconds are refused, as Go and JavaScript never produce them). Anything else is
 * malformed: the function returns false and leaves the output slot alone.
 *
 * No allocation: the result goes into a caller-owned Float64Array slot.
 */

import { daysFromCivil } from '../../core/civil-date.js';

const DIGIT_0 = 48;
const DIGIT_9 = 57;

function digit(text: string, i: number): number {
  const c = text.charCodeAt(i) - DIGIT_0;
  return c >= 0 && c <= 9 ? c : -1000;
}

/** Two digits at `i` as an integer, or a negative number when either is not a digit. */
function two(text: string, i: number): number {
  return digit(text, i) * 10 + digit(text, i + 1);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}


/**
 * Parse an ISO-8601 timestamp into `out[at]` as integer microseconds since the epoch. Returns
 * false when `text` is not a string in the accepted form.
 */
export function readIsoMicros(text: unknown, out: Float64Array, at: number): boolean {
  if (typeof text !== 'string') return false;
  const length = text.length;
  if (length < 20) return false;
  const year = two(text, 0) * 100 + two(text, 2);
  const month = two(text, 5);
  const day = two(text, 8);
  const hour = two(text, 11);
  const minute = two(text, 14);
  const second = two(text, 17);
  const sep = text.charCodeAt(10);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 116 && sep !== 32)
    || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return false;
  if (!(year >= 0 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour < 24
    && minute >= 0 && minute < 60 && second >= 0 && second < 60)) return false;
  if (day > daysInMonth(year, month)) return false;

  let i = 19;
  let micros = 0;
  if (text.charCodeAt(i) === 46) {
    i++;
    const start = i;
    for (; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c < DIGIT_0 || c > DIGIT_9) break;
      if (i - start < 6) micros = micros * 10 + (c - DIGIT_0);
    }
    const digits = i - start;
    if (digits === 0) return false;
    for (let k = digits; k < 6; k++) micros *= 10;
  }

  let offsetSeconds = 0;
  const zone = text.charCodeAt(i);
  if (zone === 90 || zone === 122) {
    i++;
  } else if (zone === 43 || zone === 45) {
    if (i + 6 > length || text.charCodeAt(i + 3) !== 58) return false;
    const oh = two(text, i + 1);
    const om = two(text, i + 4);
    if (!(oh >= 0 && oh < 24 && om >= 0 && om < 60)) return false;
    offsetSeconds = (zone === 43 ? 1 : -1) * (oh * 3600 + om * 60);
    i += 6;
  } else {
    return false;
  }
  if (i !== length) return false;

  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  out[at] = seconds * 1_000_000 + micros;
  return true;
}
