/**
 * A single-writer block of float64 fields that any number of threads read without locks and
 * without ever seeing a torn value: hot-reloaded parameters, portfolio snapshots, book depth.
 *
 * Layout: a 64-byte header (the int32 sequence word and a few rarely written words, on a cache
 * line of their own), then the fields as Float64Array.
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
 * snapshots, L0 for book depth). Two writers would interleave their odd/even steps and readers
 * could accept a mix.
 *
 * A writer can die mid-write: a worker thread is terminated (watchdog, abandoned drain) between
 * the two sequence bumps. The sequence then stays odd for good, and a reader that waited for it
 * to turn even would hang its thread; the fields are half one version, half the next. Hence:
 *
 * - Reads are bounded. A reader spins for a while (a live writer's write takes microseconds, so
 *   spinning is the cheap way to wait for it), then sleeps in 1 ms steps so a stalled reader stops
 *   taking the CPU the writer may need (threads outnumber cores here), then gives up and returns
 *   READ_FAILED. The budget is counted in iterations, not read from a clock: every clock boxes
 *   its double, and `read` must allocate nothing. A preempted writer can hold a write open for a
 *   scheduler slice or two, far below the default budget (~1M spins, then ~250 ms).
 * - A new writer takes the block over with `claimWriter()` (or `attachWriter`). If the sequence
 *   is odd, it makes it even again so readers stop waiting, and marks that version as a repair's:
 *   its fields are the dead writer's leftovers, not a version anyone published, so readers refuse
 *   it (READ_FAILED at once, no waiting) until the new writer's first write replaces it. Seqlock
 *   readers thus never see a torn version even across a writer's death. A repair is counted in
 *   the header, so any thread can tell the block was once abandoned mid-write. Claim only once
 *   the previous writer's thread has exited (the orchestrator respawns a layer after its old
 *   worker's `exit`): a live writer would be taken for a dead one.
 */

/** Bytes before the first field: the sequence word's cache line. */
export const SEQLOCK_HEADER_BYTES = 64;
const SEQ_BYTES = SEQLOCK_HEADER_BYTES;
const MAGIC = 0x5345514c; // "SEQL"
// The repair mark sits on the sequence's cache line: checking it on every read costs no extra miss.
const Word = { Sequence: 0, Magic: 1, FieldCount: 2, Repairs: 3, RepairedVersion: 4 } as const;
/** RepairedVersion when no repair is pending: odd, so never equal to a published version. */
const NO_REPAIR = -1;

/**
 * What `read` returns when it found no consistent version: none within its budget, or the block
 * holds a repair's leftovers. Published versions are even (the int32 sequence may wrap to
 * negative values), so this odd value is never one.
 */
export const READ_FAILED = -1;

/** Default read budget: iterations spent spinning, then 1 ms sleeps, before a read gives up. */
export const DEFAULT_READ_SPINS = 1 << 20;
export const DEFAULT_READ_SLEEPS = 250;

