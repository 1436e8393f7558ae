/**
 * Two series on one clock: the inner join of two candle series on open time, keeping the closes
 * of the bars both have. Both inputs are strictly increasing in time (candle-series.ts
 * guarantees it), so one merge pass does it. No filling: a bar missing from either side is
 * dropped from both, so a pair statistic never sees a stale price.
 */

export interface AlignedCloses {
  readonly timeUs: Float64Array;
  readonly a: Float64Array;
  readonly b: Float64Array;
}

/** Closes of the bars whose open times appear in both series. */
export function alignByTime(timeA: Float64Array, closeA: Float64Array, timeB: Float64Array, closeB: Float64Array): AlignedCloses {
  const cap = Math.min(timeA.length, timeB.length);
  const timeUs = new Float64Array(cap);
  const a = new Float64Array(cap);
  const b = new Float64Array(cap);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < timeA.length && j < timeB.length) {
    if (timeA[i] < timeB[j]) i++;
    else if (timeA[i] > timeB[j]) j++;
    else {
      timeUs[n] = timeA[i];
      a[n] = closeA[i++];
      b[n++] = closeB[j++];
    }
  }
  return { timeUs: timeUs.slice(0, n), a: a.slice(0, n), b: b.slice(0, n) };
}
