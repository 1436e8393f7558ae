/**
 * An online, exponentially weighted covariance matrix of per-symbol log returns, for a
 * correlation-aware VaR of the book: portfolio variance x' S x of a position vector x and the
 * change in VaR from changing one position. No threads, no I/O, nothing allocated per update.
 *
 * Asynchronous updates. Symbols quote at different times, so there is no common instant at which
 * every symbol has a fresh return. Two simple schemes are both biased:
 * - pairing a symbol's new return with the others' *latest* returns multiplies one stale return
 *   of a quiet symbol into every return of a busy one, and pairs returns from different periods;
 * - sampling every symbol on a common clock costs O(n^2) per clock tick and throws away the
 *   quote-level information between ticks.
 * This one pairs each return with what the others did *over the same interval*: when symbol i
 * reports its return r_i over (t_prev_i, t], each other symbol j contributes x_j, its summed log
 * return since i's previous observation (its cumulative log price now minus where it was then),
 * and the pair's entry gets r_i * x_j. Each pair of overlapping quote intervals of i and j is then
 * multiplied exactly once (at the later of the two ends), which is the Hayashi-Yoshida estimator
 * of the covariance of asynchronously observed prices (Hayashi & Yoshida, Bernoulli 11(2), 2005),
 * here exponentially weighted instead of summed over a fixed window. Only row and column i change:
 * O(n) per update, with one anchor per pair (n^2 memory). Like any Hayashi-Yoshida estimate the
 * matrix is not guaranteed positive semi-definite on a short sample (an estimated correlation can
 * exceed 1 in magnitude): a caller taking a square root of x' S x must allow for a small negative.
 *
 * Weights. All entries share one clock, the observation count of the whole book: every
 * observation (of any symbol) decays every entry by lambda and adds (1 - lambda) * r_i * x_j to
 * row i, so each entry is a realised covariance per book observation (RiskMetrics' recursion
 *   S <- lambda * S + (1 - lambda) * (products of this observation),
 * with lambda per observation; 0.94 is RiskMetrics' daily value, which at quote frequency is a
 * memory of ~1 / (1 - lambda) = 17 book observations: raise it for a steadier estimate). Decaying
 * all n^2 entries per update would be O(n^2), so the matrix is stored divided by the running
 * product of lambdas (`scale`): S = scale * scaled; a decay is one multiply of `scale`, and
 * `scaled` is folded back when `scale` gets tiny (every ~7,400 observations at 0.94). lambda is
 * read per observation, so a reload changes the memory from the next update on.
 *
 * One day. The same weights average the time between book observations (meanGap, from the
 * records' venue timestamps), so S / meanGap is a covariance rate per second and the one-day
 * covariance is S * 86,400 / meanGap (the first observation has no gap: early on meanGap is
 * understated and the daily figure errs high). That assumes returns are uncorrelated across time (variance
 * grows linearly with the horizon), which microstructure noise in mids violates: tick-level
 * realised variance overstates the daily one (the VaR errs high). Crypto trades around the clock;
 * for stocks, 86,400 s overstates a 6.5-hour session in the same direction (as ParametricVar).
 *
 * Doubles in and out go through typed arrays (see the shim note in src/data/feature-engine.ts):
 * `observe` is a tiny shim that is inlined into its caller, the work runs on integer arguments.
 */

const SECONDS_PER_DAY = 86_400;
/** `scale` below this is folded into the matrix (1e-200 is far from underflow, 1e-308). */
const MIN_SCALE = 1e-200;
const State = { scale: 0, meanGapS: 1, lastTsUs: 2, observations: 3 } as const;

export class EwmaCovariance {
  readonly symbolCount: number;
  /** Row-major n x n: the per-observation covariance divided by state[scale]. Symmetric. */
  private readonly scaled: Float64Array;
  /** Per symbol, its summed log return since the start (a log price up to a constant). */
  private readonly level: Float64Array;
  /** anchor[i * n + j] = level[j] when i last observed: x_j = level[j] - anchor[i * n + j]. */
  private readonly anchor: Float64Array;
  private readonly state = new Float64Array(4);
  /** Shim arguments: return, timestamp, lambda. */
  private readonly args = new Float64Array(3);

  constructor(symbolCount: number) {
    if (!Number.isInteger(symbolCount) || symbolCount <= 0) throw new Error(`EwmaCovariance: bad symbolCount ${symbolCount}`);
    this.symbolCount = symbolCount;
    this.scaled = new Float64Array(symbolCount * symbolCount);
    this.level = new Float64Array(symbolCount);
    this.anchor = new Float64Array(symbolCount * symbolCount);
    this.state[State.scale] = 1;
  }

  /**
   * `symbol`'s first price: its first return's interval starts here, so the others' moves before
   * it are not paired with that return.
   */
  begin(symbol: number): void {
    if (!(symbol >= 0 && symbol < this.symbolCount)) return;
    const row = symbol * this.symbolCount;
    for (let j = 0; j < this.symbolCount; j++) this.anchor[row + j] = this.level[j];
  }

  /**
   * `symbol`'s log return since its previous observation, at venue time `tsUs` (microseconds),
   * with decay `lambda` in (0, 1). A non-finite return or a lambda outside (0, 1) is ignored.
   */
  observe(symbol: number, logReturn: number, tsUs: number, lambda: number): void {
    const a = this.args;
    a[0] = logReturn; a[1] = tsUs; a[2] = lambda;
    this.step(symbol);
  }

