/**
 * `tradebot optimize <crypto|stocks> --data FILE... [--symbols A,B] [--config FILE] --space FILE
 *  --objective sharpe|sortino|calmar [--trials N] [--folds K] [--seed S] [--parallel P]
 *  [--from T] [--to T] [--anchored] [--json]`
 *
 * Walk-forward parameter search. The bars (of the first file, cut to --from/--to) are split into
 * K folds (walk-forward.ts: rolling, train 2 / test 1 segment of bars / (K + 2), or anchored
 * expanding folds with --anchored). In each fold, N trials of the search space (search-space.ts:
 * random search, then a TPE-style refinement) are backtested on the TRAIN window only and scored
 * by the objective of their train report; the best is then backtested on the TEST window, which
 * no trial of that fold has seen, beside the base config on the same test window. The report gives
 * per fold the best params, the train and test objectives, the test return and drawdown, and the
 * out-of-sample aggregate: mean and median test objective, against the base config's.
 *
 * Anything that learns is fitted on the train window only: the parameters above, and, when the
 * base config serves the deep model (alphas.deep_onnx.weight > 0), the model itself: each fold
 * retrains the promoted model's recipe on its train window first and every backtest of the fold
 * serves that copy (fold-models.ts); the report names each fold's model. And when the meta-learner
 * learns (ensemble.metaLearningRate > 0), the model weights it learnt on the train window are
 * where the same config's test run starts (the best trial's, and the base config's, which then
 * runs on the train window too); it keeps learning online from there, on the test data's past only.
 *
 * Every backtest is runBacktest (the real stage graph, paper fills, risk limits) in a piscina
 * worker (optimize-worker.ts), `parallel` at a time. Deterministic for a seed: each trial draws
 * from its own generator (seed, fold, trial), refinement rounds have a fixed size, and results
 * are ordered by trial index, so the output does not depend on which worker finished first or on
 * --parallel. Calmar = annualised return / max drawdown, which is large and noisy on short windows.
 *
 * Exit codes: 0 done, 2 usage (bad files, config, space or fold counts).
 */
import { rmSync } from 'node:fs';
import { parseWindow, type Window } from './backtest-command.js';
import path from 'node:path';
import { Piscina } from 'piscina';
import { readCandleFile } from '../data/replay/candle-file.js';
import type { CandleSeries } from '../data/replay/candle-series.js';
import { commonSpan, type Span } from './common-span.js';
import { ConfigError, parseConfig, readConfigText } from '../pipeline/config.js';
import { ExitCode, UsageError } from '../pipeline/exit-codes.js';
import { sessionConfig } from '../pipeline/run-command.js';
import { ProgressBar } from '../ml/progress-bar.js';
import type { AssetClass } from './backtest-types.js';
import type { TrialFigures, TrialRefused, TrialTask } from './optimize-worker.js';
import {
  loadSearchSpace, rankTrials, randomTrials, REFINE_ROUND, sampleRefined, sampleUniform, searchRounds, SearchSpaceError, trialConfigDir, trialPrng,
  writeTrialConfig, type Params, type ScoredTrial, type SearchSpace,
} from './search-space.js';
import { anchoredFolds, evenRollingFolds, FoldError, timeWindow, type Fold, type TimeWindow } from './walk-forward.js';
import { FoldModelError, servesDeepModel, trainFoldModel, type FoldModel } from './fold-models.js';
import type { LearntWeights } from '../ensemble/meta-learner-state.js';
import { defaultModelsDir } from '../alpha/deep/promoted-model.js';

export const OBJECTIVES = ['sharpe', 'sortino', 'calmar'] as const;
export type Objective = (typeof OBJECTIVES)[number];

export interface OptimizeArgs {
  assetClass: AssetClass;
  dataFiles: readonly string[];
  symbols?: readonly string[];
  configPath: string;
  spaceFile: string;
  objective: Objective;
  /** Trials per fold (default 20). */
  trials?: number;
  /** Walk-forward folds (default 3). */
  folds?: number;
  /** Default 1. */
  seed?: number;
  json?: boolean;
  /** Backtests at once, each in its own piscina worker (default 2). */
  parallel?: number;
  /** Cut the bars to this window before folding (ISO dates or times, UTC). */
  from?: string;
  to?: string;
  /** Anchored (expanding) folds instead of rolling ones. */
  anchored?: boolean;
  /** The progress line on stderr (default true). */
  progress?: boolean;
}

export class OptimizeUsageError extends Error {}

