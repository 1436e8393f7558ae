/**
 * The piscina worker of `tradebot optimize`: one backtest (runBacktest, which starts the
 * session's own worker threads from here) on one window with one config, reduced to the few
 * figures the search compares. The session's log lines are dropped: the optimizer shows progress.
 */
import { runBacktest } from './backtest-command.js';
import type { AssetClass } from './backtest-types.js';
import type { Figure } from './figure.js';

export interface TrialTask {
  readonly assetClass: AssetClass;
  readonly dataFiles: readonly string[];
  readonly symbols?: readonly string[];
  readonly configPath: string;
  readonly from: string;
  readonly to: string;
}

export interface TrialFigures {
  readonly sharpe: number | null;
  readonly sortino: number | null;
  /** Annualised return / max drawdown; null without a drawdown or a return. */
  readonly calmar: number | null;
  readonly totalReturn: number | null;
  readonly maxDrawdown: number | null;
  readonly trades: number;
  readonly halted: boolean;
}

const value = (f: Figure): number | null => f.value;

export function calmarOf(annualisedReturn: number | null, maxDrawdown: number | null): number | null {
  if (annualisedReturn === null || maxDrawdown === null || !(maxDrawdown > 0)) return null;
  const c = annualisedReturn / maxDrawdown;
  return Number.isFinite(c) ? c : null;
}

export default async function runTrial(task: TrialTask): Promise<TrialFigures> {
  const { report, halted } = await runBacktest({
    assetClass: task.assetClass, dataFiles: task.dataFiles, symbols: task.symbols, configPath: task.configPath,
    from: task.from, to: task.to, log: () => {},
  });
  const ours = report.ours;
  return {
    sharpe: value(ours.sharpe), sortino: value(ours.sortino), calmar: calmarOf(value(ours.annualisedReturn), value(ours.maxDrawdown)),
    totalReturn: value(ours.totalReturn), maxDrawdown: value(ours.maxDrawdown), trades: ours.trades, halted,
  };
}
