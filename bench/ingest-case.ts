/**
 * One case of the ingest benchmark: a way of turning raw frames into usable numbers, timed by
 * passes. The runner (ingest.ts) repeats passes until a round has enough measured time.
 *
 * Timing styles:
 * - `tight loop`: one clock read before and after a pass over the case's frames (cycled), so the
 *   figure is pure per-message cost with caches and branch predictors warm, the usual
 *   micro-benchmark.
 * - `file-order replay`: stateful consumers (a book) must see the frames in the order they were
 *   captured, after a snapshot. Each pass re-syncs from the snapshot OUTSIDE the timing and then
 *   times the whole run of frames as one interval.
 * - `per-frame, file-order replay`: the depth cases. The ~20-level diffs are a quarter of a chain
 *   that only stays valid when applied whole and in order (a skipped diff is a gap, a replayed one
 *   stale, and both Binance's rules and ccxt's refuse them), so each pass re-syncs from the
 *   snapshot (untimed), applies every diff, and times only the selected ones, each between two
 *   clock reads. The clock's own cost per interval is measured at start-up and subtracted
 *   (reported as `timer_overhead_ns_per_interval`).
 */

export type IngestFamily = 'trade' | 'bookTicker' | 'depth20' | 'l2update';
export type IngestImpl = 'ours' | 'json' | 'ccxt';
export type TimingStyle = 'tight loop' | 'file-order replay' | 'per-frame, file-order replay';

export interface IngestCase {
  name: string;
  family: IngestFamily;
  impl: IngestImpl;
  timing: TimingStyle;
  /** Distinct frames timed (each pass times every one once). */
  frames: number;
  /** Mean book levels per timed message (depth and l2update), else undefined. */
  levelsPerMsg?: number;
  /** The figure includes turning the Buffer into text and JSON.parse. */
  includesJsonParse: boolean;
  /** Timed messages per pass. */
  msgsPerPass: number;
  /** Separate timed intervals per pass (each one pays the clock's own cost once). */
  intervalsPerPass: number;
  /** One pass; returns the measured time in milliseconds (performance.now units). */
  pass(): number;
  /** Set by a pass whose messages did not all do what they should (then the figure is not reported). */
  problem: string | null;
}

/**
 * Where the JSON.parse baselines put the numbers they read, so the compiler cannot drop the work.
 * A typed array: a double accumulated in a closure variable would be boxed on every add.
 */
export const SINK = new Float64Array(1);
