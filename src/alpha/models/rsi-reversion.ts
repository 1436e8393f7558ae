/**
 * RSI reversion: an overbought mid tends to give some back, an oversold one to recover.
 *
 *   rsi < oversold:   edgeBps = +maxEdgeBps * depth,  depth = (oversold - rsi) / oversold
 *   rsi > overbought: edgeBps = -maxEdgeBps * depth,  depth = (rsi - overbought) / (100 - overbought)
 *   confidence = depth   (0 at the threshold, 1 at RSI 0 or 100)
 *
 * No opinion between the thresholds or before the RSI has warmed up (Features.rsi is NaN then):
 * an oscillator in its middle says nothing. The RSI is the feature engine's, RSI(14) of the mid
 * per quote update (src/data/feature-engine.ts).
 */
import { Features } from '../../shm/records.js';
import type { AlphaModel, AlphaModelSpec } from '../alpha-model.js';

const Param = { oversold: 0, overbought: 1, maxEdgeBps: 2 } as const;

class RsiReversion implements AlphaModel {
  private oversold = 30;
  private overbought = 70;
  private maxEdgeBps = 10;

  configure(params: Float64Array, offset: number): void {
    this.oversold = params[offset + Param.oversold];
    this.overbought = params[offset + Param.overbought];
    this.maxEdgeBps = params[offset + Param.maxEdgeBps];
  }

  evaluate(f: Float64Array, base: number, out: Float64Array, slot: number): boolean {
    const rsi = f[base + Features.rsi];
    if (!(rsi >= 0 && rsi <= 100)) return false;
    let depth: number;
    if (rsi < this.oversold) depth = (this.oversold - rsi) / this.oversold;
    else if (rsi > this.overbought) depth = -(rsi - this.overbought) / (100 - this.overbought);
    else return false;
    out[slot] = this.maxEdgeBps * depth;
    out[slot + 1] = depth < 0 ? -depth : depth;
    return true;
  }
}

export const rsiReversion: AlphaModelSpec = {
  name: 'rsi_reversion',
  description: 'RSI reversion: fades an overbought or oversold mid (RSI(14) per quote update), off by default',
  defaultWeight: 0,
  horizonMs: 30_000,
  params: {
    oversold: { default: 30, min: 0, max: 50, minOpen: true, doc: 'RSI below which the model expects a rebound' },
    overbought: { default: 70, min: 50, max: 100, doc: 'RSI above which the model expects a pullback (below 100)' },
    maxEdgeBps: { default: 10, min: 0, max: 10_000, minOpen: true, doc: 'edge at RSI 0 or 100, bps' },
  },
  create: () => new RsiReversion(),
};
