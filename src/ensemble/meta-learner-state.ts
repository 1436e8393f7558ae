/**
 * What the meta-learner has learnt, as one seqlock block in shared memory (topology.ts,
 * `metaLearner`): L2 writes it once per batch while learning and once at shutdown (single
 * writer), and it outlives L2's thread, so
 *
 *  - a restarted L2 starts from what its predecessor published, not from equal weights;
 *  - a finished session's learnt weights can be read out (`readLearnt`), and a new session seeded
 *    with them before it starts (`seedLearnt`): walk-forward carries a fold's train run into its
 *    test run this way.
 *
 * Layout: [held (1 once a state is in), lambda per regime and model (regime * models + k), hit
 * rate per model, calls scored per model].
 */
import { READ_FAILED, type SeqlockBlock } from '../shm/seqlock-block.js';

export const LearntLayout = {
  held: 0,
  /** Where the learner's own layout (MetaLearner.seed / writeLearnt) starts. */
  learnt: 1,
  fieldCount: (models: number, regimes: number): number => 1 + regimes * models + 2 * models,
} as const;

/** What a learner learnt, as plain data (JSON, structured clone). */
export interface LearntWeights {
  /** Per regime and model (regime * models + k). */
  readonly lambda: readonly number[];
  readonly hitRate: readonly number[];
  readonly scored: readonly number[];
}

/**
 * Copy the block into `values` (LearntLayout): true when it holds a learnt state, false when none
 * was ever written or no consistent copy could be read.
 */
export function readLearntInto(block: SeqlockBlock, values: Float64Array): boolean {
  return block.version() !== 0 && block.read(values) !== READ_FAILED && values[LearntLayout.held] === 1;
}

/** The learnt state in `block` as plain data, or null (see readLearntInto). */
export function readLearnt(block: SeqlockBlock, models: number, regimes: number): LearntWeights | null {
  const values = new Float64Array(LearntLayout.fieldCount(models, regimes));
  if (!readLearntInto(block, values)) return null;
  const lambdas = regimes * models;
  const from = LearntLayout.learnt;
  return {
    lambda: Array.from(values.subarray(from, from + lambdas)),
    hitRate: Array.from(values.subarray(from + lambdas, from + lambdas + models)),
    scored: Array.from(values.subarray(from + lambdas + models, from + lambdas + 2 * models)),
  };
}

/** Put `learnt` in `block` before a session starts, for its L2 to start from. Throws on a shape that does not fit. */
export function seedLearnt(block: SeqlockBlock, learnt: LearntWeights, models: number, regimes: number): void {
  if (learnt.lambda.length !== regimes * models || learnt.hitRate.length !== models || learnt.scored.length !== models) {
    throw new Error(`meta-learner seed: expected ${regimes * models} lambdas and ${models} hit rates and counts, `
      + `got ${learnt.lambda.length}, ${learnt.hitRate.length} and ${learnt.scored.length}`);
  }
  const values = new Float64Array(LearntLayout.fieldCount(models, regimes));
  values[LearntLayout.held] = 1;
  values.set(learnt.lambda, LearntLayout.learnt);
  values.set(learnt.hitRate, LearntLayout.learnt + regimes * models);
  values.set(learnt.scored, LearntLayout.learnt + regimes * models + models);
  block.write(values);
}
