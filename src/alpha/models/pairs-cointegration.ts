/**
 * Pairs cointegration: two instruments whose log prices keep a stationary spread trade its
 * reversion, one leg against the other, for as long as a rolling Engle-Granger test says the
 * spread is stationary.
 *
 * Pairs: the session's instruments are paired in `symbols` order, (0, 1), (2, 3), ...: instrument
 * 2j is leg A, instrument 2j + 1 is leg B (with symbols [BTC/USDT, ETH/USDT], A = BTC/USDT and
 * B = ETH/USDT). With an odd count the last instrument has no partner and gets no opinion here.
 *
 * Sampling on a common clock: per pair, event time (Features `ts`, µs) is cut into buckets of
 * `sampleEveryMs`. When a record of either leg opens a later bucket, the pair's latest mids as they
 * stood before that record (the close of the earlier bucket) become one sample (log mid A,
 * log mid B); only records already seen go into it, so nothing looks ahead. Both legs need a mid
 * first; an empty bucket adds nothing (a gap is one sample, not repeats). The last `window`
 * samples live in ring buffers per pair.
 *
 * Fit: when the window first fills and then every `refitEvery` samples, the Engle-Granger test of
 * src/stats/engle-granger.ts (the engine of `tradebot stats coint`) runs on the window, oldest
 * sample first:
 *   log A_t = intercept + hedge * log B_t + e_t      (OLS)
 *   tau = ADF t-statistic of e_t with a constant, lag order `adfLags` (-1: by AIC, as the command)
 *   p   = MacKinnon's p-value of tau for N = 2 series
 * The pair trades only while p <= maxPValue. A fit that cannot be made (a constant leg, an exact
 * linear relation) counts as not cointegrated until the next refit.
 *
 * Signal on every record of either leg, from the latest mids of both:
 *   spread = log midA - hedge * log midB
 *   z      = (spread - mean) / sd, the mean and sample sd (n - 1) of the spread over the window's
 *            samples with the current hedge, recomputed at every sample
 *   |z| <= entryZ: no opinion (inside the band)
 *   leg A: edgeBps = -scaleBps * z
 *   leg B: edgeBps = +scaleBps * z / hedge            both within +-maxEdgeBps
 *   confidence = min(1, (|z| - entryZ) / entryZ + 0.5) * (1 - p / maxPValue)
 * Why these signs: z > 0 means A is rich against B; the spread is expected to fall, by A falling
 * or B rising. Why 1 / hedge: the spread is in units of log A, and a move x in log A changes it as
 * much as a move x / hedge in log B, so each leg is credited with the move that would close the
 * same part of the spread on its own. With hedge > 0 (the usual case) the legs point opposite
 * ways; with hedge < 0 they point the same way, which is what closing that spread takes.
 * Confidence is one half just outside the band and 1 at 1.5 x entryZ, scaled down the weaker the
 * evidence of cointegration (1 at p = 0, 0 at p = maxPValue).
 *
 * No opinion: before the first fit, while not cointegrated, inside the band, when the partner
 * leg's latest mid is more than one sample period older than this record (a stale spread), and for
 * an unpaired instrument.
 *
 * Cost and allocation: nothing allocates after `configure`. The per-record path is a bucket
 * check, on a new bucket one sample into the rings and an O(window) pass for the spread's mean and
 * sd, then two logs. The refit runs the Engle-Granger test in a workspace made in `configure`
 * (src/stats: `engleGrangerInto`). It is this model's latency cost, since it runs inside one
 * evaluate call, once per `refitEvery` samples. Hence the default adfLags = 1, a single ADF
 * regression; -1 (lags by AIC, which `stats coint` uses) fits up to 19 of them at window 500, and
 * is what to set to reproduce the command's p-value.
 *
 * A reload that changes `window` or `sampleEveryMs` restarts every pair (the samples would mean
 * something else); the other parameters apply from the next record (refitEvery and adfLags from
 * the next refit).
 */
import { Features } from '../../shm/records.js';
import { EngleGrangerOut, EngleGrangerStatus, EngleGrangerWorkspace, engleGrangerInto } from '../../stats/engle-granger.js';
import { ADF_MIN_POINTS } from '../../stats/augmented-dickey-fuller.js';
import type { AlphaModel, AlphaModelSpec } from '../alpha-model.js';

