/**
 * Breakout (Donchian channel): a mid that leaves the range of the last `window` quote updates
 * tends to keep going.
 *
 *   mid > highest of the previous window:  edgeBps = +min(maxEdgeBps, followThrough * breakBps)
 *   mid < lowest of the previous window:   edgeBps = -min(maxEdgeBps, followThrough * breakBps)
 *   breakBps   = how far beyond the channel, in bps of the channel edge
 *   confidence = min(1, breakBps / (fullConfidenceVols * volatility))
 *
 * Inside the channel, or before a full window has been seen: no opinion. The channel excludes
 * the current mid (a mid is never above its own maximum).
 *
 * The highest and lowest of a sliding window are kept with monotonic deques (each mid enters and
 * leaves each deque once: O(1) amortised per update), in typed arrays per instrument; sequence
 * numbers are float64 (exact to 2^53: int32 would wrap after two days at 10k quotes a second).
 * A reload that changes `window` starts every channel afresh (the arrays are sized by it).
 */
import { Features } from '../../shm/records.js';
import type { AlphaModel, AlphaModelSpec } from '../alpha-model.js';

const Param = { window: 0, followThrough: 1, fullConfidenceVols: 2, maxEdgeBps: 3 } as const;
const DEFAULT_WINDOW = 100;

class Breakout implements AlphaModel {
  private window = DEFAULT_WINDOW;
  private followThrough = 0.5;
  private fullConfidenceVols = 4;
  private maxEdgeBps = 20;
  private capacity = 0;
  /** Per instrument: the mids of the window by sequence number, and each deque's [head, tail). */
  private mids = new Float64Array(0);
  private maxQueue = new Float64Array(0);
  private minQueue = new Float64Array(0);
  /** Per instrument: [updates seen, maxHead, maxTail, minHead, minTail] */
  private cursors = new Float64Array(0);
  /** The mid handed to `push`: a double argument to a call V8 leaves uninlined would be boxed. */
  private readonly pushed = new Float64Array(1);

  constructor(private readonly symbolCount: number) {}

  configure(params: Float64Array, offset: number): void {
    this.followThrough = params[offset + Param.followThrough];
    this.fullConfidenceVols = params[offset + Param.fullConfidenceVols];
    this.maxEdgeBps = params[offset + Param.maxEdgeBps];
    const window = params[offset + Param.window];
    if (window !== this.window || this.capacity === 0) {
      this.window = window;
      this.capacity = window + 1;
      this.mids = new Float64Array(this.symbolCount * this.capacity);
      this.maxQueue = new Float64Array(this.symbolCount * this.capacity);
      this.minQueue = new Float64Array(this.symbolCount * this.capacity);
      this.cursors = new Float64Array(this.symbolCount * 5);
    }
  }

  evaluate(f: Float64Array, base: number, out: Float64Array, slot: number): boolean {
    const s = f[base + Features.instrument];
    const mid = (f[base + Features.bid] + f[base + Features.ask]) * 0.5;
    if (this.capacity === 0 || !(mid > 0 && mid < Infinity)) return false;
    const c = s * 5;
    const cur = this.cursors;
    const seq = cur[c];
    const cap = this.capacity;
    const row = s * cap;
    // The channel of the previous `window` mids, before this one joins it.
    let opinion = false;
    if (seq >= this.window) {
      const high = this.mids[row + (this.maxQueue[row + (cur[c + 1] % cap)] % cap)];
      const low = this.mids[row + (this.minQueue[row + (cur[c + 3] % cap)] % cap)];
      let breakBps = 0;
      if (mid > high) breakBps = ((mid - high) / high) * 1e4;
      else if (mid < low) breakBps = -((low - mid) / low) * 1e4;
      if (breakBps !== 0) {
        const size = breakBps < 0 ? -breakBps : breakBps;
        let edge = this.followThrough * size;
        if (edge > this.maxEdgeBps) edge = this.maxEdgeBps;
        const volatility = f[base + Features.volatility];
        let confidence = volatility > 0 ? size / (this.fullConfidenceVols * volatility) : 0;
        if (confidence > 1) confidence = 1;
        out[slot] = breakBps > 0 ? edge : -edge;
        out[slot + 1] = confidence;
        opinion = confidence > 0;
      }
    }
    this.pushed[0] = mid;
    this.push(s, seq);
    return opinion;
  }

  /** Add mid number `seq` (in `pushed`) to the window and both deques, dropping what fell out of the window. */
  private push(s: number, seq: number): void {
    const mid = this.pushed[0];
    const c = s * 5;
    const cur = this.cursors;
    const cap = this.capacity;
    const row = s * cap;
    this.mids[row + (seq % cap)] = mid;
    const oldest = seq - this.window + 1;
    // max deque: values decreasing from head to tail
    while (cur[c + 2] > cur[c + 1] && this.mids[row + (this.maxQueue[row + ((cur[c + 2] - 1) % cap)] % cap)] <= mid) cur[c + 2]--;
    this.maxQueue[row + (cur[c + 2] % cap)] = seq;
    cur[c + 2]++;
    while (this.maxQueue[row + (cur[c + 1] % cap)] < oldest) cur[c + 1]++;
    // min deque: values increasing from head to tail
    while (cur[c + 4] > cur[c + 3] && this.mids[row + (this.minQueue[row + ((cur[c + 4] - 1) % cap)] % cap)] >= mid) cur[c + 4]--;
    this.minQueue[row + (cur[c + 4] % cap)] = seq;
    cur[c + 4]++;
    while (this.minQueue[row + (cur[c + 3] % cap)] < oldest) cur[c + 3]++;
    cur[c] = seq + 1;
  }
}

export const breakout: AlphaModelSpec = {
  name: 'breakout',
  description: 'breakout: a mid leaving the high-low channel of the last `window` quote updates, followed through, off by default',
  defaultWeight: 0,
  horizonMs: 60_000,
  params: {
    window: { default: DEFAULT_WINDOW, min: 2, max: 100_000, integer: true, doc: 'quote updates in the channel (a change restarts the channels)' },
    followThrough: { default: 0.5, min: 0, max: 100, minOpen: true, doc: 'edge per bp of break beyond the channel' },
    fullConfidenceVols: { default: 4, min: 0, max: 1000, minOpen: true, doc: 'break, in per-update volatilities, at which confidence reaches 1' },
    maxEdgeBps: { default: 20, min: 0, max: 10_000, minOpen: true, doc: 'clamp on the edge, bps' },
  },
  create: (symbolCount: number) => new Breakout(symbolCount),
};
