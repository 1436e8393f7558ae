/**
 * Order-book pressure (original system: `edge = 25 * (bid_size - ask_size) / total_size`):
 *
 *   edgeBps    = scaleBps * (bidSize - askSize) / (bidSize + askSize), within +-scaleBps
 *   confidence = total / (total + avgTotal)
 *
 * where avgTotal is a per-symbol EMA of the touch depth (window `depthWindow` records, current
 * record included): a book thin for the symbol says little (0.5 at an average book, towards 1 for
 * a deep one). No opinion when the touch has no size at all.
 */
import { Features } from '../../shm/records.js';
import type { AlphaModel, AlphaModelSpec } from '../alpha-model.js';

const Param = { scaleBps: 0, depthWindow: 1 } as const;

class BookPressure implements AlphaModel {
  private scaleBps = 25;
  private aDepth = 2 / 101;
  /** Per-symbol EMA of bidSize + askSize (0 = not seen yet). */
  private readonly avgDepth: Float64Array;

  constructor(symbolCount: number) {
    this.avgDepth = new Float64Array(symbolCount);
  }

  configure(params: Float64Array, offset: number): void {
    this.scaleBps = params[offset + Param.scaleBps];
    this.aDepth = 2 / (params[offset + Param.depthWindow] + 1);
  }

  evaluate(f: Float64Array, base: number, out: Float64Array, slot: number): boolean {
    const bidSize = f[base + Features.bidSize];
    const askSize = f[base + Features.askSize];
    const total = bidSize + askSize;
    if (!(bidSize >= 0 && askSize >= 0 && total > 0 && total < Infinity)) return false;
    const symbol = f[base + Features.instrument];
    const avg = this.avgDepth[symbol];
    const newAvg = avg > 0 ? avg + this.aDepth * (total - avg) : total;
    this.avgDepth[symbol] = newAvg;
    out[slot] = (this.scaleBps * (bidSize - askSize)) / total;
    out[slot + 1] = total / (total + newAvg);
    return true;
  }
}

export const bookPressure: AlphaModelSpec = {
  name: 'book_pressure',
  description: 'order-book pressure: the touch size imbalance, scaled to bps',
  defaultWeight: 1,
  horizonMs: 1_000,
  params: {
    scaleBps: { default: 25, min: 0, max: 1000, minOpen: true, doc: 'edge at a fully one-sided touch, bps' },
    depthWindow: { default: 100, min: 1, max: 1_000_000, integer: true, doc: 'EMA window (records) of the touch depth that confidence compares against' },
  },
  create: (symbolCount) => new BookPressure(symbolCount),
};