const Param = {
  sampleEveryMs: 0, window: 1, refitEvery: 2, adfLags: 3, maxPValue: 4, entryZ: 5, scaleBps: 6, maxEdgeBps: 7,
} as const;
const DEFAULT_WINDOW = 500;
const DEFAULT_SAMPLE_EVERY_MS = 1000;

/** Per-pair slots of `state`. */
const State = {
  /** Bucket (floor(ts / period)) of the latest record of either leg; NaN before the first. */
  bucket: 0,
  midA: 1, tsA: 2, midB: 3, tsB: 4,
  /** Samples taken since the pair (re)started. */
  samples: 5,
  /** 1 once a fit succeeded (and until one fails). */
  fitted: 6,
  hedge: 7, intercept: 8, pValue: 9, adfStat: 10, adfLags: 11,
  /** Mean and sample sd of log A - hedge * log B over the window. */
  spreadMean: 12, spreadSd: 13,
  width: 14,
} as const;

/** The latest fit of one pair, for inspection (allocates; not for the hot path). */
export interface PairFit {
  readonly samples: number;
  readonly fitted: boolean;
  readonly hedgeRatio: number;
  readonly intercept: number;
  readonly adfStat: number;
  readonly adfLags: number;
  readonly pValue: number;
  readonly spreadMean: number;
  readonly spreadSd: number;
}

export class PairsCointegration implements AlphaModel {
  private sampleEveryMs = DEFAULT_SAMPLE_EVERY_MS;
  private periodUs = DEFAULT_SAMPLE_EVERY_MS * 1000;
  private window = DEFAULT_WINDOW;
  private refitEvery = 50;
  private adfLags = 1;
  private maxPValue = 0.05;
  private entryZ = 2;
  private scaleBps = 5;
  private maxEdgeBps = 20;
  /** Successful and failed refits since creation (tests count them). */
  refits = 0;
  readonly pairCount: number;
  private state = new Float64Array(0);
  /** Per pair, `window` samples each: log mid A and log mid B, slot = sample number % window. */
  private logA = new Float64Array(0);
  private logB = new Float64Array(0);
  /** The window in time order, handed to the refit. */
  private orderedA = new Float64Array(0);
  private orderedB = new Float64Array(0);
  /** The refit's buffers, for `window` points and `adfLags`; null while the two do not fit. */
  private workspace: EngleGrangerWorkspace | null = null;
  private workspaceLags = NaN;
  /** Where the refit's test writes its answer. */
  private readonly fit = new Float64Array(EngleGrangerOut.width);

  constructor(symbolCount: number) {
    this.pairCount = Math.floor(symbolCount / 2);
  }

  configure(params: Float64Array, offset: number): void {
    this.refitEvery = params[offset + Param.refitEvery];
    this.adfLags = params[offset + Param.adfLags];
    this.maxPValue = params[offset + Param.maxPValue];
    this.entryZ = params[offset + Param.entryZ];
    this.scaleBps = params[offset + Param.scaleBps];
    this.maxEdgeBps = params[offset + Param.maxEdgeBps];
    const window = params[offset + Param.window];
    const sampleEveryMs = params[offset + Param.sampleEveryMs];
    if (window !== this.window || sampleEveryMs !== this.sampleEveryMs || this.state.length === 0) {
      this.window = window;
      this.sampleEveryMs = sampleEveryMs;
      this.periodUs = sampleEveryMs * 1000;
      this.state = new Float64Array(Math.max(1, this.pairCount * State.width));
      for (let p = 0; p < this.pairCount; p++) this.state[p * State.width + State.bucket] = NaN;
      this.logA = new Float64Array(this.pairCount * window);
      this.logB = new Float64Array(this.pairCount * window);
      this.orderedA = new Float64Array(window);
      this.orderedB = new Float64Array(window);
    }
    const lags = this.adfLags;
    if (this.workspace === null || this.workspace.maxPoints !== window || this.workspaceLags !== lags) {
      // A lag order the window cannot carry makes no workspace: no pair is fitted (see refit).
      this.workspace = lagsFit(window, lags) ? new EngleGrangerWorkspace(window, lags) : null;
      this.workspaceLags = lags;
    }
  }

