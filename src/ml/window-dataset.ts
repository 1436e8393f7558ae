/**
 * Supervised windows for the deep alphas, with a chronological split that cannot look ahead.
 *
 * A window ending at row e of a file holds feature rows e-W+1 .. e; its target is the forward log
 * return of the close over the horizon, log(close[e+H] / close[e]) in bps. Windows never cross
 * files. Each file is split by time at 70% / 85% of its rows (boundaries b1, b2):
 *   train       e + H <= b1 - 1   (the target's last bar is still before validation begins)
 *   validation  b1 <= e and e + H <= b2 - 1
 *   test        b2 <= e and e + H <= rows - 1
 * Validation and test windows may read earlier rows as inputs (that is the past, which a live
 * model has too); no train target reaches a row the later splits are scored on.
 * Normalisation (per-feature mean and standard deviation, and the target's) is computed on the
 * rows the train windows read, i.e. rows 0 .. last train window end of each file, and on the
 * train targets; it is saved in the model card and applied unchanged to every split and at
 * serving time. test/ml/window-dataset-leak.test.ts proves that corrupting every value after a
 * window's end changes neither the window nor the normalisation.
 */
import { FEATURE_COUNT, type CandleFeatures } from './candle-features.js';

export interface Normalisation {
  readonly featureMean: number[];
  readonly featureStd: number[];
  readonly targetMean: number;
  readonly targetStd: number;
}

export interface SplitWindows {
  readonly count: number;
  /** Normalised inputs, row-major [count, window, FEATURE_COUNT]. */
  readonly x: Float32Array;
  /** Normalised targets. */
  readonly y: Float32Array;
  /** Targets in bps (forward log return). */
  readonly targetBps: Float64Array;
  /** Raw (not normalised) features of each window's last row, [count, FEATURE_COUNT], for baselines. */
  readonly lastRaw: Float64Array;
  /** Open time (µs) of each window's last bar. */
  readonly endTimeUs: Float64Array;
  /** Index of each file's first window (windows are grouped by file, in time order). */
  readonly fileStart: number[];
}

export type SplitName = 'train' | 'validation' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'validation', 'test'];
export const SPLIT_FRACTIONS = { train: 0.7, validation: 0.15, test: 0.15 } as const;

export interface FileSplit {
  readonly source: string;
  readonly rows: number;
  /** Row index ranges [first, last] of window ends per split (last < first: none). */
  readonly ends: Record<SplitName, [number, number]>;
}

export interface WindowDataset {
  readonly window: number;
  readonly horizonBars: number;
  readonly normalisation: Normalisation;
  readonly splits: Record<SplitName, SplitWindows>;
  readonly files: FileSplit[];
}

/** Window-end ranges of one file's splits (see the header). */
export function splitEnds(rows: number, window: number, horizonBars: number): Record<SplitName, [number, number]> {
  const b1 = Math.floor(rows * SPLIT_FRACTIONS.train);
  const b2 = Math.floor(rows * (SPLIT_FRACTIONS.train + SPLIT_FRACTIONS.validation));
  return {
    train: [window - 1, b1 - 1 - horizonBars],
    validation: [Math.max(b1, window - 1), b2 - 1 - horizonBars],
    test: [Math.max(b2, window - 1), rows - 1 - horizonBars],
  };
}

/** Statistics from the train windows' rows and targets of every file. */
export function fitNormalisation(files: readonly CandleFeatures[], window: number, horizonBars: number): Normalisation {
  const sum = new Float64Array(FEATURE_COUNT);
  const sumSq = new Float64Array(FEATURE_COUNT);
  let n = 0;
  let tSum = 0;
  let tSumSq = 0;
  let tn = 0;
  for (const f of files) {
    const [first, last] = splitEnds(f.rows, window, horizonBars).train;
    if (last < first) continue;
    for (let r = 0; r <= last; r++) {
      for (let k = 0; k < FEATURE_COUNT; k++) {
        const v = f.values[r * FEATURE_COUNT + k];
        sum[k] += v;
        sumSq[k] += v * v;
      }
      n++;
    }
    for (let e = first; e <= last; e++) {
      const t = forwardReturnBps(f, e, horizonBars);
      tSum += t;
      tSumSq += t * t;
      tn++;
    }
  }
  if (tn < 2) throw new Error(`too little data: ${tn} train windows (window ${window}, horizon ${horizonBars} bars); give longer files or a smaller --window`);
  const featureMean = Array.from(sum, (s) => s / n);
  const featureStd = Array.from(sumSq, (s, k) => safeStd(s / n - featureMean[k] ** 2));
  const targetMean = tSum / tn;
  return { featureMean, featureStd, targetMean, targetStd: safeStd(tSumSq / tn - targetMean ** 2) };
}

