/**
 * Log-linear (HDR-style) latency histogram over a SharedArrayBuffer.
 *
 * Layout: one Float64Array. Slots [0, HEADER_SLOTS) hold the header (count, sum,
 * min, max, invalid, overflow, 2 spare slots so the buckets start on a 64-byte
 * boundary relative to byteOffset), followed by BUCKET_COUNT bucket counts.
 * An all-zero region is a valid empty histogram, so a fresh SAB needs no init and
 * a reader attaching to a live SAB never has to write to it.
 *
 * Buckets: values 0..127 each get an exact bucket. Each octave [2^k, 2^(k+1)) for
 * k = 7..35 is split into 128 linear sub-buckets of width 2^(k-7), so a bucket is
 * at most 1/128 of its lower bound wide. Quantiles report the bucket midpoint
 * (clamped to [min, max]), giving relative error <= 1/256 (~0.4%). Range is
 * 0 .. 2^36 ns (~68.7 s); larger values land in the top bucket and bump `overflow`
 * (sum/max still see the true value).
 *
 * Concurrency: exactly ONE thread may write (record/recordMany/recordBetween/reset/mergeFrom/
 * copyFrom into this instance). Counts are plain float64 stores, no Atomics: on the
 * hot path a locked RMW per sample would cost more than the whole measurement is
 * worth. Other threads may read concurrently, but THIS READ CAN BE LATE and
 * slightly inconsistent (e.g. count and buckets disagreeing, a sample missing from
 * sum): fine for monitoring. For a self-consistent view, copyFrom() into a
 * private histogram and query that. Counts are integers in float64, exact to 2^53.
 */

const SUB_BITS = 7;
const SUB_BUCKETS = 1 << SUB_BITS; // 128
const MIN_OCTAVE = SUB_BITS; // 7: below 2^7 every value has its own bucket
const MAX_OCTAVE = 35;
const TOP_VALUE = 2 ** (MAX_OCTAVE + 1); // 2^36 ns, exclusive
const TWO_POW_32 = 2 ** 32;

export const H_COUNT = 0;
export const H_SUM = 1;
export const H_MIN = 2;
export const H_MAX = 3;
export const H_INVALID = 4;
export const H_OVERFLOW = 5;
export const HEADER_SLOTS = 8;
export const BUCKET_COUNT = SUB_BUCKETS * (1 + MAX_OCTAVE - MIN_OCTAVE + 1); // 3840
const TOP_BUCKET = BUCKET_COUNT - 1;
const TOTAL_SLOTS = HEADER_SLOTS + BUCKET_COUNT;

// Sub-bucket widths 2^(k-7); division by these is exact in float64.
const WIDTH = new Float64Array(MAX_OCTAVE - MIN_OCTAVE + 1);
for (let s = 0; s < WIDTH.length; s++) WIDTH[s] = 2 ** s;

/** Bucket index of an integer ns value in [0, 2^36). No allocation, no Math.log2. */
function indexOfInt(io: Float64Array): number {
  // The value comes in an array: values reach 2^36, and a double argument would be boxed if
  // this call is not inlined.
  const v = io[0];
  if (v < SUB_BUCKETS) return v;
  const k = v < TWO_POW_32 ? 31 - Math.clz32(v) : 63 - Math.clz32(v / TWO_POW_32);
  const shift = k - MIN_OCTAVE;
  // floor(v / 2^shift) is in [128, 256): the octave's base index plus the sub-bucket.
  return shift * SUB_BUCKETS + Math.floor(v / WIDTH[shift]);
}

export class LatencyHistogram {
  static readonly BYTES = TOTAL_SLOTS * Float64Array.BYTES_PER_ELEMENT;
  static bytesFor(): number {
    return LatencyHistogram.BYTES;
  }

  readonly sab: SharedArrayBuffer;
  readonly byteOffset: number;
  private readonly f: Float64Array;
  /** The value being recorded, handed between methods without boxing. */
  private readonly io = new Float64Array(1);

