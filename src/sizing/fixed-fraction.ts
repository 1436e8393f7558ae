/**
 * FixedFractionSizer: L3's first sizing rule, BlendedEdge -> SizedIntent.
 *
 *   target = 0                                                   if |edge| < edgeThresholdBps
 *          = sign(edge) * min(maxPositionUsd, fraction * confidence * equityUsd, room)   otherwise
 *   room   = equityUsd * min(maxLeverage, assetClassLimitPct / 100) - sum over other symbols of
 *            |position + pending|   (never below 0: gross exposure stays within both limits)
 *   diff   = target - (position + pending)
 *   emit an intent for diff if |diff| >= minOrderUsd, priced at the touch: buy at the ask, sell at
 *   the bid; quantity = |diff| / price; notionalUsd = |diff| (unsigned, `side` gives the sign).
 * So a weak edge flattens an open position (the target is 0), and a position is only topped up or
 * trimmed once the change is worth an order.
 *
 * Pending position: the positions the caller passes come from L5's portfolio snapshot and lag the
 * intents by a full round trip (L3 -> L4 -> L5 -> seqlock). Without care the sizer would re-emit
 * the same intent on every tick until the fill shows up. So after emitting, the sizer assumes the
 * intent will fill: it adds the intent's signed notional to `pendingUsd[symbol]` and sizes against
 * `position + pendingUsd`. The caller releases pending as fills become visible in the positions it
 * passes, with `settle(symbol, filledSignedUsd)` (the growth of PortfolioSnapshot's cumulative
 * per-symbol filled notional between two snapshots); it shrinks pending towards 0, never past it,
 * so fills of intents that already expired release nothing. A caller that never settles would see
 * each fill counted twice (in the position and in pending) until the TTL below.
 * Pending also expires `pendingTtlUs` of event time (the record's `ts`) after the last emission for
 * the symbol, so an intent rejected or lost downstream cannot block the symbol forever, and
 * `clearPending(symbol)` / `clearAllPending()` drop it explicitly.
 *
 * Refusals (return false, `rejects[reason] += 1`, nothing written, pending unchanged):
 * unknown symbol; bad params (NaN or negative threshold/fraction/limits, equity <= 0, leverage not
 * positive and finite, asset-class limit outside (0, 100]); kill switch
 * (params[killSwitch] != 0: no new intents at all, not even reducing ones); a NaN/infinite/<= 0 or
 * crossed touch; a NaN/infinite edge or a confidence that is not in [0, 1]; a non-finite position.
 * No intent is ever emitted on a NaN. "Nothing to do" (|diff| < minOrderUsd) also returns false
 * but is not a reject.
 *
 * `SizingParam` indices are the same as the first `RuntimeParam` slots of the pipeline's params
 * block, so a shell can pass its copy of that block as `params` directly.
 *
 * Hot path: `size` allocates nothing and never reads the clock.
 */

import { BlendedEdge, copyHeader, RecordKind, Side, SizedIntent } from '../shm/records.js';

export const SizingParam = {
  edgeThresholdBps: 0,
  /** Fraction of equity per unit of confidence. */
  fraction: 1,
  maxPositionUsd: 2,
  minOrderUsd: 3,
  equityUsd: 4,
  /** Nonzero: emit no intents. */
  killSwitch: 5,
  /** Gross exposure (sum of |position + pending| over symbols) may not exceed this times equity. */
  maxLeverage: 6,
  /** Nor this percentage of equity: the session trades one asset class, so this is its limit. */
  assetClassLimitPct: 7,
} as const;
export const SIZING_PARAM_COUNT = 8;

export const SizerReject = {
  UnknownSymbol: 0,
  BadParams: 1,
  KillSwitch: 2,
  BadPrice: 3,
  BadSignal: 4,
  BadPosition: 5,
  /** Counted by the caller: an intent that would add exposure to a symbol whose data went stale. */
  StaleSymbol: 6,
} as const;
export const SIZER_REJECT_REASONS = ['unknown_symbol', 'bad_params', 'kill_switch', 'bad_price', 'bad_signal', 'bad_position', 'stale_symbol'] as const;

export interface FixedFractionSizerOptions {
  /** Event time after which an unsettled pending intent is forgotten, µs (default 5 s). */
  pendingTtlUs?: number;
  /** First intentId (default 1); a restarted L3 can continue past the last id it published. */
  firstIntentId?: number;
  /** Count refusals here (one slot per SIZER_REJECT_REASONS entry, e.g. shared memory) instead of a private array. */
  rejects?: Float64Array;
}

