/**
 * Portfolio: L5's book of positions, cash and PnL, fed by fills, marked by prices.
 *
 * Accounting (FIFO cost, as the tax report reckons it: fifo-cost-lots.ts):
 * - Each symbol has a signed quantity q, held as the lots that made it, oldest first; its cost a is
 *   the size-weighted price of the open lots.
 * - A fill that opens or adds (q == 0 or same sign) adds a lot.
 * - A fill that reduces closes the oldest lots first and realises each at its own price:
 *   (price - lot price) * closed * sign(q); one that crosses through zero closes them all and opens
 *   the remainder at the fill price. (Buy 1 at 100 and 1 at 200, sell 1 at 150: +50 realised, and
 *   the open lot costs 200; average cost would say 0 and 150.)
 * - Per symbol, realised PnL before fees and the fees paid are kept too, so the book can be read
 *   per account (the venue an instrument trades on) and per asset class.
 * - cash -= signedQty * price + fee. Fees are tracked separately and also counted in realised PnL.
 * - realizedPnlUsd() is NET of fees (gross realised trading PnL minus all fees paid), so that
 *   equity = startingEquity + realizedPnl + unrealizedPnl = cash + sum_s q_s * mark_s.
 * - unrealizedPnlUsd() = sum_s q_s * (mark_s - a_s); positionUsd(s) = q_s * mark_s (signed).
 * - A fill also marks its symbol at the fill price (the freshest price L5 has); `mark()` takes
 *   market prices from the shell when it has them.
 * - grossLeverage() = sum_s |q_s * mark_s| / equity, tracked with its maximum after every fill and
 *   mark: what `risk.maxLeverage` promises, as the book actually reached it.
 * - A reload of `risk.equityUsd` is a deposit or withdrawal (`setStartingEquity`): cash, the
 *   starting equity and the peak move by the difference, so PnL and drawdown keep their meaning.
 * - drawdownPct() = 100 * (peak - equity) / peak, with the peak equity tracked after every fill and
 *   every mark (starting at the starting equity); maxDrawdownPct() is the deepest it has been.
 * Quantities that cancel to within 1e-9 (relative) of zero are snapped to 0, so buying 0.1 + 0.2
 * and selling 0.3 leaves a flat position rather than 5e-17.
 *
 * Bad fills (unknown symbol, NaN/<= 0 price or quantity, side not +-1, non-finite fee) are refused:
 * onFill returns false and counts the reason in `rejects`; the book is unchanged.
 *
 * Equity is recomputed over all symbols (O(symbols)) after each fill or mark; symbol counts are
 * small, and an exact sum avoids the drift of an incrementally maintained total.
 *
 * Hot path: onFill, mark and writeSnapshot allocate nothing. The number getters return doubles,
 * which V8 boxes when the call is not inlined: they are for shells and tests, not per record.
 */

import { OrderEvent } from '../shm/records.js';
import { FifoCostLots, LotIo } from './fifo-cost-lots.js';

const HEADER = 19;
const LOTS_PER_SYMBOL = 64;
/**
 * Layout of the portfolio snapshot L5 publishes through a seqlock block (read by sizing, the
 * metrics exporter, and by L5 itself after a restart). A header of fixed slots, then five
 * per-symbol arrays for n symbols:
 *   positionUsd(s)  at `PortfolioSnapshot.positionUsd + s`          signed USD at the mark
 *   positionQty(s)  at `PortfolioSnapshot.positionQtyBase(n) + s`   signed quantity
 *   avgPrice(s)     at `PortfolioSnapshot.avgPriceBase(n) + s`      average entry price
 *   markPrice(s)    at `PortfolioSnapshot.markPriceBase(n) + s`     last mark
 *   filledUsd(s)    at `PortfolioSnapshot.filledUsdBase(n) + s`     cumulative signed filled notional
 *                   (buys +, sells -): sizing diffs it between snapshots to settle its pending intents
 * `varPct`, `esPct` and `varMethod` belong to the VaR model (not computed here): writeSnapshot leaves
 * them as they are, so a risk-metrics step can fill it in the same array before publishing.
 */
