/**
 * MergedEventSource: several CandleEventSources (files, symbols) replayed as one stream in
 * timestamp order.
 *
 * Order: each `next()` emits the pending event with the smallest ts; on equal ts the source
 * listed first wins, and it keeps winning until its ts moves on (so one source's quote and trade
 * of a point stay adjacent). The result depends only on the sources and their order, so replays
 * are identical. A linear scan over the sources per event: replays merge a handful of files, and
 * the scan touches one Float64Array slot per source, with no heap to keep in order.
 *
 * Hot path: `next()` allocates nothing (it reads each source's `nextEventTs[0]`).
 */

import type { CandleEventSource } from './candle-events.js';

export class MergedEventSource {
  private readonly sources: CandleEventSource[];
  private readonly counters = new Float64Array(1);

  constructor(sources: CandleEventSource[]) {
    if (sources.length === 0) throw new Error('MergedEventSource needs at least one source');
    this.sources = sources.slice();
  }

  get eventsEmitted(): number {
    return this.counters[0];
  }

  /** Write the earliest pending event into `out` from `base`; false when every source is done. */
  next(out: Float64Array, base = 0): boolean {
    const sources = this.sources;
    let best = -1;
    let bestTs = Infinity;
    for (let i = 0; i < sources.length; i++) {
      const ts = sources[i].nextEventTs[0];
      if (ts < bestTs) {
        bestTs = ts;
        best = i;
      }
    }
    if (best < 0) return false;
    sources[best].next(out, base);
    this.counters[0]++;
    return true;
  }

  /** Rewind every source and start the merged replay again. */
  rewind(): void {
    for (const source of this.sources) source.rewind();
    this.counters[0] = 0;
  }
}
