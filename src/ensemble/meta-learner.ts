/**
 * MetaLearner: L2's adaptive model weights, learnt online from how each model's calls turned out.
 *
 * Every `sampleEveryUs` of event time per instrument, the models' edges are remembered with the
 * mid they were made at. Once `horizonUs` has passed, each remembered call is scored against the
 * realised move r (bps) of the mid since:
 *
 *   loss_k     = min(((e_k - r) / scaleBps)^2, 4)                  squared error, capped
 *   lambda_k  <- (1 - forgetting) * lambda_k + learningRate * loss_k   (exponentiated gradient
 *   w_k        = exp(-lambda_k)                                          with forgetting)
 *   hitRate_k  = the share of calls whose sign matched r's: a running mean over the first
 *                1 / forgetting calls, then an EWMA with weight `forgetting`
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
 * State: per instrument a ring of `capacity` remembered calls (oldest dropped, and counted, if the
 * horizon holds more than fit; the sampling interval is what keeps it from filling). Hot path:
 * `observe` allocates nothing.
 */
import { Edges } from '../alpha/alpha-catalogue.js';
import { REGIME_COUNT } from '../alpha/regime-detector.js';

const LOSS_CAP = 4;

export interface MetaLearnerOptions {
  horizonUs: number;
  /** Calls remembered per instrument; horizonUs / sampleEveryUs should stay below it. */
  capacity?: number;
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
  /** Remembered calls dropped because a ring was full. */
  dropped = 0;
  private readonly cfg = new Float64Array(5); // horizonUs, sampleEveryUs, learningRate, forgetting, scaleBps
  /** The record being observed: [ts, mid] (doubles never cross a call; see src/data/indicators/ema.ts). */
  private readonly now = new Float64Array(2);
  private readonly capacity: number;
  private readonly stride: number;
  /** Per instrument: `capacity` calls of [ts, mid, mask, regime, e_0 .. e_{m-1}]. */
  private readonly calls: Float64Array;
  /** Per instrument: [head, count, last sample ts]. */
  private readonly rings: Float64Array;

  constructor(readonly instruments: number, readonly models: number, opts: MetaLearnerOptions) {
    this.capacity = opts.capacity ?? 64;
    this.stride = 4 + models;
    this.weights = new Float64Array(REGIME_COUNT * models).fill(1);
    this.lambda = new Float64Array(REGIME_COUNT * models);
    this.hitRate = new Float64Array(models).fill(0.5);
    this.scored = new Float64Array(models);
    this.calls = new Float64Array(instruments * this.capacity * this.stride);
    this.rings = new Float64Array(instruments * 3).fill(0);
    for (let s = 0; s < instruments; s++) this.rings[s * 3 + 2] = -Infinity;
    this.configure(opts.horizonUs, opts.learningRate, opts.forgetting, opts.scaleBps ?? 10);
  }

  /** New learning parameters (a reload); remembered calls and learnt weights are kept. */
  configure(horizonUs: number, learningRate: number, forgetting: number, scaleBps: number): void {
    if (!(horizonUs > 0) || !(learningRate >= 0) || !(forgetting >= 0 && forgetting <= 1) || !(scaleBps > 0)) {
      throw new Error(`MetaLearner: bad parameters (horizonUs ${horizonUs}, learningRate ${learningRate}, forgetting ${forgetting}, scaleBps ${scaleBps})`);
    }
    const c = this.cfg;
    c[0] = horizonUs;
    c[1] = horizonUs / (this.capacity / 2);
    c[2] = learningRate;
    c[3] = forgetting;
    c[4] = scaleBps;
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
    if (ts - this.rings[r + 2] < this.cfg[1]) return;
    this.rings[r + 2] = ts;
    this.remember(s, edges, base);
  }

  private remember(s: number, edges: Float64Array, base: number): void {
    const mid = this.now[1];
    const r = s * 3;
    const rings = this.rings;
    let count = rings[r + 1];
    let head = rings[r];
    if (count === this.capacity) {
      head = head + 1 === this.capacity ? 0 : head + 1;
      count--;
      this.dropped++;
    }
    const slot = (head + count) % this.capacity;
    const at = (s * this.capacity + slot) * this.stride;
    const calls = this.calls;
    calls[at] = edges[base + Edges.ts];
    calls[at + 1] = mid;
    calls[at + 2] = edges[base + Edges.mask];
    const regime = edges[base + Edges.regime];
    calls[at + 3] = regime >= 0 && regime < REGIME_COUNT ? Math.floor(regime) : 0;
    for (let k = 0; k < this.models; k++) calls[at + 4 + k] = edges[base + Edges.edgeBps + 2 * k];
    rings[r] = head;
    rings[r + 1] = count + 1;
  }

  private scoreDue(s: number): void {
    const ts = this.now[0];
    const mid = this.now[1];
    const r = s * 3;
    const rings = this.rings;
    const cfg = this.cfg;
    const calls = this.calls;
    while (rings[r + 1] > 0) {
      const head = rings[r];
      const at = (s * this.capacity + head) * this.stride;
      if (ts - calls[at] < cfg[0]) return;
      const realised = ((mid - calls[at + 1]) / calls[at + 1]) * 1e4;
      const mask = calls[at + 2];
      const row = calls[at + 3] * this.models;
      for (let k = 0; k < this.models; k++) {
        if ((mask & (1 << k)) === 0) continue;
        const e = calls[at + 4 + k];
        const miss = (e - realised) / cfg[4];
        const loss = miss * miss < LOSS_CAP ? miss * miss : LOSS_CAP;
        this.lambda[row + k] = (1 - cfg[3]) * this.lambda[row + k] + cfg[2] * loss;
        this.weights[row + k] = Math.exp(-this.lambda[row + k]);
        const hit = (e > 0 && realised > 0) || (e < 0 && realised < 0) ? 1 : 0;
        const n = ++this.scored[k];
        this.hitRate[k] += (1 / n > cfg[3] ? 1 / n : cfg[3]) * (hit - this.hitRate[k]);
      }
      rings[r] = head + 1 === this.capacity ? 0 : head + 1;
      rings[r + 1]--;
    }
  }
}
