/**
 * The book read per account and per asset class: an account is the venue an instrument trades on
 * (each venue holds its own cash and positions), an asset class the registry's class of the
 * instrument. Summed from the portfolio snapshot's per-symbol arrays, so every figure adds up to
 * the whole book: positions at the marks, gross and net exposure, FIFO realised PnL net of fees,
 * unrealised PnL against the open lots' cost, fees, and the cash the trades moved.
 *
 * Cash: each slice's `cash_flow_usd` is what its trades moved (sale proceeds less purchase costs
 * and fees), read from the snapshot as realised PnL before fees, less fees, less the cost of the
 * lots still open (a short's open lots were sold, so their cost is cash in). An account also
 * starts with cash (`startingCash`: risk.accountEquityUsd, or the session's equity split evenly
 * across the venues it trades on), and its `cash_usd` is that plus its flow, its `equity_usd`
 * that cash plus its positions at the marks. The accounts' equity adds up to the book's.
 */
import type { Instrument } from '../core/instrument-registry.js';
import { PortfolioSnapshot } from './portfolio.js';

export interface BookSlice {
  /** Instruments in the slice. */
  readonly symbols: string[];
  gross_exposure_usd: number;
  net_exposure_usd: number;
  realized_pnl_usd: number;
  unrealized_pnl_usd: number;
  fees_usd: number;
  cash_flow_usd: number;
}

/** An account (venue) also holds cash. */
export interface AccountSlice extends BookSlice {
  starting_cash_usd: number;
  cash_usd: number;
  equity_usd: number;
}

export interface AccountBreakdown {
  readonly accounts: Record<string, AccountSlice>;
  readonly asset_classes: Record<string, BookSlice>;
}

/**
 * Each account's starting cash: `given` (risk.accountEquityUsd) when it names any account, else
 * `equityUsd` split evenly across the venues `instruments` trade on.
 */
export function startingCashOf(equityUsd: number, given: Readonly<Record<string, number>>, instruments: readonly Instrument[]): Record<string, number> {
  if (Object.keys(given).length > 0) return { ...given };
  const venues = [...new Set(instruments.map((i) => i.venue))];
  return Object.fromEntries(venues.map((v) => [v, equityUsd / venues.length]));
}

/**
 * The slices of `snapshot` (PortfolioSnapshot layout) by account and by asset class, the accounts
 * starting with `startingCash` (startingCashOf); figures rounded to cents.
 */
export function accountBreakdown(snapshot: Float64Array, instruments: readonly Instrument[], startingCash: Readonly<Record<string, number>> = {}): AccountBreakdown {
  const n = instruments.length;
  const accounts: Record<string, AccountSlice> = {};
  const classes: Record<string, BookSlice> = {};
  const empty = (): BookSlice => ({ symbols: [], gross_exposure_usd: 0, net_exposure_usd: 0, realized_pnl_usd: 0, unrealized_pnl_usd: 0, fees_usd: 0, cash_flow_usd: 0 });
  const account = (venue: string): AccountSlice => ({ ...empty(), starting_cash_usd: startingCash[venue] ?? 0, cash_usd: 0, equity_usd: 0 });
  for (const venue of Object.keys(startingCash)) accounts[venue] = account(venue);
  for (let s = 0; s < n; s++) {
    const inst = instruments[s];
    const qty = snapshot[PortfolioSnapshot.positionQtyBase(n) + s];
    const mark = snapshot[PortfolioSnapshot.markPriceBase(n) + s];
    const cost = snapshot[PortfolioSnapshot.avgPriceBase(n) + s];
    const value = qty === 0 ? 0 : qty * mark;
    const fees = snapshot[PortfolioSnapshot.feesBase(n) + s];
    const realized = snapshot[PortfolioSnapshot.realizedGrossBase(n) + s] - fees;
    const unrealized = qty === 0 ? 0 : qty * (mark - cost);
    const cashFlow = realized - (qty === 0 ? 0 : qty * cost);
    for (const slice of [accounts[inst.venue] ??= account(inst.venue), classes[inst.assetClass] ??= empty()]) {
      slice.symbols.push(inst.symbol);
      slice.gross_exposure_usd += Math.abs(value);
      slice.net_exposure_usd += value;
      slice.realized_pnl_usd += realized;
      slice.unrealized_pnl_usd += unrealized;
      slice.fees_usd += fees;
      slice.cash_flow_usd += cashFlow;
    }
  }
  for (const a of Object.values(accounts)) {
    a.cash_usd = a.starting_cash_usd + a.cash_flow_usd;
    a.equity_usd = a.cash_usd + a.net_exposure_usd;
    a.starting_cash_usd = cents(a.starting_cash_usd);
    a.cash_usd = cents(a.cash_usd);
    a.equity_usd = cents(a.equity_usd);
  }
  for (const slice of [...Object.values(accounts), ...Object.values(classes)]) {
    slice.gross_exposure_usd = cents(slice.gross_exposure_usd);
    slice.net_exposure_usd = cents(slice.net_exposure_usd);
    slice.realized_pnl_usd = cents(slice.realized_pnl_usd);
    slice.unrealized_pnl_usd = cents(slice.unrealized_pnl_usd);
    slice.fees_usd = cents(slice.fees_usd);
    slice.cash_flow_usd = cents(slice.cash_flow_usd);
  }
  return { accounts, asset_classes: classes };
}

function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}