export interface TrialResult {
  readonly trial: number;
  readonly params: Params;
  /** The objective on the train window; null when the report has none (e.g. no trades). */
  readonly objective: number | null;
  readonly totalReturn: number | null;
  readonly maxDrawdown: number | null;
  readonly trades: number;
  readonly halted: boolean;
  /** Why the trial was not run (the config refused a drawn value). */
  readonly error?: string;
}

export interface TestFigures {
  readonly objective: number | null;
  readonly totalReturn: number | null;
  readonly maxDrawdown: number | null;
  readonly trades: number;
  readonly halted: boolean;
}

export interface FoldResult {
  readonly index: number;
  readonly train: TimeWindow;
  readonly testWindow: TimeWindow;
  readonly best: { readonly trial: number; readonly params: Params };
  readonly trainObjective: number | null;
  /** The best params on the test window (out of sample). */
  readonly test: TestFigures;
  /** The base config on the same test window. */
  readonly base: TestFigures;
  /** Every trial of the fold, by trial index. */
  readonly trials: readonly TrialResult[];
  /** The fold's own deep model, when the base config serves one (see fold-models.ts). */
  readonly model?: Omit<FoldModel, 'modelsDir'>;
  /**
   * When the meta-learner learns (ensemble.metaLearningRate > 0): each test run started from what
   * the same config's train run learnt, and how many calls that run had scored (null: nothing carried).
   */
  readonly metaLearner?: { readonly bestCarriedScored: number | null; readonly baseCarriedScored: number | null };
}

export interface Summary {
  readonly n: number;
  readonly mean: number | null;
  readonly median: number | null;
}

export interface OptimizeResult {
  readonly objective: Objective;
  readonly seed: number;
  readonly trialsPerFold: number;
  readonly foldScheme: string;
  readonly method: string;
  readonly data: TimeWindow;
  readonly space: readonly string[];
  readonly folds: readonly FoldResult[];
  readonly outOfSample: {
    readonly testObjective: Summary;
    readonly baseTestObjective: Summary;
    /** Folds where the best params' test objective beat the base config's (both known). */
    readonly foldsBeatingBase: number;
    /** The test returns compounded over the folds (test windows do not overlap in rolling and anchored folds). */
    readonly compoundedTestReturn: number | null;
    readonly compoundedBaseTestReturn: number | null;
    readonly worstTestDrawdown: number | null;
  };
}

const METHOD = `random search for the first half of each fold's trials, then TPE-style refinement rounds of ${REFINE_ROUND} `
  + '(candidates around the best quarter of earlier trials, kept by the ratio of good/bad Parzen densities)';

/** Run the search and print the report; returns the exit code. */
export async function runOptimizeCommand(args: OptimizeArgs): Promise<number> {
  try {
    const result = await runOptimize(args);
    process.stdout.write(args.json ? `${renderOptimizeJson(result)}\n` : `${renderOptimizeText(result)}\n`);
    return ExitCode.done;
  } catch (err) {
    if (err instanceof OptimizeUsageError || err instanceof SearchSpaceError || err instanceof ConfigError || err instanceof FoldError || err instanceof FoldModelError) {
      process.stderr.write(`tradebot: optimize: ${err.message}\n`);
      return ExitCode.usage;
    }
    throw err;
  }
}

function wholeNumber(what: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new OptimizeUsageError(`--${what} must be a whole number >= ${min}, got ${value}`);
  return value;
}

/**
 * The bar open times of the first file, cut to [from, to) and to the span every file covers: each
 * fold's backtest replays only that span (common-span.ts), so a fold past the end of a shorter
 * file had no bars and failed on a worker with a stack trace.
 */
function barTimes(files: readonly string[], from: string | undefined, to: string | undefined): number[] {
  let window: Window;
  let series: CandleSeries[];
  let span: Span | null;
  try {
    window = parseWindow(from, to);
    series = files.map((file) => readCandleFile(file));
    span = commonSpan(series);
  } catch (err) {
    // The reader's errors name the file already; the window's name the flag.
    throw new OptimizeUsageError((err as Error).message);
  }
  const times = series[0].openTimeUs;
  const fromUs = Math.max(window.fromUs, span?.fromUs ?? -Infinity);
  const toUs = Math.min(window.toUs, span?.toUs ?? Infinity);
  const out: number[] = [];
  for (let i = 0; i < times.length; i++) if (times[i] >= fromUs && times[i] < toUs) out.push(times[i]);
  return out;
}

