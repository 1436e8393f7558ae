/**
 * Look-ahead guard: does a decision function read bars it could not have seen yet?
 *
 * A decision function takes candles in time order and returns decisions: records with a
 * `timeUs` and one or more numeric fields (the signed target position, the edge, ...), in time
 * order. It is causal when every decision at time t is a function of the bars with
 * timeUs <= t only. The guard tests exactly that, by experiment:
 *
 * 1. Baseline: `decide(bars)`, run twice; if the two runs differ the function is not
 *    deterministic and nothing else can be concluded (verdict `nondeterministic`).
 * 2. For each checked time t (every decision time, or a seeded sample of `sample` of them plus
 *    always the last `tail` ones), one more run on bars whose values strictly after t are
 *    replaced (mode `corrupt`, the default), or on the bars up to t alone (mode `truncate`).
 *    Every decision with timeUs <= t, every field, is compared with the baseline: a "no trade"
 *    (0) counts as much as a trade, and so does the decision at t itself, so a function that
 *    reads exactly one bar ahead is caught at every checked bar where that bar matters.
 * 3. Every differing value is reported (checked time, decision time, bar, field, before, after),
 *    the earliest one as the first offending bar, and the verdict is `lookahead`; else `pass`.
 *
 * Why this is stricter than freqtrade's lookahead-analysis: that one re-runs only where an entry
 * or exit signal fired, so a look-ahead that decides to stay out (a 0 that would have been a
 * trade) is never compared, and its cut keeps the signal candle's successor within reach, so a
 * one-bar shift can go unseen (freqtrade#11346). Here every decision value up to t is compared,
 * and the bar right after t is always among the replaced ones.
 *
 * The replacement (mode `corrupt`) keeps the bars plausible so the function under test still
 * runs: prices stay positive and finite, every candle keeps low <= open, close <= high, times are
 * unchanged. Every bar after t is the mirror image of the real future about the close at t, in
 * log price, with every move amplified (x `amplify`, seeded in [1.5, 2.5] per checked t) and
 * shifted by a seeded gap of +-`gap` (default max(2 %, 10 x the series' median absolute bar
 * return)); volumes are scaled by a seeded factor in [2, 4] or [1/4, 1/2]. So every future value
 * differs from the real one, every future move changes direction, and the first future bar
 * jumps: a single corrupted run per checked t finds a read of the future, whatever its sign or
 * size. (A function may still ignore a difference, e.g. a threshold the changed value does not
 * cross; checking more times makes a miss less likely, and `truncate` is the second opinion:
 * any function that fails on truncated input while succeeding on the full one is also caught.)
 *
 * Cost: 2 + (checked times) runs of `decide` on at most `bars.length` bars. `sample` bounds it.
 */

import { Prng } from '../data/prng.js';