  private step(i: number): void {
    const n = this.symbolCount;
    const r = this.args[0];
    const ts = this.args[1];
    const lambda = this.args[2];
    if (!(i >= 0 && i < n) || !(r > -Infinity && r < Infinity) || !(lambda > 0 && lambda < 1)) return;
    const st = this.state;
    // Time between book observations; a clock that does not move (or goes back) adds none.
    let gapS = 0;
    if (ts > st[State.lastTsUs] && ts < Infinity) {
      if (st[State.observations] > 0) gapS = (ts - st[State.lastTsUs]) / 1e6;
      st[State.lastTsUs] = ts;
    }
    st[State.meanGapS] = lambda * st[State.meanGapS] + (1 - lambda) * gapS;
    st[State.observations] += 1;

    let scale = st[State.scale] * lambda;
    if (scale < MIN_SCALE) {
      const m = this.scaled;
      for (let k = 0; k < m.length; k++) m[k] *= scale;
      scale = 1;
    }
    st[State.scale] = scale;
    const weight = (1 - lambda) / scale;

    this.level[i] += r;
    const row = i * n;
    for (let j = 0; j < n; j++) {
      // j's move over i's interval (for j = i, r itself).
      const x = this.level[j] - this.anchor[row + j];
      const v = this.scaled[row + j] + weight * r * x;
      this.scaled[row + j] = v;
      this.scaled[j * n + i] = v;
      this.anchor[row + j] = this.level[j];
    }
  }

  /** Observations so far (of any symbol). */
  observations(): number {
    return this.state[State.observations];
  }

  /** Per-observation covariance of i and j (the EWMA itself, before scaling to a day). */
  perObservation(i: number, j: number): number {
    return this.scaled[i * this.symbolCount + j] * this.state[State.scale];
  }

  /** One-day covariance of the log returns of i and j, or NaN before any time has passed. */
  daily(i: number, j: number): number {
    const gap = this.state[State.meanGapS];
    return gap > 0 ? (this.perObservation(i, j) * SECONDS_PER_DAY) / gap : NaN;
  }

  /**
   * The book's one-day variance as a function of `symbol`'s position t (USD), the others held at
   * `positionsUsd`:  V(t) = a t^2 + 2 b t + c  with  a = S_ii,  b = sum_{j != i} S_ij x_j,
   * c = sum_{j,k != i} x_j S_jk x_k  (USD^2). Writes a, b, c at out[outBase..outBase+2]. Returns
   * false (and writes nothing) while there is no estimate for `symbol` (no time has passed, or it
   * has no variance yet). O(n^2) for c.
   */
  writePositionTerms(positionsUsd: Float64Array, symbol: number, out: Float64Array, outBase: number): boolean {
    const n = this.symbolCount;
    const gap = this.state[State.meanGapS];
    const m = this.scaled;
    if (!(symbol >= 0 && symbol < n) || !(gap > 0) || !(m[symbol * n + symbol] > 0)) return false;
    const toDaily = (this.state[State.scale] * SECONDS_PER_DAY) / gap;
    let b = 0;
    let c = 0;
    for (let j = 0; j < n; j++) {
      if (j === symbol) continue;
      const xj = positionsUsd[j];
      if (xj === 0) continue;
      const row = j * n;
      b += m[row + symbol] * xj;
      let sum = 0;
      for (let k = 0; k < n; k++) if (k !== symbol) sum += m[row + k] * positionsUsd[k];
      c += xj * sum;
    }
    out[outBase] = m[symbol * n + symbol] * toDaily;
    out[outBase + 1] = b * toDaily;
    out[outBase + 2] = c * toDaily;
    return true;
  }

  /** The one-day variance x' S x of the positions (USD^2) at out[outIndex]; NaN before any time has passed. */
  writePortfolioVariance(positionsUsd: Float64Array, out: Float64Array, outIndex: number): void {
    const n = this.symbolCount;
    const gap = this.state[State.meanGapS];
    let v = 0;
    for (let j = 0; j < n; j++) {
      const xj = positionsUsd[j];
      if (xj === 0) continue;
      let sum = 0;
      for (let k = 0; k < n; k++) sum += this.scaled[j * n + k] * positionsUsd[k];
      v += xj * sum;
    }
    out[outIndex] = gap > 0 ? (v * this.state[State.scale] * SECONDS_PER_DAY) / gap : NaN;
  }

  /**
   * Marginal VaR of a change: how much the book's one-day VaR at `z` (2.326 for 99%) moves when
   * `symbol`'s position goes from positionsUsd[symbol] to `newPositionUsd`, the others unchanged:
   *   z * (sqrt(V(new)) - sqrt(V(old))),  V(t) = a t^2 + 2 b t + c   (see writePositionTerms).
   * NaN without an estimate. A convenience for reports and tests (it returns a double).
   */
  varChangeUsd(positionsUsd: Float64Array, symbol: number, newPositionUsd: number, z: number): number {
    const terms = new Float64Array(3);
    if (!this.writePositionTerms(positionsUsd, symbol, terms, 0)) return NaN;
    const [a, b, c] = terms;
    const at = (t: number): number => Math.sqrt(Math.max(0, a * t * t + 2 * b * t + c));
    return z * (at(newPositionUsd) - at(positionsUsd[symbol]));
  }
}
