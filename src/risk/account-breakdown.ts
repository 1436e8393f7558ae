/**
 * The book read per account and per asset class: an account is the venue an instrument trades on
 * (each venue holds its own cash and positions), an asset class the registry's class of the
 * instrument. Summed from the portfolio snapshot's per-symbol arrays, so every figure adds up to
 * the whole book: positions at the marks, gross and net exposure, FIFO realised PnL net of fees,
 * unrealised PnL against the open lots' cost, and fees.
 *
 * Cash per account is not kept: a session starts from one equity figure (risk.equityUsd), not one
 * per venue, so an account's contribution is its PnL and exposure.
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
}

export interface AccountBreakdown {
  readonly accounts: Record<string, BookSlice>;
  readonly asset_classes: Record<string, BookSlice>;
}

/** The slices of `snapshot` (PortfolioSnapshot layout) by account and by asset class; figures rounded to cents. */
export function accountBreakdown(snapshot: Float64Array, instruments: readonly Instrument[]): AccountBreakdown {
  const n = instruments.length;
  const accounts: Record<string, BookSlice> = {};
  const classes: Record<string, BookSlice> = {};
  const empty = (): BookSlice => ({ symbols: [], gross_exposure_usd: 0, net_exposure_usd: 0, realized_pnl_usd: 0, unrealized_pnl_usd: 0, fees_usd: 0 });
  for (let s = 0; s < n; s++) {
    const inst = instruments[s];
    const qty = snapshot[PortfolioSnapshot.positionQtyBase(n) + s];
    const mark = snapshot[PortfolioSnapshot.markPriceBase(n) + s];
    const cost = snapshot[PortfolioSnapshot.avgPriceBase(n) + s];
    const value = qty === 0 ? 0 : qty * mark;
    const fees = snapshot[PortfolioSnapshot.feesBase(n) + s];
    const realized = snapshot[PortfolioSnapshot.realizedGrossBase(n) + s] - fees;
    const unrealized = qty === 0 ? 0 : qty * (mark - cost);
    for (const slice of [accounts[inst.venue] ??= empty(), classes[inst.assetClass] ??= empty()]) {
      slice.symbols.push(inst.symbol);
      slice.gross_exposure_usd += Math.abs(value);
      slice.net_exposure_usd += value;
      slice.realized_pnl_usd += realized;
      slice.unrealized_pnl_usd += unrealized;
      slice.fees_usd += fees;
    }
  }
  for (const slice of [...Object.values(accounts), ...Object.values(classes)]) {
    slice.gross_exposure_usd = cents(slice.gross_exposure_usd);
    slice.net_exposure_usd = cents(slice.net_exposure_usd);
    slice.realized_pnl_usd = cents(slice.realized_pnl_usd);
    slice.unrealized_pnl_usd = cents(slice.unrealized_pnl_usd);
    slice.fees_usd = cents(slice.fees_usd);
  }
  return { accounts, asset_classes: classes };
}

function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}
