/**
 * The frames the ingest benchmark replays, read at run time from the real captures in
 * `../shared/data` (never copied into the repository: several are under licences that forbid it;
 * TRADEBOT_SHARED_DATA overrides the folder). Each frame is turned into a Node Buffer once, up
 * front, because that is what the `ws` library hands a message handler.
 *
 * - Binance spot `trade` and `bookTicker`: the first FRAMES_PER_CASE of each stream in
 *   spot_btcusdt_20240808 (combined-stream envelopes, exactly as received).
 * - Binance depth: every USD-M `depthUpdate` of usdm_btcusdt_20240808 from the one that bridges the
 *   file's REST snapshot on, in file order (the chain a book can be kept with), plus that snapshot.
 *   The timed ones are those with 15-25 levels in total. USD-M rather than spot because it has
 *   twice as many such diffs (1,669 against 823).
 * - Coinbase Exchange: the 10 `snapshot`s and every `l2update` of COINBASE.ws.28.0, in file order.
 *
 * A missing folder or file is refused with a one-line message naming the path (a UsageError: the
 * CLI prints it and exits with the usage code): there is no meaningful fallback for a benchmark
 * whose point is real frames.
 */

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { UsageError } from '../src/pipeline/exit-codes.js';
import { REPO_ROOT } from './report.js';

export const FRAMES_PER_CASE = 4096;
export const DEPTH_MIN_LEVELS = 15;
export const DEPTH_MAX_LEVELS = 25;

export const SPOT_CAPTURE = 'ws/binance/hftbacktest/spot_btcusdt_20240808.gz';
export const USDM_CAPTURE = 'ws/binance/hftbacktest/usdm_btcusdt_20240808.gz';
export const COINBASE_CAPTURE = 'ws/coinbase/cryptofeed/COINBASE.ws.28.0';

export interface DepthChain {
  /** The REST snapshot body, as text (each consumer parses it its own way, outside the timing). */
  snapshotText: string;
  snapshotLastUpdateId: number;
  /** Every diff from the bridging one on, in file order: applying them all keeps a book in sync. */
  diffs: Buffer[];
  /** 1 where the diff has DEPTH_MIN_LEVELS..DEPTH_MAX_LEVELS levels: the ones timed. */
  timed: Uint8Array;
  timedCount: number;
  /** Mean bid + ask level count of the timed diffs. */
  timedMeanLevels: number;
  /** Final update id (`u`) of the last diff: where a book that applied the whole chain stands. */
  finalUpdateId: number;
}

export interface CoinbaseFrames {
  snapshots: Buffer[];
  l2updates: Buffer[];
  /** Unified symbols of the capture's products (BASE/QUOTE). */
  symbols: string[];
  meanChanges: number;
}

export interface IngestFrames {
  dataDir: string;
  trades: Buffer[];
  bookTickers: Buffer[];
  depth: DepthChain;
  coinbase: CoinbaseFrames;
}

export function sharedDataDir(): string {
  return process.env.TRADEBOT_SHARED_DATA ?? path.resolve(REPO_ROOT, '..', 'shared', 'data');
}

function captureText(dir: string, relative: string): string {
  const file = path.join(dir, relative);
  if (!existsSync(file)) {
    throw new UsageError(`ingest: capture ${relative} not found under ${dir}; this benchmark replays real frames and has no fallback (set TRADEBOT_SHARED_DATA to the folder holding ws/binance and ws/coinbase)`);
  }
  const bytes = readFileSync(file);
  return (relative.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** hftbacktest lines are `<receive ns> <frame>`. */
function hftbacktestFrames(text: string): string[] {
  return text.split('\n').filter((line) => line.length > 0).map((line) => line.slice(line.indexOf(' ') + 1));
}

/** cryptofeed `.ws.` lines: a `<url> <-> <ts>` header, sent `<url> <- <ts>: <json>`, received `<ts>: <json>`. */
function cryptofeedReceived(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.length === 0 || line.includes(' <-> ') || line.includes(' <- ')) continue;
    out.push(line.slice(line.indexOf(': ') + 2));
  }
  return out;
}

