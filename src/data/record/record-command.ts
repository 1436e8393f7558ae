/**
 * `tradebot record`: connect to a venue's market-data websocket (Binance's protocol, the real
 * venue or the simulated exchange started in-process) and write every frame, as received, to a
 * recording file (recording-file.ts) for later replay.
 *
 * What is recorded: each websocket frame untouched, one REST depth snapshot per symbol shortly
 * after the first connect (what a book needs to start from the diffs), and every open/close of the
 * connection, so a replay sees the gaps a reconnect left. Frames are not decoded here: the
 * recording must hold what the venue sent, including what today's decoder would refuse.
 *
 * Ending: after `durationMs` (0 = never) or when `signal` aborts (SIGINT/SIGTERM from the CLI).
 * The file is always flushed and closed, and the simulated exchange stopped, on every path out.
 */

import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { symbolProblem } from '../../core/symbols.js';
import { UsageError } from '../../pipeline/exit-codes.js';
import { WsFeed, WsFeedCounter } from '../venues/ws-feed.js';
import { httpGetBuffer } from '../venues/http-get.js';
import { BINANCE_SPOT_ENDPOINTS, type MarketDataEndpoints } from '../venues/market-data-endpoints.js';
import { RecordingWriter, recordingClockUs } from './recording-file.js';

export const RECORD_VENUES = ['sim', 'binance'] as const;
export type RecordVenue = (typeof RECORD_VENUES)[number];

export interface RecordOptions {
  venue: RecordVenue;
  /** Unified crypto pairs, BTC/USDT. */
  symbols: readonly string[];
  out: string;
  /** Stop after this long, ms; 0 = until `signal` aborts. */
  durationMs: number;
  force?: boolean;
  signal?: AbortSignal;
  /** Where progress and problems are reported (default: stderr). */
  log?: (line: string) => void;
}

export interface RecordSummary {
  out: string;
  frames: number;
  frameBytes: number;
  snapshots: number;
  snapshotFailures: number;
  connects: number;
  fileBytes: number;
  elapsedMs: number;
}

/** Delay between the first open and the snapshot requests, so diffs are already flowing when the snapshot is cut. */
const SNAPSHOT_DELAY_MS = 250;
const SNAPSHOT_TIMEOUT_MS = 10_000;
const SNAPSHOT_LIMIT = 1000;