export class FixedFractionSizer {
  readonly symbolCount: number;
  /** Refusals by SizerReject reason. */
  readonly rejects: Float64Array;
  /** Signed USD notional emitted but not yet settled, per symbol. */
  readonly pendingUsd: Float64Array;
  /** `ts` of the last emission per symbol (for the pending TTL). */
  private readonly pendingTs: Float64Array;
  /**
   * [0] = next intentId, [1] = pending TTL µs, [2] = intents emitted, [3] = settle() argument,
   * [4] = the pending clock (µs) when the caller sets one, else 0 (then the record's `ts` serves).
   */
  private readonly state = new Float64Array(5);

  constructor(symbolCount: number, opts: FixedFractionSizerOptions = {}) {
    if (!Number.isInteger(symbolCount) || symbolCount <= 0) throw new Error(`FixedFractionSizer: bad symbolCount ${symbolCount}`);
    this.symbolCount = symbolCount;
    if (opts.rejects && opts.rejects.length < SIZER_REJECT_REASONS.length) throw new Error(`FixedFractionSizer: rejects needs ${SIZER_REJECT_REASONS.length} slots, got ${opts.rejects.length}`);
    this.rejects = opts.rejects ?? new Float64Array(SIZER_REJECT_REASONS.length);
    this.pendingUsd = new Float64Array(symbolCount);
    this.pendingTs = new Float64Array(symbolCount);
    this.state[0] = opts.firstIntentId ?? 1;
    this.state[1] = opts.pendingTtlUs ?? 5_000_000;
  }

  /**
   * Size one BlendedEdge. `params` is indexed by SizingParam; `positionsUsd[symbol]` is the current
   * signed position in USD (from the portfolio snapshot). Writes a SizedIntent at `out[outBase..]`
   * and returns true, or returns false and writes nothing.
   */
  size(
    inF64: Float64Array, inBase: number,
    params: Float64Array, positionsUsd: Float64Array,
    out: Float64Array, outBase: number,
  ): boolean {
    const symbol = inF64[inBase + BlendedEdge.instrument];
    if (!(symbol >= 0 && symbol < this.symbolCount && Math.floor(symbol) === symbol)) return this.reject(SizerReject.UnknownSymbol);

    const threshold = params[SizingParam.edgeThresholdBps];
    const fraction = params[SizingParam.fraction];
    const maxPosition = params[SizingParam.maxPositionUsd];
    const minOrder = params[SizingParam.minOrderUsd];
    const equity = params[SizingParam.equityUsd];
    const kill = params[SizingParam.killSwitch];
    const leverage = params[SizingParam.maxLeverage];
    const classPct = params[SizingParam.assetClassLimitPct];
    if (!(threshold >= 0) || !(fraction >= 0) || !(maxPosition >= 0) || !(minOrder >= 0) || !(equity > 0) || kill !== kill
      || threshold === Infinity || fraction === Infinity || equity === Infinity
      || !(leverage > 0 && leverage < Infinity) || !(classPct > 0 && classPct <= 100)) {
      return this.reject(SizerReject.BadParams);
    }
    if (kill !== 0) return this.reject(SizerReject.KillSwitch);

    const bid = inF64[inBase + BlendedEdge.bid];
    const ask = inF64[inBase + BlendedEdge.ask];
    if (!(bid > 0) || !(ask > bid) || ask === Infinity) return this.reject(SizerReject.BadPrice);
    const edge = inF64[inBase + BlendedEdge.edgeBps];
    const confidence = inF64[inBase + BlendedEdge.confidence];
    if (!(edge > -Infinity && edge < Infinity) || !(confidence >= 0 && confidence <= 1)) return this.reject(SizerReject.BadSignal);
    const position = positionsUsd[symbol];
    if (!(position > -Infinity && position < Infinity)) return this.reject(SizerReject.BadPosition);

    const ts = inF64[inBase + BlendedEdge.ts];
    // Expire a pending intent that never settled (rejected or lost downstream).
    const clock = this.state[4] > 0 ? this.state[4] : ts;
    if (this.pendingUsd[symbol] !== 0 && clock - this.pendingTs[symbol] > this.state[1]) this.pendingUsd[symbol] = 0;

    let target = 0;
    if (Math.abs(edge) >= threshold) {
      let magnitude = fraction * confidence * equity;
      if (magnitude > maxPosition) magnitude = maxPosition;
      const room = this.grossRoom(symbol, positionsUsd, equity * Math.min(leverage, classPct / 100));
      if (magnitude > room) magnitude = room;
      target = edge > 0 ? magnitude : edge < 0 ? -magnitude : 0;
    }
    const diff = target - (position + this.pendingUsd[symbol]);
    const notional = Math.abs(diff);
    if (!(notional >= minOrder) || notional === 0) return false;

    const buy = diff > 0;
    const price = buy ? ask : bid;
    const intentId = this.state[0];
    this.state[0] = intentId + 1;
    this.state[2] += 1;
    this.pendingUsd[symbol] += diff;
    this.pendingTs[symbol] = clock;

    copyHeader(inF64, inBase, out, outBase, RecordKind.SizedIntent);
    out[outBase + SizedIntent.seq] = intentId;
    out[outBase + SizedIntent.side] = buy ? Side.Buy : Side.Sell;
    out[outBase + SizedIntent.quantity] = notional / price;
    out[outBase + SizedIntent.limitPrice] = price;
    out[outBase + SizedIntent.notionalUsd] = notional;
    out[outBase + SizedIntent.edgeBps] = edge;
    out[outBase + SizedIntent.confidence] = confidence;
    out[outBase + SizedIntent.targetPositionUsd] = target;
    return true;
  }