export const PortfolioSnapshot = Object.freeze({
  equity: 0,
  realizedPnl: 1,
  unrealizedPnl: 2,
  drawdownPct: 3,
  fills: 4,
  feesUsd: 5,
  cashUsd: 6,
  peakEquity: 7,
  /** realized + unrealized = equity - startingEquity. */
  totalPnl: 8,
  varPct: 9,
  lastEventSeq: 10,
  startingEquity: 11,
  /** Realised PnL before fees (with feesUsd, lets a restart rebuild the accounts exactly). */
  realizedGross: 12,
  /** Largest drawdownPct seen since the start (survives a restart with the rest of the book). */
  maxDrawdownPct: 13,
  /** Gross exposure (sum of |position| at the marks) over equity, now and the highest since the start. */
  grossLeverage: 14,
  maxGrossLeverage: 15,
  /** Notional traded, buys and sells both counted (USD): what fees and spreads were paid on. */
  turnoverUsd: 16,
  /** The one-day 99% Expected Shortfall beside varPct, and the VarMethod that produced both (the risk stage's). */
  esPct: 17,
  varMethod: 18,
  positionUsd: HEADER,
  /** Open FIFO lots kept per symbol (more are merged into the newest: see fifo-cost-lots.ts). */
  lotsPerSymbol: LOTS_PER_SYMBOL,
  positionQtyBase: (symbolCount: number): number => HEADER + symbolCount,
  avgPriceBase: (symbolCount: number): number => HEADER + 2 * symbolCount,
  markPriceBase: (symbolCount: number): number => HEADER + 3 * symbolCount,
  filledUsdBase: (symbolCount: number): number => HEADER + 4 * symbolCount,
  /** Per symbol: realised PnL before fees, and fees paid. */
  realizedGrossBase: (symbolCount: number): number => HEADER + 5 * symbolCount,
  feesBase: (symbolCount: number): number => HEADER + 6 * symbolCount,
  /** Per symbol: how many open lots follow at lotsBase; lot k of symbol s is [qty, price] at lotsBase + 2 * (s * lotsPerSymbol + k). */
  lotCountBase: (symbolCount: number): number => HEADER + 7 * symbolCount,
  lotsBase: (symbolCount: number): number => HEADER + 8 * symbolCount,
  fieldCount: (symbolCount: number): number => HEADER + 8 * symbolCount + 2 * LOTS_PER_SYMBOL * symbolCount,
});

export const PortfolioReject = { UnknownSymbol: 0, BadPrice: 1, BadQuantity: 2, BadSide: 3, BadFee: 4 } as const;
export const PORTFOLIO_REJECT_REASONS = ['unknown_symbol', 'bad_price', 'bad_quantity', 'bad_side', 'bad_fee'] as const;

const Acc = {
  StartEquity: 0, Cash: 1, RealizedGross: 2, Fees: 3, Peak: 4, Fills: 5, Equity: 6, LastEventSeq: 7, Scratch: 8, MaxDrawdown: 9,
  GrossLeverage: 10, MaxGrossLeverage: 11, Turnover: 12,
} as const;
const ZERO_EPS = 1e-9;

export class Portfolio {
  readonly symbolCount: number;
  readonly rejects: Float64Array;
  private readonly qty: Float64Array;
  private readonly avgPrice: Float64Array;
  private readonly markPrice: Float64Array;
  private readonly filledUsd: Float64Array;
  private readonly realizedBySymbol: Float64Array;
  private readonly feesBySymbol: Float64Array;
  private readonly lots: FifoCostLots;
  private readonly acc = new Float64Array(13);

