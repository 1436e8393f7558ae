/**
 * A number the report may not be able to give: a value, or null with the reason why. Edge
 * cases (no trades, a flat curve, one point) end up here rather than as NaN or Infinity, which
 * JSON cannot carry and a reader cannot interpret.
 */

export interface Figure {
  readonly value: number | null;
  /** Why value is null; null when there is a value. */
  readonly reason: string | null;
}

export function known(value: number): Figure {
  // A computation that slipped through to a non-finite number is still reported, not printed.
  if (!Number.isFinite(value)) return { value: null, reason: `not a finite number (${value})` };
  return { value, reason: null };
}

export function unknown(reason: string): Figure {
  return { value: null, reason };
}
