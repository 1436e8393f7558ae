/**
 * US equity regular trading session (09:30-16:00 America/New_York, Monday-Friday), computed with
 * integer calendar arithmetic so it can run per event without Date or Intl (both allocate).
 *
 * DST-aware: since 2007 US daylight time runs from the second Sunday of March to the first Sunday
 * of November (02:00 local both ways). A session day is a weekday, so it never falls on a switch
 * day, and its local date equals its UTC date (09:30 ET is 13:30 or 14:30 UTC), so "is this date
 * in DST" decides the UTC offset (-4 h in DST, -5 h otherwise) for the whole session.
 *
 * Not modelled (documented simplification): exchange holidays and early closes; the simulator
 * trades on those days as if they were normal sessions.
 */

import { daysFromCivil } from '../core/civil-date.js';

export { daysFromCivil };

export const US_PER_DAY = 86_400_000_000;
const US_PER_HOUR = 3_600_000_000;
/** Session length in microseconds (6.5 h). */
export const US_SESSION_US = 6.5 * US_PER_HOUR;


/** The Gregorian year containing a day number (the year part of civil_from_days). */
export function yearOfDays(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return yoe + era * 400 + (month <= 2 ? 1 : 0);
}

/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDays(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** Whether the local New York date `days` is within daylight saving time. */
export function isUsEasternDst(days: number): boolean {
  const year = yearOfDays(days);
  const mar1 = daysFromCivil(year, 3, 1);
  const dstStart = mar1 + ((7 - weekdayOfDays(mar1)) % 7) + 7; // second Sunday of March
  const nov1 = daysFromCivil(year, 11, 1);
  const dstEnd = nov1 + ((7 - weekdayOfDays(nov1)) % 7); // first Sunday of November
  return days >= dstStart && days < dstEnd;
}

/** The New York calendar day (days since 1970-01-01) of an epoch-µs time. */
export function easternDay(tsUs: number): number {
  const utcOffsetHours = isUsEasternDst(Math.floor(tsUs / US_PER_DAY)) ? 4 : 5;
  return Math.floor((tsUs - utcOffsetHours * US_PER_HOUR) / US_PER_DAY);
}

/**
 * The first regular session whose close is after `tsUs` (epoch microseconds): the current session
 * if `tsUs` is inside one, else the next. Writes `out[0]` = open and `out[1]` = close (epoch µs).
 */
export function nextUsEquitySession(tsUs: number, out: Float64Array): void {
  let day = Math.floor(tsUs / US_PER_DAY);
  // At most a weekend plus one day ahead; the bound only guards against a non-finite input.
  for (let i = 0; i < 8; i++, day++) {
    const wd = weekdayOfDays(day);
    if (wd === 0 || wd === 6) continue;
    const utcOffsetHours = isUsEasternDst(day) ? 4 : 5;
    const open = day * US_PER_DAY + (9.5 + utcOffsetHours) * US_PER_HOUR;
    const close = open + US_SESSION_US;
    if (close > tsUs) {
      out[0] = open;
      out[1] = close;
      return;
    }
  }
  out[0] = NaN;
  out[1] = NaN;
}
