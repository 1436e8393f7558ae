/**
 * The original Python system's published performance table, printed beside our measured numbers.
 * These are its own claims ("Live Trading Performance (2024 Results)" in its README): nobody has
 * reproduced them, no data or code behind them is available, and the report labels them
 * unverified. Figures are kept exactly as written there (`asWritten`) next to the fraction they
 * state, so nothing is rounded into or out of them.
 */

export const ORIGINAL_CLAIMS_SOURCE = '../shared/reference/original-system-README.md, "Performance Results" / "Live Trading Performance (2024 Results)"';
export const ORIGINAL_CLAIMS_STATUS = 'unverified claims: published by the original system, not reproduced';

export interface ClaimedFigure {
  /** The figure as printed in the source. */
  readonly asWritten: string;
  /** The same figure as a plain number (fractions for percentages, drawdown positive like ours). */
  readonly value: number;
}

export interface ClaimedColumn {
  readonly annualisedReturn: ClaimedFigure;
  readonly sharpe: ClaimedFigure;
  readonly maxDrawdown: ClaimedFigure;
  readonly winRate: ClaimedFigure;
  readonly profitFactor: ClaimedFigure;
}

export interface OriginalClaims {
  readonly source: string;
  readonly status: string;
  readonly combined: ClaimedColumn;
  readonly crypto: ClaimedColumn;
  readonly stocks: ClaimedColumn;
}

const pct = (asWritten: string, value: number): ClaimedFigure => ({ asWritten, value });
const num = (asWritten: string): ClaimedFigure => ({ asWritten, value: Number(asWritten) });

export const ORIGINAL_CLAIMS: OriginalClaims = {
  source: ORIGINAL_CLAIMS_SOURCE,
  status: ORIGINAL_CLAIMS_STATUS,
  combined: {
    annualisedReturn: pct('34.2%', 0.342),
    sharpe: num('2.18'),
    maxDrawdown: pct('-8.4%', 0.084),
    winRate: pct('67.3%', 0.673),
    profitFactor: num('2.31'),
  },
  crypto: {
    annualisedReturn: pct('38.7%', 0.387),
    sharpe: num('2.31'),
    maxDrawdown: pct('-6.8%', 0.068),
    winRate: pct('71.2%', 0.712),
    profitFactor: num('2.45'),
  },
  stocks: {
    annualisedReturn: pct('29.1%', 0.291),
    sharpe: num('2.08'),
    maxDrawdown: pct('-9.2%', 0.092),
    winRate: pct('64.8%', 0.648),
    profitFactor: num('2.21'),
  },
};