/** A constant column must not divide by zero: its std becomes 1 (it then normalises to 0). */
function safeStd(variance: number): number {
  const sd = Math.sqrt(Math.max(variance, 0));
  return sd > 1e-12 ? sd : 1;
}

export function forwardReturnBps(f: CandleFeatures, end: number, horizonBars: number): number {
  return Math.log(f.close[end + horizonBars] / f.close[end]) * 1e4;
}

/** Normalise one window ending at row `end` of `f` into `out[offset..]` (window x FEATURE_COUNT). */
export function writeWindow(f: CandleFeatures, end: number, window: number, norm: Normalisation, out: Float32Array, offset: number): void {
  const start = end - window + 1;
  for (let r = 0; r < window; r++) {
    for (let k = 0; k < FEATURE_COUNT; k++) {
      out[offset + r * FEATURE_COUNT + k] = (f.values[(start + r) * FEATURE_COUNT + k] - norm.featureMean[k]) / norm.featureStd[k];
    }
  }
}

/** Build every split's windows (see the header). */
export function buildWindowDataset(files: readonly CandleFeatures[], window: number, horizonBars: number): WindowDataset {
  checkShape(window, horizonBars);
  const normalisation = fitNormalisation(files, window, horizonBars);
  const fileSplits = files.map((f) => ({ source: f.source, rows: f.rows, ends: splitEnds(f.rows, window, horizonBars) }));
  const splits = {} as Record<SplitName, SplitWindows>;
  for (const name of SPLIT_NAMES) splits[name] = buildWindows(files, fileSplits.map((s) => s.ends[name]), window, horizonBars, normalisation);
  return { window, horizonBars, normalisation, splits, files: fileSplits };
}

/** Every window end a file allows, for data the model has never seen. */
export function allEnds(rows: number, window: number, horizonBars: number): [number, number] {
  return [window - 1, rows - 1 - horizonBars];
}

function checkShape(window: number, horizonBars: number): void {
  if (!Number.isInteger(window) || window < 2) throw new Error(`window must be an integer >= 2, got ${window}`);
  if (!Number.isInteger(horizonBars) || horizonBars < 1) throw new Error(`horizon must be a whole number >= 1 of bars, got ${horizonBars}`);
}

/** Windows ending at rows ends[k][0] .. ends[k][1] of each file k, normalised with `norm`. */
export function buildWindows(files: readonly CandleFeatures[], ends: readonly [number, number][], window: number, horizonBars: number, norm: Normalisation): SplitWindows {
  checkShape(window, horizonBars);
  let count = 0;
  for (const [first, last] of ends) count += Math.max(0, last - first + 1);
  const x = new Float32Array(count * window * FEATURE_COUNT);
  const y = new Float32Array(count);
  const targetBps = new Float64Array(count);
  const lastRaw = new Float64Array(count * FEATURE_COUNT);
  const endTimeUs = new Float64Array(count);
  const fileStart: number[] = [];
  let i = 0;
  files.forEach((f, fi) => {
    const [first, last] = ends[fi];
    fileStart.push(i);
    for (let e = first; e <= last; e++, i++) {
      writeWindow(f, e, window, norm, x, i * window * FEATURE_COUNT);
      const t = forwardReturnBps(f, e, horizonBars);
      targetBps[i] = t;
      y[i] = (t - norm.targetMean) / norm.targetStd;
      lastRaw.set(f.values.subarray(e * FEATURE_COUNT, (e + 1) * FEATURE_COUNT), i * FEATURE_COUNT);
      endTimeUs[i] = f.openTimeUs[e];
    }
  });
  return { count, x, y, targetBps, lastRaw, endTimeUs, fileStart };
}
