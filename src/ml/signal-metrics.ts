/**
 * How good is a directional signal at the horizon it claims, after costs.
 *
 * - directional accuracy: share of windows where sign(signal) = sign(forward return), counting
 *   only windows where both are non-zero (a flat signal or an unchanged price says nothing);
 * - information coefficient: Spearman rank correlation of signal and forward return (null for a
 *   constant signal such as "always long");
 * - long/short PnL: position sign(signal) (flat when `gateBps` is set and |signal| <= gateBps),
 *   held for the horizon on non-overlapping periods (every horizon-th window of each file, so
 *   no return is counted twice), paying `costBps` per unit of position change (entering long
 *   from flat costs 1 x cost, flipping long to short 2 x cost); the position is closed (and paid
 *   for) at the end of each file.
 */
export interface SignalMetrics {
  windows: number;
  directionalAccuracy: number | null;
  informationCoefficient: number | null;
  pnl: {
    periods: number;
    costBps: number;
    grossBps: number;
    costPaidBps: number;
    netBps: number;
    netBpsPerPeriod: number;
    /** Share of periods with a position. */
    exposure: number;
  };
}

/** Windows in time order, grouped by file: `fileStart[k]` is the first window of file k. */
export interface EvaluationSet {
  targetBps: Float64Array;
  fileStart: number[];
  horizonBars: number;
}

export function signalMetrics(signal: Float64Array, set: EvaluationSet, costBps: number, gateBps = 0): SignalMetrics {
  const n = signal.length;
  if (n !== set.targetBps.length) throw new Error(`signal has ${n} values for ${set.targetBps.length} windows`);
  let hits = 0;
  let calls = 0;
  for (let i = 0; i < n; i++) {
    const s = Math.sign(signal[i]);
    const t = Math.sign(set.targetBps[i]);
    if (s === 0 || t === 0) continue;
    calls++;
    if (s === t) hits++;
  }
  let gross = 0;
  let cost = 0;
  let periods = 0;
  let exposed = 0;
  const bounds = [...set.fileStart, n];
  for (let f = 0; f + 1 < bounds.length; f++) {
    let position = 0;
    for (let i = bounds[f]; i < bounds[f + 1]; i += set.horizonBars) {
      const next = Math.abs(signal[i]) > gateBps ? Math.sign(signal[i]) : 0;
      cost += Math.abs(next - position) * costBps;
      position = next;
      gross += position * set.targetBps[i];
      periods++;
      if (position !== 0) exposed++;
    }
    cost += Math.abs(position) * costBps;
  }
  return {
    windows: n,
    directionalAccuracy: calls > 0 ? hits / calls : null,
    informationCoefficient: spearman(signal, set.targetBps),
    pnl: {
      periods,
      costBps,
      grossBps: gross,
      costPaidBps: cost,
      netBps: gross - cost,
      netBpsPerPeriod: periods > 0 ? (gross - cost) / periods : 0,
      exposure: periods > 0 ? exposed / periods : 0,
    },
  };
}

/** Spearman rank correlation (average ranks for ties); null when either side is constant. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  const ra = ranks(a);
  const rb = ranks(b);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < ra.length; i++) { ma += ra[i]; mb += rb[i]; }
  ma /= ra.length;
  mb /= rb.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < ra.length; i++) {
    const da = ra[i] - ma;
    const db = rb[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
}

function ranks(v: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: v.length }, (_, i) => i).sort((x, y) => v[x] - v[y]);
  const r = new Float64Array(v.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && v[order[j + 1]] === v[order[i]]) j++;
    const rank = (i + j) / 2;
    for (let k = i; k <= j; k++) r[order[k]] = rank;
    i = j + 1;
  }
  return r;
}
