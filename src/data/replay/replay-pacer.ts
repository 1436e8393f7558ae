/**
 * The pace of a replay (`source.replaySpeed`, `--speed N`): 0 plays as fast as the pipeline takes
 * it; N holds each event until the wall clock has run (event time since the first event) / N.
 * Only the pace changes: every decision reads the events' own times, so a paced replay and a
 * full-speed one decide the same.
 *
 * Times in microseconds; the wall clock is passed in, so the pacer is a pure function of its
 * inputs and tests drive it with a fake clock.
 */
export class ReplayPacer {
  /** [first event time, wall time at the first event] */
  private readonly origin = new Float64Array([NaN, NaN]);

  constructor(readonly speed: number) {
    if (!(speed >= 0) || speed === Infinity) throw new Error(`replay speed must be 0 (as fast as possible) or a positive number, got ${speed}`);
  }

  /**
   * How long to wait, in microseconds, before the event at `eventUs` is due at `nowUs` (0 when it
   * is due, always 0 at speed 0). The first event fixes the origin and is due at once.
   */
  waitUs(eventUs: number, nowUs: number): number {
    if (this.speed === 0 || !(eventUs === eventUs)) return 0;
    const origin = this.origin;
    if (origin[0] !== origin[0]) {
      origin[0] = eventUs;
      origin[1] = nowUs;
      return 0;
    }
    const due = origin[1] + (eventUs - origin[0]) / this.speed;
    return due > nowUs ? due - nowUs : 0;
  }
}