  evaluate(f: Float64Array, base: number, out: Float64Array, slot: number): boolean {
    const instrument = f[base + Features.instrument];
    const pair = Math.floor(instrument / 2);
    const ts = f[base + Features.ts];
    if (pair >= this.pairCount || !(ts > -Infinity && ts < Infinity)) return false;
    const mid = (f[base + Features.bid] + f[base + Features.ask]) * 0.5;
    const st = this.state;
    const p = pair * State.width;
    const bucket = Math.floor(ts / this.periodUs);
    // A record in a later bucket closes the earlier one: sample the mids as they stood before it.
    if (bucket > st[p + State.bucket] && st[p + State.midA] > 0 && st[p + State.midB] > 0) this.addSample(pair);
    if (!(bucket <= st[p + State.bucket])) st[p + State.bucket] = bucket;
    const legA = instrument === pair * 2;
    if (legA) {
      st[p + State.midA] = mid;
      st[p + State.tsA] = ts;
    } else {
      st[p + State.midB] = mid;
      st[p + State.tsB] = ts;
    }
    if (st[p + State.fitted] !== 1) return false;
    const pValue = st[p + State.pValue];
    if (!(pValue <= this.maxPValue)) return false;
    const partnerTs = legA ? st[p + State.tsB] : st[p + State.tsA];
    if (!(ts - partnerTs <= this.periodUs)) return false;
    const hedge = st[p + State.hedge];
    const sd = st[p + State.spreadSd];
    if (!(sd > 0)) return false;
    const spread = Math.log(st[p + State.midA]) - hedge * Math.log(st[p + State.midB]);
    const z = (spread - st[p + State.spreadMean]) / sd;
    const size = z < 0 ? -z : z;
    if (!(size > this.entryZ)) return false;
    let edge = legA ? -this.scaleBps * z : (this.scaleBps * z) / hedge;
    if (!(edge === edge)) return false;
    if (edge > this.maxEdgeBps) edge = this.maxEdgeBps;
    if (edge < -this.maxEdgeBps) edge = -this.maxEdgeBps;
    let confidence = (size - this.entryZ) / this.entryZ + 0.5;
    if (confidence > 1) confidence = 1;
    confidence *= 1 - pValue / this.maxPValue;
    if (!(confidence > 0)) return false;
    out[slot] = edge;
    out[slot + 1] = confidence;
    return true;
  }

  /** The latest fit of pair `pair` (instruments 2 pair and 2 pair + 1). */
  pairFit(pair: number): PairFit {
    if (!(pair >= 0 && pair < this.pairCount)) throw new RangeError(`pairFit: no pair ${pair} among ${this.pairCount}`);
    const st = this.state;
    const p = pair * State.width;
    return {
      samples: st[p + State.samples],
      fitted: st[p + State.fitted] === 1,
      hedgeRatio: st[p + State.hedge],
      intercept: st[p + State.intercept],
      adfStat: st[p + State.adfStat],
      adfLags: st[p + State.adfLags],
      pValue: st[p + State.pValue],
      spreadMean: st[p + State.spreadMean],
      spreadSd: st[p + State.spreadSd],
    };
  }

  /** Push the pair's latest mids as one sample; refit on schedule, else refresh the spread moments. */
  private addSample(pair: number): void {
    const st = this.state;
    const p = pair * State.width;
    const window = this.window;
    const n = st[p + State.samples];
    const at = pair * window + (n % window);
    this.logA[at] = Math.log(st[p + State.midA]);
    this.logB[at] = Math.log(st[p + State.midB]);
    st[p + State.samples] = n + 1;
    if (n + 1 < window) return;
    if ((n + 1 - window) % this.refitEvery === 0) this.refit(pair);
    if (st[p + State.fitted] === 1) this.updateSpreadMoments(pair);
  }