const summary = (values: ReadonlyArray<number | null>): Summary => {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (known.length === 0) return { n: 0, mean: null, median: null };
  const mid = known.length >> 1;
  return {
    n: known.length,
    mean: known.reduce((a, b) => a + b, 0) / known.length,
    median: known.length % 2 === 1 ? known[mid] : (known[mid - 1] + known[mid]) / 2,
  };
};

const compounded = (returns: ReadonlyArray<number | null>): number | null =>
  (returns.some((r) => r === null) ? null : returns.reduce((acc: number, r) => acc * (1 + (r as number)), 1) - 1);

/**
 * What every trial's session would refuse (files per symbol, symbols, the config's asset class,
 * unreadable files), refused once here: the trials run on workers, where the refusal surfaced as
 * an uncaught error with a stack trace instead of a usage error. Said in optimize's own flags.
 */
function checkTrialSession(args: OptimizeArgs): void {
  try {
    sessionConfig({
      assetClass: args.assetClass, configPath: args.configPath,
      overrides: { sourceKind: 'replay', replayFiles: args.dataFiles, symbols: args.symbols, metricsPort: 0, durationMs: 0 },
    });
  } catch (err) {
    if (err instanceof UsageError) throw new OptimizeUsageError(err.message.replace(/^--replay\b/, '--data'));
    throw err;
  }
}

