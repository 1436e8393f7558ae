/**
 * Funding and basis of a perpetual swap (crypto, where the data has it: `source.fundingFile`).
 *
 * A positive funding rate means longs pay shorts: the perpetual trades rich because the crowd is
 * long, and both the carry (a short collects the funding) and the crowding point down. A
 * perpetual above its index (a positive basis) is expected to converge back towards it.
 *
 *   fundingBps = the latest funding rate (bps per interval) with ts <= t
 *   basisBps   = the latest (mark - index) / index (bps) with ts <= t, 0 if none
 *   edgeBps    = -(fundingScale * fundingBps + basisReversion * basisBps), within +-maxEdgeBps
 *   confidence = min(1, |fundingBps| / fullConfidenceFundingBps)
 *
 * Silent before the first print, once the latest print is older than `maxAgeMinutes`, and in a
 * stocks session (the loader keeps no funding there). Look-ahead guard and cursors as in
 * news-sentiment.ts: only prints at or before the record's event time are read, and a record
 * older than one already seen for its symbol gets no opinion.
 */
import { Features } from '../../shm/records.js';
import type { AlphaContext, AlphaModel, AlphaModelSpec } from '../alpha-model.js';
import type { EventSeries } from '../feeds/event-series.js';

const Param = { fundingScale: 0, basisReversion: 1, fullConfidenceFundingBps: 2, maxAgeMinutes: 3, maxEdgeBps: 4 } as const;
const US_PER_MINUTE = 60e6;
/** Per symbol slots of `state`. */
const State = { funding: 0, fundingUs: 1, basis: 2, asOfUs: 3 } as const;
const STATE_SLOTS = 4;

class FundingBasis implements AlphaModel {
  private fundingScale = 1;
  private basisReversion = 0.1;
  private fullConfidenceFundingBps = 3;
  private maxAgeUs = 480 * US_PER_MINUTE;
  private maxEdgeBps = 20;
  private readonly fundingCursor: Int32Array;
  private readonly basisCursor: Int32Array;
  private readonly state: Float64Array;

  constructor(symbolCount: number, private readonly funding: EventSeries, private readonly basis: EventSeries) {
    this.fundingCursor = funding.first.slice(0, symbolCount);
    this.basisCursor = basis.first.slice(0, symbolCount);
    this.state = new Float64Array(symbolCount * STATE_SLOTS);
    for (let s = 0; s < symbolCount; s++) {
      this.state[s * STATE_SLOTS + State.fundingUs] = -Infinity;
      this.state[s * STATE_SLOTS + State.asOfUs] = -Infinity;
    }
  }

  configure(params: Float64Array, offset: number): void {
    this.fundingScale = params[offset + Param.fundingScale];
    this.basisReversion = params[offset + Param.basisReversion];
    this.fullConfidenceFundingBps = params[offset + Param.fullConfidenceFundingBps];
    this.maxAgeUs = params[offset + Param.maxAgeMinutes] * US_PER_MINUTE;
    this.maxEdgeBps = params[offset + Param.maxEdgeBps];
  }

  evaluate(f: Float64Array, base: number, out: Float64Array, slot: number): boolean {
    const s = f[base + Features.instrument];
    if (!(s < this.funding.symbolCount)) return false;
    const t = f[base + Features.ts];
    const st = this.state;
    const b = s * STATE_SLOTS;
    if (!(t >= st[b + State.asOfUs])) return false;
    st[b + State.asOfUs] = t;
    // Both cursors only move forward: every print at or before t, none after.
    const fTimes = this.funding.timeUs;
    const fEnd = this.funding.first[s + 1];
    let i = this.fundingCursor[s];
    while (i < fEnd && fTimes[i] <= t) {
      st[b + State.funding] = this.funding.value[i];
      st[b + State.fundingUs] = fTimes[i];
      i++;
    }
    this.fundingCursor[s] = i;
    const bTimes = this.basis.timeUs;
    const bEnd = this.basis.first[s + 1];
    let j = this.basisCursor[s];
    while (j < bEnd && bTimes[j] <= t) {
      st[b + State.basis] = this.basis.value[j];
      j++;
    }
    this.basisCursor[s] = j;
    if (t - st[b + State.fundingUs] > this.maxAgeUs) return false;
    const fundingBps = st[b + State.funding];
    let edge = -(this.fundingScale * fundingBps + this.basisReversion * st[b + State.basis]);
    if (edge > this.maxEdgeBps) edge = this.maxEdgeBps;
    if (edge < -this.maxEdgeBps) edge = -this.maxEdgeBps;
    let confidence = (fundingBps < 0 ? -fundingBps : fundingBps) / this.fullConfidenceFundingBps;
    if (confidence > 1) confidence = 1;
    out[slot] = edge;
    out[slot + 1] = confidence;
    return confidence > 0;
  }
}

export const fundingBasis: AlphaModelSpec = {
  name: 'funding_basis',
  description: 'perpetual funding and basis (crypto, source.fundingFile): positive funding and a rich mark point down, off by default',
  defaultWeight: 0,
  horizonMs: 28_800_000,
  params: {
    fundingScale: { default: 1, min: 0, max: 1000, minOpen: true, doc: 'edge per bp of funding per interval, bps (opposite sign)' },
    basisReversion: { default: 0.1, min: 0, max: 1, doc: 'fraction of the mark-index basis expected back (0 = ignore the basis)' },
    fullConfidenceFundingBps: { default: 3, min: 0, max: 10_000, minOpen: true, doc: 'funding, bps per interval, at which confidence reaches 1' },
    maxAgeMinutes: { default: 480, min: 0, max: 525_600, minOpen: true, doc: 'minutes a funding print counts for' },
    maxEdgeBps: { default: 20, min: 0, max: 10_000, minOpen: true, doc: 'clamp on the edge, bps' },
  },
  create: (symbolCount: number, context: AlphaContext) => new FundingBasis(symbolCount, context.feeds.funding, context.feeds.basis),
};
