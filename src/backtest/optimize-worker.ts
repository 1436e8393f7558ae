/**
 * The piscina worker of `tradebot optimize`: one backtest (runBacktest, which starts the
 * session's own worker threads from here) on one window with one config, reduced to the few
 * figures the search compares. The session's log lines are dropped: the optimizer shows progress.
 */
import { BacktestUsageError, runBacktest } from './backtest-command.js';
import { ConfigError } from '../pipeline/config.js';
import { UsageError } from '../pipeline/exit-codes.js';
import type { AssetClass } from './backtest-types.js';
import type { Figure } from './figure.js';
import type { LearntWeights } from '../ensemble/meta-learner-state.js';

export interface TrialTask {
  readonly assetClass: AssetClass;
  readonly dataFiles: readonly string[];
  readonly symbols?: readonly string[];
  readonly configPath: string;
  readonly from: string;
  readonly to: string;
  /** Where the backtest's deep model is read from (a fold's own, see fold-models.ts); unset: the session's default. */
  readonly modelsDir?: string;
  /** The meta-learner's starting weights (a fold's train run's, for its test run); unset: equal weights. */
  readonly learntWeights?: LearntWeights;
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
  /** What the meta-learner learnt by the end; null when it was off. */
  readonly learnt: LearntWeights | null;
}

/**
 * A backtest the trial's inputs made impossible (a window without two shared bars, a config the
 * trial's parameters broke): said as a value, since an error's class does not survive the trip
 * back from the worker, and the command must still tell a usage error from a crash.
 */
export interface TrialRefused {
  readonly refused: string;
}

const value = (f: Figure): number | null => f.value;

export function calmarOf(annualisedReturn: number | null, maxDrawdown: number | null): number | null {
  if (annualisedReturn === null || maxDrawdown === null || !(maxDrawdown > 0)) return null;
  const c = annualisedReturn / maxDrawdown;
  return Number.isFinite(c) ? c : null;
}

/** This thread's own TRADEBOT_MODELS_DIR, restored for a task that names none. */
const DEFAULT_MODELS_DIR = process.env.TRADEBOT_MODELS_DIR;

export default async function runTrial(task: TrialTask): Promise<TrialFigures | TrialRefused> {
  try {
    return await trialFigures(task);
  } catch (err) {
    if (err instanceof BacktestUsageError || err instanceof UsageError || err instanceof ConfigError) return { refused: err.message };
    throw err;
  }
}

async function trialFigures(task: TrialTask): Promise<TrialFigures> {
  // The session's workers take this thread's environment as they start (each thread has its own copy).
  if (task.modelsDir !== undefined) process.env.TRADEBOT_MODELS_DIR = task.modelsDir;
  else if (DEFAULT_MODELS_DIR === undefined) delete process.env.TRADEBOT_MODELS_DIR;
  else process.env.TRADEBOT_MODELS_DIR = DEFAULT_MODELS_DIR;
  const { report, halted, learnt } = await runBacktest({
    assetClass: task.assetClass, dataFiles: task.dataFiles, symbols: task.symbols, configPath: task.configPath,
    from: task.from, to: task.to, log: () => {}, learntWeights: task.learntWeights,
  });
  const ours = report.ours;
  return {
    sharpe: value(ours.sharpe), sortino: value(ours.sortino), calmar: calmarOf(value(ours.annualisedReturn), value(ours.maxDrawdown)),
    totalReturn: value(ours.totalReturn), maxDrawdown: value(ours.maxDrawdown), trades: ours.trades, halted, learnt,
  };
}
