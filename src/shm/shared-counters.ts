/**
 * N named float64 counters in a SharedArrayBuffer (one Float64Array slot each).
 *
 * Each counter has exactly ONE writing thread; updates are plain stores, not
 * Atomics, because a locked RMW on the hot path costs more than the counter is
 * worth. Readers on other threads see values that can be slightly late. Two
 * threads must never inc() the same counter: plain `+=` would lose updates.
 * Counters are exact integers up to 2^53.
 *
 * Names are resolved to indices once at setup (indexOf); the hot path uses the
 * integer index. Every thread must construct with the same names in the same order.
 */
export class SharedCounters {
  static bytesFor(n: number): number {
    return n * Float64Array.BYTES_PER_ELEMENT;
  }

  readonly names: readonly string[];
  readonly sab: SharedArrayBuffer;
  private readonly f: Float64Array;
  private readonly index: Map<string, number>;

  constructor(names: readonly string[], sab?: SharedArrayBuffer) {
    const index = new Map<string, number>();
    names.forEach((n, i) => {
      if (index.has(n)) throw new Error(`SharedCounters: duplicate counter name "${n}"`);
      index.set(n, i);
    });
    const need = SharedCounters.bytesFor(names.length);
    if (sab === undefined) sab = new SharedArrayBuffer(need);
    else if (sab.byteLength < need) {
      throw new Error(
        `SharedCounters: SharedArrayBuffer too small: ${sab.byteLength} bytes, need ${need} for ${names.length} counters`,
      );
    }
    this.names = names.slice();
    this.index = index;
    this.sab = sab;
    this.f = new Float64Array(sab, 0, names.length);
  }

  get length(): number {
    return this.f.length;
  }

  /** Setup-time lookup; throws so a typo fails at startup, not silently at runtime. */
  indexOf(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) {
      throw new Error(`SharedCounters: unknown counter "${name}" (known: ${this.names.join(', ')})`);
    }
    return i;
  }

  /** HOT PATH: single writer per counter. */
  inc(i: number, by = 1): void {
    this.f[i] += by;
  }

  /** HOT PATH: single writer per counter. */
  set(i: number, v: number): void {
    this.f[i] = v;
  }

  /**
   * Counters `from..to-1` as a plain Float64Array over the shared memory, for a domain module
   * that keeps its own counters in an array (`rejects[reason] += 1`) to count straight into the
   * shared block. The single-writer rule still holds: only the owning thread may hand it out.
   */
  view(from: number, to: number = this.f.length): Float64Array {
    if (!(from >= 0 && to <= this.f.length && from <= to)) throw new Error(`SharedCounters: bad view ${from}..${to} of ${this.f.length}`);
    return this.f.subarray(from, to);
  }

  get(i: number): number {
    return this.f[i];
  }

  /** Reader side; allocates, not for the hot path. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let i = 0; i < this.names.length; i++) out[this.names[i]] = this.f[i];
    return out;
  }
}
