/**
 * `tradebot lookahead <crypto|stocks> --data FILE... [--sample N] [--seed S] [--json]`
 *
 * Runs the look-ahead guard (lookahead-guard.ts) on the project's strategy (strategy-decisions.ts:
 * features -> alphas -> blend -> sizer in one thread, with conf/<assetClass>.yml) over each candle
 * file (any format readCandleFile reads), one file per instrument, in the config's symbol order.
 * Checks `--sample` decision times chosen with `--seed` (default 50 and 1) plus the last three;
 * `--sample 0` checks only those. Prints one row per file (bars, checked times, runs, changed
 * decisions, the first offending bar, the verdict), or with `--json` one JSON document with every
 * file's full report.
 *
 * Exit code: 0 every file passes, 1 a look-ahead (or a nondeterministic strategy) was found,
 * 2 usage (unknown asset class, no files, a bad number, a file that is not a candle file).
 */

import { readCandleFile } from '../data/replay/candle-file.js';
import { defaultConfigPath, loadConfig, type PipelineConfig } from '../pipeline/config.js';
import { ASSET_CLASSES } from '../pipeline/config-schema.js';
import { candlesOf, checkLookahead, type LookaheadChange, type LookaheadReport } from './lookahead-guard.js';
import { strategyDecider } from './strategy-decisions.js';
import { textTable } from './terminal-report.js';

export const DEFAULT_SAMPLE = 50;

export interface LookaheadCommandArgs {
  readonly assetClass: string;
  readonly dataFiles: readonly string[];
  /** Decision times checked per file, besides the last three (default DEFAULT_SAMPLE). */
  readonly sample?: number;
  readonly seed?: number;
  readonly json?: boolean;
  /** Volume column unit (default the config's source.replayVolumeIn). */
  readonly volumeIn?: 'base' | 'quote';
  /** Where output goes (default stdout and stderr). */
  readonly out?: (text: string) => void;
  readonly err?: (text: string) => void;
}

export interface LookaheadFileResult {
  readonly file: string;
  readonly symbol: string;
  readonly report: LookaheadReport;
}

/** Run the command (see the header); returns the exit code. */
export function runLookaheadCommand(args: LookaheadCommandArgs): number {
  const out = args.out ?? ((text: string) => { process.stdout.write(text); });
  const err = args.err ?? ((text: string) => { process.stderr.write(text); });
  const usage = (message: string): number => {
    err(`lookahead: ${message}\nusage: tradebot lookahead <crypto|stocks> --data FILE... [--sample N] [--seed S] [--json]\n`);
    return 2;
  };
  if (!(ASSET_CLASSES as readonly string[]).includes(args.assetClass)) return usage(`asset class must be one of ${ASSET_CLASSES.join(' | ')}, got ${JSON.stringify(args.assetClass)}`);
  if (args.dataFiles.length === 0) return usage('no candle file given (--data FILE...)');
  const sample = args.sample ?? DEFAULT_SAMPLE;
  const seed = args.seed ?? 1;
  if (!(Number.isInteger(sample) && sample >= 0)) return usage(`--sample must be an integer >= 0, got ${sample}`);
  if (!Number.isInteger(seed)) return usage(`--seed must be an integer, got ${seed}`);

  let config: PipelineConfig;
  try {
    config = loadConfig(defaultConfigPath(args.assetClass as (typeof ASSET_CLASSES)[number]));
  } catch (e) {
    return usage((e as Error).message);
  }
  const results: LookaheadFileResult[] = [];
  for (const [i, file] of args.dataFiles.entries()) {
    let series;
    try {
      series = readCandleFile(file);
    } catch (e) {
      return usage((e as Error).message);
    }
    // One bar has no decision after it to corrupt: a pass on it would check nothing.
    if (series.count < 2) return usage(`${file}: ${series.count === 0 ? 'no bars' : 'only 1 bar'}${series.rejectSummary === '' ? '' : ` (${series.rejectSummary})`}; the check needs at least 2`);
    const symbol = config.symbols[i] ?? config.symbols[0];
    const decide = strategyDecider({
      config, symbol, intervalUs: series.intervalUs > 0 ? series.intervalUs : undefined,
      volumeInQuote: (args.volumeIn ?? config.source.replayVolumeIn) === 'quote',
    });
    results.push({ file, symbol, report: checkLookahead(candlesOf(series), decide, { sample, seed }) });
  }
  const failed = results.some((r) => r.report.verdict !== 'pass');
  if (args.json === true) {
    out(`${JSON.stringify({ assetClass: args.assetClass, sample, seed, verdict: failed ? 'lookahead' : 'pass', files: results }, jsonNumbers, 2)}\n`);
  } else {
    out(`${renderLookahead(results).join('\n')}\n`);
  }
  return failed ? 1 : 0;
}

/** The verdict table, one row per file. */
export function renderLookahead(results: readonly LookaheadFileResult[]): string[] {
  const rows = results.map(({ file, symbol, report: r }) => [
    file, symbol, String(r.bars), `${r.checkedTimes}/${r.decisionTimes}`, String(r.runs), String(r.changedTimes),
    r.firstOffending === null ? '-' : describe(r.firstOffending), r.verdict.toUpperCase(),
  ]);
  return textTable(['file', 'symbol', 'bars', 'checked', 'runs', 'changed', 'first offending', 'verdict'], rows);
}

function describe(c: LookaheadChange): string {
  const when = Number.isFinite(c.timeUs) ? new Date(c.timeUs / 1000).toISOString() : String(c.timeUs);
  return `bar ${c.bar} ${when} ${c.field} ${format(c.before)} -> ${format(c.after)}`;
}

function format(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v);
}

/** JSON has no NaN or Infinity: written as strings so nothing turns silently into null. */
function jsonNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}
