/**
 * RegimeDetector: which kind of market each instrument is in, by a documented rule set, published
 * in every Edges record (`Edges.regime`) for L2, whose meta-learner keeps a set of model weights
 * per regime (a model that pays in a trend can be useless in a range).
 *
 * Per instrument, per quote update (the mid of each Features record):
 * - efficiency ratio over the last `window` mids (Kaufman): ER = |mid_t - mid_{t-window}| /
 *   sum of |mid_i - mid_{i-1}| over the window, in [0, 1]: 1 is a straight line, ~0 a walk that
 *   goes nowhere;
 * - volatility against its own long-run level: the Features volatility (EWMA of quote returns)
 *   divided by a slow EWMA of it (alpha 2 / (50 * window + 1)).
 *
 *   volatility ratio >= HIGH_VOL_RATIO  -> high_volatility   (checked first: a crash trends too)
 *   ER >= TREND_ER                      -> trending
 *   otherwise                           -> mean_reverting
 *   fewer than `window` mids seen       -> unknown
 *
 * The thresholds are constants here, not config: they define what the regime labels mean, and
 * the meta-learner's per-regime weights are only comparable across sessions if they do not move.
 * Hot path: `update` allocates nothing (state in typed arrays; the running sum of |moves| is
 * recomputed at each wrap of the window so it cannot drift). The ring is indexed by an int32
 * cursor, never by `seen % cap`: `seen` is a float64 (it counts past 2^31), and a float64 `%`
 * compiles to a call to fmod, several of which per update cost more than the rest of it.
 */
import { Features } from '../shm/records.js';

export const Regime = { Unknown: 0, Trending: 1, MeanReverting: 2, HighVolatility: 3 } as const;
export const REGIME_NAMES = ['unknown', 'trending', 'mean_reverting', 'high_volatility'] as const;
export const REGIME_COUNT = REGIME_NAMES.length;

export const REGIME_WINDOW = 50;
export const TREND_ER = 0.3;
export const HIGH_VOL_RATIO = 2;

export class RegimeDetector {
  /** Current regime per instrument. */
  readonly regime: Uint8Array;
  private readonly mids: Float64Array;
  /** Per instrument: [mids seen, sum of |moves| in the window, slow volatility]. */
  private readonly state: Float64Array;
  /** Per instrument: the ring slot the next mid goes to (= mids seen mod (window + 1)). */
  private readonly cursor: Int32Array;
  private readonly aSlowVol = 2 / (50 * REGIME_WINDOW + 1);

  constructor(readonly instruments: number) {
    this.regime = new Uint8Array(instruments);
    // window + 1 mids: the window's `window` moves need one mid more.
    this.mids = new Float64Array(instruments * (REGIME_WINDOW + 1));
    this.state = new Float64Array(instruments * 3);
    this.cursor = new Int32Array(instruments);
  }

  /** One Features record; returns the instrument's regime after it (Unknown for a bad record). */
  update(f: Float64Array, base: number): number {
    const s = f[base + Features.instrument];
    if (!(s >= 0 && s < this.instruments) || Math.floor(s) !== s) return Regime.Unknown;
    const mid = (f[base + Features.bid] + f[base + Features.ask]) * 0.5;
    if (!(mid > 0 && mid < Infinity)) return this.regime[s];
    const cap = REGIME_WINDOW + 1;
    const row = s * cap;
    const st = s * 3;
    const seen = this.state[st];
    // Ring slots: `at` takes this mid; once the ring is full it holds the oldest mid, and the slot
    // after it the oldest one the window keeps (mid number seen - window).
    const at = this.cursor[s];
    const after = at === cap - 1 ? 0 : at + 1;
    if (seen > 0) {
      const prev = this.mids[row + (at === 0 ? cap - 1 : at - 1)];
      const move = mid - prev;
      this.state[st + 1] += move < 0 ? -move : move;
      if (seen > REGIME_WINDOW) {
        // The move leaving the window: between the oldest two mids still held.
        const gone = this.mids[row + after] - this.mids[row + at];
        this.state[st + 1] -= gone < 0 ? -gone : gone;
      }
    }
    this.mids[row + at] = mid;
    this.state[st] = seen + 1;
    this.cursor[s] = after;
    if (after === 0) this.resum(s);
    const vol = f[base + Features.volatility];
    if (vol > 0 && vol < Infinity) {
      this.state[st + 2] = this.state[st + 2] === 0 ? vol : this.state[st + 2] + this.aSlowVol * (vol - this.state[st + 2]);
    }
    if (seen + 1 <= REGIME_WINDOW) { this.regime[s] = Regime.Unknown; return Regime.Unknown; }
    const slowVol = this.state[st + 2];
    let regime: number;
    if (slowVol > 0 && vol / slowVol >= HIGH_VOL_RATIO) {
      regime = Regime.HighVolatility;
    } else {
      const first = this.mids[row + after];
      const path = this.state[st + 1];
      const net = mid - first;
      const er = path > 0 ? (net < 0 ? -net : net) / path : 0;
      regime = er >= TREND_ER ? Regime.Trending : Regime.MeanReverting;
    }
    this.regime[s] = regime;
    return regime;
  }

  /**
   * The window's path length recomputed from the mids it holds (drift of the running sum). Called
   * when the cursor has just wrapped, so the ring holds its `cap` mids oldest first from slot 0.
   */
  private resum(s: number): void {
    const cap = REGIME_WINDOW + 1;
    const row = s * cap;
    let sum = 0;
    for (let i = row + 1; i < row + cap; i++) {
      const move = this.mids[i] - this.mids[i - 1];
      sum += move < 0 ? -move : move;
    }
    this.state[s * 3 + 1] = sum;
  }
}
