/**
 * MetaLearner: L2's adaptive model weights, learnt online from how each model's calls turned out.
 *
 * Each alpha model declares the horizon its edge is an expectation over (AlphaModelSpec.horizonMs;
 * `ensemble.metaHorizonScale` stretches or shrinks them all). Calls are sampled per instrument
 * every (longest horizon of the models switched on / SAMPLES_PER_HORIZON) of event time, so a
 * session mixing a 1 s model with an 8 h one scores the fast one on sparse calls (a model that is
 * off does not slow the sampling down). The models' edges are remembered with the mid they were
 * made at. Once model k's horizon has passed, its call is scored against
 * the realised move r (bps) of the mid since:
 *
 *   loss_k     = min(((e_k - r) / scaleBps)^2, 4)                  squared error, capped
 *   lambda_k  <- (1 - forgetting) * lambda_k + learningRate * loss_k   (exponentiated gradient
 *   w_k        = exp(-lambda_k)                                          with forgetting)
 *   hitRate_k  = the share of calls whose sign matched r's: a running mean over the first
 *                1 / forgetting calls, then an EWMA with weight `forgetting`
 *
 * and each scored loss also feeds a Page-Hinkley test per model (src/ml/drift/page-hinkley.ts:
 * tolerance DRIFT_DELTA, alarm line DRIFT_LAMBDA, in loss units), whose score says how far the
 * model's recent losses have risen above its own history: concept drift, 1 = alarm.
 *
 * so a model whose calls keep missing loses weight, one that keeps hitting regains it, and the
 * forgetting lets a model that has changed (or a market that has) win back trust. Only models
 * that had an opinion on a call are scored on it. The loss cap keeps one crash from zeroing a
 * model for good. With learningRate 0 every weight stays 1.
 *
 * Per regime: each call is scored into the lambda of the regime its Edges record was made in
 * (Edges.regime, src/alpha/regime-detector.ts), so `weights[regime * models + k]` is what model k
 * has earned in that kind of market; hit rates and counts are per model over all regimes.
 *
 * What it has learnt (lambda per regime and model, hit rates, calls scored) can be read out and
 * given to a new learner (`writeLearnt`, `seed`; meta-learner-state.ts lays it out in shared
 * memory): a walk-forward fold's test run starts from what its train run learnt, and a restarted
 * L2 from what its predecessor published. The remembered calls are not carried: they belong to
 * the market the old learner saw.
 *
 * State: per instrument a ring of remembered calls with absolute sequence numbers, and per
 * (instrument, model) the sequence of the next call that model has to score; a call leaves the
 * ring once every model has scored it (or, if the ring is full, the oldest is dropped, counted).
 * Hot path: `observe` allocates nothing.
 */
import { Edges } from '../alpha/alpha-catalogue.js';
import { REGIME_COUNT } from '../alpha/regime-detector.js';
import { PageHinkleySet } from '../ml/drift/page-hinkley.js';

const LOSS_CAP = 4;
/** Page-Hinkley on the capped loss (0..4): ignore rises under 0.05, alarm at 25 loss-units of excess. */
export const DRIFT_DELTA = 0.05;
export const DRIFT_LAMBDA = 25;
/** Calls sampled per longest horizon; the ring holds two horizons' worth. */
const SAMPLES_PER_HORIZON = 32;

export interface MetaLearnerOptions {
  /** Per model, the horizon its calls are scored over (µs of event time). */
  horizonsUs: Float64Array;
  learningRate: number;
  forgetting: number;
  /** Edge error that counts as a loss of 1 (bps). */
  scaleBps?: number;
}

export class MetaLearner {
  /** Per regime and model (regime * models + k): exp(-lambda), the multiplier of its configured weight. */
  readonly weights: Float64Array;
  readonly lambda: Float64Array;
  readonly hitRate: Float64Array;
  /** Calls scored per model. */
  readonly scored: Float64Array;
  /** Per model, Page-Hinkley on its losses: `score` (1 = alarm) and `alarms`. */
  readonly drift: PageHinkleySet;
  /** Remembered calls dropped because a ring was full. */
  dropped = 0;
  /** Per model, its scoring horizon (µs). */
  readonly horizonsUs: Float64Array;
  private readonly cfg = new Float64Array(4); // sampleEveryUs, learningRate, forgetting, scaleBps
  /** The record being observed: [ts, mid] (doubles never cross a call; see src/data/indicators/ema.ts). */
  private readonly now = new Float64Array(2);
  private readonly capacity = 2 * SAMPLES_PER_HORIZON;
  private readonly stride: number;
  /** Per instrument: `capacity` calls of [ts, mid, mask, regime, e_0 .. e_{m-1}], by sequence % capacity. */
  private readonly calls: Float64Array;
  /** Per instrument: [sequence of the oldest call held, sequence of the next call, last sample ts]. */
  private readonly rings: Float64Array;
  /** Per instrument and model: the sequence of the next call that model scores. */
  private readonly cursors: Float64Array;

