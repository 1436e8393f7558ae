/**
 * What every non-source stage is to its host (src/workers/stage-host.ts): per batch, `beginBatch`,
 * then `process` per input record, then `endBatch` once the batch-out time is stamped. A stage
 * writes its outputs through an OutputPort, which is a ring to another thread or a direct call
 * into the next stage in the same thread; the stage cannot tell which, so one stage class serves
 * every placement. A stage starts in its constructor (it attaches to shared memory and restores
 * what its predecessor published) and `shutdown` runs once its input has closed and drained.
 */
export interface PipelineStage {
  beginBatch(): void;
  /** One record of the main input at `input[base...]`. */
  process(input: Float64Array, base: number): void;
  /**
   * One record of side input `k` (the stage graph's `sideInputs[k]`), in a batch of its own
   * (begin, records, end). Required of a stage that declares side inputs. Returning false holds
   * this record and the rest of the batch back on the ring, to be offered again later (a stage
   * that merges its inputs in market order; see execution-stage.ts).
   */
  processSide?(k: number, input: Float64Array, base: number): boolean | void;
  /** After the batch's last record: flush outputs, count, record latencies. */
  endBatch(): void;
  /**
   * The input closed and drained, before `shutdown`: finish asynchronous work that must land
   * before the stage closes (optional; a live executor cancels its working orders at the venue).
   */
  settle?(): Promise<void>;
  /** The input closed and drained: publish anything held back (optional). */
  shutdown?(): void;
}

/** Where a stage's output records go. */
export interface OutputPort {
  /** The array `claim` indexes into. */
  readonly f64: Float64Array;
  /** A slot for one output record (waits for space on a full ring: outputs are never dropped). */
  claim(): number;
  /** The record at `base` is written: a chained port hands it to the next stage now. */
  commit(base: number): void;
  /** Give back the most recent uncommitted claim. */
  unclaim(): void;
  /** End of batch: make the batch's records visible downstream; returns how many went out. */
  flush(): number;
  /**
   * Before a unit of work that writes up to `records` records which must go out together (an
   * intent's order events): publish what is claimed if the ring has no room for them, so the
   * ring never has to publish in the middle of the unit (see LayerRuntime.claimOne). A port with
   * no ring of its own has nothing to do.
   */
  makeRoom?(records: number): void;
}
