/**
 * Per-year scaling. Two clocks, stated in the report:
 * - elapsed calendar time (CAGR, turnover) is measured in 365.25-day years, so a run over a leap
 *   day is not a day longer than a year;
 * - statistics of per-bar returns (volatility, Sharpe, Sortino) scale with the number of bars in
 *   a year of the market's own calendar: crypto trades 365 days of 24 h; US stocks 252 sessions,
 *   each 6.5 h for intraday bars (a daily bar is one session, so daily bars give 252).
 */

import type { AnnualisationCalendar } from './backtest-types.js';

export const US_PER_DAY = 86_400_000_000;
export const CALENDAR_YEAR_DAYS = 365.25;
export const CALENDAR_YEAR_US = CALENDAR_YEAR_DAYS * US_PER_DAY;
export const CRYPTO_DAYS_PER_YEAR = 365;
export const STOCK_SESSIONS_PER_YEAR = 252;
export const STOCK_SESSION_US = 6.5 * 3_600_000_000;

/** Bars per year for bars `barIntervalUs` apart on `calendar` (see the header). */
export function periodsPerYear(calendar: AnnualisationCalendar, barIntervalUs: number): number {
  if (!(barIntervalUs > 0) || !Number.isFinite(barIntervalUs)) throw new RangeError(`bar interval must be a positive number of µs, got ${barIntervalUs}`);
  if (calendar === 'crypto') return (CRYPTO_DAYS_PER_YEAR * US_PER_DAY) / barIntervalUs;
  if (barIntervalUs >= US_PER_DAY) return (STOCK_SESSIONS_PER_YEAR * US_PER_DAY) / barIntervalUs;
  return (STOCK_SESSIONS_PER_YEAR * STOCK_SESSION_US) / barIntervalUs;
}

/** One line saying how the report annualises, for the text, HTML and JSON alike. */
export function annualisationNote(calendar: AnnualisationCalendar, barIntervalUs: number): string {
  const days = calendar === 'crypto' ? `${CRYPTO_DAYS_PER_YEAR} days of 24 h` : `${STOCK_SESSIONS_PER_YEAR} trading days${barIntervalUs < US_PER_DAY ? ' of 6.5 h' : ''}`;
  return `volatility, Sharpe and Sortino annualised over ${days} (${formatCount(periodsPerYear(calendar, barIntervalUs))} bars of ${formatInterval(barIntervalUs)} a year); CAGR and turnover over ${CALENDAR_YEAR_DAYS}-day calendar years`;
}

function formatCount(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** 60000000 -> "1m", 86400000000 -> "1d"; odd intervals in seconds. */
export function formatInterval(us: number): string {
  const units: Array<[number, string]> = [[US_PER_DAY, 'd'], [3_600_000_000, 'h'], [60_000_000, 'm'], [1_000_000, 's']];
  for (const [size, name] of units) if (us >= size && us % size === 0) return `${us / size}${name}`;
  return `${us / 1_000_000}s`;
}
