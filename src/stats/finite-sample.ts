/**
 * Input checks shared by the statistics and risk modules: a sample must be long enough and every
 * value a finite number. Errors name the sample and the first bad position, so a NaN that came in
 * from a data file can be found ("returns[17] is NaN"), instead of surfacing as a NaN VaR.
 */

/** The problem with `values` as a sample called `what`, or null when it is usable. */
export function sampleProblem(values: ArrayLike<number>, what: string, minLength: number): string | null {
  if (values.length < minLength) return `${what}: ${values.length} values, need at least ${minLength}`;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) return `${what}[${i}] is ${Number.isNaN(v) ? 'NaN' : v}, every value must be a finite number`;
  }
  return null;
}

/** Throws a RangeError describing the problem with `values`, if any. */
export function checkSample(values: ArrayLike<number>, what: string, minLength: number): void {
  const problem = sampleProblem(values, what, minLength);
  if (problem !== null) throw new RangeError(problem);
}
