/**
 * A one-line chart of a series in the eight block characters ▁▂▃▄▅▆▇█. Longer series are
 * downsampled to `width` characters, each the mean of its bucket of points (so one character
 * stands for an equal share of the run); the lowest character is the lowest bucket, the highest
 * the highest. A flat series prints as a row of ▄: there is no range to scale.
 */

export const SPARK_BLOCKS = '▁▂▃▄▅▆▇█';

/** Sparkline of `values`, min(width, values.length) characters long ('' when empty). */
export function sparkline(values: ArrayLike<number>, width: number): string {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`sparkline width must be a whole number >= 1, got ${width}`);
  const n = values.length;
  const cells = Math.min(width, n);
  const means: number[] = [];
  for (let c = 0; c < cells; c++) {
    const from = Math.floor((c * n) / cells);
    const to = Math.floor(((c + 1) * n) / cells);
    let sum = 0;
    for (let i = from; i < to; i++) sum += values[i];
    means.push(sum / (to - from));
  }
  const finite = means.filter(Number.isFinite);
  if (finite.length === 0) return ' '.repeat(cells);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const top = SPARK_BLOCKS.length - 1;
  return means
    .map((v) => {
      if (!Number.isFinite(v)) return ' ';
      if (hi === lo) return SPARK_BLOCKS[3];
      return SPARK_BLOCKS[Math.round(((v - lo) / (hi - lo)) * top)];
    })
    .join('');
}
