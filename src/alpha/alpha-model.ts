/**
 * What an alpha model is to the pipeline: a name, a parameter spec, and a per-record step.
 *
 * A model reads one Features record and writes its view as an edge (expected move in bps,
 * positive = up) and a confidence in [0, 1] into two float64 slots of the Edges record; it returns
 * false when it has no opinion on this event. Everything the pipeline derives about models comes
 * from these specs: the Edges record's width, the params block's slots (a weight and the model's
 * own parameters, hot-reloaded), the `alphas` section of the config and its validation, and the
 * metric labels. Adding a model is a new file under `models/` and one line in the catalogue.
 *
 * Hot path: `evaluate` must allocate nothing and keep its per-symbol state in typed arrays made
 * in `create`; `configure` runs only when the params block changes.
 *
 * External data (news, on-chain flows) reaches a model through the context `create` gets: feeds
 * loaded from files before the first record, as typed arrays, so no model does I/O per record.
 */
import type { AlphaFeeds } from './feeds/alpha-feeds.js';

/** One numeric model parameter: its default, bounds and meaning (the config documents it). */
export interface AlphaParamSpec {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** Reject values equal to `min` (a lower bound that is open, e.g. a positive scale). */
  readonly minOpen?: boolean;
  readonly integer?: boolean;
  readonly doc: string;
}

export interface AlphaModel {
  /**
   * Take parameter values (in the spec's order) from `params[offset...]`. Called once at start
   * and again whenever a reload changes the params block; never per record.
   */
  configure(params: Float64Array, offset: number): void;
  /**
   * Evaluate one Features record at `features[base...]`; on an opinion write the edge to
   * `out[slot]` and the confidence to `out[slot + 1]` and return true. The caller has already
   * checked the symbol id and the touch (finite, positive, not crossed).
   */
  evaluate(features: Float64Array, base: number, out: Float64Array, slot: number): boolean;
}

export interface AlphaModelSpec {
  /** snake_case: the config key under `alphas`, the metric label. */
  readonly name: string;
  /** One line for the config file and --help. */
  readonly description: string;
  /** The model's own parameters, in slot order (the weight is the pipeline's, not listed here). */
  readonly params: Readonly<Record<string, AlphaParamSpec>>;
  /** Ensemble weight when the config gives none (0 = off until configured). */
  readonly defaultWeight: number;
  /**
   * The horizon its edge is an expectation over, ms of event time: a call of +10 bps says "the
   * mid will be 10 bps higher this long from now". The meta-learner scores its calls against the
   * move over this horizon (scaled by `ensemble.metaHorizonScale`).
   */
  readonly horizonMs: number;
  /** Fresh per-symbol state for `symbolCount` symbols; a model that reads no feed ignores `context`. */
  create(symbolCount: number, context: AlphaContext): AlphaModel;
}

/** What a model may know beyond the records: the session's symbols and the external feeds. */
export interface AlphaContext {
  /** config.symbols: a record's `instrument` indexes it. */
  readonly symbols: readonly string[];
  readonly feeds: AlphaFeeds;
  /** Where a model reports what it loaded or why it cannot run (L1's log); optional in tests. */
  readonly log?: (line: string) => void;
  /** L1's refusal counters (ALPHA_REFUSALS of models/deep-onnx.ts), in shared memory. */
  readonly refusals?: Float64Array;
  /** Where a served model reports how far its inputs have drifted (PSI, the /metrics gauge). */
  readonly reportInputPsi?: (model: string, psi: number) => void;
}