  /** `rejects`: count refused fills here (one slot per PORTFOLIO_REJECT_REASONS entry, e.g. shared memory). */
  constructor(symbolCount: number, startingEquityUsd: number, rejects?: Float64Array) {
    if (!Number.isInteger(symbolCount) || symbolCount <= 0) throw new Error(`Portfolio: bad symbolCount ${symbolCount}`);
    if (!(startingEquityUsd > 0) || !Number.isFinite(startingEquityUsd)) throw new Error(`Portfolio: startingEquityUsd must be > 0, got ${startingEquityUsd}`);
    this.symbolCount = symbolCount;
    if (rejects && rejects.length < PORTFOLIO_REJECT_REASONS.length) throw new Error(`Portfolio: rejects needs ${PORTFOLIO_REJECT_REASONS.length} slots, got ${rejects.length}`);
    this.rejects = rejects ?? new Float64Array(PORTFOLIO_REJECT_REASONS.length);
    this.qty = new Float64Array(symbolCount);
    this.avgPrice = new Float64Array(symbolCount);
    this.markPrice = new Float64Array(symbolCount);
    this.filledUsd = new Float64Array(symbolCount);
    this.realizedBySymbol = new Float64Array(symbolCount);
    this.feesBySymbol = new Float64Array(symbolCount);
    this.lots = new FifoCostLots(symbolCount, LOTS_PER_SYMBOL);
    this.acc[Acc.StartEquity] = startingEquityUsd;
    this.acc[Acc.Cash] = startingEquityUsd;
    this.acc[Acc.Peak] = startingEquityUsd;
    this.acc[Acc.Equity] = startingEquityUsd;
    this.acc[Acc.LastEventSeq] = 0;
  }

  /**
   * Book the trade of one fill event (an OrderEvent: OrderFilled or OrderPartiallyFilled; its
   * `lastQty` at `lastPrice`). Returns false (and counts why) if it is malformed.
   */
  onFill(f64: Float64Array, base: number): boolean {
    const s = f64[base + OrderEvent.instrument];
    const price = f64[base + OrderEvent.lastPrice];
    const quantity = f64[base + OrderEvent.lastQty];
    const side = f64[base + OrderEvent.side];
    const fee = f64[base + OrderEvent.feeUsd];
    if (!this.known(s)) return this.reject(PortfolioReject.UnknownSymbol);
    if (!(price > 0) || price === Infinity) return this.reject(PortfolioReject.BadPrice);
    if (!(quantity > 0) || quantity === Infinity) return this.reject(PortfolioReject.BadQuantity);
    if (side !== 1 && side !== -1) return this.reject(PortfolioReject.BadSide);
    if (!(fee > -Infinity && fee < Infinity)) return this.reject(PortfolioReject.BadFee);

    const q = this.qty[s];
    const dq = side * quantity;
    let newQ = q + dq;
    if (Math.abs(newQ) <= ZERO_EPS * (Math.abs(q) > quantity ? Math.abs(q) : quantity)) newQ = 0;

    const lots = this.lots;
    const io = lots.io;
    io[LotIo.qty] = quantity;
    io[LotIo.price] = price;
    lots.fill(s, q > 0 ? 1 : q < 0 ? -1 : 0, side);
    this.acc[Acc.RealizedGross] += io[LotIo.realized];
    this.realizedBySymbol[s] += io[LotIo.realized];
    if (newQ === 0) {
      // Snapped flat: no lot is left, whatever float dust the closes left behind.
      lots.clear(s);
      this.avgPrice[s] = 0;
    } else if (lots.lotCount(s) === 0) {
      // The other way round (dust the lots dropped that the position kept): one lot for it.
      io[LotIo.qty] = newQ > 0 ? newQ : -newQ;
      lots.fill(s, 0, newQ > 0 ? 1 : -1);
      this.avgPrice[s] = price;
    } else {
      this.avgPrice[s] = io[LotIo.averageCost];
    }
    this.qty[s] = newQ;
    this.feesBySymbol[s] += fee;
    this.acc[Acc.Cash] -= dq * price + fee;
    this.acc[Acc.Fees] += fee;
    this.acc[Acc.Fills] += 1;
    this.filledUsd[s] += dq * price;
    this.acc[Acc.Turnover] += quantity * price;
    const seq = f64[base + OrderEvent.seq];
    if (seq > this.acc[Acc.LastEventSeq]) this.acc[Acc.LastEventSeq] = seq;
    this.markPrice[s] = price;
    this.updateEquity();
    return true;
  }

