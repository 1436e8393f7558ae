/**
 * News sentiment: the recent headlines about a symbol, scored at load time by the lexicon
 * (feeds/headline-lexicon.ts), with each story's weight halving every `halfLifeMinutes`:
 *
 *   decay_i    = 2^(-(t - ts_i) / halfLife)       for the stories with ts_i <= t only
 *   edgeBps    = scaleBps * sum(score_i * decay_i), within +-maxEdgeBps
 *   confidence = min(1, sum(|score_i| * decay_i))
 *
 * t is the record's event time (`ts`), never the wall clock, so a replay sees the news as it
 * broke. A story after t is never read (the look-ahead guard): a per-symbol cursor walks the
 * sorted stories as event time moves on, and both sums are kept incrementally,
 *
 *   sum(t2) = sum(t1) * 2^(-(t2 - t1) / halfLife) + the stories in (t1, t2], decayed to t2,
 *
 * O(1) amortised per record. A record older than the newest one this symbol has seen gets no
 * opinion: the sums already hold stories that are in its future, and the cursor never rewinds.
 * No opinion either before the first story or once the news has faded (confidence < 0.001).
 *
 * A reload may change the half-life: the sums are values at one instant, so they stay right.
 */
import { Features } from '../../shm/records.js';
import type { AlphaContext, AlphaModel, AlphaModelSpec } from '../alpha-model.js';
import type { EventSeries } from '../feeds/event-series.js';

const Param = { halfLifeMinutes: 0, scaleBps: 1, maxEdgeBps: 2 } as const;
const US_PER_MINUTE = 60e6;
/** Below this much decayed news the model has nothing left to say. */
const FADED = 1e-3;

class NewsSentiment implements AlphaModel {
  /** ln 2 / half-life: exp(-dt * decayPerUs) = 2^(-dt / halfLife). */
  private decayPerUs = Math.LN2 / (30 * US_PER_MINUTE);
  private scaleBps = 20;
  private maxEdgeBps = 20;
  /** Per symbol: next story to take in, the event time the sums are at, and the sums. */
  private readonly cursor: Int32Array;
  private readonly asOfUs: Float64Array;
  private readonly signedSum: Float64Array;
  private readonly absSum: Float64Array;

  constructor(symbolCount: number, private readonly news: EventSeries) {
    this.cursor = news.first.slice(0, symbolCount);
    this.asOfUs = new Float64Array(symbolCount).fill(-Infinity);
    this.signedSum = new Float64Array(symbolCount);
    this.absSum = new Float64Array(symbolCount);
  }

  configure(params: Float64Array, offset: number): void {
    this.decayPerUs = Math.LN2 / (params[offset + Param.halfLifeMinutes] * US_PER_MINUTE);
    this.scaleBps = params[offset + Param.scaleBps];
    this.maxEdgeBps = params[offset + Param.maxEdgeBps];
  }

  evaluate(f: Float64Array, base: number, out: Float64Array, slot: number): boolean {
    const s = f[base + Features.instrument];
    const news = this.news;
    if (!(s < news.symbolCount)) return false;
    const t = f[base + Features.ts];
    const asOf = this.asOfUs[s];
    if (!(t >= asOf)) return false;
    let signed = this.signedSum[s];
    let abs = this.absSum[s];
    if (t > asOf && abs !== 0) {
      const carried = Math.exp(-(t - asOf) * this.decayPerUs);
      signed *= carried;
      abs *= carried;
    }
    const times = news.timeUs;
    const scores = news.value;
    const end = news.first[s + 1];
    let i = this.cursor[s];
    while (i < end && times[i] <= t) {
      const weight = Math.exp(-(t - times[i]) * this.decayPerUs);
      const score = scores[i];
      signed += score * weight;
      abs += (score < 0 ? -score : score) * weight;
      i++;
    }
    this.cursor[s] = i;
    this.asOfUs[s] = t;
    this.signedSum[s] = signed;
    this.absSum[s] = abs;
    if (!(abs > FADED)) return false;
    let edge = this.scaleBps * signed;
    if (edge > this.maxEdgeBps) edge = this.maxEdgeBps;
    if (edge < -this.maxEdgeBps) edge = -this.maxEdgeBps;
    out[slot] = edge;
    out[slot + 1] = abs > 1 ? 1 : abs;
    return true;
  }
}

export const newsSentiment: AlphaModelSpec = {
  name: 'news_sentiment',
  description: 'news sentiment: lexicon scores of the headlines in source.newsFile, decaying with a half-life, off by default',
  defaultWeight: 0,
  horizonMs: 1_800_000,
  params: {
    halfLifeMinutes: { default: 30, min: 0, max: 10_080, minOpen: true, doc: 'minutes for a story\'s weight to halve' },
    scaleBps: { default: 20, min: 0, max: 1000, minOpen: true, doc: 'edge per unit of decayed net sentiment, bps' },
    maxEdgeBps: { default: 20, min: 0, max: 10_000, minOpen: true, doc: 'clamp on the edge, bps' },
  },
  create: (symbolCount: number, context: AlphaContext) => new NewsSentiment(symbolCount, context.feeds.news),
};