  /**
   * How large `symbol`'s position may be while the other symbols hold what they hold (positions
   * plus what is pending towards them) and gross exposure stays within `capUsd`. A cap lowered by a
   * reload below what is already held leaves 0: every symbol is then sized down as its signals come.
   * O(symbols) per call; sessions trade tens of symbols, and the loop allocates nothing.
   */
  private grossRoom(symbol: number, positionsUsd: Float64Array, capUsd: number): number {
    let others = 0;
    for (let s = 0; s < this.symbolCount; s++) {
      if (s !== symbol) others += Math.abs(positionsUsd[s] + this.pendingUsd[s]);
    }
    return others >= capUsd ? 0 : capUsd - others;
  }

  /**
   * Fills worth `filledSignedUsd` (buys +, sells -) are now included in the positions passed to
   * `size`: release that much of `symbol`'s pending notional (towards 0, never past it).
   */
  settle(symbol: number, filledSignedUsd: number): void {
    // Shim: a double argument to a call V8 does not inline is boxed; through the array it is not.
    this.state[3] = filledSignedUsd;
    this.settleAt(symbol);
  }

  private settleAt(symbol: number): void {
    const filledSignedUsd = this.state[3];
    if (!(symbol >= 0 && symbol < this.symbolCount && Math.floor(symbol) === symbol)) return;
    if (!(filledSignedUsd > -Infinity && filledSignedUsd < Infinity) || filledSignedUsd === 0) return;
    const pending = this.pendingUsd[symbol];
    const rest = pending - filledSignedUsd;
    if (pending > 0) this.pendingUsd[symbol] = rest <= 0 ? 0 : rest < pending ? rest : pending;
    else if (pending < 0) this.pendingUsd[symbol] = rest >= 0 ? 0 : rest > pending ? rest : pending;
  }

  /** The signed notional this sizer assumes is on its way to `symbol`'s position. */
  pendingPositionUsd(symbol: number): number {
    return this.pendingUsd[symbol];
  }

  clearPending(symbol: number): void {
    if (symbol >= 0 && symbol < this.symbolCount) this.pendingUsd[symbol] = 0;
  }

  clearAllPending(): void {
    this.pendingUsd.fill(0);
  }

  /**
   * Measure the pending TTL on this clock (µs, e.g. the worker's monotonic time per batch)
   * instead of the records' event time. The TTL is about how long an intent may take to come
   * back through execution and the portfolio: a property of the pipeline, not of the market.
   * On event time, a replay that covers 15 s of market per event forgot every pending intent at
   * once and re-sent it before the portfolio could show it, overshooting without bound.
   */
  setPendingClock(nowUs: number): void {
    this.state[4] = nowUs;
  }

  /** Intents emitted so far. */
  intentCount(): number {
    return this.state[2];
  }

  private reject(reason: number): boolean {
    this.rejects[reason] += 1;
    return false;
  }
}