/** Checks the options a person typed; each problem is a UsageError naming the flag. */
export function checkRecordOptions(options: RecordOptions): void {
  if (!RECORD_VENUES.includes(options.venue)) throw new UsageError(`--venue must be one of ${RECORD_VENUES.join(' | ')}, got "${String(options.venue)}"`);
  if (options.symbols.length === 0) throw new UsageError('--symbols: name at least one pair, e.g. --symbols BTC/USDT,ETH/USDT');
  for (const s of options.symbols) {
    const problem = symbolProblem('crypto', s);
    if (problem) throw new UsageError(`--symbols: ${problem}`);
  }
  if (!options.out) throw new UsageError('--out: name the file to write, e.g. --out btc.rec');
  const dir = dirname(resolve(options.out));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--out: directory ${dir} does not exist`);
  if (existsSync(options.out) && !options.force) throw new UsageError(`--out: ${options.out} already exists (add --force to replace it)`);
}

function venueStreamName(symbol: string): string {
  return symbol.replace('/', '').toLowerCase();
}

/** Records until the duration passes or `signal` aborts; resolves with what was written. */
export async function recordMarketData(options: RecordOptions): Promise<RecordSummary> {
  checkRecordOptions(options);
  const log = options.log ?? ((line: string) => { try { process.stderr.write(`tradebot: ${line}\n`); } catch { /* stderr gone */ } });
  const started = performance.now();
  let sim: { stop(): Promise<void> } | null = null;
  let endpoints: MarketDataEndpoints = BINANCE_SPOT_ENDPOINTS;
  if (options.venue === 'sim') {
    const { SimExchange } = await import('../sim-exchange/sim-exchange.js');
    const { loadConfig, defaultConfigPath } = await import('../../pipeline/config.js');
    const source = loadConfig(defaultConfigPath('crypto')).source;
    const exchange = new SimExchange({
      symbols: options.symbols, startPrices: source.startPrices, annualVol: source.annualVol, seed: source.seed, eventsPerSecond: source.ratePerSecond,
    });
    const at = await exchange.start();
    sim = exchange;
    endpoints = { protocol: 'binance', wsBase: at.wsUrl, restBase: at.restUrl };
  }

  const streams = options.symbols.flatMap((s) => {
    const v = venueStreamName(s);
    return [`${v}@trade`, `${v}@bookTicker`, `${v}@depth@100ms`];
  });
  const url = `${endpoints.wsBase}/stream?streams=${streams.join('/')}`;
  let writer: RecordingWriter;
  try {
    writer = new RecordingWriter(options.out, {
      venue: options.venue, protocol: 'binance', symbols: [...options.symbols], startedAt: new Date().toISOString(), wsUrl: url,
    }, { force: options.force });
  } catch (err) {
    await sim?.stop();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EEXIST') throw new UsageError(`--out: ${options.out} already exists (add --force to replace it)`);
    throw new UsageError(`--out: cannot write ${options.out} (${e.message})`);
  }

  const feed = new WsFeed({ name: `record-${options.venue}`, url });
  const snapshotAbort = new AbortController();
  const pendingSnapshots: Promise<void>[] = [];
  let snapshotFailures = 0;
  let snapshotTimer: NodeJS.Timeout | null = null;
  let snapshotsRequested = false;

  const fetchSnapshot = async (symbol: string): Promise<void> => {
    const venueId = symbol.replace('/', '');
    try {
      const body = await httpGetBuffer(`${endpoints.restBase}/api/v3/depth?symbol=${venueId}&limit=${SNAPSHOT_LIMIT}`, SNAPSHOT_TIMEOUT_MS, snapshotAbort.signal);
      writer.appendSnapshot(symbol, body, recordingClockUs());
    } catch (err) {
      if (snapshotAbort.signal.aborted) return;
      snapshotFailures++;
      log(`record: depth snapshot of ${symbol} failed: ${(err as Error).message}`);
    }
  };

  feed.on('frame', (data) => writer.appendFrame(data, recordingClockUs()));
  feed.on('open', () => {
    writer.appendConnection('open', url, recordingClockUs());
    if (snapshotsRequested) return;
    snapshotsRequested = true;
    snapshotTimer = setTimeout(() => {
      snapshotTimer = null;
      for (const s of options.symbols) pendingSnapshots.push(fetchSnapshot(s));
    }, SNAPSHOT_DELAY_MS);
  });
  feed.on('close', (reason, retryInMs) => {
    writer.appendConnection('close', reason, recordingClockUs());
    log(`record: connection closed (${reason})${retryInMs === null ? '' : `, reconnecting in ${retryInMs} ms`}`);
  });
  feed.on('failed', (reason) => log(`record: stream failed for good: ${reason}`));

  await new Promise<void>((done) => {
    const timer = options.durationMs > 0 ? setTimeout(done, options.durationMs) : null;
    const onAbort = (): void => { if (timer) clearTimeout(timer); done(); };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    feed.start();
  });

  const wasOpen = feed.isOpen;
  feed.stop();
  if (snapshotTimer) clearTimeout(snapshotTimer);
  snapshotAbort.abort();
  await Promise.all(pendingSnapshots);
  if (wasOpen) writer.appendConnection('close', 'recording stopped', recordingClockUs());
  try {
    await writer.close();
  } finally {
    await sim?.stop();
  }
  const fileBytes = statSync(options.out).size;
  return {
    out: options.out, frames: writer.frames, frameBytes: writer.frameBytes, snapshots: writer.snapshots, snapshotFailures,
    connects: feed.counters[WsFeedCounter.connects], fileBytes, elapsedMs: performance.now() - started,
  };
}

export interface RecordFlags {
  venue?: string;
  symbols?: string[];
  out?: string;
  duration?: string;
  force?: boolean;
}

/** The CLI's entry: flags in, SIGINT/SIGTERM stop the recording, a one-line summary on stderr, exit code out. */
export async function runRecordCommand(flags: RecordFlags): Promise<number> {
  const { parseDuration } = await import('../../pipeline/duration.js');
  let durationMs = 0;
  if (flags.duration !== undefined) {
    try {
      durationMs = parseDuration(flags.duration, { allowZero: true });
    } catch (err) {
      throw new UsageError(`--duration: ${(err as Error).message}`);
    }
  }
  if (!flags.venue) throw new UsageError('--venue is required: sim or binance');
  if (!flags.out) throw new UsageError('--out is required: the file to write');
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const s = await recordMarketData({
      venue: flags.venue as RecordVenue, symbols: flags.symbols ?? [], out: flags.out, durationMs, force: flags.force, signal: stop.signal,
    });
    const line = `tradebot: recorded ${s.frames} frames (${s.frameBytes} bytes), ${s.snapshots} snapshots${s.snapshotFailures ? ` (${s.snapshotFailures} failed)` : ''}`
      + ` to ${s.out} (${s.fileBytes} bytes) in ${(s.elapsedMs / 1000).toFixed(1)} s\n`;
    try { process.stderr.write(line); } catch { /* stderr gone */ }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
