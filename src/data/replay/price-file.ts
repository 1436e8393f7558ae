/**
 * A candle file read for its closes by the offline analysis commands (`risk report`,
 * `stats coint`): readCandleFile (every format it detects), with every way of failing turned into
 * a UsageError whose one line names the file, since the file is what the person has to fix.
 */

import { UsageError } from '../../pipeline/exit-codes.js';
import { readCandleFile } from './candle-file.js';
import type { CandleSeries } from './candle-series.js';

/** The candles of `path`, or a UsageError naming it (missing, unreadable, not candles). */
export function readPriceFile(path: string): CandleSeries {
  try {
    return readCandleFile(path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason = e.code === 'ENOENT' ? 'no such file'
      : e.code === 'EISDIR' ? 'is a directory, not a price file'
      : e.code === 'EACCES' ? 'permission denied'
      : e.message.startsWith(`${path}: `) ? e.message.slice(path.length + 2) : e.message;
    throw new UsageError(`${path}: ${reason.split('\n')[0]}`);
  }
}
