/**
 * Per-product order and loss checks for the Coinbase Exchange feed.
 *
 * Coinbase's `sequence` is one counter per product, advanced by every order event (the `full`
 * channel's granularity). What each channel lets a client conclude:
 * - ticker:  sequence strictly increases; jumps are normal (every order event in between, and
 *            the channel may batch several trades into one message). Only order is checked.
 * - matches: sequence strictly increases (jumps are normal) and trade_id is consecutive per
 *            product, so trade_id != last + 1 is a lost trade: a gap.
 * - full:    every order event is delivered, so sequence != last + 1 is a gap.
 * A repeated or lower sequence (or trade_id on matches) is stale: the caller drops the message.
 *
 * Streams are tracked separately because the same sequence legitimately appears on several
 * channels (a match and the ticker it produced carry the same number).
 *
 * Values come in through a Float64Array slot: sequences exceed the small-integer range (DASH-BTC
 * was past 2^31 in 2021) and a double argument to a call V8 does not inline would be boxed.
 */

const UNKNOWN = -1;

export class ExchangeSequenceTracker {
  readonly symbolCount: number;
  /** Per product: gaps seen (lost trades on matches, lost events on full). */
  readonly gaps: Float64Array;
  /** Per product: trades lost according to trade_id jumps on matches. */
  readonly missedTrades: Float64Array;
  /** Per product: messages refused because their sequence (or trade_id) was not new. */
  readonly stale: Float64Array;
  /** Per product: ticker (slot 2s) and matches (slot 2s+1) sequence advances of more than one. */
  readonly sequenceSkips: Float64Array;
  /**
   * [0] events missed before the last accepted `full` event, [1] trades missed before the last
   * accepted match. Counts derived from float64 ids are doubles: returned from a call V8 does not
   * inline they would be boxed on every message, so they are left here instead.
   */
  readonly lastGaps = new Float64Array(2);

  private readonly tickerSequence: Float64Array;
  private readonly matchSequence: Float64Array;
  private readonly matchTradeId: Float64Array;
  private readonly fullSequence: Float64Array;

  constructor(symbolCount: number) {
    this.symbolCount = symbolCount;
    this.gaps = new Float64Array(symbolCount);
    this.missedTrades = new Float64Array(symbolCount);
    this.stale = new Float64Array(symbolCount);
    this.sequenceSkips = new Float64Array(symbolCount * 2);
    this.tickerSequence = new Float64Array(symbolCount).fill(UNKNOWN);
    this.matchSequence = new Float64Array(symbolCount).fill(UNKNOWN);
    this.matchTradeId = new Float64Array(symbolCount).fill(UNKNOWN);
    this.fullSequence = new Float64Array(symbolCount).fill(UNKNOWN);
  }

  /** Ticker with sequence `values[at]`: false when stale. */
  acceptTicker(symbol: number, values: Float64Array, at: number): boolean {
    const sequence = values[at];
    const last = this.tickerSequence[symbol];
    if (last !== UNKNOWN) {
      if (sequence <= last) return this.refuseStale(symbol);
      if (sequence > last + 1) this.sequenceSkips[2 * symbol] += 1;
    }
    this.tickerSequence[symbol] = sequence;
    return true;
  }

  /**
   * Match (or last_match) with sequence `values[seqAt]` and trade_id `values[tradeAt]`: false when
   * stale; otherwise true, with the number of trades lost before it (0 normally) in `lastGaps[1]`.
   */
  acceptMatch(symbol: number, values: Float64Array, seqAt: number, tradeAt: number): boolean {
    const sequence = values[seqAt];
    const tradeId = values[tradeAt];
    const lastSequence = this.matchSequence[symbol];
    const lastTradeId = this.matchTradeId[symbol];
    if ((lastSequence !== UNKNOWN && sequence <= lastSequence) || (lastTradeId !== UNKNOWN && tradeId <= lastTradeId)) {
      this.stale[symbol] += 1;
      return false;
    }
    if (lastSequence !== UNKNOWN && sequence > lastSequence + 1) this.sequenceSkips[2 * symbol + 1] += 1;
    let missed = 0;
    if (lastTradeId !== UNKNOWN && tradeId > lastTradeId + 1) {
      missed = tradeId - lastTradeId - 1;
      this.gaps[symbol] += 1;
      this.missedTrades[symbol] += missed;
    }
    this.matchSequence[symbol] = sequence;
    this.matchTradeId[symbol] = tradeId;
    this.lastGaps[1] = missed;
    return true;
  }

  /** A `full` channel event with sequence `values[at]`: false when stale; sets lastGaps[0]. */
  acceptFull(symbol: number, values: Float64Array, at: number): boolean {
    const sequence = values[at];
    const last = this.fullSequence[symbol];
    this.lastGaps[0] = 0;
    if (last !== UNKNOWN) {
      if (sequence <= last) return this.refuseStale(symbol);
      if (sequence > last + 1) {
        this.lastGaps[0] = sequence - last - 1;
        this.gaps[symbol] += 1;
      }
    }
    this.fullSequence[symbol] = sequence;
    return true;
  }

  /** Gaps over all products. */
  gapTotal(): number {
    let total = 0;
    for (let s = 0; s < this.symbolCount; s++) total += this.gaps[s];
    return total;
  }

  private refuseStale(symbol: number): false {
    this.stale[symbol] += 1;
    return false;
  }
}
