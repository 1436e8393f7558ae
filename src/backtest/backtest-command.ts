/**
 * `tradebot backtest <crypto|stocks> --data FILE... [--symbols A,B] [--from T] [--to T]
 *  [--config FILE] [--topology single|fused|layered] [--risk-free R] [--json] [--html OUT]`
 *
 * Candle files (one per symbol, in the order of --symbols) replayed through the same stage graph
 * as a live session, on the replay's event clock: L0's candle events, the alphas, the blend,
 * sizing, the paper fill engine (fees, the walked book, latency) and the risk layer's limits and
 * kill switch. Nothing is re-implemented for the backtest: the session writes its audit trail
 * into a temporary directory, and the report is built from the fills that trail holds, marked to
 * market at every bar's close from the same files, beside buy-and-hold and a moving-average
 * baseline on the same closes (src/backtest/backtest-report.ts).
 *
 * Deterministic: the default `single` placement runs every stage in one thread, and the fill
 * engine meets the market in the order L0 saw it, so the same files and config give the same
 * trades and the same report, byte for byte (nothing in the report reads the wall clock).
 * `--from`/`--to` (ISO dates or times, UTC) cut the bars before they are replayed: the cut files
 * are written to the temporary directory, never next to the data.
 *
 * Exit codes: 0 done, 2 usage (bad files, config or window), 3 the session halted or ended with
 * its kill switch tripped.
 */
import { inputDataReport } from './input-data-report.js';
import { killSwitchTripOf } from '../risk/risk-limits.js';
import { readLearnt, seedLearnt, type LearntWeights } from '../ensemble/meta-learner-state.js';
import { ALPHA_MODEL_COUNT } from '../alpha/alpha-catalogue.js';
import { REGIME_COUNT } from '../alpha/regime-detector.js';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { parseWindowTimeMs } from './window-time.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCandleFile } from '../data/replay/candle-file.js';
import type { CandleSeries } from '../data/replay/candle-series.js';
import { sessionStart } from '../pipeline/run-command.js';
import { loadConfig } from '../pipeline/config.js';
import { Orchestrator } from '../pipeline/orchestrator.js';
import { summarize, type RunSummary } from '../pipeline/session-report.js';
import { ExitCode } from '../pipeline/exit-codes.js';
import { auditRecordsIn } from '../compliance/tca-report.js';
import type { AssetClass, BacktestFill, BacktestRun } from './backtest-types.js';
import { buildBacktestReport, isoOfUs, type BacktestReport } from './backtest-report.js';
import { commonSpan, CommonSpanError, type Span } from './common-span.js';
import { renderTerminalReport } from './terminal-report.js';
import { renderHtmlReport } from './html-report.js';
import { renderJsonReport } from './json-report.js';
import { markToMarket } from './mark-to-market.js';

export interface BacktestArgs {
  assetClass: AssetClass;
  dataFiles: readonly string[];
  /** One per file; default: the config's symbols (then there must be as many files). */
  symbols?: readonly string[];
  configPath: string;
  from?: string;
  to?: string;
  topology?: string;
  riskFreeRate?: number;
  json?: boolean;
  htmlOut?: string;
  /** Where the session's lines go (stderr). */
  log?: (line: string) => void;
  /**
   * The meta-learner starts from these weights instead of equal ones (ensemble/meta-learner-state.ts):
   * what a walk-forward fold's train run learnt, for its test run.
   */
  learntWeights?: LearntWeights;
}

export class BacktestUsageError extends Error {}

/** What one backtest gives: the report and the session's own summary. */
export interface BacktestResult {
  readonly report: BacktestReport;
  readonly session: RunSummary;
  /** The kill switch or the orchestrator halted the session. */
  readonly halted: boolean;
  /** What the meta-learner learnt by the end (null when it was off: ensemble.metaLearningRate 0). */
  readonly learnt: LearntWeights | null;
}

