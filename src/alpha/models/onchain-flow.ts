/**
 * On-chain exchange flow (crypto): coins moved onto exchanges are usually moved there to be sold,
 * coins withdrawn from them are being taken off the market. So net flow INTO exchanges is read
 * as bearish and outflow as bullish, against what is usual for the asset:
 *
 *   latest     = the newest exchange_netflow with ts <= t (source.onchainFile)
 *   usual      = EWMA of the flows before it; usualAbs = EWMA of their absolute values
 *   edgeBps    = -scaleBps * clamp(latest / usualAbs, -1, 1)
 *   confidence = min(1, |latest - usual| / (fullConfidenceRatio * usualAbs))
 *
 * Confidence measures surprise: a flow the market has seen every day for weeks is priced in;
 * one far from the usual is news. The EWMAs run over measurements (span `window`), not time: the
 * files come at whatever period their provider publishes. The latest measurement counts for
 * `maxAgeMinutes`, then the model falls silent until the next one.
 *
 * Look-ahead guard, cursor and out-of-order records as in news-sentiment.ts: only measurements at
 * or before the record's event time are read, and a record older than one already seen for its
 * symbol gets no opinion. No opinion before two measurements (no baseline yet), and none in a
 * stocks session (the loader keeps no on-chain events there).
 */
import { Features } from '../../shm/records.js';
import type { AlphaContext, AlphaModel, AlphaModelSpec } from '../alpha-model.js';
import type { EventSeries } from '../feeds/event-series.js';

const Param = { window: 0, scaleBps: 1, fullConfidenceRatio: 2, maxAgeMinutes: 3 } as const;
const US_PER_MINUTE = 60e6;
/** Per symbol slots of `state`. */
const State = { latest: 0, latestUs: 1, usual: 2, usualAbs: 3, baselineCount: 4, asOfUs: 5 } as const;
const STATE_SLOTS = 6;

class OnchainFlow implements AlphaModel {
  private alpha = 2 / 31;
  private scaleBps = 10;
  private fullConfidenceRatio = 2;
  private maxAgeUs = 1440 * US_PER_MINUTE;
  private readonly cursor: Int32Array;
  private readonly state: Float64Array;

  constructor(symbolCount: number, private readonly flows: EventSeries) {
    this.cursor = flows.first.slice(0, symbolCount);
    this.state = new Float64Array(symbolCount * STATE_SLOTS);
    for (let s = 0; s < symbolCount; s++) {
      this.state[s * STATE_SLOTS + State.latestUs] = -Infinity;
      this.state[s * STATE_SLOTS + State.asOfUs] = -Infinity;
    }
  }

  configure(params: Float64Array, offset: number): void {
    this.alpha = 2 / (params[offset + Param.window] + 1);
    this.scaleBps = params[offset + Param.scaleBps];
    this.fullConfidenceRatio = params[offset + Param.fullConfidenceRatio];
    this.maxAgeUs = params[offset + Param.maxAgeMinutes] * US_PER_MINUTE;
  }

  evaluate(f: Float64Array, base: number, out: Float64Array, slot: number): boolean {
    const s = f[base + Features.instrument];
    const flows = this.flows;
    if (!(s < flows.symbolCount)) return false;
    const t = f[base + Features.ts];
    const st = this.state;
    const b = s * STATE_SLOTS;
    if (!(t >= st[b + State.asOfUs])) return false;
    st[b + State.asOfUs] = t;
    const times = flows.timeUs;
    const end = flows.first[s + 1];
    let i = this.cursor[s];
    while (i < end && times[i] <= t) {
      // The previous latest joins the baseline; this one becomes the latest.
      if (st[b + State.latestUs] > -Infinity) this.addToBaseline(b, st[b + State.latest]);
      st[b + State.latest] = flows.value[i];
      st[b + State.latestUs] = times[i];
      i++;
    }
    this.cursor[s] = i;
    const usualAbs = st[b + State.usualAbs];
    if (st[b + State.baselineCount] === 0 || !(usualAbs > 0) || t - st[b + State.latestUs] > this.maxAgeUs) return false;
    const latest = st[b + State.latest];
    let ratio = latest / usualAbs;
    if (ratio > 1) ratio = 1;
    if (ratio < -1) ratio = -1;
    const surprise = latest - st[b + State.usual];
    let confidence = (surprise < 0 ? -surprise : surprise) / (this.fullConfidenceRatio * usualAbs);
    if (confidence > 1) confidence = 1;
    out[slot] = -this.scaleBps * ratio;
    out[slot + 1] = confidence;
    return confidence > 0;
  }

  private addToBaseline(b: number, flow: number): void {
    const st = this.state;
    const abs = flow < 0 ? -flow : flow;
    if (st[b + State.baselineCount] === 0) {
      st[b + State.usual] = flow;
      st[b + State.usualAbs] = abs;
    } else {
      st[b + State.usual] += this.alpha * (flow - st[b + State.usual]);
      st[b + State.usualAbs] += this.alpha * (abs - st[b + State.usualAbs]);
    }
    st[b + State.baselineCount]++;
  }
}

export const onchainFlow: AlphaModelSpec = {
  name: 'onchain_flow',
  description: 'on-chain exchange net flow (crypto): inflow to exchanges bearish, outflow bullish, from source.onchainFile, off by default',
  defaultWeight: 0,
  horizonMs: 3_600_000,
  params: {
    window: { default: 30, min: 1, max: 10_000, integer: true, doc: 'span, in measurements, of the EWMAs of the usual flow' },
    scaleBps: { default: 10, min: 0, max: 1000, minOpen: true, doc: 'edge at a flow as large as the usual absolute flow, bps' },
    fullConfidenceRatio: { default: 2, min: 0, max: 100, minOpen: true, doc: 'distance from the usual flow, in usual absolute flows, at which confidence reaches 1' },
    maxAgeMinutes: { default: 1440, min: 0, max: 525_600, minOpen: true, doc: 'minutes a measurement counts for' },
  },
  create: (symbolCount: number, context: AlphaContext) => new OnchainFlow(symbolCount, context.feeds.onchain),
};
