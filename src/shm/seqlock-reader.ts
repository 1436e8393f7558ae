/**
 * A reader's copy of a seqlock block that survives failed reads: `values` always holds the last
 * consistent version read (zeros before the first), never the unspecified contents a failed
 * `read` leaves behind. Callers that must keep running on the previous values while a block is
 * unreadable (its writer died mid-write) read through this instead of `SeqlockBlock.read`.
 *
 * A version a read gave up on is not retried until the block moves on: a dead writer's block
 * stays at that version until a new writer takes over, and retrying would stall the reader for
 * the whole read budget on every call. So each stuck version costs one bounded read and is
 * reported once. Allocation-free.
 */

import { READ_FAILED, type SeqlockBlock } from './seqlock-block.js';

/** What `refresh` did. */
export const Refresh = {
  /** Nothing new: `values` is current, or the block still sits at a version already given up on. */
  unchanged: 0,
  /** A newer version was copied into `values`. */
  updated: 1,
  /** The block has a newer version that could not be read; `values` keeps the previous one. */
  failed: 2,
} as const;

export class SeqlockReader {
  readonly values: Float64Array;
  private readonly scratch: Float64Array;
  /**
   * [version held in `values`, version a read gave up on]; NaN when there is none. Kept in a
   * typed array so the comparisons on the per-batch path box nothing.
   */
  private readonly state = new Float64Array([NaN, NaN]);

  constructor(readonly block: SeqlockBlock) {
    this.values = new Float64Array(block.fieldCount);
    this.scratch = new Float64Array(block.fieldCount);
  }

  /** Copy the block's current version into `values` if it is newer than the one held. */
  refresh(): number {
    const state = this.state;
    const version = this.block.version();
    if (version === state[0] || version === state[1]) return Refresh.unchanged;
    const read = this.block.read(this.scratch);
    if (read === READ_FAILED) {
      state[1] = this.block.version();
      return Refresh.failed;
    }
    this.values.set(this.scratch);
    state[0] = read;
    state[1] = NaN;
    return Refresh.updated;
  }

  /** The version `values` holds, or -1 if no read has succeeded yet. */
  heldVersion(): number {
    const held = this.state[0];
    return held === held ? held : -1;
  }

  /** True while the block sits at a version this reader could not read: `values` is behind it. */
  isBehind(): boolean {
    return this.block.version() === this.state[1];
  }
}
