/**
 * Where the simulated Alpaca exchange starts its virtual clock when told nothing, so that a
 * session started at any wall-clock time sees trading at once:
 * - during a US regular session: now (virtual time = wall time, as the live stream would show);
 * - outside one (nights, weekends): the open of the most recent session, so the stream replays
 *   that session from its first minute instead of waiting hours, and its timestamps are never
 *   in the future.
 * Holidays are not modelled (see us-equity-session.ts), so on a holiday the "most recent
 * session" is the holiday itself.
 */

import { nextUsEquitySession, US_PER_DAY } from '../us-equity-session.js';

/** The open (epoch µs) of the latest regular session that opened at or before `nowUs`. */
export function mostRecentUsOpenUs(nowUs: number): number {
  const session = new Float64Array(2);
  const today = Math.floor(nowUs / US_PER_DAY);
  // A session opens and closes on one UTC date, so asking from each date's midnight finds that
  // date's session; a weekend plus a few days back always reaches a weekday.
  for (let day = today; day > today - 8; day--) {
    const midnight = day * US_PER_DAY;
    nextUsEquitySession(midnight, session);
    if (session[0] < midnight + US_PER_DAY && session[0] <= nowUs) return session[0];
  }
  throw new Error(`no US equity session found before ${nowUs}`);
}

/** The default virtual start (epoch µs) for wall-clock time `nowUs`: see the file header. */
export function alpacaSimStartUs(nowUs: number): number {
  const session = new Float64Array(2);
  nextUsEquitySession(nowUs, session);
  if (session[0] <= nowUs) return nowUs;
  return mostRecentUsOpenUs(nowUs);
}
