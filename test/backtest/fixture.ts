// Small hand-made runs for the backtest report tests.
import type { AssetClass, BacktestFill, BacktestRun, EquityPoint, Side } from '../../src/backtest/backtest-types.js';

export const DAY_US = 86_400_000_000;

/** Equity points one day apart from day 0. */
export function dailyEquity(values: readonly number[]): EquityPoint[] {
  return values.map((equityUsd, i) => ({ timeUs: i * DAY_US, equityUsd }));
}

export function fill(
  day: number, symbol: string, side: Side, qty: number, price: number, feeUsd = 0,
  attribution: Record<string, number> = {}, assetClass: AssetClass = 'crypto',
): BacktestFill {
  return { timeUs: day * DAY_US, symbol, assetClass, side, qty, price, feeUsd, attribution };
}

export function run(equity: EquityPoint[], fills: BacktestFill[] = [], startingEquityUsd = equity[0]?.equityUsd ?? 1000): BacktestRun {
  return { equity, fills, exposure: [], startingEquityUsd };
}

/** A mixed run with two models, a flip, a stock and a symbol that needs escaping. */
export function sampleRun(symbol = 'BTC-USD'): BacktestRun {
  const equity = dailyEquity([10_000, 10_050, 9_980, 10_120, 10_090, 10_300, 10_260, 10_410]);
  const fills = [
    fill(0, symbol, 'buy', 1, 100, 0.1, { momentum: 0.75, 'order-book': 0.25 }),
    fill(2, symbol, 'sell', 1, 110, 0.11, {}),
    fill(3, 'AAPL', 'buy', 10, 50, 0.5, { momentum: 1 }, 'stocks'),
    fill(4, 'AAPL', 'sell', 15, 48, 0.72, { 'mean-reversion': 1 }, 'stocks'),
    fill(6, 'AAPL', 'buy', 5, 45, 0.225, {}, 'stocks'),
  ];
  const exposure = equity.map((p, i) => ({ timeUs: p.timeUs, gross: i % 2 === 0 ? 0.5 : 0 }));
  return { equity, fills, exposure, startingEquityUsd: 10_000 };
}

/** A report input over sampleRun with a price series for the baselines (60 bars so the crossover can trade). */
export function sampleReportInput(symbol = 'BTC-USD'): import('../../src/backtest/backtest-report.js').BacktestReportInput {
  const r = sampleRun(symbol);
  const timeUs = Array.from({ length: 60 }, (_, i) => i * DAY_US);
  const close = timeUs.map((_, i) => 100 + 10 * Math.sin(i / 7) + i / 3);
  const equity = timeUs.map((t, i) => ({ timeUs: t, equityUsd: i < r.equity.length ? r.equity[i].equityUsd : 10_410 + 15 * Math.cos(i) }));
  return {
    run: { ...r, equity },
    prices: { timeUs, symbols: [{ symbol, assetClass: 'crypto', close }, { symbol: 'AAPL', assetClass: 'stocks', close: close.map((c) => c / 2) }] },
    barIntervalUs: DAY_US,
    riskFreeRate: 0.02,
  };
}