  constructor(readonly instruments: number, readonly models: number, opts: MetaLearnerOptions) {
    this.stride = 4 + models;
    this.weights = new Float64Array(REGIME_COUNT * models).fill(1);
    this.lambda = new Float64Array(REGIME_COUNT * models);
    this.hitRate = new Float64Array(models).fill(0.5);
    this.scored = new Float64Array(models);
    this.drift = new PageHinkleySet(models, DRIFT_DELTA, DRIFT_LAMBDA);
    this.horizonsUs = new Float64Array(models);
    this.calls = new Float64Array(instruments * this.capacity * this.stride);
    this.rings = new Float64Array(instruments * 3);
    for (let s = 0; s < instruments; s++) this.rings[s * 3 + 2] = -Infinity;
    this.cursors = new Float64Array(instruments * models);
    this.configure(opts.horizonsUs, opts.learningRate, opts.forgetting, opts.scaleBps ?? 10);
  }

  /**
   * New learning parameters (a reload); remembered calls and learnt weights are kept. `weights`:
   * the models' configured weights, whose switched-on ones (> 0) set the sampling interval
   * (default: all on).
   */
  configure(horizonsUs: Float64Array, learningRate: number, forgetting: number, scaleBps: number, weights?: Float64Array): void {
    let longest = 0;
    let longestOn = 0;
    for (let k = 0; k < this.models; k++) {
      const h = horizonsUs[k];
      if (!(h > 0 && h < Infinity)) throw new Error(`MetaLearner: bad parameters (horizon of model ${k}: ${h} us)`);
      if (h > longest) longest = h;
      if ((weights === undefined || weights[k] > 0) && h > longestOn) longestOn = h;
    }
    if (longestOn > 0) longest = longestOn;
    if (!(learningRate >= 0) || !(forgetting >= 0 && forgetting <= 1) || !(scaleBps > 0)) {
      throw new Error(`MetaLearner: bad parameters (learningRate ${learningRate}, forgetting ${forgetting}, scaleBps ${scaleBps})`);
    }
    for (let k = 0; k < this.models; k++) this.horizonsUs[k] = horizonsUs[k];
    const c = this.cfg;
    c[0] = longest / SAMPLES_PER_HORIZON;
    c[1] = learningRate;
    c[2] = forgetting;
    c[3] = scaleBps;
  }

  /**
   * Start from what another learner learnt: `learnt` in LearntLayout from `at` (see
   * meta-learner-state.ts). Throws, naming the slot, on a lambda that is negative or not finite,
   * a hit rate outside [0, 1] or a count that is not a whole number >= 0.
   */
  seed(learnt: Float64Array, at: number): void {
    const m = this.models;
    const lambdas = this.lambda.length;
    for (let i = 0; i < lambdas; i++) {
      const v = learnt[at + i];
      if (!(v >= 0 && v < Infinity)) throw new Error(`MetaLearner: seed lambda[${i}] must be a finite number >= 0, got ${v}`);
    }
    for (let k = 0; k < m; k++) {
      const hit = learnt[at + lambdas + k];
      const n = learnt[at + lambdas + m + k];
      if (!(hit >= 0 && hit <= 1)) throw new Error(`MetaLearner: seed hitRate[${k}] must be in [0, 1], got ${hit}`);
      if (!(n >= 0 && Number.isInteger(n))) throw new Error(`MetaLearner: seed scored[${k}] must be a whole number >= 0, got ${n}`);
    }
    for (let i = 0; i < lambdas; i++) {
      this.lambda[i] = learnt[at + i];
      this.weights[i] = Math.exp(-this.lambda[i]);
    }
    for (let k = 0; k < m; k++) {
      this.hitRate[k] = learnt[at + lambdas + k];
      this.scored[k] = learnt[at + lambdas + m + k];
    }
  }

