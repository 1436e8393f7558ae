/**
 * What every sizer reads and counts: the risk params (`SizingParam` slots of the params block)
 * and the refusal reasons (`SIZER_REJECT_REASONS`, one shared-memory counter each in L3's
 * refusal block).
 *
 * `SizingParam` indices are the same as the first `RuntimeParam` slots of the pipeline's params
 * block (src/pipeline/params.ts spreads them first), so a shell can pass its copy of that block as
 * `params` directly. A new slot is appended and SIZING_PARAM_COUNT bumped; every sizer validates
 * every slot (see `sizingParamsValid` in sizing-rules.ts): a NaN anywhere is `bad_params`.
 */

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
  /** Execution's fee per side, bps of notional (cost-aware sizing prices it in). */
  feeBps: 8,
  /** Expected market impact per side, bps (cost-aware). */
  impactBps: 9,
  /** A resize smaller than this percentage of the target is not worth an order (cost-aware). */
  noTradeBandPct: 10,
  /** Kelly: the fraction of the full Kelly bet taken, in [0, 1] (full Kelly is rarely survivable). */
  kellyFraction: 11,
  /** Kelly: one position may not exceed this percentage of equity, in (0, 100]. */
  positionCapPct: 12,
  /** Kelly: the book's 99% one-day parametric VaR may not exceed this percentage of equity, in (0, 100]. */
  varBudgetPct: 13,
  /** Kelly: EWMA decay of the return covariance per observation, in (0, 1). */
  covarianceLambda: 14,
} as const;
export const SIZING_PARAM_COUNT = 15;

export const SizerReject = {
  UnknownSymbol: 0,
  BadParams: 1,
  KillSwitch: 2,
  BadPrice: 3,
  BadSignal: 4,
  BadPosition: 5,
  /** Counted by the caller: an intent that would add exposure to a symbol whose data went stale. */
  StaleSymbol: 6,
  /** Counted by the caller: an intent that would add exposure while L5's kill switch is tripped. */
  RiskHalt: 7,
  /** Counted by the caller: a stock outside its trading session (execution would refuse it). */
  MarketClosed: 8,
  /** Counted by the caller: less than one lot once rounded down to the venue's lot size. */
  BelowLot: 9,
  /** Counted by the caller: under the venue's minimum notional, or a price under one tick (execution would refuse it). */
  BelowMinNotional: 10,
} as const;
export const SIZER_REJECT_REASONS = [
  'unknown_symbol', 'bad_params', 'kill_switch', 'bad_price', 'bad_signal', 'bad_position', 'stale_symbol', 'risk_halt',
  'market_closed', 'below_lot', 'below_min_notional',
] as const;