export class SeqlockBlock {
  readonly sab: SharedArrayBuffer;
  readonly fieldCount: number;
  /** Reads through this instance that gave up (returned READ_FAILED). */
  failedReads = 0;
  /** Set by `attachWriter`: the block was left mid-write and this writer repaired it. */
  repairedOnAttach = false;
  private readonly control: Int32Array;
  private readonly fields: Float64Array;
  private readSpins = DEFAULT_READ_SPINS;
  private readSleeps = DEFAULT_READ_SLEEPS;
  /** Writer: a repair mark to clear with the next write (set by `claimWriter`). */
  private clearRepairOnWrite = false;

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
    control[Word.RepairedVersion] = NO_REPAIR;
    return new SeqlockBlock(sab);
  }

  /** Attach as a reader (or as a writer that then calls `claimWriter`). */
  static attach(sab: SharedArrayBuffer, expectedFieldCount?: number): SeqlockBlock {
    const block = new SeqlockBlock(sab);
    if (expectedFieldCount !== undefined && block.fieldCount !== expectedFieldCount) {
      throw new Error(`SeqlockBlock.attach: block has ${block.fieldCount} fields, expected ${expectedFieldCount}`);
    }
    return block;
  }

  /**
   * Attach as the block's one writer: `attach` plus `claimWriter`. `repairedOnAttach` on the
   * result says whether the previous writer had died mid-write.
   */
  static attachWriter(sab: SharedArrayBuffer, expectedFieldCount?: number): SeqlockBlock {
    const block = SeqlockBlock.attach(sab, expectedFieldCount);
    block.repairedOnAttach = block.claimWriter();
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

  /**
   * Writer: take the block over before the first write. Returns true if the previous writer had
   * died mid-write (odd sequence) and the block was repaired. Call it only once the previous
   * writer is gone (its thread exited): a live one would be taken for dead. A sequence that moves
   * under the repair is a live writer, and throws.
   */
  claimWriter(): boolean {
    const control = this.control;
    const seq = Atomics.load(control, Word.Sequence);
    // A mark left by a writer that repaired the block and died before writing: this writer's
    // first write clears it.
    this.clearRepairOnWrite = Atomics.load(control, Word.RepairedVersion) !== NO_REPAIR;
    if ((seq & 1) === 0) return false;
    // Mark first, then publish the version: a reader that sees the new even sequence must also
    // see that it is a repair's (see `read`).
    const previousMark = Atomics.exchange(control, Word.RepairedVersion, seq + 1);
    if (Atomics.compareExchange(control, Word.Sequence, seq, seq + 1) !== seq) {
      Atomics.store(control, Word.RepairedVersion, previousMark);
      throw new Error('SeqlockBlock.claimWriter: the sequence moved during the repair: another writer is still writing this block');
    }
    Atomics.add(control, Word.Repairs, 1);
    this.clearRepairOnWrite = true;
    return true;
  }

  /** Times any writer repaired this block after its predecessor died mid-write (shared). */
  repairs(): number {
    return Atomics.load(this.control, Word.Repairs);
  }

  /** True while the current version is a repair's leftovers, which readers refuse. */
  holdsRepairedVersion(): boolean {
    return Atomics.load(this.control, Word.RepairedVersion) === Atomics.load(this.control, Word.Sequence);
  }

  /**
   * Writer: publish all fields from `values` (length >= fieldCount) as one version. A
   * Float64Array only: were plain arrays also passed, the element loads would turn polymorphic
   * and every double read from a typed array would be boxed on its way through.
   */
  write(values: Float64Array): void {
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
    if (this.clearRepairOnWrite) {
      // The sequence is odd now, so no reader can accept the repaired version any more; clearing
      // the mark keeps a legitimate version from matching it after the sequence wraps.
      Atomics.store(this.control, Word.RepairedVersion, NO_REPAIR);
      this.clearRepairOnWrite = false;
    }
  }

  setField(index: number, value: number): void {
    this.fields[index] = value;
  }

  endWrite(): void {
    Atomics.add(this.control, Word.Sequence, 1);
  }

  /**
   * Reader: copy a consistent version of all fields into `out`; returns its version number (even),
   * or READ_FAILED (and counts it in `failedReads`) if none could be had within the read budget,
   * or the current version is a repair's leftovers. After a failure `out` holds anything: keep a
   * copy of the last good version if it is needed (see SeqlockReader). Allocation-free.
   */
  read(out: Float64Array): number {
    const control = this.control;
    const fields = this.fields;
    const n = this.fieldCount;
    const spins = this.readSpins;
    const tries = spins + this.readSleeps;
    for (let attempt = 0; attempt < tries; attempt++) {
      const before = Atomics.load(control, Word.Sequence);
      if ((before & 1) === 0) {
        for (let i = 0; i < n; i++) out[i] = fields[i];
        // Loaded before the re-check: if the sequence is still `before` afterwards, this is the
        // mark as it stood for version `before` (it is set before a repair publishes the version
        // and cleared only after the next write has moved the sequence on).
        const repaired = Atomics.load(control, Word.RepairedVersion);
        if (Atomics.load(control, Word.Sequence) === before) {
          if (repaired !== before) return before;
          break; // waiting cannot help: only the new writer's next write replaces it
        }
      }
      // Sleep only while the sequence still says `before`; a sequence that moved is retried at once.
      if (attempt >= spins) Atomics.wait(control, Word.Sequence, before, 1);
    }
    this.failedReads++;
    return READ_FAILED;
  }

  /**
   * How long `read` may try before giving up: `spins` iterations, then `sleeps` more of 1 ms each.
   * Tests shrink it to exercise the failure path quickly.
   */
  setReadBudget(spins: number, sleeps: number): this {
    if (!Number.isInteger(spins) || spins < 1 || !Number.isInteger(sleeps) || sleeps < 0) {
      throw new Error(`SeqlockBlock.setReadBudget: need integers spins >= 1 and sleeps >= 0, got ${spins}, ${sleeps}`);
    }
    this.readSpins = spins;
    this.readSleeps = sleeps;
    return this;
  }

  /** Reader: the current version number; a reader can skip `read` while it has not changed. */
  version(): number {
    return Atomics.load(this.control, Word.Sequence);
  }
}
