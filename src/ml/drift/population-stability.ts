/**
 * Population stability index of a model's inputs against the distribution it was trained on.
 *
 * Inputs are normalised with the training split's mean and standard deviation (the model card's),
 * so on training-like data each feature is roughly standard normal. The reference is therefore the
 * ten standard-normal deciles (each bin expected to hold 10%); live values are counted into the
 * same bins with exponential forgetting (a window of about `window` observations), and
 *
 *   PSI = sum_bins (a - e) ln(a / e),  a = live share, e = 0.1 (shares floored at 1e-4)
 *
 * per feature. Common reading: < 0.1 stable, 0.1-0.25 shifting, > 0.25 a different population.
 * That the trained features are only roughly normal makes the index's floor above 0 even on
 * training data; compare it with the model card's own training-split value, not with 0.
 * State in typed arrays; `observe` allocates nothing.
 */
const BINS = 10;
/** Upper edges of the standard normal deciles (the last bin is open). */
const EDGES = Float64Array.of(-1.2816, -0.8416, -0.5244, -0.2533, 0, 0.2533, 0.5244, 0.8416, 1.2816);
const EXPECTED = 1 / BINS;
const FLOOR = 1e-4;

export class PopulationStability {
  /** Per feature and bin, the forgetting share of observations. */
  private readonly shares: Float64Array;
  private readonly decay: number;
  private observed = 0;

  constructor(readonly features: number, readonly window = 500) {
    if (!(Number.isInteger(features) && features > 0)) throw new Error(`PSI: features must be a positive integer, got ${features}`);
    if (!(window >= 10)) throw new Error(`PSI: window must be >= 10, got ${window}`);
    this.shares = new Float64Array(features * BINS).fill(EXPECTED);
    this.decay = 1 / window;
  }

  /** One normalised feature vector at `values[at..at+features)`. Non-finite values are skipped. */
  observe(values: ArrayLike<number>, at: number): void {
    this.observed++;
    // Until a window has been seen, weight observations equally (a running mean), then forget.
    const w = 1 / this.observed > this.decay ? 1 / this.observed : this.decay;
    for (let f = 0; f < this.features; f++) {
      const x = values[at + f];
      if (!(x > -Infinity && x < Infinity)) continue;
      let bin = 0;
      while (bin < BINS - 1 && x > EDGES[bin]) bin++;
      const row = f * BINS;
      for (let b = 0; b < BINS; b++) this.shares[row + b] += w * ((b === bin ? 1 : 0) - this.shares[row + b]);
    }
  }

  /** PSI of feature `f` now. */
  index(f: number): number {
    let psi = 0;
    const row = f * BINS;
    for (let b = 0; b < BINS; b++) {
      const a = this.shares[row + b] > FLOOR ? this.shares[row + b] : FLOOR;
      psi += (a - EXPECTED) * Math.log(a / EXPECTED);
    }
    return psi;
  }

  /** The largest PSI over the features (the input drift of the model). */
  maxIndex(): number {
    let worst = 0;
    for (let f = 0; f < this.features; f++) {
      const p = this.index(f);
      if (p > worst) worst = p;
    }
    return worst;
  }

  observations(): number {
    return this.observed;
  }
}
