/**
 * `tradebot record`: connect to a venue's market-data websocket and write every frame, as
 * received, to a recording file (recording-file.ts) for later replay (`run --replay FILE`).
 *
 * Venues and what each records (binance-recorder.ts, coinbase-recorder.ts, alpaca-recorder.ts):
 * - binance, sim (the simulated Binance exchange, started in-process): Binance's combined stream
 *   plus a REST depth snapshot of a symbol whenever its book needs one (each connect, a gap).
 * - coinbase: Coinbase Exchange's ws-feed, with the subscribe frame the connector sends.
 * - coinbase_advanced: Coinbase Advanced Trade's websocket, with the connector's subscribe frames.
 *   On both, a product whose book breaks is resubscribed (level2) as the connector would.
 * - alpaca, sim-alpaca (the simulated Alpaca stream, started in-process): Alpaca's v2 stock
 *   stream for tickers, after the auth/subscribe handshake; keys from the environment only.
 * Every open/close of the connection is recorded too, so a replay sees the gaps a reconnect left,
 * and so is every frame the recorder sent (credentials redacted). Frames are written as received
 * (Binance's depth diffs are also read, only to know when a snapshot is due): the recording must
 * hold what the venue sent, including what today's decoder would refuse.
 *
 * The real venues' URLs come from liveEndpoints, so the same TRADEBOT_*_URL overrides that move a
 * live session (a proxy, a regional endpoint, a loopback server in tests) move the recorder.
 *
 * Ending: after `durationMs` (0 = never), when `signal` aborts (SIGINT/SIGTERM from the CLI), or
 * when the venue refuses the recorder for good or the file stops taking bytes (`failure` in the
 * summary). The file is always flushed and closed, and a simulated exchange stopped, on every
 * path out.
 */

import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { symbolProblem } from '../../core/symbols.js';
import { UsageError } from '../../pipeline/exit-codes.js';
import { setLongTimeout } from '../../pipeline/duration.js';
import { WsFeedCounter } from '../venues/ws-feed.js';
import { liveEndpoints, missingAlpacaKeys, type CryptoVenue, type MarketDataEndpoints } from '../venues/market-data-endpoints.js';
import { RecordingWriter, recordingClockUs } from './recording-file.js';
import type { RecorderPlan } from './feed-recording.js';
import { binanceRecorder } from './binance-recorder.js';
import { coinbaseAdvancedRecorder, coinbaseRecorder } from './coinbase-recorder.js';
import { alpacaRecorder, type AlpacaKeys } from './alpaca-recorder.js';

export const RECORD_VENUES = ['sim', 'binance', 'coinbase', 'coinbase_advanced', 'alpaca', 'sim-alpaca'] as const;
export type RecordVenue = (typeof RECORD_VENUES)[number];

/** The Alpaca stock feeds a recording can be made of. */
export const RECORD_ALPACA_FEEDS = ['iex', 'sip'] as const;
export type RecordAlpacaFeed = (typeof RECORD_ALPACA_FEEDS)[number];

export interface RecordOptions {
  venue: RecordVenue;
  /** Crypto pairs (BTC/USDT) for sim, binance, coinbase and coinbase_advanced; tickers (AAPL) for alpaca and sim-alpaca. */
  symbols: readonly string[];
  out: string;
  /** Stop after this long, ms; 0 = until `signal` aborts. */
  durationMs: number;
  force?: boolean;
  /** Alpaca's stock feed (default iex). */
  feed?: RecordAlpacaFeed;
  signal?: AbortSignal;
  /** Where progress and problems are reported (default: stderr). */
  log?: (line: string) => void;
  /** Where URL overrides and Alpaca's keys are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface RecordSummary {
  out: string;
  frames: number;
  frameBytes: number;
  /** Frames the recorder sent (subscribe, auth), recorded as such. */
  sent: number;
  snapshots: number;
  snapshotFailures: number;
  connects: number;
  fileBytes: number;
  elapsedMs: number;
  /** Why the recording ended early (the venue refused the recorder for good, or the file stopped taking bytes), or null. */
  failure: string | null;
}

function isStockVenue(venue: RecordVenue): boolean {
  return venue === 'alpaca' || venue === 'sim-alpaca';
}