/** One candle. */
export interface Candle {
  /** Open time, µs since the epoch; strictly increasing along a series. */
  readonly timeUs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** A decision: its time and numeric fields (every field but `timeUs` is compared). */
export type Decision = { readonly timeUs: number } & { readonly [field: string]: number };

/** The function under test. */
export type DecideFunction = (bars: readonly Candle[]) => readonly Decision[];

export type LookaheadMode = 'corrupt' | 'truncate';
export type LookaheadVerdict = 'pass' | 'lookahead' | 'nondeterministic';

export interface LookaheadOptions {
  /** `corrupt` (default): bars after t replaced; `truncate`: bars after t removed. */
  readonly mode?: LookaheadMode;
  /** Check this many decision times chosen at random (plus the last `tail`); default: all of them. */
  readonly sample?: number;
  /** Seed of the sample and of the replacement values (default 1). */
  readonly seed?: number;
  /** The last decision times always checked (default 3). */
  readonly tail?: number;
  /** Values within this absolute difference are equal (default 0: the same number). */
  readonly tolerance?: number;
  /** Log gap of the first replaced bar (default max(0.02, 10 x median |bar log return|)). */
  readonly gap?: number;
  /** Changes kept in the report (default 50; all are counted). */
  readonly maxChanges?: number;
}

export interface LookaheadChange {
  /** The checked time t whose run showed the change. */
  readonly checkedTimeUs: number;
  readonly timeUs: number;
  /** Index of the bar the decision belongs to (the last bar with timeUs <= the decision's). */
  readonly bar: number;
  readonly field: string;
  /** Baseline value, and the value with the bars after t replaced (NaN: decision missing). */
  readonly before: number;
  readonly after: number;
}

export interface LookaheadReport {
  readonly verdict: LookaheadVerdict;
  readonly mode: LookaheadMode;
  readonly bars: number;
  readonly decisions: number;
  /** Distinct decision times, and how many of them were checked. */
  readonly decisionTimes: number;
  readonly checkedTimes: number;
  /** Runs of the decision function, baseline pair included. */
  readonly runs: number;
  /** Decision values that changed, over all checked times (a value changed at several t counts once per t). */
  readonly changeCount: number;
  /** Distinct decision times with a changed value. */
  readonly changedTimes: number;
  /** The first `maxChanges` changes, earliest decision first. */
  readonly changes: readonly LookaheadChange[];
  /** The earliest changed decision, or null. */
  readonly firstOffending: LookaheadChange | null;
  readonly elapsedMs: number;
}

/** Run the look-ahead check of `decide` on `bars` (see the header). */
export function checkLookahead(bars: readonly Candle[], decide: DecideFunction, options: LookaheadOptions = {}): LookaheadReport {
  const started = performance.now();
  const mode = options.mode ?? 'corrupt';
  const seed = options.seed ?? 1;
  const tail = options.tail ?? 3;
  const tolerance = options.tolerance ?? 0;
  const maxChanges = options.maxChanges ?? 50;
  if (mode !== 'corrupt' && mode !== 'truncate') throw new Error(`lookahead: mode must be corrupt or truncate, got ${String(mode)}`);
  if (options.sample !== undefined && !(Number.isInteger(options.sample) && options.sample >= 0)) throw new Error(`lookahead: sample must be an integer >= 0, got ${options.sample}`);
  if (!(Number.isInteger(tail) && tail >= 0)) throw new Error(`lookahead: tail must be an integer >= 0, got ${tail}`);
  if (!(tolerance >= 0)) throw new Error(`lookahead: tolerance must be >= 0, got ${tolerance}`);
  checkBars(bars);

  const baseline = decide(bars);
  const again = decide(bars);
  let runs = 2;
  checkDecisions(baseline);
  const times = distinctTimes(baseline);
  const same = compareUpTo(baseline, again, Infinity, tolerance);
  if (same.length > 0) {
    const changes = same.slice(0, maxChanges).map((d) => change(Infinity, d, bars));
    return {
      verdict: 'nondeterministic', mode, bars: bars.length, decisions: baseline.length, decisionTimes: times.length, checkedTimes: 0, runs,
      changeCount: same.length, changedTimes: new Set(same.map((d) => d.timeUs)).size, changes, firstOffending: changes[0] ?? null,
      elapsedMs: performance.now() - started,
    };
  }

  const checked = chooseTimes(times, options.sample, tail, seed);
  const rng = new Prng(seed ^ 0x5bd1e995);
  const gap = options.gap ?? defaultGap(bars);
  const found: LookaheadChange[] = [];
  let changeCount = 0;
  const changed = new Set<number>();
  for (const t of checked) {
    const cut = lastBarAtOrBefore(bars, t) + 1;
    // Nothing after t: the run would be the baseline itself.
    if (cut >= bars.length) continue;
    const input = mode === 'truncate' ? bars.slice(0, cut) : corruptAfter(bars, cut, rng, gap);
    const diffs = compareUpTo(baseline, decide(input), t, tolerance);
    runs++;
    changeCount += diffs.length;
    for (const d of diffs) {
      changed.add(d.timeUs);
      found.push(change(t, d, bars));
    }
    // Keep memory bounded: only the earliest changes are reported.
    if (found.length > 4 * maxChanges) trimChanges(found, maxChanges);
  }
  trimChanges(found, maxChanges);
  return {
    verdict: changeCount > 0 ? 'lookahead' : 'pass', mode, bars: bars.length, decisions: baseline.length,
    decisionTimes: times.length, checkedTimes: checked.length, runs, changeCount, changedTimes: changed.size,
    changes: found, firstOffending: found[0] ?? null, elapsedMs: performance.now() - started,
  };
}

/**
 * A copy of `bars` whose bars from index `cut` on are replaced (see the header): mirrored about
 * the close of bar cut - 1 in log price, amplified, shifted by a gap; volumes rescaled.
 */
export function corruptAfter(bars: readonly Candle[], cut: number, rng: Prng, gap: number): Candle[] {
  const out = bars.slice();
  if (cut >= bars.length) return out;
  const anchor = cut > 0 ? bars[cut - 1].close : bars[0].open;
  const logAnchor = Math.log(anchor);
  const amplify = 1.5 + rng.uniform();
  const jump = (rng.uniform() < 0.5 ? -1 : 1) * gap;
  const volumeScale = rng.uniform() < 0.5 ? 2 + 2 * rng.uniform() : 0.25 + 0.25 * rng.uniform();
  const mirror = (price: number): number => Math.exp(logAnchor - amplify * (Math.log(price) - logAnchor) + jump);
  for (let i = cut; i < bars.length; i++) {
    const b = bars[i];
    // Mirroring swaps the extremes: the new high is the image of the old low.
    out[i] = { timeUs: b.timeUs, open: mirror(b.open), high: mirror(b.low), low: mirror(b.high), close: mirror(b.close), volume: b.volume * volumeScale };
  }
  return out;
}

/** max(0.02, 10 x the median absolute close-to-close log return). */
export function defaultGap(bars: readonly Candle[]): number {
  const moves: number[] = [];
  for (let i = 1; i < bars.length; i++) moves.push(Math.abs(Math.log(bars[i].close / bars[i - 1].close)));
  moves.sort((a, b) => a - b);
  const median = moves.length > 0 ? moves[moves.length >> 1] : 0;
  return Math.max(0.02, 10 * median);
}

/** The decision times to check: a seeded sample of `sample` (all when undefined) plus the last `tail`. */
export function chooseTimes(times: readonly number[], sample: number | undefined, tail: number, seed: number): number[] {
  if (sample === undefined || sample + tail >= times.length) return times.slice();
  const chosen = new Set<number>();
  for (let i = Math.max(0, times.length - tail); i < times.length; i++) chosen.add(i);
  const rng = new Prng(seed);
  const head = times.length - tail;
  // Partial Fisher-Yates over the indices before the tail.
  const pool = Array.from({ length: head }, (_, i) => i);
  for (let k = 0; k < sample && k < head; k++) {
    const j = k + Math.floor(rng.uniform() * (head - k));
    [pool[k], pool[j]] = [pool[j], pool[k]];
    chosen.add(pool[k]);
  }
  return [...chosen].sort((a, b) => a - b).map((i) => times[i]);
}

interface Difference {
  readonly timeUs: number;
  readonly field: string;
  readonly before: number;
  readonly after: number;
}

/** Differences between the decisions of `a` and `b` with timeUs <= t (by position, field by field). */
function compareUpTo(a: readonly Decision[], b: readonly Decision[], t: number, tolerance: number): Difference[] {
  const diffs: Difference[] = [];
  const n = countUpTo(a, t);
  const m = countUpTo(b, t);
  for (let i = 0; i < Math.max(n, m); i++) {
    const x = i < n ? a[i] : undefined;
    const y = i < m ? b[i] : undefined;
    if (x === undefined || y === undefined || x.timeUs !== y.timeUs) {
      const d = (x ?? y) as Decision;
      diffs.push({ timeUs: d.timeUs, field: 'timeUs', before: x?.timeUs ?? NaN, after: y?.timeUs ?? NaN });
      continue;
    }
    for (const field of Object.keys(x)) {
      if (field === 'timeUs') continue;
      const u = x[field];
      const v = y[field];
      if (!equal(u, v, tolerance)) diffs.push({ timeUs: x.timeUs, field, before: u, after: v });
    }
  }
  return diffs;
}

function equal(u: number, v: number, tolerance: number): boolean {
  if (u === v) return true;
  if (u !== u && v !== v) return true; // both NaN: "no value" on both sides
  return Math.abs(u - v) <= tolerance;
}

function countUpTo(decisions: readonly Decision[], t: number): number {
  let lo = 0;
  let hi = decisions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (decisions[mid].timeUs <= t) lo = mid + 1; else hi = mid;
  }
  return lo;
}