/** The walk-forward search (see the header); throws OptimizeUsageError, SearchSpaceError, ConfigError or FoldError on bad input. */
export async function runOptimize(args: OptimizeArgs): Promise<OptimizeResult> {
  if (!OBJECTIVES.includes(args.objective)) throw new OptimizeUsageError(`--objective must be one of ${OBJECTIVES.join(' | ')}, got ${JSON.stringify(args.objective)}`);
  const trials = wholeNumber('trials', args.trials ?? 20, 1);
  const foldCount = wholeNumber('folds', args.folds ?? 3, 1);
  const parallel = wholeNumber('parallel', args.parallel ?? 2, 1);
  const seed = wholeNumber('seed', args.seed ?? 1, 0);
  if (args.dataFiles.length === 0) throw new OptimizeUsageError('--data needs at least one candle file');

  const baseYaml = readConfigText(args.configPath);
  const base = parseConfig(baseYaml, args.configPath);
  checkTrialSession(args);
  const space = loadSearchSpace(args.spaceFile, baseYaml, base);

  const times = barTimes(args.dataFiles, args.from, args.to);
  if (times.length < 2) throw new OptimizeUsageError(`${args.dataFiles[0]}: ${times.length} bars in the window`);
  const folds = args.anchored ? anchoredFolds(times.length, foldCount) : evenRollingFolds(times.length, foldCount);
  for (const f of folds) {
    if (f.train.end - f.train.start < 2 || f.test.end - f.test.start < 2) {
      throw new OptimizeUsageError(`${times.length} bars are too few for ${foldCount} folds (a window needs at least 2 bars)`);
    }
  }

  const dir = trialConfigDir();
  const pool = new Piscina({
    filename: new URL('./optimize-worker.js', import.meta.url).href,
    minThreads: 0, maxThreads: parallel, idleTimeout: 1000, atomics: 'disabled',
  });
  const bar = new ProgressBar();
  // A base config that learns model weights runs on each train window too, to carry them into its test run.
  const baseLearns = base.ensemble.metaLearningRate > 0;
  const total = folds.length * (trials + 2 + (baseLearns ? 1 : 0));
  let done = 0;
  const startedAt = performance.now();
  const tick = (): void => {
    done++;
    if (args.progress !== false) bar.task('optimize: backtests', done, total, (performance.now() - startedAt) / 1000);
  };
  const backtestIn = async (configPath: string, window: TimeWindow, modelsDir?: string, learntWeights?: LearntWeights): Promise<TrialFigures> => {
    const task: TrialTask = {
      assetClass: args.assetClass, dataFiles: args.dataFiles, symbols: args.symbols, configPath, from: window.from, to: window.to, modelsDir, learntWeights,
    };
    let outcome: TrialFigures | TrialRefused;
    try {
      outcome = (await pool.run(task)) as TrialFigures | TrialRefused;
    } finally {
      tick();
    }
    if ('refused' in outcome) throw new OptimizeUsageError(`the backtest of ${window.from} to ${window.to} was refused: ${outcome.refused}`);
    return outcome;
  };
  const objectiveOf = (f: TrialFigures): number | null => f[args.objective];
  const testFigures = (f: TrialFigures): TestFigures => ({ objective: objectiveOf(f), totalReturn: f.totalReturn, maxDrawdown: f.maxDrawdown, trades: f.trades, halted: f.halted });

  const runFold = async (fold: Fold, model: FoldModel | undefined): Promise<FoldResult> => {
    const train = timeWindow(times, fold.train);
    const test = timeWindow(times, fold.test);
    const backtest = (configPath: string, window: TimeWindow, learnt?: LearntWeights | null): Promise<TrialFigures> =>
      backtestIn(configPath, window, model?.modelsDir, learnt ?? undefined);
    // Anything that learns is carried from the train window into the test window, never back: the
    // base config's learnt model weights as well as the best trial's.
    const baseTrain = baseLearns ? backtest(args.configPath, train) : Promise.resolve(null);
    const baseRun = baseTrain.then((trained) => backtest(args.configPath, test, trained?.learnt));
    baseRun.catch(() => {}); // awaited below; a failure meanwhile is not an unhandled rejection
    const results: TrialResult[] = [];
    const configs = new Map<number, string>();
    /** What each trial's train run learnt (meta-learner weights), for the best one's test run. */
    const learntOf = new Map<number, LearntWeights | null>();
    for (const round of searchRounds(trials)) {
      const history: ScoredTrial[] = results.map((r) => ({ trial: r.trial, params: r.params, score: r.objective }));
      const jobs: Array<Promise<TrialResult>> = [];
      for (let t = round.start; t < round.end; t++) {
        const rng = trialPrng(seed, fold.index, t);
        const params = t < randomTrials(trials) ? sampleUniform(space, rng) : sampleRefined(space, history, rng);
        jobs.push(runTrial(fold.index, t, params));
      }
      results.push(...(await Promise.all(jobs)));
    }
    results.sort((a, b) => a.trial - b.trial);
    const best = rankTrials(results.map((r) => ({ ...r, score: r.error === undefined ? r.objective : null })))[0];
    const bestConfig = configs.get(best.trial);
    let bestTest: TestFigures;
    const bestLearnt = learntOf.get(best.trial) ?? null;
    if (bestConfig !== undefined) {
      bestTest = testFigures(await backtest(bestConfig, test, bestLearnt));
    } else {
      // Every trial's config was refused: nothing to test.
      tick();
      bestTest = { objective: null, totalReturn: null, maxDrawdown: null, trades: 0, halted: false };
    }
    const baseFigures = await baseRun;
    const carried = (learnt: LearntWeights | null | undefined): number | null => (learnt ? learnt.scored.reduce((a, b) => a + b, 0) : null);
    const learns = bestLearnt !== null || baseLearns;
    return {
      index: fold.index, train, testWindow: test, best: { trial: best.trial, params: best.params }, trainObjective: best.objective,
      test: bestTest, base: testFigures(baseFigures), trials: results,
      ...(learns ? { metaLearner: { bestCarriedScored: carried(bestLearnt), baseCarriedScored: carried((await baseTrain)?.learnt) } } : {}),
      ...(model === undefined ? {} : { model: { name: model.name, onnxSha256: model.onnxSha256, trainedOn: model.trainedOn, validation: model.validation } }),
    };

    async function runTrial(foldIndex: number, trial: number, params: Params): Promise<TrialResult> {
      let configPath: string;
      try {
        configPath = writeTrialConfig(dir, `fold${foldIndex}-trial${trial}`, baseYaml, params);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        tick();
        return { trial, params, objective: null, totalReturn: null, maxDrawdown: null, trades: 0, halted: false, error: err.problems.join('; ') };
      }
      configs.set(trial, configPath);
      const f = await backtest(configPath, train);
      learntOf.set(trial, f.learnt);
      return { trial, params, objective: objectiveOf(f), totalReturn: f.totalReturn, maxDrawdown: f.maxDrawdown, trades: f.trades, halted: f.halted };
    }
  };

  try {
    // The deep model, when served, is retrained on each fold's train window before any backtest
    // of the fold; one fold at a time (training is seeded, and tfjs' state is per thread).
    const foldModels = new Map<number, FoldModel>();
    if (servesDeepModel(base)) {
      for (const fold of folds) {
        const train = timeWindow(times, fold.train);
        if (args.progress !== false) process.stderr.write(`optimize: fold ${fold.index + 1}: training the deep model on ${train.from} .. ${train.to}\n`);
        foldModels.set(fold.index, await trainFoldModel(defaultModelsDir(), args.dataFiles[0], train, path.join(dir, `fold${fold.index}-model`)));
      }
    }
    const results = await Promise.all(folds.map((fold) => runFold(fold, foldModels.get(fold.index))));
    if (args.progress !== false) bar.finish();
    const testObjectives = results.map((r) => r.test.objective);
    const baseObjectives = results.map((r) => r.base.objective);
    const drawdowns = results.map((r) => r.test.maxDrawdown).filter((d): d is number => d !== null);
    const last = folds[folds.length - 1];
    return {
      objective: args.objective, seed, trialsPerFold: trials,
      foldScheme: args.anchored ? `${foldCount} anchored (expanding) folds` : `${foldCount} rolling folds: train 2, test 1, step 1 segment of ${Math.floor(times.length / (foldCount + 2))} bars`,
      method: METHOD,
      data: timeWindow(times, { start: args.anchored ? 0 : folds[0].train.start, end: last.test.end }),
      space: space.params.map((p) => p.path),
      folds: results,
      outOfSample: {
        testObjective: summary(testObjectives),
        baseTestObjective: summary(baseObjectives),
        foldsBeatingBase: results.filter((r) => r.test.objective !== null && r.base.objective !== null && r.test.objective > r.base.objective).length,
        compoundedTestReturn: compounded(results.map((r) => r.test.totalReturn)),
        compoundedBaseTestReturn: compounded(results.map((r) => r.base.totalReturn)),
        worstTestDrawdown: drawdowns.length > 0 ? Math.max(...drawdowns) : null,
      },
    };
  } finally {
    await pool.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The result as JSON; nothing in it reads the clock or names the files. */
export function renderOptimizeJson(result: OptimizeResult): string {
  return JSON.stringify(result, null, 2);
}

const num = (v: number | null, digits = 3): string => (v === null ? 'n/a' : v.toFixed(digits));
const pct = (v: number | null): string => (v === null ? 'n/a' : `${(v * 100).toFixed(2)}%`);
const paramText = (p: Params): string => Object.entries(p).map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(4)) : v}`).join(' ');

/** The result for a reader. */
export function renderOptimizeText(result: OptimizeResult): string {
  const lines = [
    `Walk-forward optimisation: objective ${result.objective}, ${result.trialsPerFold} trials per fold, seed ${result.seed}`,
    `Data: ${result.data.from} .. ${result.data.to} (${result.data.bars} bars); ${result.foldScheme}`,
    `Search: ${result.method}`,
    '',
  ];
  for (const f of result.folds) {
    lines.push(`Fold ${f.index + 1}: train ${f.train.from} .. ${f.train.to} (${f.train.bars} bars), test ${f.testWindow.from} .. ${f.testWindow.to} (${f.testWindow.bars} bars)`);
    lines.push(`  best (trial ${f.best.trial}): ${paramText(f.best.params)}`);
    lines.push(`  train ${result.objective} ${num(f.trainObjective)} | test ${result.objective} ${num(f.test.objective)}, return ${pct(f.test.totalReturn)}, `
      + `max drawdown ${pct(f.test.maxDrawdown)}, ${f.test.trades} fills${f.test.halted ? ', HALTED' : ''} | base config on test: ${num(f.base.objective)}, return ${pct(f.base.totalReturn)}`);
    if (f.model !== undefined) {
      lines.push(`  deep model ${f.model.name} retrained on the train window (onnx ${f.model.onnxSha256.slice(0, 12)}): `
        + `validation direction ${pct(f.model.validation.directionalAccuracy)}, IC ${num(f.model.validation.informationCoefficient)}`);
    }
    if (f.metaLearner !== undefined) {
      const from = (scored: number | null): string => (scored === null ? 'equal weights (it does not learn)' : `its train run's weights (${scored} calls scored)`);
      lines.push(`  meta-learner: the best params' test run starts from ${from(f.metaLearner.bestCarriedScored)}, the base config's from ${from(f.metaLearner.baseCarriedScored)}`);
    }
  }
  const o = result.outOfSample;
  lines.push('');
  lines.push(`Out of sample (${result.folds.length} test windows): ${result.objective} mean ${num(o.testObjective.mean)}, median ${num(o.testObjective.median)} (${o.testObjective.n} known); `
    + `base config mean ${num(o.baseTestObjective.mean)}, median ${num(o.baseTestObjective.median)}; best params beat the base in ${o.foldsBeatingBase} of ${result.folds.length} folds`);
  lines.push(`Test returns compounded: ${pct(o.compoundedTestReturn)} (base ${pct(o.compoundedBaseTestReturn)}); worst test drawdown ${pct(o.worstTestDrawdown)}`);
  return lines.join('\n');
}