/** Checks the options a person typed; each problem is a UsageError naming the flag. */
export function checkRecordOptions(options: RecordOptions): void {
  if (!RECORD_VENUES.includes(options.venue)) throw new UsageError(`--venue must be one of ${RECORD_VENUES.join(' | ')}, got "${String(options.venue)}"`);
  const stocks = isStockVenue(options.venue);
  if (options.symbols.length === 0) {
    throw new UsageError(`--symbols: name at least one ${stocks ? 'ticker, e.g. --symbols AAPL,MSFT' : 'pair, e.g. --symbols BTC/USDT,ETH/USDT'}`);
  }
  for (const s of options.symbols) {
    const problem = symbolProblem(stocks ? 'stocks' : 'crypto', s);
    if (problem) throw new UsageError(`--symbols: ${problem}`);
  }
  if (options.feed !== undefined) {
    if (!stocks) throw new UsageError('--feed applies to --venue alpaca and sim-alpaca only');
    if (!RECORD_ALPACA_FEEDS.includes(options.feed)) throw new UsageError(`--feed must be one of ${RECORD_ALPACA_FEEDS.join(' | ')}, got "${String(options.feed)}"`);
  }
  if (options.venue === 'alpaca') {
    const missing = missingAlpacaKeys(options.env ?? process.env);
    if (missing.length > 0) {
      throw new UsageError(`--venue alpaca: Alpaca's stream needs API keys: set ${missing.join(' and ')} in the environment `
        + '(keys are read from the environment only, and never written to the recording)');
    }
  }
  if (!options.out) throw new UsageError('--out: name the file to write, e.g. --out btc.rec');
  const dir = dirname(resolve(options.out));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--out: directory ${dir} does not exist`);
  if (existsSync(options.out) && !options.force) throw new UsageError(`--out: ${options.out} already exists (add --force to replace it)`);
}

/** A venue's endpoints from the environment, a bad override being the user's to fix. */
function venueEndpoints(assetClass: 'crypto' | 'stocks', env: NodeJS.ProcessEnv, cryptoVenue: CryptoVenue = 'binance'): MarketDataEndpoints {
  try {
    return liveEndpoints(assetClass, env, cryptoVenue);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

interface RecordingTarget {
  plan: RecorderPlan;
  /** Stops the simulated exchange the recording reads, if any. */
  stopSim?: () => Promise<void>;
}

/** Where to connect and how, starting a simulated exchange for sim and sim-alpaca. */
async function recordingTarget(options: RecordOptions, env: NodeJS.ProcessEnv): Promise<RecordingTarget> {
  const { venue, symbols } = options;
  const feed = options.feed ?? 'iex';
  switch (venue) {
    case 'binance': return { plan: binanceRecorder(venueEndpoints('crypto', env), symbols) };
    case 'coinbase': return { plan: coinbaseRecorder(venueEndpoints('crypto', env, 'coinbase'), symbols) };
    case 'coinbase_advanced': return { plan: coinbaseAdvancedRecorder(venueEndpoints('crypto', env, 'coinbase_advanced'), symbols) };
    case 'alpaca': {
      const keys: AlpacaKeys = { keyId: env.APCA_API_KEY_ID ?? '', secretKey: env.APCA_API_SECRET_KEY ?? '' };
      return { plan: alpacaRecorder(venueEndpoints('stocks', env), symbols, feed, keys) };
    }
    case 'sim': {
      const { SimExchange } = await import('../sim-exchange/sim-exchange.js');
      const source = await defaultSource('crypto');
      const exchange = new SimExchange({
        symbols, startPrices: source.startPrices, annualVol: source.annualVol, seed: source.seed, eventsPerSecond: source.ratePerSecond,
      });
      const at = await exchange.start();
      return { plan: binanceRecorder({ protocol: 'binance', wsBase: at.wsUrl, restBase: at.restUrl }, symbols), stopSim: () => exchange.stop() };
    }
    case 'sim-alpaca': {
      const { AlpacaSimExchange } = await import('../sim-exchange/alpaca-sim-exchange.js');
      const source = await defaultSource('stocks');
      const exchange = new AlpacaSimExchange({
        symbols, startPrices: source.startPrices, annualVol: source.annualVol, seed: source.seed, eventsPerSecond: source.ratePerSecond,
      });
      const at = await exchange.start();
      // The simulated stream takes any keys; the environment's are used when set, as live.
      const keys: AlpacaKeys = { keyId: env.APCA_API_KEY_ID || 'sim', secretKey: env.APCA_API_SECRET_KEY || 'sim' };
      return { plan: alpacaRecorder({ protocol: 'alpaca', wsBase: at.wsUrl, restBase: '' }, symbols, feed, keys), stopSim: () => exchange.stop() };
    }
  }
}

/** The shipped config's market model, which the simulated exchanges run. */
async function defaultSource(assetClass: 'crypto' | 'stocks') {
  const { loadConfig, defaultConfigPath } = await import('../../pipeline/config.js');
  return loadConfig(defaultConfigPath(assetClass)).source;
}

/** Records until the duration passes, `signal` aborts or the venue refuses for good; resolves with what was written. */
export async function recordMarketData(options: RecordOptions): Promise<RecordSummary> {
  checkRecordOptions(options);
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => { try { process.stderr.write(`tradebot: ${line}\n`); } catch { /* stderr gone */ } });
  const started = performance.now();
  const { plan, stopSim } = await recordingTarget(options, env);

  let writer: RecordingWriter;
  // A file that stops taking bytes ends the recording: carrying on would record nothing.
  let writeFailed: (() => void) | null = null;
  try {
    writer = new RecordingWriter(options.out, {
      venue: options.venue, protocol: plan.protocol, symbols: [...options.symbols], startedAt: new Date().toISOString(), wsUrl: plan.wsUrl,
      ...(plan.feed === undefined ? {} : { feed: plan.feed }),
    }, { force: options.force, onError: () => writeFailed?.() });
  } catch (err) {
    await stopSim?.();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EEXIST') throw new UsageError(`--out: ${options.out} already exists (add --force to replace it)`);
    throw new UsageError(`--out: cannot write ${options.out} (${e.message})`);
  }

  const recorder = plan.start(writer, log);
  await new Promise<void>((done) => {
    // setLongTimeout: a plain setTimeout beyond 24.8 days fires at once, recording nothing.
    const timer = options.durationMs > 0 ? setLongTimeout(done, options.durationMs) : null;
    const end = (): void => { timer?.cancel(); done(); };
    writeFailed = end;
    if (writer.writeError) end();
    if (options.signal?.aborted) end();
    options.signal?.addEventListener('abort', end, { once: true });
    recorder.feed.once('failed', end);
    if (recorder.feed.failure !== null) end();
  });

  const wasOpen = recorder.feed.isOpen;
  try {
    await recorder.stop();
    if (wasOpen) writer.appendConnection('close', 'recording stopped', recordingClockUs());
    await writer.close().catch(() => { /* writer.writeError says why */ });
  } finally {
    await stopSim?.();
  }
  const writeError = writer.writeError as NodeJS.ErrnoException | null;
  const failure = writeError ? `cannot write ${options.out} (${writeError.code ?? writeError.message}): the records after that were lost` : recorder.feed.failure;
  const fileBytes = statSync(options.out).size;
  return {
    out: options.out, frames: writer.frames, frameBytes: writer.frameBytes, sent: writer.sent, snapshots: writer.snapshots,
    snapshotFailures: recorder.snapshotFailures(), connects: recorder.feed.counters[WsFeedCounter.connects], fileBytes,
    elapsedMs: performance.now() - started, failure,
  };
}

export interface RecordFlags {
  venue?: string;
  symbols?: string[];
  out?: string;
  duration?: string;
  force?: boolean;
  feed?: string;
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
  if (!flags.venue) throw new UsageError(`--venue is required: ${RECORD_VENUES.join(' | ')}`);
  if (!flags.out) throw new UsageError('--out is required: the file to write');
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const s = await recordMarketData({
      venue: flags.venue as RecordVenue, symbols: flags.symbols ?? [], out: flags.out, durationMs, force: flags.force,
      feed: flags.feed as RecordAlpacaFeed | undefined, signal: stop.signal,
    });
    const line = `tradebot: recorded ${s.frames} frames (${s.frameBytes} bytes), ${s.snapshots} snapshots${s.snapshotFailures ? ` (${s.snapshotFailures} failed)` : ''}`
      + ` to ${s.out} (${s.fileBytes} bytes) in ${(s.elapsedMs / 1000).toFixed(1)} s\n`;
    const refused = s.failure === null ? '' : `tradebot: the recording ended early: ${s.failure}\n`;
    try { process.stderr.write(line + refused); } catch { /* stderr gone */ }
    return s.failure === null ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
