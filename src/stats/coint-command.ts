/**
 * `tradebot stats coint FILE_A FILE_B [--json]`: the Engle-Granger test of A on B
 * (engle-granger.ts) on the closes of two candle files, joined on candle open time
 * (time-alignment.ts: only bars both files have).
 *
 * Exit codes: 0 with the result; 2 (UsageError, one line naming the file) for a missing or
 * unreadable file, or too few common bars.
 */

import { UsageError } from '../pipeline/exit-codes.js';
import { readPriceFile } from '../data/replay/price-file.js';
import { engleGranger } from './engle-granger.js';
import { alignByTime } from './time-alignment.js';

/** Fewest common bars: the ADF lag search needs room, and fewer says nothing about reversion. */
export const COINT_MIN_BARS = 30;

export interface CointFlags {
  fileA?: string;
  fileB?: string;
  json?: boolean;
}

export interface CointOutput {
  hedge_ratio: number;
  intercept: number;
  adf_stat: number;
  p_value: number;
  n: number;
  adf_lags: number;
}

/** The Engle-Granger numbers of closes `a` on `b` (already aligned), in the command's field names. */
export function cointOutput(a: Float64Array, b: Float64Array): CointOutput {
  const r = engleGranger(a, b);
  return { hedge_ratio: r.hedgeRatio, intercept: r.intercept, adf_stat: r.adfStat, p_value: r.pValue, n: r.n, adf_lags: r.lags };
}

/** Runs the command; returns the exit code. Usage problems throw UsageError. */
export function runCointCommand(flags: CointFlags, write: (text: string) => void = (t) => process.stdout.write(t)): number {
  if (!flags.fileA || !flags.fileB) throw new UsageError('stats coint needs two candle files: tradebot stats coint A.csv B.csv');
  const seriesA = readPriceFile(flags.fileA);
  const seriesB = readPriceFile(flags.fileB);
  const aligned = alignByTime(seriesA.openTimeUs, seriesA.close, seriesB.openTimeUs, seriesB.close);
  if (aligned.a.length < COINT_MIN_BARS) {
    throw new UsageError(`${flags.fileA} and ${flags.fileB} share ${aligned.a.length} bar open times (of ${seriesA.count} and ${seriesB.count}); the test needs at least ${COINT_MIN_BARS}`);
  }
  let out: CointOutput;
  try {
    out = cointOutput(aligned.a, aligned.b);
  } catch (err) {
    throw new UsageError(`${flags.fileA} on ${flags.fileB}: ${(err as Error).message}`);
  }
  if (flags.json) {
    write(`${JSON.stringify(out)}\n`);
  } else {
    write([
      `Engle-Granger cointegration: ${flags.fileA} on ${flags.fileB} (${out.n} common bars)`,
      `  A = ${out.intercept.toPrecision(6)} + ${out.hedge_ratio.toPrecision(6)} * B + spread`,
      `  ADF tau of the spread  ${out.adf_stat.toFixed(4)} (${out.adf_lags} lags, constant)`,
      `  p-value (MacKinnon)    ${out.p_value.toFixed(4)}${out.p_value < 0.05 ? '  cointegrated at 5%' : '  not cointegrated at 5%'}`,
    ].join('\n') + '\n');
  }
  return 0;
}