  constructor(sab?: SharedArrayBuffer, byteOffset = 0) {
    const need = LatencyHistogram.BYTES;
    if (sab === undefined) {
      if (byteOffset !== 0) throw new Error(`LatencyHistogram: byteOffset ${byteOffset} given without a SharedArrayBuffer`);
      sab = new SharedArrayBuffer(need);
    } else if (!(sab instanceof SharedArrayBuffer)) {
      throw new Error('LatencyHistogram: expected a SharedArrayBuffer');
    }
    if (!Number.isInteger(byteOffset) || byteOffset < 0 || byteOffset % 8 !== 0) {
      throw new Error(`LatencyHistogram: byteOffset ${byteOffset} must be a non-negative multiple of 8`);
    }
    if (sab.byteLength - byteOffset < need) {
      throw new Error(
        `LatencyHistogram: SharedArrayBuffer too small: ${sab.byteLength} bytes, need ${need} bytes at byteOffset ${byteOffset} (${byteOffset + need} total)`,
      );
    }
    this.sab = sab;
    this.byteOffset = byteOffset;
    this.f = new Float64Array(sab, byteOffset, TOTAL_SLOTS);
  }

  get bucketCount(): number {
    return BUCKET_COUNT;
  }

  /**
   * Record one value. Never throws; bad input only bumps `invalid`. For callers off the hot path:
   * a double argument is boxed when V8 leaves the call uninlined, so per-record callers use
   * `recordBetween`, which takes its operands as typed-array slots.
   */
  record(ns: number): void {
    this.io[0] = ns;
    this.add(1);
  }

  /** Record `ns` `count` times (e.g. coordinated-omission backfill); see `record` on hot callers. */
  recordMany(ns: number, count: number): void {
    this.io[0] = ns;
    this.add(count);
  }

  /**
   * HOT PATH: record `later[laterAt] - earlier[earlierAt]` (an interval between two timestamps
   * already in typed arrays) `count` times. Every argument is an array or a small integer, so
   * nothing is boxed whether or not the call is inlined. Allocation-free; never throws.
   */
  recordBetween(later: Float64Array, laterAt: number, earlier: Float64Array, earlierAt: number, count = 1): void {
    this.io[0] = later[laterAt] - earlier[earlierAt];
    this.add(count);
  }

  /** The value in io[0], `count` times. */
  private add(count: number): void {
    const n = Math.floor(count);
    if (!(n > 0)) return;
    const f = this.f;
    const ns = this.io[0];
    // `!(ns >= 0)` also catches NaN; +Infinity would poison sum/mean, so it is invalid too.
    if (!(ns >= 0) || ns === Infinity) {
      f[H_INVALID] += n;
      return;
    }
    const v = Math.floor(ns);
    let idx: number;
    if (v < TOP_VALUE) {
      this.io[0] = v;
      idx = indexOfInt(this.io);
    } else {
      idx = TOP_BUCKET;
      f[H_OVERFLOW] += n;
    }
    f[HEADER_SLOTS + idx] += n;
    f[H_SUM] += v * n;
    // Zero count means "min unset", which keeps the all-zero region a valid empty state.
    if (v < f[H_MIN] || f[H_COUNT] === 0) f[H_MIN] = v;
    if (v > f[H_MAX]) f[H_MAX] = v;
    f[H_COUNT] += n; // last, so a racing reader is more likely to see count <= bucket total
  }

  reset(): void {
    this.f.fill(0);
  }

  count(): number {
    return this.f[H_COUNT];
  }
  sum(): number {
    return this.f[H_SUM];
  }
  mean(): number {
    const c = this.f[H_COUNT];
    return c === 0 ? 0 : this.f[H_SUM] / c;
  }
  min(): number {
    return this.f[H_COUNT] === 0 ? 0 : this.f[H_MIN];
  }
  max(): number {
    return this.f[H_COUNT] === 0 ? 0 : this.f[H_MAX];
  }
  invalid(): number {
    return this.f[H_INVALID];
  }
  overflow(): number {
    return this.f[H_OVERFLOW];
  }
  /** Raw count of bucket i (for exporters and tests). */
  bucketValue(i: number): number {
    return this.f[HEADER_SLOTS + i];
  }