  /** Mark `symbol` at a market price. Returns false (and counts) for an unknown symbol or bad price. */
  mark(symbol: number, price: number): boolean {
    // Shim: a double argument to a call V8 does not inline is boxed; through the array it is not.
    this.acc[Acc.Scratch] = price;
    return this.markAt(symbol);
  }

  private markAt(symbol: number): boolean {
    const price = this.acc[Acc.Scratch];
    if (!this.known(symbol)) return this.reject(PortfolioReject.UnknownSymbol);
    if (!(price > 0) || price === Infinity) return this.reject(PortfolioReject.BadPrice);
    this.markPrice[symbol] = price;
    this.updateEquity();
    return true;
  }

  positionQty(symbol: number): number {
    return this.qty[symbol];
  }

  positionUsd(symbol: number): number {
    return this.qty[symbol] * this.markPrice[symbol];
  }

  averagePrice(symbol: number): number {
    return this.avgPrice[symbol];
  }

  /** Realised PnL net of fees. */
  realizedPnlUsd(): number {
    return this.acc[Acc.RealizedGross] - this.acc[Acc.Fees];
  }

  unrealizedPnlUsd(): number {
    let total = 0;
    for (let s = 0; s < this.symbolCount; s++) {
      const q = this.qty[s];
      if (q !== 0) total += q * (this.markPrice[s] - this.avgPrice[s]);
    }
    return total;
  }

  equityUsd(): number {
    return this.acc[Acc.Equity];
  }

  cashUsd(): number {
    return this.acc[Acc.Cash];
  }

  feesUsd(): number {
    return this.acc[Acc.Fees];
  }

  peakEquityUsd(): number {
    return this.acc[Acc.Peak];
  }

  /** Drawdown from the running peak equity, in percent (0 at a new high). */
  drawdownPct(): number {
    const peak = this.acc[Acc.Peak];
    const dd = (100 * (peak - this.acc[Acc.Equity])) / peak;
    return dd > 0 ? dd : 0;
  }

  /** The deepest drawdownPct since the start. */
  maxDrawdownPct(): number {
    return this.acc[Acc.MaxDrawdown];
  }

  fillCount(): number {
    return this.acc[Acc.Fills];
  }

  /**
   * An order event that changes nothing in the book (submitted, accepted, cancelled...) still
   * moves the last event seen, so a restart skips it too. Reads `OrderEvent.seq` from the record.
   */
  noteEvent(f64: Float64Array, base: number): void {
    const seq = f64[base + OrderEvent.seq];
    if (seq > this.acc[Acc.LastEventSeq]) this.acc[Acc.LastEventSeq] = seq;
  }

  /**
   * Highest OrderEvent.seq booked so far (0 before the first): a restarted L5 skips events up to
   * it, which its predecessor booked before publishing the snapshot it restores from.
   */
  lastEventSeq(): number {
    return this.acc[Acc.LastEventSeq];
  }

  startingEquityUsd(): number {
    return this.acc[Acc.StartEquity];
  }