/** Print the report (text or JSON, optionally HTML too) and return the exit code. */
export async function runBacktestCommand(args: BacktestArgs): Promise<number> {
  try {
    // Checked before the replay: a report that cannot be written is said now, not after the run.
    if (args.htmlOut !== undefined) checkWritable(args.htmlOut);
    checkRiskFreeRate(args.riskFreeRate);
    const { report, halted } = await runBacktest(args);
    // The report is printed first: a disk that fills up under the HTML file (checked writable
    // above, but that was before the run) must not lose the run's figures with it.
    process.stdout.write(args.json ? `${renderJsonReport(report)}\n` : `${renderTerminalReport(report)}\n`);
    if (args.htmlOut !== undefined) {
      try {
        writeFileSync(args.htmlOut, renderHtmlReport(report));
      } catch (err) {
        throw new BacktestUsageError(`--html ${args.htmlOut}: cannot write it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      (args.log ?? logToStderr)(`backtest: HTML report written to ${args.htmlOut}`);
    }
    return halted ? ExitCode.halted : ExitCode.done;
  } catch (err) {
    if (err instanceof BacktestUsageError) {
      process.stderr.write(`tradebot: backtest: ${err.message}\n`);
      return ExitCode.usage;
    }
    throw err;
  }
}

const logToStderr = (line: string): void => { process.stderr.write(`${line}\n`); };

/**
 * The annual risk-free rate is a fraction (0.04 = 4%). Said before the replay: an unparsable value
 * would otherwise surface as a RangeError after the whole run, and a rate above 100% is nearly
 * always a percentage typed as such (4 for 4%), which would silently wreck Sharpe and Sortino.
 */
function checkRiskFreeRate(rate: number | undefined): void {
  if (rate === undefined || (Number.isFinite(rate) && rate > -1 && rate <= 1)) return;
  throw new BacktestUsageError(`--risk-free must be an annual rate as a fraction above -1 and at most 1 (0.04 = 4%), got ${rate}`);
}

/** `file` can be written (created if missing, its folder existing); a BacktestUsageError naming it otherwise. */
function checkWritable(file: string): void {
  try {
    const existed = existsSync(file);
    const fd = openSync(file, 'a');
    closeSync(fd);
    if (!existed) rmSync(file);
  } catch (err) {
    throw new BacktestUsageError(`--html ${file}: cannot write it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/**
 * One backtest (see the header): the files cut to the window, replayed through the stage graph,
 * the fills marked to market and reported. Throws BacktestUsageError on bad files or windows.
 */
export async function runBacktest(args: BacktestArgs): Promise<BacktestResult> {
  const log = args.log ?? logToStderr;
  checkFilesPerSymbol(args);
  const work = mkdtempSync(path.join(tmpdir(), 'tradebot-backtest-'));
  try {
    const window = parseWindow(args.from, args.to);
    const series = args.dataFiles.map((file) => readSeries(file));
    const span = withinCommonSpan(series, window, log);
    const cut = series.map((s) => cutSeries(s, span));
    const files = cut.map((s, i) => (s === series[i] ? args.dataFiles[i] : writeSeries(s, path.join(work, `bars-${i}.csv`))));
    const { config, replaySeries } = sessionStart({
      assetClass: args.assetClass, configPath: args.configPath,
      overrides: {
        sourceKind: 'replay', replayFiles: files, symbols: args.symbols, topology: args.topology ?? 'single',
        metricsPort: 0, dataDir: work, durationMs: 0,
      },
    });
    const auditDir = path.join(work, 'audit', 'backtest');
    mkdirSync(auditDir, { recursive: true });
    const orchestrator = new Orchestrator(config, { auditDir, replaySeries });
    if (args.learntWeights !== undefined) seedLearnt(orchestrator.topology.metaLearner, args.learntWeights, ALPHA_MODEL_COUNT, REGIME_COUNT);
    // Every limit that tripped, in order: the end state alone misses a daily-loss switch that
    // cleared at the next UTC day.
    const trips: string[] = [];
    // A file cut to the window is replayed from a temporary copy: the log names the user's file.
    const named = (message: string): string => files.reduce((m, f, i) => (f === args.dataFiles[i] ? m : m.split(f).join(`${args.dataFiles[i]} (cut to the window)`)), message);
    orchestrator.on('log', (layer, message) => {
      const trip = killSwitchTripOf(message);
      if (trip !== null && !trips.includes(trip)) trips.push(trip);
      log(`${layer} ${named(message)}`);
    });
    orchestrator.on('halted', (reason) => log(`HALTED: ${reason}`));
    const startedAt = performance.now();
    await orchestrator.start();
    const session = summarize(orchestrator, config, startedAt, 0, orchestrator.haltReason);
    log(`backtest: ${session.ticks} events replayed in ${session.duration_s.toFixed(2)} s (${config.pipeline.topology}); `
      + `${session.orders} orders, ${session.fills} fills, fees $${session.fees_usd.toFixed(2)}`);

    const fills = fillsOf(auditRecordsIn(auditDir), args.assetClass);
    const symbols = config.symbols;
    const marked = markToMarket(cut, symbols, fills, config.risk.equityUsd);
    const run: BacktestRun = { equity: marked.equity, fills, exposure: marked.exposure, startingEquityUsd: config.risk.equityUsd };
    const report = buildBacktestReport({
      run,
      prices: { timeUs: marked.closeTimesUs, symbols: symbols.map((symbol, i) => ({ symbol, assetClass: args.assetClass, close: marked.closes[i] })) },
      barIntervalUs: marked.intervalUs,
      riskFreeRate: args.riskFreeRate ?? 0,
      calendar: args.assetClass,
      baselineFeeRate: config.execution.feeBps * 1e-4,
      title: `Backtest: ${symbols.join(', ')} (${args.assetClass}), ${marked.closes[0].length} bars`,
      inputs: series.map((whole, i) => inputDataReport(symbols[i], args.dataFiles[i], whole, cut[i])),
      killSwitch: trips.length > 0 ? trips.join(', ') : session.kill_switch,
    });
    const learnt = config.ensemble.metaLearningRate > 0 ? readLearnt(orchestrator.topology.metaLearner, ALPHA_MODEL_COUNT, REGIME_COUNT) : null;
    // The kill switch does not stop the session (reducing intents still go out), but the run's
    // figures after it are the switch's, not the strategy's: a halt too, as the exit code says.
    return { report, session, halted: orchestrator.isHalted || report.killSwitch !== null, learnt };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * One file per symbol, said in the backtest's own flags: the session's check further on speaks of
 * --replay, which a backtest does not take.
 */
function checkFilesPerSymbol(args: BacktestArgs): void {
  if (args.dataFiles.length === 0) throw new BacktestUsageError('--data needs candle files, one per symbol');
  const symbols = args.symbols ?? loadConfig(args.configPath).symbols;
  if (symbols.length === args.dataFiles.length) return;
  const files = `${args.dataFiles.length} file${args.dataFiles.length === 1 ? '' : 's'}`;
  throw new BacktestUsageError(`--data gave ${files} for ${symbols.length} symbols (${symbols.join(', ')}${args.symbols ? '' : ', the config\'s'}): `
    + 'give --symbols with one symbol per file, in the same order');
}

/**
 * The file's bars, at least 2. The reader's errors name the file already; a file with too few
 * bars says why, with the rows the reader skipped by reason (a file of nothing but bad rows is
 * not an empty file).
 */
function readSeries(file: string): CandleSeries {
  let series: CandleSeries;
  try {
    series = readCandleFile(file);
  } catch (err) {
    throw new BacktestUsageError((err as Error).message);
  }
  if (series.count < 2) {
    throw new BacktestUsageError(`${file}: ${series.count} bars (a backtest needs at least 2)${series.rejectSummary === '' ? '' : ` (${series.rejectSummary})`}`);
  }
  return series;
}

export interface Window { fromUs: number; toUs: number }

/** `window` narrowed to the span every file covers (common-span.ts), said in the log when that cuts a file. */
function withinCommonSpan(series: readonly CandleSeries[], window: Window, log: (line: string) => void): Window {
  let span: Span | null;
  try {
    span = commonSpan(series);
  } catch (err) {
    if (err instanceof CommonSpanError) throw new BacktestUsageError(err.message);
    throw err;
  }
  if (span === null) return window;
  const narrowed = { fromUs: Math.max(window.fromUs, span.fromUs), toUs: Math.min(window.toUs, span.toUs) };
  const cutsAFile = series.some((s) => s.openTimeUs[0] < narrowed.fromUs || s.openTimeUs[s.count - 1] >= narrowed.toUs);
  if (cutsAFile && (narrowed.fromUs > window.fromUs || narrowed.toUs < window.toUs)) {
    log(`backtest: replaying ${isoOfUs(span.fromUs)} .. ${isoOfUs(span.toUs - 1)}, the bars every --data file covers`);
  }
  return narrowed;
}

export function parseWindow(from: string | undefined, to: string | undefined): Window {
  const at = (what: string, text: string | undefined, otherwise: number): number => {
    if (text === undefined) return otherwise;
    const ms = parseWindowTimeMs(text);
    if (!Number.isFinite(ms)) throw new BacktestUsageError(`--${what} ${JSON.stringify(text)} is not a date or time (e.g. 2022, 2022-01-05 or 2022-01-05T12:00:00Z; UTC unless it says otherwise)`);
    return ms * 1000;
  };
  const window = { fromUs: at('from', from, -Infinity), toUs: at('to', to, Infinity) };
  if (!(window.fromUs < window.toUs)) throw new BacktestUsageError(`--from ${from} is not before --to ${to}`);
  return window;
}

/** The bars whose open time is in [from, to); the series itself when the window holds them all. */
export function cutSeries(series: CandleSeries, window: Window): CandleSeries {
  const t = series.openTimeUs;
  let first = 0;
  while (first < series.count && t[first] < window.fromUs) first++;
  let end = first;
  while (end < series.count && t[end] < window.toUs) end++;
  if (first === 0 && end === series.count) return series;
  if (end - first < 2) throw new BacktestUsageError(`${series.source}: ${end - first} bars between --from and --to (a backtest needs at least 2)`);
  return {
    ...series, count: end - first, openTimeUs: t.slice(first, end), open: series.open.slice(first, end), high: series.high.slice(first, end),
    low: series.low.slice(first, end), close: series.close.slice(first, end), volume: series.volume.slice(first, end),
  };
}

/** A cut series as a plain OHLCV CSV (epoch ms times) the replay source reads like any other. */
export function writeSeries(series: CandleSeries, file: string): string {
  const lines = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < series.count; i++) {
    lines.push(`${series.openTimeUs[i] / 1000},${series.open[i]},${series.high[i]},${series.low[i]},${series.close[i]},${series.volume[i]}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** An audit record's `attribution` ({model: share}), keeping only finite shares in (0, 1]. */
function attributionOf(value: unknown): Record<string, number> {
  if (typeof value !== 'object' || value === null) return {};
  const shares: Record<string, number> = {};
  for (const [model, share] of Object.entries(value)) if (typeof share === 'number' && share > 0 && share <= 1) shares[model] = share;
  return shares;
}

/** The fills of the session's audit trail, in the order they happened. */
function fillsOf(records: ReturnType<typeof auditRecordsIn>, assetClass: AssetClass): BacktestFill[] {
  const fills: BacktestFill[] = [];
  for (const r of records) {
    if (r.kind !== 'fill') continue;
    const p = r.payload as Record<string, unknown>;
    fills.push({
      timeUs: r.tsUs, symbol: String(p.symbol), assetClass, side: p.side === 'sell' ? 'sell' : 'buy',
      qty: Number(p.lastQty), price: Number(p.lastPrice), feeUsd: Number(p.feeUsd ?? 0),
      // The decision's models and their shares (up to six); the rest of the edge stays unattributed.
      attribution: attributionOf(p.attribution),
    });
  }
  return fills;
}
