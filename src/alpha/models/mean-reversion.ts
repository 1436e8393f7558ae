/**
 * Mean reversion on the z-score of the mid against its rolling mean (Bollinger(20) of the mid
 * per quote update, Features.midZScore):
 *
 *   |z| >= entryZ:  edgeBps = -bpsPerSigma * z, within +-maxEdgeBps
 *                   confidence = min(1, (|z| - entryZ) / entryZ + 0.5)
 *
 * Half confidence at the entry band, full at twice it. No opinion inside the band or before the
 * window is full (z is NaN then): a mid near its mean predicts nothing either way.
 */
import { Features } from '../../shm/records.js';
import type { AlphaModel, AlphaModelSpec } from '../alpha-model.js';

const Param = { entryZ: 0, bpsPerSigma: 1, maxEdgeBps: 2 } as const;

class MeanReversion implements AlphaModel {
  private entryZ = 2;
  private bpsPerSigma = 3;
  private maxEdgeBps = 20;

  configure(params: Float64Array, offset: number): void {
    this.entryZ = params[offset + Param.entryZ];
    this.bpsPerSigma = params[offset + Param.bpsPerSigma];
    this.maxEdgeBps = params[offset + Param.maxEdgeBps];
  }

  evaluate(f: Float64Array, base: number, out: Float64Array, slot: number): boolean {
    const z = f[base + Features.midZScore];
    if (!(z > -Infinity && z < Infinity)) return false;
    const size = z < 0 ? -z : z;
    if (size < this.entryZ) return false;
    let edge = -this.bpsPerSigma * z;
    if (edge > this.maxEdgeBps) edge = this.maxEdgeBps;
    if (edge < -this.maxEdgeBps) edge = -this.maxEdgeBps;
    let confidence = (size - this.entryZ) / this.entryZ + 0.5;
    if (confidence > 1) confidence = 1;
    out[slot] = edge;
    out[slot + 1] = confidence;
    return true;
  }
}

export const meanReversion: AlphaModelSpec = {
  name: 'mean_reversion',
  description: 'mean reversion: fades the mid\'s z-score in its Bollinger(20) window beyond an entry band, off by default',
  defaultWeight: 0,
  horizonMs: 30_000,
  params: {
    entryZ: { default: 2, min: 0, max: 100, minOpen: true, doc: 'z-score beyond which the model has an opinion' },
    bpsPerSigma: { default: 3, min: 0, max: 10_000, minOpen: true, doc: 'edge per unit of z-score, bps (opposite sign)' },
    maxEdgeBps: { default: 20, min: 0, max: 10_000, minOpen: true, doc: 'clamp on the edge, bps' },
  },
  create: () => new MeanReversion(),
};
