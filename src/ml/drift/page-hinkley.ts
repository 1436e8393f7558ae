/**
 * Page-Hinkley test for an upward shift in the mean of a stream, per series (Page 1954; the form
 * used for concept drift, e.g. Gama et al. 2014): with x_t the stream (here a model's prediction
 * loss), xbar_t its running mean,
 *
 *   m_t = sum_{i <= t} (x_i - xbar_i - delta),   M_t = min_{i <= t} m_i,   PH_t = m_t - M_t,
 *
 * and an alarm when PH_t > lambda: the losses have been above their own history by more than the
 * tolerance delta for long enough to add up to lambda. After an alarm the series starts over (a
 * new regime of losses becomes the reference). `score` = PH / lambda, so 1 is the alarm line.
 * State in typed arrays; `update` allocates nothing.
 */
export class PageHinkleySet {
  readonly score: Float64Array;
  readonly alarms: Float64Array;
  private readonly count: Float64Array;
  private readonly mean: Float64Array;
  private readonly cumulative: Float64Array;
  private readonly minimum: Float64Array;
  private readonly args = new Float64Array(1);

  constructor(readonly series: number, readonly delta: number, readonly lambda: number) {
    if (!(delta >= 0 && delta < Infinity)) throw new Error(`Page-Hinkley: delta must be >= 0, got ${delta}`);
    if (!(lambda > 0 && lambda < Infinity)) throw new Error(`Page-Hinkley: lambda must be > 0, got ${lambda}`);
    this.score = new Float64Array(series);
    this.alarms = new Float64Array(series);
    this.count = new Float64Array(series);
    this.mean = new Float64Array(series);
    this.cumulative = new Float64Array(series);
    this.minimum = new Float64Array(series);
  }

  /** One observation of series `s`; true when it raised an alarm. */
  update(s: number, x: number): boolean {
    this.args[0] = x;
    return this.step(s);
  }

  private step(s: number): boolean {
    const x = this.args[0];
    if (!(x > -Infinity && x < Infinity)) return false;
    const n = ++this.count[s];
    this.mean[s] += (x - this.mean[s]) / n;
    const m = this.cumulative[s] + x - this.mean[s] - this.delta;
    this.cumulative[s] = m;
    if (m < this.minimum[s]) this.minimum[s] = m;
    const ph = m - this.minimum[s];
    this.score[s] = ph / this.lambda;
    if (ph <= this.lambda) return false;
    this.alarms[s] += 1;
    this.count[s] = 0;
    this.mean[s] = 0;
    this.cumulative[s] = 0;
    this.minimum[s] = 0;
    return true;
  }
}
