// Drives pairs_cointegration through an AlphaSet (the model on, every other model off) with one
// Features record per leg per step, and reads back its opinion and the pair's latest fit.
// Also the synthetic series: a cointegrated pair (log B a random walk, log A = 1 + 2 log B +
// AR(1) noise) and two independent walks.
import { AlphaSet } from '../../../src/alpha/alpha-set.js';
import { alphaModelIndex, ALPHA_MODEL_NAMES, Edges } from '../../../src/alpha/alpha-catalogue.js';
import { PairsCointegration, type PairFit } from '../../../src/alpha/models/pairs-cointegration.js';
import { Features } from '../../../src/shm/records.js';
import { Prng } from '../../../src/data/prng.js';
import { alphaParams } from '../fixture.js';

export const PAIRS = alphaModelIndex('pairs_cointegration');

export interface Opinion { has: boolean; edge: number; confidence: number }

export interface PairsDriver {
  readonly set: AlphaSet;
  readonly model: PairsCointegration;
  /** One record of `instrument` with mid `mid` at event time `tsUs`; the model's opinion on it. */
  quote(instrument: number, tsUs: number, mid: number): Opinion;
  fit(pair?: number): PairFit;
}

export function pairsDriver(params: Record<string, number> = {}, symbolCount = 2): PairsDriver {
  const overrides: Record<string, Record<string, number>> = Object.fromEntries(ALPHA_MODEL_NAMES.map((name) => [name, { weight: 0 }]));
  overrides.pairs_cointegration = { weight: 1, ...params };
  const set = new AlphaSet(symbolCount);
  const { params: block, layout } = alphaParams(overrides);
  set.configure(block, layout);
  const model = set.model(PAIRS) as PairsCointegration;
  const f = new Float64Array(Features.f64);
  const out = new Float64Array(Edges.f64);
  return {
    set,
    model,
    quote(instrument, tsUs, mid) {
      f[Features.instrument] = instrument;
      f[Features.ts] = tsUs;
      // A touch a tenth of a basis point wide: the mid is exactly `mid` up to rounding.
      f[Features.bid] = mid * (1 - 5e-6);
      f[Features.ask] = mid * (1 + 5e-6);
      f[Features.volatility] = 1;
      set.evaluate(f, 0, out, 0);
      return { has: ((out[Edges.mask] >> PAIRS) & 1) === 1, edge: out[Edges.edgeBps + 2 * PAIRS], confidence: out[Edges.confidence + 2 * PAIRS] };
    },
    fit: (pair = 0) => model.pairFit(pair),
  };
}

export interface PairSeries {
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** The stationary part of log A: log A - 1 - 2 log B. */
  readonly noise: Float64Array;
}

/** log B_t = log B_(t-1) + stepSd z_t; log A_t = 1 + 2 log B_t + e_t, e_t = phi e_(t-1) + noiseSd u_t. */
export function cointegratedPair(seed: number, n: number, stepSd = 0.002, phi = 0.8, noiseSd = 0.001): PairSeries {
  const rng = new Prng(seed);
  const z = new Float64Array(2 * n);
  rng.fillNormal(z, 0, z.length);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const noise = new Float64Array(n);
  let logB = Math.log(100);
  let e = 0;
  for (let t = 0; t < n; t++) {
    logB += stepSd * z[t];
    e = phi * e + noiseSd * z[n + t];
    b[t] = Math.exp(logB);
    a[t] = Math.exp(1 + 2 * logB + e);
    noise[t] = e;
  }
  return { a, b, noise };
}

/** Two independent geometric random walks from 100 and 50. */
export function independentWalks(seed: number, n: number, stepSd = 0.002): { a: Float64Array; b: Float64Array } {
  const rng = new Prng(seed);
  const z = new Float64Array(2 * n);
  rng.fillNormal(z, 0, z.length);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  let logA = Math.log(100);
  let logB = Math.log(50);
  for (let t = 0; t < n; t++) {
    logA += stepSd * z[t];
    logB += stepSd * z[n + t];
    a[t] = Math.exp(logA);
    b[t] = Math.exp(logB);
  }
  return { a, b };
}

/** One second between steps, in µs; the default sampling period is one second. */
export const STEP_US = 1_000_000;