function change(checkedTimeUs: number, d: Difference, bars: readonly Candle[]): LookaheadChange {
  return { checkedTimeUs, timeUs: d.timeUs, bar: lastBarAtOrBefore(bars, d.timeUs), field: d.field, before: d.before, after: d.after };
}

/** Earliest decision first (then the earliest checked time), at most `max` kept. */
function trimChanges(changes: LookaheadChange[], max: number): void {
  changes.sort((a, b) => a.timeUs - b.timeUs || a.checkedTimeUs - b.checkedTimeUs);
  changes.length = Math.min(changes.length, max);
}

/** Index of the last bar with timeUs <= t (-1 when none). */
export function lastBarAtOrBefore(bars: readonly Candle[], t: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid].timeUs <= t) lo = mid + 1; else hi = mid;
  }
  return lo - 1;
}

function distinctTimes(decisions: readonly Decision[]): number[] {
  const times: number[] = [];
  for (const d of decisions) if (times.length === 0 || times[times.length - 1] !== d.timeUs) times.push(d.timeUs);
  return times;
}

function checkBars(bars: readonly Candle[]): void {
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i];
    if (!(Number.isFinite(b.timeUs) && (i === 0 || b.timeUs > bars[i - 1].timeUs))) throw new Error(`lookahead: bar ${i}: times must be finite and strictly increasing`);
    if (!(b.low > 0 && b.low <= Math.min(b.open, b.close) && b.high >= Math.max(b.open, b.close) && Number.isFinite(b.high))) {
      throw new Error(`lookahead: bar ${i} is not a valid candle (0 < low <= open, close <= high)`);
    }
  }
}

function checkDecisions(decisions: readonly Decision[]): void {
  for (let i = 1; i < decisions.length; i++) {
    if (!(decisions[i].timeUs >= decisions[i - 1].timeUs)) throw new Error(`lookahead: decision ${i} is earlier than decision ${i - 1}; decisions must be in time order`);
  }
}

/** Candles of a column-wise series (a CandleSeries, say), bars [from, to). */
export function candlesOf(series: {
  readonly count: number; readonly openTimeUs: ArrayLike<number>; readonly open: ArrayLike<number>; readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>; readonly close: ArrayLike<number>; readonly volume: ArrayLike<number>;
}, from = 0, to = series.count): Candle[] {
  const out: Candle[] = [];
  for (let i = from; i < Math.min(to, series.count); i++) {
    out.push({ timeUs: series.openTimeUs[i], open: series.open[i], high: series.high[i], low: series.low[i], close: series.close[i], volume: series.volume[i] });
  }
  return out;
}