  /** The Engle-Granger test on the window, oldest sample first. Allocates nothing. */
  private refit(pair: number): void {
    const st = this.state;
    const p = pair * State.width;
    const window = this.window;
    const row = pair * window;
    const oldest = st[p + State.samples] % window;
    let finite = true;
    for (let i = 0; i < window; i++) {
      const from = row + ((oldest + i) % window);
      const a = this.logA[from];
      const b = this.logB[from];
      this.orderedA[i] = a;
      this.orderedB[i] = b;
      if (!(a - a === 0 && b - b === 0)) finite = false;
    }
    this.refits++;
    const ws = this.workspace;
    const fit = this.fit;
    // A constant leg, an exact linear relation, a non-finite sample or a lag order the window
    // cannot carry: nothing to test, so nothing to trade until the next refit.
    if (ws === null || !finite || engleGrangerInto(ws, this.orderedA, this.orderedB, window, this.adfLags, true, fit, 0) !== EngleGrangerStatus.ok) {
      st[p + State.fitted] = 0;
      return;
    }
    st[p + State.hedge] = fit[EngleGrangerOut.hedgeRatio];
    st[p + State.intercept] = fit[EngleGrangerOut.intercept];
    st[p + State.adfStat] = fit[EngleGrangerOut.adfStat];
    st[p + State.adfLags] = fit[EngleGrangerOut.lags];
    st[p + State.pValue] = fit[EngleGrangerOut.pValue];
    const hedge = fit[EngleGrangerOut.hedgeRatio];
    const pValue = fit[EngleGrangerOut.pValue];
    st[p + State.fitted] = hedge - hedge === 0 && pValue - pValue === 0 ? 1 : 0;
  }

  /** Mean and sample sd of log A - hedge * log B over the window (two passes, for accuracy). */
  private updateSpreadMoments(pair: number): void {
    const st = this.state;
    const p = pair * State.width;
    const window = this.window;
    const row = pair * window;
    const hedge = st[p + State.hedge];
    const a = this.logA;
    const b = this.logB;
    let sum = 0;
    for (let i = row; i < row + window; i++) sum += a[i] - hedge * b[i];
    const mean = sum / window;
    let squares = 0;
    for (let i = row; i < row + window; i++) {
      const d = a[i] - hedge * b[i] - mean;
      squares += d * d;
    }
    st[p + State.spreadMean] = mean;
    st[p + State.spreadSd] = Math.sqrt(squares / (window - 1));
  }
}

/** Whether an ADF lag order (-1: by AIC) leaves the regression on `window` points enough rows. */
function lagsFit(window: number, lags: number): boolean {
  if (!(window >= ADF_MIN_POINTS)) return false;
  return lags === -1 || (Number.isInteger(lags) && lags >= 0 && window - 1 - lags > lags + 2);
}

export const pairsCointegration: AlphaModelSpec = {
  name: 'pairs_cointegration',
  description: 'pairs cointegration: instruments paired in symbols order (0-1, 2-3, ...), trades the z-score of the log spread while a rolling Engle-Granger test holds, off by default',
  defaultWeight: 0,
  horizonMs: 300_000,
  params: {
    sampleEveryMs: { default: DEFAULT_SAMPLE_EVERY_MS, min: 0, max: 86_400_000, minOpen: true, doc: 'sampling period of both mids, ms of event time (a change restarts the pairs)' },
    window: { default: DEFAULT_WINDOW, min: 30, max: 100_000, integer: true, doc: 'samples in the rolling test and z-score (a change restarts the pairs)' },
    refitEvery: { default: 50, min: 1, max: 1_000_000, integer: true, doc: 'samples between Engle-Granger refits' },
    adfLags: { default: 1, min: -1, max: 100, integer: true, doc: 'lag order of the ADF regression; -1 = chosen by AIC as `stats coint` does (one regression per candidate lag)' },
    maxPValue: { default: 0.05, min: 0, max: 1, minOpen: true, doc: 'trade only while the Engle-Granger p-value is at most this' },
    entryZ: { default: 2, min: 0, max: 100, minOpen: true, doc: 'spread z-score beyond which the model has an opinion' },
    scaleBps: { default: 5, min: 0, max: 10_000, minOpen: true, doc: 'edge of leg A per unit of z, bps (leg B: scaleBps / hedge)' },
    maxEdgeBps: { default: 20, min: 0, max: 10_000, minOpen: true, doc: 'clamp on the edge, bps' },
  },
  create: (symbolCount: number) => new PairsCointegration(symbolCount),
};
