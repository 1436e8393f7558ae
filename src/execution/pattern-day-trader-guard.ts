/**
 * FINRA's pattern-day-trader rule as a pre-trade guard: a margin account with less than $25,000
 * of equity may make at most three day trades (a position opened and closed in the same trading
 * day) in any five business days; the fourth gets the account flagged and restricted. So, below
 * the threshold, an order that would close a position opened today is refused while three day
 * trades already fall in the last five business days.
 *
 * Days are US Eastern trading dates (`easternDay` of us-equity-session.ts); business days skip weekends (holidays are not
 * modelled, which errs on the safe side: the window then spans fewer real trading days).
 *
 * The guard also keeps what makes an order a day trade: per instrument, the Eastern day its
 * current position was opened (`onFill` from the execution stage's own fills). A closing order
 * counts as one day trade however many fills it takes (FINRA counts the round trip, not the
 * executions); two closing orders on one day count two, the conservative reading. Day trades live in a small ring of day numbers: only the last five business days
 * matter, so nothing grows and nothing is allocated per order.
 */
import { easternDay, weekdayOfDays } from '../data/us-equity-session.js';

export const PDT_EQUITY_THRESHOLD_USD = 25_000;
export const PDT_MAX_DAY_TRADES = 3;
const WINDOW_BUSINESS_DAYS = 5;
/** Day trades remembered: far more than can fall inside the window before the guard refuses. */
const RING = 64;

export class PatternDayTraderGuard {
  /** Day numbers of the day trades made, a ring; `count` of them recorded in all. */
  private readonly dayTrades = new Float64Array(RING);
  private count = 0;
  /** Per instrument: the Eastern day the open position began (NaN when flat). */
  private readonly openedDay: Float64Array;
  /** Per instrument: the client order id whose closing fill was last counted as a day trade. */
  private readonly countedOrder: Float64Array;

  constructor(readonly marginAccount: boolean, readonly thresholdUsd = PDT_EQUITY_THRESHOLD_USD, instruments = 0) {
    this.openedDay = new Float64Array(instruments).fill(NaN);
    this.countedOrder = new Float64Array(instruments).fill(-1);
  }

  /** Record a day trade made on `day`. */
  recordDayTrade(day: number): void {
    this.dayTrades[this.count % RING] = day;
    this.count++;
  }

  /** Day trades within the five business days ending on `day`. */
  dayTradesInWindow(day: number): number {
    const first = businessDaysBack(day, WINDOW_BUSINESS_DAYS - 1);
    const n = this.count < RING ? this.count : RING;
    let inWindow = 0;
    for (let k = 0; k < n; k++) {
      const d = this.dayTrades[k];
      if (d >= first && d <= day) inWindow++;
    }
    return inWindow;
  }

  /** Whether an order that would be a day trade on `day` may go out, with `equityUsd` in the account. */
  allowsDayTrade(day: number, equityUsd: number): boolean {
    if (!this.marginAccount || equityUsd >= this.thresholdUsd) return true;
    return this.dayTradesInWindow(day) < PDT_MAX_DAY_TRADES;
  }

  /** Whether an order on `instrument` reducing its position on `day` would close a position opened that day. */
  wouldDayTrade(instrument: number, day: number): boolean {
    return this.openedDay[instrument] === day;
  }

  /**
   * A fill of `signedQty` on `instrument` by order `clientOrderId` at `tsUs`, the position having
   * been `positionBefore`: a fill from flat opens a position today; a fill that reduces one opened
   * today is a day trade (once per order); a fill that closes or flips it starts afresh.
   */
  onFill(instrument: number, positionBefore: number, signedQty: number, clientOrderId: number, tsUs: number): void {
    if (!(instrument >= 0 && instrument < this.openedDay.length)) return;
    const day = easternDay(tsUs);
    const after = positionBefore + signedQty;
    if (positionBefore === 0) {
      this.openedDay[instrument] = day;
      return;
    }
    if (positionBefore * signedQty < 0) {
      if (this.openedDay[instrument] === day && this.countedOrder[instrument] !== clientOrderId) {
        this.recordDayTrade(day);
        this.countedOrder[instrument] = clientOrderId;
      }
      // Closed: flat until the next opening fill. Flipped: the new side opened now.
      if (after === 0 || Math.abs(after) < Math.abs(positionBefore) * 1e-12) this.openedDay[instrument] = NaN;
      else if (after * positionBefore < 0) this.openedDay[instrument] = day;
    }
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
