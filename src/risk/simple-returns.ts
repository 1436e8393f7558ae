/**
 * Simple returns r = P_(t+h) / P_t - 1 of a price series over `horizon` bars, NON-overlapping:
 * P_0 -> P_h, P_h -> P_2h, ... (floor((n - 1) / h) returns; a tail shorter than h is dropped).
 * Why non-overlapping: overlapping h-bar returns share h - 1 bars with their neighbours, so they
 * are strongly autocorrelated, which biases the tail estimators and breaks the independence the
 * EVT fit assumes. Bars are consecutive in the file: a gap (weekend, missing candle) is not
 * filled, so one return can span it.
 */

import { checkSample } from '../stats/finite-sample.js';

/** Non-overlapping `horizon`-bar simple returns of `prices` (positive, finite). */
export function simpleReturns(prices: ArrayLike<number>, horizon = 1): Float64Array {
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a whole number of bars >= 1, got ${horizon}`);
  checkSample(prices, 'prices', 2);
  const count = Math.floor((prices.length - 1) / horizon);
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const from = prices[k * horizon];
    const to = prices[(k + 1) * horizon];
    if (!(from > 0)) throw new RangeError(`prices[${k * horizon}] is ${from}, prices must be positive`);
    if (!(to > 0)) throw new RangeError(`prices[${(k + 1) * horizon}] is ${to}, prices must be positive`);
    out[k] = to / from - 1;
  }
  return out;
}
