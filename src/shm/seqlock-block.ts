/**
 * A single-writer block of float64 fields that any number of threads read without locks and
 * without ever seeing a torn value: hot-reloaded parameters, portfolio snapshots, the kill switch.
 *
 * Layout: an int32 sequence word on its own cache line, then the fields as Float64Array.
 *
 * Protocol (a classic seqlock):
 * - The writer makes the sequence odd, writes the fields with plain stores, then makes it even.
 * - A reader loads the sequence; if odd, a write is in progress: retry. It copies the fields out,
 *   loads the sequence again, and keeps the copy only if the sequence did not move. Otherwise it
 *   raced a write and retries.
 * The copy can be torn (a float64 half old, half new, or fields from two versions) but a torn copy
 * always sees the sequence move and is thrown away. Readers never write shared memory, so any
 * number of them cost the writer nothing; the writer never waits for readers.
 *
 * Only ONE thread may write a given block (the orchestrator for params, L5 for portfolio
 * snapshots). Two writers would interleave their odd/even steps and readers could accept a mix.
 */

/** Bytes before the first field: the sequence word's cache line. */
export const SEQLOCK_HEADER_BYTES = 64;
const SEQ_BYTES = SEQLOCK_HEADER_BYTES;
const MAGIC = 0x5345514c; // "SEQL"
const Word = { Sequence: 0, Magic: 1, FieldCount: 2 } as const;

export class SeqlockBlock {
  readonly sab: SharedArrayBuffer;
  readonly fieldCount: number;
  private readonly control: Int32Array;
  private readonly fields: Float64Array;

  static bytesFor(fieldCount: number): number {
    return SEQ_BYTES + fieldCount * 8;
  }

  static create(fieldCount: number): SeqlockBlock {
    if (!Number.isInteger(fieldCount) || fieldCount <= 0) {
      throw new Error(`SeqlockBlock: fieldCount must be a positive integer, got ${fieldCount}`);
    }
    const sab = new SharedArrayBuffer(SeqlockBlock.bytesFor(fieldCount));
    const control = new Int32Array(sab, 0, SEQ_BYTES / 4);
    control[Word.Magic] = MAGIC;
    control[Word.FieldCount] = fieldCount;
    return new SeqlockBlock(sab);
  }

  static attach(sab: SharedArrayBuffer, expectedFieldCount?: number): SeqlockBlock {
    const block = new SeqlockBlock(sab);
    if (expectedFieldCount !== undefined && block.fieldCount !== expectedFieldCount) {
      throw new Error(`SeqlockBlock.attach: block has ${block.fieldCount} fields, expected ${expectedFieldCount}`);
    }
    return block;
  }

  private constructor(sab: SharedArrayBuffer) {
    if (!(sab instanceof SharedArrayBuffer) || sab.byteLength < SEQ_BYTES) {
      throw new Error('SeqlockBlock.attach: expected a SharedArrayBuffer holding a seqlock block');
    }
    const control = new Int32Array(sab, 0, SEQ_BYTES / 4);
    if (control[Word.Magic] !== MAGIC) {
      throw new Error('SeqlockBlock.attach: SharedArrayBuffer does not hold a seqlock block (bad magic number)');
    }
    const fieldCount = control[Word.FieldCount];
    if (sab.byteLength < SeqlockBlock.bytesFor(fieldCount)) {
      throw new Error(`SeqlockBlock.attach: ${sab.byteLength} bytes is too small for ${fieldCount} fields`);
    }
    this.sab = sab;
    this.control = control;
    this.fieldCount = fieldCount;
    this.fields = new Float64Array(sab, SEQ_BYTES, fieldCount);
  }

  /** Writer: publish all fields from `values` (length >= fieldCount) as one version. */
  write(values: ArrayLike<number>): void {
    this.beginWrite();
    const fields = this.fields;
    for (let i = 0; i < this.fieldCount; i++) fields[i] = values[i];
    this.endWrite();
  }

  /** Writer: change a single field as its own version. */
  writeField(index: number, value: number): void {
    this.beginWrite();
    this.fields[index] = value;
    this.endWrite();
  }

  /**
   * Writer, for multi-field updates done in place: `beginWrite()`, then `setField` any number of
   * times, then `endWrite()`. Keep the section short: readers spin while it is open.
   */
  beginWrite(): void {
    Atomics.add(this.control, Word.Sequence, 1);
  }

  setField(index: number, value: number): void {
    this.fields[index] = value;
  }

  endWrite(): void {
    Atomics.add(this.control, Word.Sequence, 1);
  }

  /**
   * Reader: copy a consistent version of all fields into `out`; returns its version number (even).
   * Allocation-free; spins only while a write is in flight.
   */
  read(out: Float64Array): number {
    const control = this.control;
    const fields = this.fields;
    const n = this.fieldCount;
    for (;;) {
      const before = Atomics.load(control, Word.Sequence);
      if ((before & 1) !== 0) continue;
      for (let i = 0; i < n; i++) out[i] = fields[i];
      if (Atomics.load(control, Word.Sequence) === before) return before;
    }
  }

  /** Reader: the current version number; a reader can skip `read` while it has not changed. */
  version(): number {
    return Atomics.load(this.control, Word.Sequence);
  }
}
