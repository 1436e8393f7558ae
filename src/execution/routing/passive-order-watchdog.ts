/**
 * Time-to-live for passive children: a child resting at the touch that has not filled within
 * `ttlUs` of event time has most likely been left behind by the market (the touch moved away) or
 * sits at the back of a long queue. Each sweep reports what to do with such children:
 *
 *  - Replace  cancel and re-post at the venue's current touch (the best bid for a buy), and wait
 *             another TTL; at most `maxReplaces` times per child;
 *  - Cross    after `maxReplaces` replaces, cancel and send it marketable at the opposite touch
 *             (the best ask for a buy): chasing any longer costs more in missed edge than the
 *             spread it saves; the child is no longer watched;
 *  - Cancel   the venue shows no touch on the side needed (book unsynced or empty): nothing to
 *             price a replacement against, so the child is pulled and handed back to the caller.
 *
 * Event time only (µs since epoch, passed in): a replay reproduces the live decisions. Children
 * live in fixed-size typed arrays and reports go to a preallocated array, so a sweep allocates
 * nothing; capacity bounds how many passive children one router works at once.
 */
import { crossingPrice, passivePrice } from './maker-taker-rule.js';

export const WatchdogAction = { Replace: 1, Cross: 2, Cancel: 3 } as const;

/** Slots of one report in `PassiveOrderWatchdog.reports` (report k at k * WATCHDOG_REPORT_SLOTS). */
export const WatchdogReport = {
  childId: 0,
  action: 1,
  venue: 2,
  side: 3,
  /** Replace: the new passive price; Cross: the marketable price; Cancel: NaN. */
  price: 4,
  /** Replaces done for this child, including this one. */
  replaces: 5,
} as const;
export const WATCHDOG_REPORT_SLOTS = 6;

export interface PassiveOrderWatchdogOptions {
  /** Most passive children watched at once. */
  readonly capacity: number;
  readonly ttlUs: number;
  /** Replaces at the touch before the child crosses the spread (0 = cross at the first expiry). */
  readonly maxReplaces: number;
}

export class PassiveOrderWatchdog {
  /** Filled by `sweep`; its return value says how many rows are valid. */
  readonly reports: Float64Array;
  private readonly ttlUs: number = 0;
  private readonly maxReplaces: number = 0;
  private readonly inUse: Uint8Array;
  private readonly childIds: Float64Array;
  private readonly venues: Int32Array;
  private readonly sides: Int8Array;
  private readonly postedUs: Float64Array;
  private readonly replaces: Int32Array;
  private count = 0;

  constructor(opts: PassiveOrderWatchdogOptions) {
    if (!(Number.isInteger(opts.capacity) && opts.capacity > 0)) throw new Error(`passive order watchdog: capacity must be a positive integer, got ${opts.capacity}`);
    if (!(opts.ttlUs > 0)) throw new Error(`passive order watchdog: ttlUs must be > 0, got ${opts.ttlUs}`);
    if (!(Number.isInteger(opts.maxReplaces) && opts.maxReplaces >= 0)) throw new Error(`passive order watchdog: maxReplaces must be an integer >= 0, got ${opts.maxReplaces}`);
    this.ttlUs = opts.ttlUs;
    this.maxReplaces = opts.maxReplaces;
    const n = opts.capacity;
    this.reports = new Float64Array(n * WATCHDOG_REPORT_SLOTS);
    this.inUse = new Uint8Array(n);
    this.childIds = new Float64Array(n);
    this.venues = new Int32Array(n);
    this.sides = new Int8Array(n);
    this.postedUs = new Float64Array(n);
    this.replaces = new Int32Array(n);
  }

  /** Children being watched. */
  get watching(): number {
    return this.count;
  }

  /** Start the TTL of a passive child posted at `postedUs`. False when the watchdog is full. */
  watch(childId: number, venue: number, side: number, postedUs: number): boolean {
    const slot = this.inUse.indexOf(0);
    if (slot < 0) return false;
    this.inUse[slot] = 1;
    this.childIds[slot] = childId;
    this.venues[slot] = venue;
    this.sides[slot] = side > 0 ? 1 : -1;
    this.postedUs[slot] = postedUs;
    this.replaces[slot] = 0;
    this.count++;
    return true;
  }

  /** Stop watching a child (filled, cancelled, or crossed by the caller). False if it was not watched. */
  forget(childId: number): boolean {
    for (let slot = 0; slot < this.inUse.length; slot++) {
      if (this.inUse[slot] === 1 && this.childIds[slot] === childId) {
        this.release(slot);
        return true;
      }
    }
    return false;
  }

  /**
   * Report every child whose TTL has run out at `nowUs` (see the file comment). `touches` holds
   * each venue's best bid at [2 * venue] and best ask at [2 * venue + 1] (NaN for an empty side).
   * Returns the number of reports written to `reports`.
   */
  sweep(nowUs: number, touches: Float64Array): number {
    let written = 0;
    for (let slot = 0; slot < this.inUse.length; slot++) {
      if (this.inUse[slot] === 0 || nowUs - this.postedUs[slot] < this.ttlUs) continue;
      const venue = this.venues[slot];
      const side = this.sides[slot];
      const bid = touches[2 * venue];
      const ask = touches[2 * venue + 1];
      const row = written * WATCHDOG_REPORT_SLOTS;
      const reports = this.reports;
      reports[row + WatchdogReport.childId] = this.childIds[slot];
      reports[row + WatchdogReport.venue] = venue;
      reports[row + WatchdogReport.side] = side;
      written++;
      const crossing = this.replaces[slot] >= this.maxReplaces;
      const price = crossing ? crossingPrice(side, bid, ask) : passivePrice(side, bid, ask);
      if (!(price > 0)) {
        reports[row + WatchdogReport.action] = WatchdogAction.Cancel;
        reports[row + WatchdogReport.price] = NaN;
        reports[row + WatchdogReport.replaces] = this.replaces[slot];
        this.release(slot);
      } else if (crossing) {
        reports[row + WatchdogReport.action] = WatchdogAction.Cross;
        reports[row + WatchdogReport.price] = price;
        reports[row + WatchdogReport.replaces] = this.replaces[slot];
        this.release(slot);
      } else {
        this.replaces[slot]++;
        this.postedUs[slot] = nowUs;
        reports[row + WatchdogReport.action] = WatchdogAction.Replace;
        reports[row + WatchdogReport.price] = price;
        reports[row + WatchdogReport.replaces] = this.replaces[slot];
      }
    }
    return written;
  }

  private release(slot: number): void {
    this.inUse[slot] = 0;
    this.count--;
  }
}