  /** Write the PortfolioSnapshot layout into `out` (at least PortfolioSnapshot.fieldCount(n) slots). */
  writeSnapshot(out: Float64Array): void {
    const n = this.symbolCount;
    const equity = this.acc[Acc.Equity];
    // Computed here rather than through the getters: a double returned from a call V8 does not
    // inline is boxed, and this method is too big for everything it calls to be inlined.
    out[PortfolioSnapshot.equity] = equity;
    out[PortfolioSnapshot.realizedPnl] = this.acc[Acc.RealizedGross] - this.acc[Acc.Fees];
    const peak = this.acc[Acc.Peak];
    const dd = (100 * (peak - equity)) / peak;
    out[PortfolioSnapshot.drawdownPct] = dd > 0 ? dd : 0;
    out[PortfolioSnapshot.fills] = this.acc[Acc.Fills];
    out[PortfolioSnapshot.feesUsd] = this.acc[Acc.Fees];
    out[PortfolioSnapshot.cashUsd] = this.acc[Acc.Cash];
    out[PortfolioSnapshot.peakEquity] = this.acc[Acc.Peak];
    out[PortfolioSnapshot.totalPnl] = equity - this.acc[Acc.StartEquity];
    out[PortfolioSnapshot.lastEventSeq] = this.acc[Acc.LastEventSeq];
    out[PortfolioSnapshot.startingEquity] = this.acc[Acc.StartEquity];
    out[PortfolioSnapshot.realizedGross] = this.acc[Acc.RealizedGross];
    out[PortfolioSnapshot.maxDrawdownPct] = this.acc[Acc.MaxDrawdown];
    out[PortfolioSnapshot.grossLeverage] = this.acc[Acc.GrossLeverage];
    out[PortfolioSnapshot.maxGrossLeverage] = this.acc[Acc.MaxGrossLeverage];
    out[PortfolioSnapshot.turnoverUsd] = this.acc[Acc.Turnover];
    const qtyBase = HEADER + n;
    const avgBase = HEADER + 2 * n;
    const markBase = HEADER + 3 * n;
    const filledBase = HEADER + 4 * n;
    const realizedBase = HEADER + 5 * n;
    const feesBase = HEADER + 6 * n;
    const lotCountBase = HEADER + 7 * n;
    const lotsBase = HEADER + 8 * n;
    let unrealized = 0;
    for (let s = 0; s < n; s++) {
      if (this.qty[s] !== 0) unrealized += this.qty[s] * (this.markPrice[s] - this.avgPrice[s]);
      out[realizedBase + s] = this.realizedBySymbol[s];
      out[feesBase + s] = this.feesBySymbol[s];
      const lotsAt = lotsBase + 2 * s * LOTS_PER_SYMBOL;
      const lotCount = this.lots.writeTo(s, out, lotsAt);
      out[lotCountBase + s] = lotCount;
      // Slots past the open lots read 0, never a lot closed since.
      for (let k = 2 * lotCount; k < 2 * LOTS_PER_SYMBOL; k++) out[lotsAt + k] = 0;
      out[filledBase + s] = this.filledUsd[s];
      out[HEADER + s] = this.qty[s] * this.markPrice[s];
      out[qtyBase + s] = this.qty[s];
      out[avgBase + s] = this.avgPrice[s];
      out[markBase + s] = this.markPrice[s];
    }
    out[PortfolioSnapshot.unrealizedPnl] = unrealized;
  }

