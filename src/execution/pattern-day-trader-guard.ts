/**
 * FINRA's pattern-day-trader rule as a pre-trade guard: a margin account with less than $25,000
 * of equity may make at most three day trades (a position opened and closed in the same trading
 * day) in any five business days; the fourth gets the account flagged and restricted. So, below
 * the threshold, an order that would close a position opened today is refused while three day
 * trades already fall in the last five business days.
 *
 * Days are US Eastern trading dates (the caller passes a day number, e.g. from the session
 * calendar); business days skip weekends (holidays are not modelled, which errs on the safe side:
 * the window then spans fewer real trading days).
 */
import { weekdayOfDays } from '../data/us-equity-session.js';

export const PDT_EQUITY_THRESHOLD_USD = 25_000;
export const PDT_MAX_DAY_TRADES = 3;
const WINDOW_BUSINESS_DAYS = 5;

export class PatternDayTraderGuard {
  /** Day numbers of the day trades made, oldest first. */
  private readonly dayTrades: number[] = [];

  constructor(readonly marginAccount: boolean, readonly thresholdUsd = PDT_EQUITY_THRESHOLD_USD) {}

  /** Record a day trade made on `day`. */
  recordDayTrade(day: number): void {
    this.dayTrades.push(day);
  }

  /** Day trades within the five business days ending on `day`. */
  dayTradesInWindow(day: number): number {
    const first = businessDaysBack(day, WINDOW_BUSINESS_DAYS - 1);
    return this.dayTrades.filter((d) => d >= first && d <= day).length;
  }

  /** Whether an order that would be a day trade on `day` may go out, with `equityUsd` in the account. */
  allowsDayTrade(day: number, equityUsd: number): boolean {
    if (!this.marginAccount || equityUsd >= this.thresholdUsd) return true;
    return this.dayTradesInWindow(day) < PDT_MAX_DAY_TRADES;
  }
}

/** The day `n` business days before `day` (weekends skipped). */
function businessDaysBack(day: number, n: number): number {
  let d = day;
  for (let left = n; left > 0;) {
    d--;
    const wd = weekdayOfDays(d);
    if (wd !== 0 && wd !== 6) left--;
  }
  return d;
}
