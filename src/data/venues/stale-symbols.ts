/**
 * Which symbols of a feed have gone quiet: a symbol with no data for `afterMs` is flagged (and
 * logged once), and unflagged (and logged) when data returns. The flags are a plain Uint8Array
 * the ingest worker copies to shared memory, where sizing refuses new exposure on a stale symbol.
 * Checked by the connector's timer, never per message; `seen` is the only per-message call.
 */
export class StaleSymbols {
  /** 1 while a symbol is flagged stale. */
  readonly flags: Uint8Array;
  private readonly lastDataMs: Float64Array;

  constructor(
    private readonly venue: string,
    private readonly names: readonly string[],
    private readonly afterMs: number,
    private readonly log: (message: string) => void,
  ) {
    this.flags = new Uint8Array(names.length);
    this.lastDataMs = new Float64Array(names.length);
  }

  /** Every symbol counts as just seen (the feed starts now). */
  reset(nowMs: number): void {
    this.lastDataMs.fill(nowMs);
  }

  /** Data for symbol `s` arrived at `atMs`. */
  seen(s: number, atMs: number): void {
    this.lastDataMs[s] = atMs;
    if (this.flags[s] === 1) {
      this.flags[s] = 0;
      this.log(`${this.venue}: ${this.names[s]} has data again`);
    }
  }

  /** Flag the symbols quiet for `afterMs` at `nowMs`; returns how many were newly flagged. */
  check(nowMs: number): number {
    let flagged = 0;
    for (let s = 0; s < this.flags.length; s++) {
      if (this.flags[s] === 0 && nowMs - this.lastDataMs[s] >= this.afterMs) {
        this.flags[s] = 1;
        flagged++;
        this.log(`${this.venue}: ${this.names[s]} is stale: no data for ${this.afterMs / 1000}s`);
      }
    }
    return flagged;
  }
}