  /** What this learner has learnt, into `out` from `at`: lambda, then hit rates, then counts (LearntLayout). */
  writeLearnt(out: Float64Array, at: number): void {
    const lambdas = this.lambda.length;
    for (let i = 0; i < lambdas; i++) out[at + i] = this.lambda[i];
    for (let k = 0; k < this.models; k++) {
      out[at + lambdas + k] = this.hitRate[k];
      out[at + lambdas + this.models + k] = this.scored[k];
    }
  }

  /** One Edges record: score the calls on its instrument that have come due, maybe remember this one. */
  observe(edges: Float64Array, base: number): void {
    const s = edges[base + Edges.instrument];
    if (!(s >= 0 && s < this.instruments) || Math.floor(s) !== s) return;
    const bid = edges[base + Edges.bid];
    const ask = edges[base + Edges.ask];
    if (!(bid > 0 && ask > bid && ask < Infinity)) return;
    const ts = edges[base + Edges.ts];
    this.now[0] = ts;
    this.now[1] = (bid + ask) * 0.5;
    this.scoreDue(s);
    const r = s * 3;
    if (ts - this.rings[r + 2] < this.cfg[0]) return;
    this.rings[r + 2] = ts;
    this.remember(s, edges, base);
  }

  private remember(s: number, edges: Float64Array, base: number): void {
    const r = s * 3;
    const rings = this.rings;
    if (rings[r + 1] - rings[r] === this.capacity) {
      // Full: the oldest call goes, scored or not; models that had not scored it move past it.
      const oldest = rings[r];
      rings[r] = oldest + 1;
      this.dropped++;
      const row = s * this.models;
      for (let k = 0; k < this.models; k++) if (this.cursors[row + k] <= oldest) this.cursors[row + k] = oldest + 1;
    }
    const seq = rings[r + 1];
    const at = (s * this.capacity + (seq % this.capacity)) * this.stride;
    const calls = this.calls;
    calls[at] = this.now[0];
    calls[at + 1] = this.now[1];
    calls[at + 2] = edges[base + Edges.mask];
    const regime = edges[base + Edges.regime];
    calls[at + 3] = regime >= 0 && regime < REGIME_COUNT ? Math.floor(regime) : 0;
    for (let k = 0; k < this.models; k++) calls[at + 4 + k] = edges[base + Edges.edgeBps + 2 * k];
    rings[r + 1] = seq + 1;
  }

  private scoreDue(s: number): void {
    const ts = this.now[0];
    const r = s * 3;
    const rings = this.rings;
    const next = rings[r + 1];
    const row = s * this.models;
    let oldestNeeded = next;
    for (let k = 0; k < this.models; k++) {
      const horizon = this.horizonsUs[k];
      let cursor = this.cursors[row + k];
      while (cursor < next) {
        const at = (s * this.capacity + (cursor % this.capacity)) * this.stride;
        if (ts - this.calls[at] < horizon) break;
        this.score(k, at);
        cursor++;
      }
      this.cursors[row + k] = cursor;
      if (cursor < oldestNeeded) oldestNeeded = cursor;
    }
    if (oldestNeeded > rings[r]) rings[r] = oldestNeeded;
  }

  /** Score model k on the call at `calls[at...]` against the mid now, if it had an opinion on it. */
  private score(k: number, at: number): void {
    const calls = this.calls;
    const mid = this.now[1];
    if ((calls[at + 2] & (1 << k)) === 0) return;
    const cfg = this.cfg;
    const realised = ((mid - calls[at + 1]) / calls[at + 1]) * 1e4;
    const i = calls[at + 3] * this.models + k;
    const e = calls[at + 4 + k];
    const miss = (e - realised) / cfg[3];
    const loss = miss * miss < LOSS_CAP ? miss * miss : LOSS_CAP;
    this.drift.update(k, loss);
    this.lambda[i] = (1 - cfg[2]) * this.lambda[i] + cfg[1] * loss;
    this.weights[i] = Math.exp(-this.lambda[i]);
    const hit = (e > 0 && realised > 0) || (e < 0 && realised < 0) ? 1 : 0;
    const n = ++this.scored[k];
    this.hitRate[k] += (1 / n > cfg[2] ? 1 / n : cfg[2]) * (hit - this.hitRate[k]);
  }
}
