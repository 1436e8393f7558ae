/**
 * Walk-forward folds: a data window of `total` bars split into (train, test) pairs, as half-open
 * bar index ranges [start, end). Pure functions: no I/O, the same input gives the same folds.
 *
 * - rolling: a train window of `train` bars followed by a test window of `test` bars, the pair
 *   moved forward by `step` bars; laid out from the end of the data, so the last fold's test
 *   window ends at the last bar, and as many folds as fit (or the last `maxFolds` of them).
 * - anchored (expanding): the data cut into K + 1 near-equal segments; fold k trains on segments
 *   0..k (always from the first bar) and tests on segment k + 1, so the last fold's test window is
 *   the last segment.
 * - evenRolling: K rolling folds over the whole window, train = 2 segments, test = 1 segment,
 *   step = 1 segment of total / (K + 2) bars (the default of `tradebot optimize`).
 *
 * Every fold holds: train.start < train.end = test.start < test.end (train and test touch and
 * never overlap), folds are in chronological order, and the last fold ends at `total`.
 * Day counts become bar counts with `barsIn` (the bar interval from the data).
 */

export interface BarRange {
  /** First bar of the range. */
  readonly start: number;
  /** One past the last bar. */
  readonly end: number;
}

export interface Fold {
  /** 0-based, in chronological order. */
  readonly index: number;
  readonly train: BarRange;
  readonly test: BarRange;
}

export interface RollingSpec {
  /** Bars in each train window (>= 1). */
  readonly train: number;
  /** Bars in each test window (>= 1). */
  readonly test: number;
  /** Bars between consecutive folds (>= 1); default `test` (test windows tile the data's tail). */
  readonly step?: number;
  /** Keep only the last this many folds. */
  readonly maxFolds?: number;
}

export class FoldError extends Error {}

function positiveInt(what: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new FoldError(`${what} must be a whole number of bars >= 1, got ${value}`);
  return value;
}

/** Rolling folds (see the header). Throws FoldError when not even one fold fits. */
export function rollingFolds(total: number, spec: RollingSpec): Fold[] {
  positiveInt('total', total);
  const train = positiveInt('train', spec.train);
  const test = positiveInt('test', spec.test);
  const step = positiveInt('step', spec.step ?? test);
  if (train + test > total) throw new FoldError(`train ${train} + test ${test} bars do not fit in ${total} bars`);
  const reversed: Array<{ train: BarRange; test: BarRange }> = [];
  for (let end = total; end - test - train >= 0; end -= step) {
    if (spec.maxFolds !== undefined && reversed.length >= spec.maxFolds) break;
    reversed.push({ train: { start: end - test - train, end: end - test }, test: { start: end - test, end } });
  }
  return reversed.reverse().map((f, index) => ({ index, ...f }));
}

/** Anchored (expanding) folds: K of them (see the header). */
export function anchoredFolds(total: number, folds: number): Fold[] {
  positiveInt('total', total);
  const k = positiveInt('folds', folds);
  if (total < k + 1) throw new FoldError(`${k} anchored folds need at least ${k + 1} bars, got ${total}`);
  const cut = (i: number): number => Math.floor((total * i) / (k + 1));
  const out: Fold[] = [];
  for (let i = 0; i < k; i++) {
    out.push({ index: i, train: { start: 0, end: cut(i + 1) }, test: { start: cut(i + 1), end: cut(i + 2) } });
  }
  return out;
}

/** K rolling folds spread over the whole window: train 2, test 1, step 1 segment of total / (K + 2). */
export function evenRollingFolds(total: number, folds: number): Fold[] {
  positiveInt('total', total);
  const k = positiveInt('folds', folds);
  const segment = Math.floor(total / (k + 2));
  if (segment < 1) throw new FoldError(`${k} rolling folds need at least ${k + 2} bars, got ${total}`);
  return rollingFolds(total, { train: 2 * segment, test: segment, step: segment, maxFolds: k });
}

/** How many bars of `barIntervalUs` make `days` days (at least 1). */
export function barsIn(days: number, barIntervalUs: number): number {
  if (!(days > 0) || !(barIntervalUs > 0)) throw new FoldError(`days and the bar interval must be positive, got ${days} days, ${barIntervalUs} us`);
  return Math.max(1, Math.round((days * 86_400e6) / barIntervalUs));
}

export interface TimeWindow {
  /** ISO-8601 UTC, inclusive: the first bar's open time. */
  readonly from: string;
  /** ISO-8601 UTC, exclusive: the next bar's open time, or 1 ms past the last bar. */
  readonly to: string;
  readonly bars: number;
}

/**
 * A bar range as the `from`/`to` window runBacktest takes, from the bars' open times
 * (microseconds, ascending). Millisecond precision, as the window parser reads it.
 */
export function timeWindow(openTimeUs: ArrayLike<number>, range: BarRange): TimeWindow {
  if (!(range.start >= 0 && range.start < range.end && range.end <= openTimeUs.length)) {
    throw new FoldError(`bar range [${range.start}, ${range.end}) is not inside ${openTimeUs.length} bars`);
  }
  const fromMs = Math.floor(openTimeUs[range.start] / 1000);
  const toMs = range.end < openTimeUs.length ? Math.floor(openTimeUs[range.end] / 1000) : Math.floor(openTimeUs[range.end - 1] / 1000) + 1;
  return { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), bars: range.end - range.start };
}
