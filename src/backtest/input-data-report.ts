/**
 * What a backtest was fed, per input file: how many rows the reader saw, how many bars it kept
 * (and how many of those fell in the --from/--to window), what it skipped by reason, the gaps and
 * the jumps it kept. A report whose numbers rest on a file with a thousand skipped rows must say
 * so next to the numbers, not only in a log line gone with the terminal.
 */
import path from 'node:path';
import { CANDLE_REJECT_REASONS, type CandleSeries } from '../data/replay/candle-series.js';

export interface InputDataReport {
  readonly symbol: string;
  /** The file's name (no folders: a report is shared, a home directory need not be). */
  readonly file: string;
  readonly format: string;
  readonly rowsRead: number;
  /** Bars the reader kept from the whole file. */
  readonly bars: number;
  /** Of those, the bars inside the run's window. */
  readonly barsInWindow: number;
  /** Rows skipped, by reason (only reasons that occurred). */
  readonly skipped: Readonly<Record<string, number>>;
  readonly gaps: number;
  readonly missingBars: number;
  /** Kept bars reaching more than 10x from the close before (see candle-series.ts). */
  readonly jumps: number;
  /** The file was newest-first and was read in reverse. */
  readonly reversed: boolean;
}

export function inputDataReport(symbol: string, file: string, whole: CandleSeries, inWindow: CandleSeries): InputDataReport {
  const skipped: Record<string, number> = {};
  CANDLE_REJECT_REASONS.forEach((reason, r) => { if (whole.rejects[r] > 0) skipped[reason] = whole.rejects[r]; });
  return {
    symbol, file: path.basename(file), format: whole.format, rowsRead: whole.rowsRead, bars: whole.count, barsInWindow: inWindow.count,
    skipped, gaps: whole.gapCount, missingBars: whole.missingBars, jumps: whole.jumpCount, reversed: whole.reversed,
  };
}

export const INPUT_DATA_COLUMNS = ['symbol', 'file', 'format', 'rows', 'bars', 'in window', 'skipped', 'gaps (missing bars)', 'jumps'] as const;

export function inputDataRows(inputs: readonly InputDataReport[]): string[][] {
  const int = new Intl.NumberFormat('en-US');
  return inputs.map((d) => {
    const reasons = Object.entries(d.skipped);
    const skippedTotal = reasons.reduce((sum, [, n]) => sum + n, 0);
    return [
      d.symbol, d.file, d.reversed ? `${d.format}, newest first` : d.format, int.format(d.rowsRead), int.format(d.bars), int.format(d.barsInWindow),
      skippedTotal === 0 ? '0' : `${int.format(skippedTotal)}: ${reasons.map(([reason, n]) => `${reason} ${int.format(n)}`).join(', ')}`,
      `${int.format(d.gaps)} (${int.format(d.missingBars)})`, int.format(d.jumps),
    ];
  });
}