  /**
   * Nearest-rank quantile: the midpoint of the bucket holding the ceil(q*n)-th
   * smallest sample, clamped to [min, max]; the first and last rank return
   * min/max exactly.
   */
  valueAtQuantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new Error(`LatencyHistogram: quantile ${q} outside [0, 1]`);
    const f = this.f;
    // Total from the buckets rather than the header: under a live writer they can
    // disagree, and buckets only grow, so the second pass is sure to reach `rank`.
    let total = 0;
    for (let i = HEADER_SLOTS; i < TOTAL_SLOTS; i++) total += f[i];
    if (total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * total));
    // The smallest and largest samples are known exactly; a midpoint would be worse.
    if (rank === 1) return this.min();
    if (rank >= total) return this.max();
    let cum = 0;
    let i = 0;
    for (; i < BUCKET_COUNT; i++) {
      cum += f[HEADER_SLOTS + i];
      if (cum >= rank) break;
    }
    if (i === BUCKET_COUNT) i = TOP_BUCKET;
    // Midpoint of the integers the bucket can hold, so width-1 buckets are exact.
    const lo = this.bucketLowerBound(i);
    const mid = lo + (this.bucketUpperBound(i) - lo - 1) / 2;
    const mn = this.min();
    const mx = this.max();
    return mid < mn ? mn : mid > mx ? mx : mid;
  }

  /** Exact: bucket counts are integers, so A.merge(B) === record(A ∪ B) bucket for bucket. */
  mergeFrom(other: LatencyHistogram): void {
    const f = this.f;
    const o = other.f;
    const oc = o[H_COUNT];
    if (oc > 0) {
      if (f[H_COUNT] === 0 || o[H_MIN] < f[H_MIN]) f[H_MIN] = o[H_MIN];
      if (f[H_COUNT] === 0 || o[H_MAX] > f[H_MAX]) f[H_MAX] = o[H_MAX];
    }
    for (let i = HEADER_SLOTS; i < TOTAL_SLOTS; i++) f[i] += o[i];
    f[H_SUM] += o[H_SUM];
    f[H_INVALID] += o[H_INVALID];
    f[H_OVERFLOW] += o[H_OVERFLOW];
    f[H_COUNT] += oc;
  }

  /** Snapshot `other` into this (typically a private, non-shared copy). */
  copyFrom(other: LatencyHistogram): void {
    this.f.set(other.f);
  }

  /** Bucket index an ns value would be recorded in (-1 for invalid input). */
  bucketIndexOf(ns: number): number {
    if (!(ns >= 0) || ns === Infinity) return -1;
    const v = Math.floor(ns);
    if (!(v < TOP_VALUE)) return TOP_BUCKET;
    this.io[0] = v;
    return indexOfInt(this.io);
  }

  /** Inclusive lower bound (ns) of bucket i. */
  bucketLowerBound(i: number): number {
    if (i < SUB_BUCKETS) return i;
    const shift = Math.floor(i / SUB_BUCKETS) - 1; // octave k = shift + 7
    return (SUB_BUCKETS + (i % SUB_BUCKETS)) * WIDTH[shift];
  }

  /** Exclusive upper bound (ns) of bucket i; for integer ns, `le` = upper - 1. */
  bucketUpperBound(i: number): number {
    if (i < SUB_BUCKETS) return i + 1;
    const shift = Math.floor(i / SUB_BUCKETS) - 1;
    return (SUB_BUCKETS + (i % SUB_BUCKETS) + 1) * WIDTH[shift];
  }
}
