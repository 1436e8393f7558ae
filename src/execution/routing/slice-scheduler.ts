/**
 * When the pieces of a large intent go out: the intent's quantity is released in slices, each
 * slice then routed across venues (venue-allocation.ts) as one marketable or passive child.
 *
 *  - immediate  everything at the first poll;
 *  - twap       `slices` equal slices over `durationUs`, slice k due at start + k * duration /
 *               slices (k = 0 .. slices - 1): the first goes at once, the last one interval
 *               before the end, so the schedule is the same whatever the polling rate;
 *  - pov        participation of volume: every `intervalUs`, a slice of `fraction` of the market
 *               volume traded since the last slice (what `recordMarketVolume` was told), capped
 *               by what is left. A slice smaller than `minSliceQuantity` is held back (the volume
 *               keeps accumulating) unless it finishes the intent, so a quiet market does not
 *               produce dust orders.
 *
 * Time is event time (µs since epoch) passed in by the caller; the scheduler never reads a
 * clock, so a replay schedules exactly as the live session did. A poll that comes late (no event
 * for a while) releases everything due by then in one slice: nothing scheduled is skipped. TWAP
 * slices are computed from the total (k / slices of it, minus what is out) rather than added up,
 * so the last slice closes the intent exactly.
 */

export const SLICE_MODES = ['immediate', 'twap', 'pov'] as const;
export type SliceMode = (typeof SLICE_MODES)[number];

export interface SliceSchedule {
  readonly mode: SliceMode;
  /** twap: number of slices (>= 1). */
  readonly slices: number;
  /** twap: time from the first slice to the end of the last interval, µs. */
  readonly durationUs: number;
  /** pov: the share of market volume to trade, (0, 1]. */
  readonly fraction: number;
  /** pov: time between slices, µs. */
  readonly intervalUs: number;
  /** pov: smaller slices wait for more volume (unless they finish the intent). */
  readonly minSliceQuantity: number;
}

const Mode = { immediate: 0, twap: 1, pov: 2 } as const;

export class SliceScheduler {
  private readonly mode: number;
  /** Quantity of the intent being worked. */
  total = 0;
  /** Quantity handed out in slices so far. */
  released = 0;
  private startUs = 0;
  private lastSliceUs = 0;
  private volumeSinceSlice = 0;
  private active = false;

  constructor(private readonly schedule: SliceSchedule) {
    this.mode = Mode[schedule.mode];
    if (this.mode === undefined) throw new Error(`slice scheduler: unknown mode ${JSON.stringify(schedule.mode)}`);
    if (schedule.mode === 'twap' && !(Number.isInteger(schedule.slices) && schedule.slices >= 1 && schedule.durationUs > 0)) {
      throw new Error(`slice scheduler: twap needs slices >= 1 and durationUs > 0, got ${schedule.slices} and ${schedule.durationUs}`);
    }
    if (schedule.mode === 'pov' && !(schedule.fraction > 0 && schedule.fraction <= 1 && schedule.intervalUs > 0)) {
      throw new Error(`slice scheduler: pov needs a fraction in (0, 1] and intervalUs > 0, got ${schedule.fraction} and ${schedule.intervalUs}`);
    }
  }

  /** Begin working `quantity` at event time `startUs` (replaces any intent in progress). */
  start(quantity: number, startUs: number): void {
    this.total = quantity > 0 && quantity < Infinity ? quantity : 0;
    this.released = 0;
    this.startUs = startUs;
    this.lastSliceUs = startUs;
    this.volumeSinceSlice = 0;
    this.active = this.total > 0;
  }

  /** Quantity not yet released in a slice. */
  get remaining(): number {
    return this.total - this.released;
  }

  get done(): boolean {
    return !this.active;
  }

  /** Market volume traded on the symbol (all venues), base quantity: what pov participates in. */
  recordMarketVolume(quantity: number): void {
    if (this.active && quantity > 0) this.volumeSinceSlice += quantity;
  }

  /**
   * The quantity of the slice due at event time `nowUs`, 0 if none is: the caller sends a
   * slice of that size now. Each quantity is returned once.
   */
  poll(nowUs: number): number {
    if (!this.active) return 0;
    let due = 0;
    if (this.mode === Mode.immediate) {
      due = this.remaining;
    } else if (this.mode === Mode.twap) {
      const elapsed = nowUs - this.startUs;
      if (elapsed < 0) return 0;
      const slices = this.schedule.slices;
      const reached = Math.min(slices, Math.floor((elapsed * slices) / this.schedule.durationUs) + 1);
      due = reached === slices ? this.remaining : (this.total * reached) / slices - this.released;
    } else {
      if (nowUs - this.lastSliceUs < this.schedule.intervalUs) return 0;
      const wanted = this.schedule.fraction * this.volumeSinceSlice;
      due = wanted < this.remaining ? wanted : this.remaining;
      if (due < this.schedule.minSliceQuantity && due < this.remaining) return 0;
      this.lastSliceUs = nowUs;
      this.volumeSinceSlice = 0;
    }
    if (!(due > 0)) return 0;
    this.released += due;
    if (this.released >= this.total) {
      this.released = this.total;
      this.active = false;
    }
    return due;
  }

  /**
   * Event time of the next slice, for a caller that wants to wake up then (NaN when done; for pov
   * the next interval boundary, whether or not enough volume will have traded by then).
   */
  nextDueUs(): number {
    if (!this.active) return NaN;
    if (this.mode === Mode.immediate) return this.startUs;
    if (this.mode === Mode.pov) return this.lastSliceUs + this.schedule.intervalUs;
    const slices = this.schedule.slices;
    const next = Math.round((this.released / this.total) * slices);
    return this.startUs + (next * this.schedule.durationUs) / slices;
  }
}