  /**
   * Rebuild the book from a snapshot written by `writeSnapshot` of a portfolio with the same
   * symbol count (a restarted L5 resumes from its last published state). Returns false and changes
   * nothing if the snapshot is too short, was never written (starting equity not > 0), or holds a
   * non-finite value.
   */
  restoreSnapshot(snap: Float64Array): boolean {
    const n = this.symbolCount;
    if (snap.length < PortfolioSnapshot.fieldCount(n)) return false;
    if (!(snap[PortfolioSnapshot.startingEquity] > 0)) return false;
    for (let i = 0; i < PortfolioSnapshot.fieldCount(n); i++) {
      // VaR may be NaN (not enough data) and leverage Infinity (equity gone); the rest must be finite.
      if (i === PortfolioSnapshot.varPct || i === PortfolioSnapshot.esPct || i === PortfolioSnapshot.grossLeverage || i === PortfolioSnapshot.maxGrossLeverage) continue;
      if (!Number.isFinite(snap[i])) return false;
    }
    this.acc[Acc.StartEquity] = snap[PortfolioSnapshot.startingEquity];
    this.acc[Acc.Cash] = snap[PortfolioSnapshot.cashUsd];
    this.acc[Acc.RealizedGross] = snap[PortfolioSnapshot.realizedGross];
    this.acc[Acc.Fees] = snap[PortfolioSnapshot.feesUsd];
    this.acc[Acc.Peak] = snap[PortfolioSnapshot.peakEquity];
    this.acc[Acc.Fills] = snap[PortfolioSnapshot.fills];
    this.acc[Acc.LastEventSeq] = snap[PortfolioSnapshot.lastEventSeq];
    this.acc[Acc.MaxDrawdown] = snap[PortfolioSnapshot.maxDrawdownPct];
    this.acc[Acc.MaxGrossLeverage] = snap[PortfolioSnapshot.maxGrossLeverage];
    this.acc[Acc.Turnover] = snap[PortfolioSnapshot.turnoverUsd];
    // The lots first: a snapshot whose lots do not read changes nothing.
    for (let s = 0; s < n; s++) {
      if (!this.lots.readFrom(s, snap, PortfolioSnapshot.lotsBase(n) + 2 * s * LOTS_PER_SYMBOL, snap[PortfolioSnapshot.lotCountBase(n) + s])) {
        for (let r = 0; r < n; r++) this.lots.clear(r);
        return false;
      }
    }
    for (let s = 0; s < n; s++) {
      this.qty[s] = snap[HEADER + n + s];
      this.avgPrice[s] = snap[HEADER + 2 * n + s];
      this.markPrice[s] = snap[HEADER + 3 * n + s];
      this.filledUsd[s] = snap[HEADER + 4 * n + s];
      this.realizedBySymbol[s] = snap[PortfolioSnapshot.realizedGrossBase(n) + s];
      this.feesBySymbol[s] = snap[PortfolioSnapshot.feesBase(n) + s];
    }
    this.updateEquity();
    return true;
  }

  /**
   * The account's capital changed (a reload of `risk.equityUsd`): move cash, the starting equity
   * and the peak by the difference, as a deposit or withdrawal would. Returns false (and changes
   * nothing) for a value that is not positive and finite.
   */
  setStartingEquity(usd: number): boolean {
    if (!(usd > 0 && usd < Infinity)) return false;
    const delta = usd - this.acc[Acc.StartEquity];
    if (delta === 0) return true;
    this.acc[Acc.StartEquity] = usd;
    this.acc[Acc.Cash] += delta;
    this.acc[Acc.Peak] += delta;
    this.updateEquity();
    return true;
  }

  /** Gross exposure over equity at the last fill or mark. */
  grossLeverage(): number {
    return this.acc[Acc.GrossLeverage];
  }

  /** The highest grossLeverage since the start. */
  maxGrossLeverage(): number {
    return this.acc[Acc.MaxGrossLeverage];
  }

  private updateEquity(): void {
    let value = 0;
    let gross = 0;
    for (let s = 0; s < this.symbolCount; s++) {
      const q = this.qty[s];
      if (q === 0) continue;
      const v = q * this.markPrice[s];
      value += v;
      gross += v < 0 ? -v : v;
    }
    const equity = this.acc[Acc.Cash] + value;
    // A book whose equity is gone has unbounded leverage; report it as such rather than negative.
    const leverage = equity > 0 ? gross / equity : gross > 0 ? Infinity : 0;
    this.acc[Acc.GrossLeverage] = leverage;
    if (leverage > this.acc[Acc.MaxGrossLeverage]) this.acc[Acc.MaxGrossLeverage] = leverage;
    this.acc[Acc.Equity] = equity;
    if (equity > this.acc[Acc.Peak]) this.acc[Acc.Peak] = equity;
    // Inline rather than drawdownPct(): a double returned from a call V8 does not inline is boxed.
    const dd = (100 * (this.acc[Acc.Peak] - equity)) / this.acc[Acc.Peak];
    if (dd > this.acc[Acc.MaxDrawdown]) this.acc[Acc.MaxDrawdown] = dd;
  }

  private known(symbol: number): boolean {
    return symbol >= 0 && symbol < this.symbolCount && Math.floor(symbol) === symbol;
  }

  private reject(reason: number): boolean {
    this.rejects[reason] += 1;
    return false;
  }
}