function firstOfStream(frames: string[], stream: string, count: number): Buffer[] {
  const prefix = `{"stream":"${stream}"`;
  const out: Buffer[] = [];
  for (const f of frames) {
    if (out.length === count) break;
    if (f.startsWith(prefix)) out.push(Buffer.from(f, 'utf8'));
  }
  if (out.length < count) throw new Error(`ingest: only ${out.length} ${stream} frames in the capture, ${count} wanted`);
  return out;
}

interface RawDiff { U: number; u: number; b: unknown[]; a: unknown[] }

function depthChain(frames: string[]): DepthChain {
  const snapshotText = frames.find((f) => f.startsWith('{"lastUpdateId"'));
  if (snapshotText === undefined) throw new Error(`ingest: no REST depth snapshot in ${USDM_CAPTURE}`);
  const L = (JSON.parse(snapshotText) as { lastUpdateId: number }).lastUpdateId;
  const diffs: Buffer[] = [];
  const levels: number[] = [];
  let finalUpdateId = -1;
  for (const f of frames) {
    if (!f.includes('"e":"depthUpdate"')) continue;
    const d = (JSON.parse(f) as { data: RawDiff }).data;
    // USD-M: diffs with u < L predate the snapshot; the first kept one must bridge it (U <= L).
    if (d.u < L) continue;
    if (diffs.length === 0 && d.U > L) throw new Error(`ingest: the first diff after the snapshot does not bridge it (U ${d.U} > L ${L})`);
    diffs.push(Buffer.from(f, 'utf8'));
    levels.push(d.b.length + d.a.length);
    finalUpdateId = d.u;
  }
  const timed = new Uint8Array(diffs.length);
  let timedCount = 0;
  let levelSum = 0;
  levels.forEach((n, i) => {
    if (n >= DEPTH_MIN_LEVELS && n <= DEPTH_MAX_LEVELS) {
      timed[i] = 1;
      timedCount++;
      levelSum += n;
    }
  });
  return { snapshotText, snapshotLastUpdateId: L, diffs, timed, timedCount, timedMeanLevels: levelSum / timedCount, finalUpdateId };
}

function coinbaseFrames(frames: string[]): CoinbaseFrames {
  const snapshots: Buffer[] = [];
  const l2updates: Buffer[] = [];
  const products = new Set<string>();
  let changes = 0;
  for (const f of frames) {
    const msg = JSON.parse(f) as { type?: string; product_id?: string; changes?: unknown[] };
    if (msg.type === 'snapshot') {
      snapshots.push(Buffer.from(f, 'utf8'));
      products.add(msg.product_id ?? '');
    } else if (msg.type === 'l2update') {
      l2updates.push(Buffer.from(f, 'utf8'));
      changes += msg.changes?.length ?? 0;
    }
  }
  if (snapshots.length === 0 || l2updates.length === 0) throw new Error(`ingest: no level2 snapshot/l2update frames in ${COINBASE_CAPTURE}`);
  return { snapshots, l2updates, symbols: [...products].map((p) => p.replace('-', '/')), meanChanges: changes / l2updates.length };
}

/** Read and select every frame the benchmark uses; throws with a clear message when data is missing. */
export function loadIngestFrames(): IngestFrames {
  const dataDir = sharedDataDir();
  if (!existsSync(dataDir)) {
    throw new UsageError(`ingest: shared capture folder ${dataDir} not found; this benchmark replays real captured frames and cannot run without it (set TRADEBOT_SHARED_DATA to the folder holding ws/binance and ws/coinbase)`);
  }
  const spot = hftbacktestFrames(captureText(dataDir, SPOT_CAPTURE));
  const usdm = hftbacktestFrames(captureText(dataDir, USDM_CAPTURE));
  const coinbase = cryptofeedReceived(captureText(dataDir, COINBASE_CAPTURE));
  return {
    dataDir,
    trades: firstOfStream(spot, 'btcusdt@trade', FRAMES_PER_CASE),
    bookTickers: firstOfStream(spot, 'btcusdt@bookTicker', FRAMES_PER_CASE),
    depth: depthChain(usdm),
    coinbase: coinbaseFrames(coinbase),
  };
}
