/**
 * readCandleFile: one historical candle file of any supported format, as a CandleSeries.
 *
 * The format is told from the content, never from the file name: a first non-blank byte `[` is
 * freqtrade JSON (candle-json.ts; `{` goes there too, to be refused as JSON that is not an
 * array), anything else is a CSV whose first line decides the layout (candle-csv.ts: headered
 * OHLCV, Yahoo daily, backtrader's date+time quirk, headerless Binance
 * klines). Gzip-compressed files (magic bytes 1f 8b) are unpacked first.
 *
 * Contract: bad rows never throw; they are skipped and counted in `series.rejects` with a
 * readable `series.rejectSummary` (rules in candle-series.ts). Only a file that is no candle
 * file at all (or cannot be read) throws, with one Error naming the file and the accepted
 * layouts. The result has rows strictly increasing in time.
 *
 * This file is the only one here that touches the file system (one readFileSync);
 * parseCandleBytes is the same reader for bytes already in memory.
 */

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readCsvCandles, type CandleReadSettings } from './candle-csv.js';
import { readJsonCandles } from './candle-json.js';
import type { CandleSeries } from './candle-series.js';
import { startsLikeRecording } from '../record/recording-file.js';

export interface CandleFileOptions {
  /**
   * Offset from UTC, in minutes, of times written without a zone (default 0: naive times are
   * UTC). E.g. 60 for a file written in CET winter time.
   */
  naiveUtcOffsetMinutes?: number;
  /** How many record numbers per reject reason `rejectSummary` lists (default 5). */
  sampleRecords?: number;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const LEFT_BRACKET = 91;
const LEFT_BRACE = 123;

/** Read and parse the candle file at `path` (see the header for formats and contract). */
export function readCandleFile(path: string, options: CandleFileOptions = {}): CandleSeries {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a candle file'
      : code === 'EACCES' ? 'permission denied' : `cannot read it (${code ?? (err as Error).message})`;
    // The code stays on the error for callers that word it their own way.
    throw Object.assign(new Error(`${path}: ${reason}`), { code });
  }
  return parseCandleBytes(bytes, path, options);
}

/** Parse a candle file's bytes; `source` names it in the series and in errors. */
export function parseCandleBytes(bytes: Uint8Array, source: string, options: CandleFileOptions = {}): CandleSeries {
  const offsetMinutes = options.naiveUtcOffsetMinutes ?? 0;
  const sampleRecords = options.sampleRecords ?? 5;
  if (!Number.isFinite(offsetMinutes) || Math.abs(offsetMinutes) > 24 * 60) {
    throw new Error(`${source}: naiveUtcOffsetMinutes must be a number of minutes within a day, got ${offsetMinutes}`);
  }
  if (!Number.isInteger(sampleRecords) || sampleRecords < 0) {
    throw new Error(`${source}: sampleRecords must be a non-negative integer, got ${sampleRecords}`);
  }
  const settings: CandleReadSettings = { naiveOffsetUs: Math.round(offsetMinutes * 60e6), sampleRecords };
  // A recording is binary: read as a CSV it would be refused for a "header" of MessagePack bytes.
  if (startsLikeRecording(bytes)) {
    throw new Error(`${source}: a market-data recording (tradebot record), not a candle file: recordings replay in a session (\`tradebot run crypto|stocks --replay ${source}\`)`);
  }
  const text = bytes.length >= 2 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1 ? gunzipped(bytes, source) : bytes;
  const first = firstContentByte(text);
  const json = first === LEFT_BRACKET || first === LEFT_BRACE;
  return json ? readJsonCandles(text, source, settings) : readCsvCandles(text, source, settings);
}

/** A gzip file's contents; a damaged one is an error naming the file. */
function gunzipped(bytes: Uint8Array, source: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (err) {
    throw new Error(`${source}: not a readable gzip file (${(err as Error).message})`);
  }
}

function firstContentByte(bytes: Uint8Array): number {
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 32 || bytes[i] === 9 || bytes[i] === 10 || bytes[i] === 13)) i++;
  return i < bytes.length ? bytes[i] : -1;
}
