/**
 * Event time as data. Decisions (order and fill times, VaR's time scale, holding periods) run on
 * the time of the market events the pipeline is processing, never on the wall clock: a replay of a
 * day in ten seconds then sees a day's worth of time pass, and a live session sees the venue's
 * clock. The wall clock stays for telemetry (`t0`, latency) and for pacing a live source.
 *
 * A layer's clock advances with the records it reads (`advanceFrom`): it is the newest event time
 * seen, so one late record cannot move time backwards. Values live in a typed array and the
 * methods are tiny so V8 inlines them and a double never gets boxed on the per-record path.
 */
export class EventClock {
  /** [0] newest event time seen, microseconds since the Unix epoch (0 = none yet). */
  private readonly t = new Float64Array(1);

  /** Advance to the event time at `f64[slot]` if it is newer; NaN and older times are ignored. */
  advanceFrom(f64: Float64Array, slot: number): void {
    const ts = f64[slot];
    if (ts > this.t[0]) this.t[0] = ts;
  }

  /** The newest event time seen (µs since the epoch), 0 before the first event. */
  nowUs(): number {
    return this.t[0];
  }

  /** Copy the current time into `out[slot]` (the boxing-free way to hand it to a record). */
  writeTo(out: Float64Array, slot: number): void {
    out[slot] = this.t[0];
  }
}
