/**
 * Depth-weighted order-book pressure: book pressure over the top levels of the book instead of
 * the touch alone (Features.depthImbalance, the L2 book's depth-weighted imbalance in [-1, 1]:
 * nearer levels weigh more; the touch's own imbalance when no book is kept).
 *
 *   edgeBps    = scaleBps * depthImbalance
 *   confidence = |depthImbalance|
 *
 * A touch can be one lot against a wall behind it; the levels behind say which side is heavier.
 * No opinion when the imbalance is not a number in [-1, 1] (a book being resynced).
 */
import { Features } from '../../shm/records.js';
import type { AlphaModel, AlphaModelSpec } from '../alpha-model.js';

const Param = { scaleBps: 0 } as const;

class DepthPressure implements AlphaModel {
  private scaleBps = 15;

  configure(params: Float64Array, offset: number): void {
    this.scaleBps = params[offset + Param.scaleBps];
  }

  evaluate(f: Float64Array, base: number, out: Float64Array, slot: number): boolean {
    const imbalance = f[base + Features.depthImbalance];
    if (!(imbalance >= -1 && imbalance <= 1)) return false;
    out[slot] = this.scaleBps * imbalance;
    out[slot + 1] = imbalance < 0 ? -imbalance : imbalance;
    return true;
  }
}

export const depthPressure: AlphaModelSpec = {
  name: 'depth_pressure',
  description: 'depth-weighted order-book pressure: the imbalance of the book\'s top levels, scaled to bps, off by default',
  defaultWeight: 0,
  horizonMs: 2_000,
  params: {
    scaleBps: { default: 15, min: 0, max: 1000, minOpen: true, doc: 'edge at a fully one-sided book, bps' },
  },
  create: () => new DepthPressure(),
};
