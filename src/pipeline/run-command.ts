/**
 * `tradebot run <crypto|stocks>`: one trading session from the banner to the summary.
 *
 * Signals and the terminal:
 * - SIGINT/SIGTERM stop ingest and drain every ring, then the summary is printed. A second
 *   SIGINT/SIGTERM while draining abandons the drain (exit 4, what was left is counted). Once the
 *   summary is out, signals change nothing: the outcome is already decided.
 * - SIGHUP re-reads the config, validates it and applies the hot-reloadable sections (strategy,
 *   risk, execution fees) to the running workers; an invalid file keeps the old values. But a
 *   SIGHUP that comes with the process's terminal gone is a hangup, not a reload: the session
 *   drains and exits as for SIGTERM. So does a write to stdout or stderr that fails because
 *   nobody is reading any more.
 * - Nothing keeps the process alive after the drain: every timer is cleared, and the metrics
 *   endpoint is closed, after a grace period if the session halted (so `/health` can say why).
 *
 * Exit codes are in exit-codes.ts.
 */

import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { readCandleFile } from '../data/replay/candle-file.js';
import type { CandleSeries } from '../data/replay/candle-series.js';
import { isRecording, protocolAssetClass, RecordingReader, type RecordingHeader } from '../data/record/recording-file.js';
import { Orchestrator } from './orchestrator.js';
import {
  applyOverrides, checkSectionsKept, ConfigError, diffConfig, diffReloadable, loadConfig, parseConfig, readConfigText, topLevelKeys,
  type ConfigOverrides, type PipelineConfig,
} from './config.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { flagError } from './run-flags.js';
import { OperatorConsole } from './operator-console.js';
import { formatBanner, formatStatus, formatSummary, summarize, urlHost, type RunSummary } from './session-report.js';
import { formatValue } from './config-schema.js';
import { liveEndpoints, missingAlpacaKeys, type MarketDataEndpoints } from '../data/venues/market-data-endpoints.js';
import { checkLiveExecution, orderVenueName, orderVenueOf, reconcileResumeWithVenue, simMarkets } from './live-session-orders.js';
import { credentialsFromEnv } from '../execution/live/live-credentials.js';
import { setLongTimeout, type LongTimeout } from './duration.js';
import { packageVersion } from '../core/package-info.js';
import type { LayerName } from './telemetry.js';
import { SimExchangeHost } from './sim-exchange-host.js';
import { SignalInbox, type StopOrReloadSignal } from './signal-inbox.js';
import { loadAlphaFeeds } from '../alpha/feeds/alpha-feeds.js';
import { FeedFileError } from '../alpha/feeds/feed-file.js';
import type { VenueMarket } from '../data/venues/market-metadata/venue-markets.js';
import { multiVenuesOf, symbolVenues } from './venue-symbols-config.js';
import { registerSession } from '../models/session-registry.js';
import { defaultModelsDir } from '../alpha/deep/promoted-model.js';
import { prepareSessionMarkets, UnlistedSymbolError, type SessionMarkets } from '../data/venues/market-metadata/session-markets.js';
import { watchDrift } from './drift-watch.js';
import { RoutingGroups } from '../execution/routing/routing-groups.js';
import { describeRecovery, latestSessionDir, recordRecovery, recoverSession, seedTopology, type RecoveredSession } from '../compliance/session-recovery.js';

export interface RunOptions {
  /** The asset class named on the command line; the config must agree. */
  assetClass: PipelineConfig['assetClass'];
  configPath: string;
  /** Flag overrides, validated against the file's config. */
  overrides: ConfigOverrides;
  /** Session length; undefined = the config's `pipeline.durationMs` (0 = until signalled). */
  durationMs?: number;
  json: boolean;
  /**
   * Continue a dead session from its audit trail (compliance/session-recovery.ts): '' = the
   * newest session under the data directory, else that session's directory.
   */
  resume?: string;
  /** Test hook: crash each of these layers every `crashAfterMs`, `crashTimes` times (default once). */
  crashLayers?: LayerName[];
  crashAfterMs?: number;
  crashTimes?: number;
  /** Test hook: make each of these layers hang once, `crashAfterMs` after start. */
  hangLayers?: LayerName[];
  /** Test hook: with pipeline.retrainOnDrift, count one more drift alarm this long after start. */
  driftAlarmAfterMs?: number;
}

/** The config a session runs: the file, the flags over it, and the checks only a session needs. */
export function sessionConfig(options: Pick<RunOptions, 'assetClass' | 'configPath' | 'overrides'>, text?: string): PipelineConfig {
  return sessionStart(options, text).config;
}

/** What a session starts from: its config and, for a replay of candle files, their bars. */
export interface SessionStart {
  config: PipelineConfig;
  /**
   * The candle files of a replay, one series per symbol, as the checks read them: L0 replays
   * these bars instead of reading and parsing the files a second time (null: no candle replay).
   */
  replaySeries: CandleSeries[] | null;
}

/** sessionConfig, keeping the candle files the checks read (see SessionStart). */
export function sessionStart(options: Pick<RunOptions, 'assetClass' | 'configPath' | 'overrides'>, text?: string): SessionStart {
  const loadOptions = { allowLive: options.overrides.live === true };
  const fromFile = text === undefined ? loadConfig(options.configPath, loadOptions) : parseConfig(text, options.configPath, loadOptions);
  if (fromFile.assetClass !== options.assetClass) {
    throw new UsageError(`run ${options.assetClass}: ${options.configPath} is a ${fromFile.assetClass} config (assetClass: ${fromFile.assetClass}); `
      + `use \`run ${fromFile.assetClass}\`, or give a ${options.assetClass} config with --config`);
  }
  let config: PipelineConfig;
  try {
    config = applyOverrides(fromFile, options.overrides);
  } catch (err) {
    throw err instanceof ConfigError ? flagError(err) : err;
  }
  if (config.execution.mode === 'live') checkLiveExecution(config);
  if (config.source.kind === 'sim') checkSimVenue(config);
  const replaySeries = config.source.kind === 'replay' ? checkReplayFiles(config) : null;
  if (config.source.kind === 'live') checkLiveSource(config);
  if (config.source.kind === 'sim' && config.assetClass === 'crypto' && config.source.binanceMarket !== 'spot') {
    throw new UsageError(`source.binanceMarket is "${config.source.binanceMarket}", but the simulated exchange speaks Binance spot only; `
      + 'use --source live for USD-M futures, or binanceMarket: spot');
  }
  return { config, replaySeries };
}

/** The simulated exchange speaks Binance's protocol: a Coinbase session there would read nothing. */
function checkSimVenue(config: PipelineConfig): void {
  if (config.assetClass === 'crypto' && config.source.cryptoVenues.length > 0) {
    throw new UsageError(`--source sim cannot read several venues (source.cryptoVenues: ${config.source.cryptoVenues.join(', ')}): the simulated exchange `
      + 'is one Binance venue, so nothing was started. Use --source live, or remove source.cryptoVenues and source.consolidatedSymbols.');
  }
  if (config.assetClass !== 'crypto' || config.source.cryptoVenue === 'binance') return;
  throw new UsageError(`--source sim cannot run with source.cryptoVenue: ${config.source.cryptoVenue}: the simulated exchange speaks Binance's protocol only, `
    + 'so nothing was started. Use --source live for Coinbase market data, or set source.cryptoVenue: binance for the simulated exchange.');
}

/**
 * A live source reads the real venue's public market data (orders stay paper unless --live).
 * Said before anything starts: an override that is no URL, or Alpaca without its keys (its
 * stream refuses every unauthenticated connection, so the session would trade nothing).
 */
function checkLiveSource(config: PipelineConfig): MarketDataEndpoints[] {
  let endpoints: MarketDataEndpoints[];
  try {
    const venues = multiVenuesOf(config);
    endpoints = (venues.length > 0 ? venues : [config.source.cryptoVenue])
      .map((venue) => liveEndpoints(config.assetClass, process.env, venue, config.source.binanceMarket));
  } catch (err) {
    throw new UsageError(`--source live: ${(err as Error).message}`);
  }
  const missing = config.assetClass === 'stocks' ? missingAlpacaKeys() : [];
  if (missing.length > 0) {
    throw new UsageError(`--source live for stocks reads Alpaca's stream, which needs API keys: set ${missing.join(' and ')} in the environment `
      + '(keys are read from the environment only), or use --source sim');
  }
  return endpoints;
}

/**
 * The alpha models' feed files are read before anything starts, in full, so a missing file or a
 * malformed line is a usage error naming the field, the file and the line, not a worker failing
 * to start. L1 reads them again when it builds its stage.
 */
function checkAlphaFeeds(config: PipelineConfig): void {
  try {
    loadAlphaFeeds(config);
  } catch (err) {
    if (err instanceof FeedFileError) throw new UsageError(err.message);
    throw err;
  }
}

/**
 * The venue's market metadata for a live session (cache, venue, stale cache or built-in
 * guesses; see session-markets.ts), its origin logged. A symbol the venue does not list is a
 * usage error: its stream would never send anything.
 */
async function liveMarkets(config: PipelineConfig, log: (message: string) => void): Promise<Readonly<Record<string, VenueMarket>>> {
  // On several venues each lists its own symbols; names are unique across them, so one record holds all.
  const venues = multiVenuesOf(config);
  const perVenue = venues.length === 0 ? [config] : venues.map((venue) => {
    const venueOf = symbolVenues(config.symbols, config.source);
    return { ...config, symbols: config.symbols.filter((_, s) => venueOf[s] === venue), source: { ...config.source, cryptoVenue: venue } };
  });
  const markets: Record<string, VenueMarket> = {};
  for (const cfg of perVenue) {
    let listing: SessionMarkets;
    try {
      listing = await prepareSessionMarkets(cfg);
    } catch (err) {
      if (err instanceof UnlistedSymbolError) throw new UsageError(`--source live: ${err.message}; nothing was started`);
      throw err;
    }
    for (const note of listing.notes) log(note);
    Object.assign(markets, listing.markets);
  }
  return markets;
}

/**
 * A replay needs one readable file per symbol, said before anything starts. Returns the files'
 * bars, which L0 then replays (null for a recording, which L0 reads itself).
 */
function checkReplayFiles(config: PipelineConfig): CandleSeries[] | null {
  const files = config.source.replayFiles;
  if (files.length === 0) throw new UsageError('--source replay needs files: --replay FILE [FILE...], one per symbol');
  // Any file, not just the first: a recording after a candle file would be read as a bad CSV.
  const recording = files.find((file) => isRecording(file));
  if (recording !== undefined) {
    checkRecording(config, recording);
    return null;
  }
  if (files.length !== config.symbols.length) {
    throw new UsageError(`--replay gave ${files.length} file${files.length === 1 ? '' : 's'} for ${config.symbols.length} symbols (${config.symbols.join(', ')}): `
      + 'give --symbols with one symbol per file, in the same order');
  }
  return files.map((file) => {
    try {
      if (!statSync(file).isFile()) throw new Error('not a regular file');
    } catch (err) {
      throw new UsageError(`--replay ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    // Read once here so a file in no known format is a usage error, not a crashing worker.
    let series: CandleSeries;
    try {
      series = readCandleFile(file);
    } catch (err) {
      throw new UsageError(`--replay ${(err as Error).message}`);
    }
    const skipped = series.rejectSummary === '' ? '' : ` (${series.rejectSummary})`;
    if (series.count === 0) throw new UsageError(`--replay ${file}: no usable bars in it${skipped}`);
    // A bar's events are spread over its interval, which one bar alone does not tell.
    if (series.count === 1) throw new UsageError(`--replay ${file}: only 1 usable bar in it${skipped}; a replay needs at least 2 (their spacing is the bar interval)`);
    return series;
  });
}

/**
 * A recording replays alone, into a session of the asset class its protocol carries (Binance and
 * Coinbase: crypto; Alpaca: stocks) trading exactly the symbols it holds.
 */
function checkRecording(config: PipelineConfig, file: string): void {
  if (config.source.replayFiles.length > 1) throw new UsageError(`--replay ${file} is a recording: replay it on its own`);
  let header: RecordingHeader;
  try {
    const reader = new RecordingReader(file);
    header = reader.header;
    // Read through once, as candle files are: a record that does not decode is a usage error, not
    // an L0 failing on it at every restart until the session halts.
    for (const _ of reader.records()) { /* decoding checks each record */ }
  } catch (err) {
    throw new UsageError(`--replay ${(err as Error).message}`);
  }
  const recorded = protocolAssetClass(header.protocol);
  if (config.assetClass !== recorded) {
    throw new UsageError(`--replay ${file} is a recording in ${header.protocol}'s protocol (${recorded}: ${header.symbols.join(', ')}): `
      + `it replays in a ${recorded} session, \`run ${recorded} --replay ${file}\`, not in \`run ${config.assetClass}\``);
  }
  const same = header.symbols.length === config.symbols.length && header.symbols.every((s) => config.symbols.includes(s));
  if (!same) {
    throw new UsageError(`--replay ${file} holds ${header.symbols.join(', ')}; the session trades ${config.symbols.join(', ')}: give --symbols ${header.symbols.join(',')}`);
  }
}

/** Two copies of one signal this close together are one request (`timeout` signals the child and its group). */
const DUPLICATE_SIGNAL_MS = 250;

/**
 * Run a session to its end and return the process exit code. `signals` should be created as
 * early as the process can (the CLI does it before loading anything) so no signal is fatal.
 */
export async function runSession(options: RunOptions, operator = new OperatorConsole(), signals = new SignalInbox()): Promise<number> {
  const startText = readConfigText(options.configPath);
  const start = sessionStart(options, startText);
  let config = start.config;
  // The sections the running file has: a reload of a file without one of them is refused.
  let fileSections = topLevelKeys(startText);
  // At start only: a reload cannot change which files are read (source.* needs a restart).
  checkAlphaFeeds(config);
  const log = (message: string): void => operator.log(message);

  // The signal handlers exist before anything starts. Until the pipeline runs, a stop request
  // is remembered and carried out as soon as it does.
  let orchestrator: Orchestrator | null = null;
  let stopBeforeStart: string | null = null;
  // A SIGHUP while starting: the file may have changed since it was read (a live session's start
  // waits on the venue for seconds), so it is read again once the pipeline runs.
  let reloadOnStart = false;
  let stoppingSince = 0;
  // After the summary: signals are still caught (so a late Ctrl-C cannot turn a clean exit into
  // 130), but they only cut a halted session's health grace period short.
  let summaryPrinted = false;
  let endGrace: (() => void) | null = null;

  const stop = (why: string): void => {
    if (summaryPrinted) { endGrace?.(); return; }
    if (!orchestrator) { stopBeforeStart ??= why; return; }
    if (orchestrator.isStopping) return;
    stoppingSince = performance.now();
    log(`stopping (${why}): draining rings`);
    orchestrator.stop();
  };
  const onStopSignal = (signal: StopOrReloadSignal): void => {
    if (summaryPrinted || !orchestrator || !orchestrator.isStopping) { stop(signal); return; }
    if (performance.now() - stoppingSince < DUPLICATE_SIGNAL_MS) return;
    orchestrator.abandonDrain(`interrupted by ${signal}`);
  };
  const reload = (): void => {
    const hungUp = operator.startedOnTerminal && operator.terminalGone();
    if (summaryPrinted) { if (hungUp) endGrace?.(); return; }
    if (hungUp) { stop('terminal hung up'); return; }
    if (!orchestrator) {
      if (!reloadOnStart) log('SIGHUP while starting: the config is read again once the session runs');
      reloadOnStart = true;
      return;
    }
    if (orchestrator.isStopping) { log('SIGHUP while stopping: config reload skipped'); return; }
    try {
      const text = readConfigText(options.configPath);
      const next = sessionConfig(options, text);
      checkSectionsKept(fileSections, text, options.configPath);
      diffReloadable(config, next, options.configPath);
      const changes = diffConfig(config, next);
      orchestrator.applyConfig(next);
      config = next;
      fileSections = topLevelKeys(text);
      orchestrator.noteReload(true);
      log(`config reloaded from ${options.configPath}: ${changes.length === 0 ? 'no changes'
        : changes.map((c) => `${c.path} ${formatValue(c.before)} -> ${formatValue(c.after)}`).join(', ')}`);
    } catch (err) {
      orchestrator.noteReload(false);
      log(`config reload rejected, keeping the running values: ${(err as Error).message}`);
    }
  };
  signals.deliverTo((signal) => (signal === 'SIGHUP' ? reload() : onStopSignal(signal)));
  operator.on('output-lost', (what, why) => stop(what === 'terminal' || operator.terminalGone() ? 'terminal hung up' : `${what} closed (${why})`));
  operator.watchTerminal();

  // The audit trail's directory first: a data directory that cannot be written refuses the start
  // before anything is listening or connected.
  // A resumed session continues the dead one's trail, from the book it rebuilds out of it.
  let recovered = options.resume === undefined ? null : recoverFromTrail(config, options.resume);
  // A live venue outlived the crash and kept its own record of the orders that were working:
  // its word goes into the trail first. (A sim session's exchange died with it.)
  if (recovered !== null && await reconcileResumeWithVenue(config, recovered, log)) recovered = recoverFromTrail(config, recovered.dir);
  const auditDir = recovered !== null ? recovered.dir : config.pipeline.dataDir === '' ? null : makeSessionAuditDir(config.pipeline.dataDir);
  // A sim session's exchange comes up first: L0 connects to it like to a venue. A live session
  // connects to the venue itself, through the same connector; only the URLs differ.
  const simExchange = config.source.kind === 'sim' ? new SimExchangeHost() : null;
  // A --live sim session trades on the simulated exchange's account, which knows the session's keys.
  const simAccount = simExchange !== null && config.execution.mode === 'live' ? credentialsFromEnv(orderVenueName(config)) : null;
  const simEndpoints = simExchange ? await simExchange.start(config, simAccount === null ? null : { apiKey: simAccount.apiKey, secret: simAccount.secret }) : null;
  const endpoints = simEndpoints ?? (config.source.kind === 'live' ? checkLiveSource(config) : null);
  const orderVenue = orderVenueOf(config, simEndpoints);
  // Only a live session asks the venue for tick, lot and min notional: sim, synthetic and replay
  // markets are made up or recorded, and the registry's built-in values describe them.
  // A --live sim session asks the simulated exchange too: its orders must meet that venue's rules.
  const markets = config.source.kind === 'live' ? await liveMarkets(config, log)
    : orderVenue !== null && orderVenue.venue === 'binance' && simEndpoints !== null ? await simMarkets(config, simEndpoints, log).catch(async (err: unknown) => { await simExchange?.stop(); throw err; })
      : null;
  const orch = new Orchestrator(config, { endpoints, venueMarkets: markets, auditDir, orderVenue, replaySeries: start.replaySeries });
  if (recovered !== null) {
    seedTopology(orch.topology, recovered, RoutingGroups.fromConfig(config).leadOf);
    recordRecovery(recovered, config.symbols);
  }

  let metricsUrl: string | null = null;
  let metricsNote = '';
  if (config.metrics.port !== 0) {
    try {
      const { port, niceness } = await orch.startMetrics(config.metrics.host, config.metrics.port, config.metrics.cacheMs);
      metricsUrl = `http://${urlHost(config.metrics.host)}:${port}/metrics`;
      if (niceness === null) metricsNote = ' (normal priority: renice not permitted)';
    } catch (err) {
      await simExchange?.stop(); // nothing may outlive a refused start
      throw err;
    }
  }
  const durationMs = options.durationMs ?? config.pipeline.durationMs;
  for (const line of formatBanner({
    version: packageVersion(), pid: process.pid, config, configPath: options.configPath, metricsUrl, metricsNote, durationMs,
  })) log(line);
  if (recovered !== null) log(describeRecovery(recovered, config.symbols));
  log(auditDir === null ? 'audit trail off (pipeline.dataDir "")' : `audit trail ${auditDir}/ (check it: tradebot audit verify ${auditDir})`);

  orch.on('restarted', (layer, n, reason) => log(`${layer} restarted (restart #${n}): ${reason}`));
  orch.on('halted', (reason) => log(`HALTED: ${reason}; no new orders, draining`));
  orch.on('log', (layer, message) => log(`${layer} ${message}`));
  orch.on('drain-abandoned', (left, why) => log(`drain ${why}: ${left} records left in the rings, workers terminated`));

  const startedAt = performance.now();
  const finished = orch.start();
  orchestrator = orch;
  // `models promote` finds running sessions here, and SIGHUPs them to load the promoted model.
  const unregister = registerSession(defaultModelsDir());
  if (stopBeforeStart !== null) stop(stopBeforeStart);
  else if (reloadOnStart) reload();

  const durationTimer: LongTimeout | null = durationMs > 0 ? setLongTimeout(() => stop('duration reached'), durationMs) : null;
  const hangTimer = options.hangLayers?.length
    ? setTimeout(() => { for (const l of options.hangLayers!) orch.crashLayer(l, 'hang'); }, options.crashAfterMs ?? 500)
    : null;
  let crashesLeft = options.crashLayers?.length ? options.crashTimes ?? 1 : 0;
  const crashTimer = crashesLeft > 0
    ? setInterval(() => {
      for (const l of options.crashLayers!) orch.crashLayer(l);
      if (--crashesLeft === 0) clearInterval(crashTimer!);
    }, options.crashAfterMs ?? 500)
    : null;
  const driftWatch = config.pipeline.retrainOnDrift ? watchDrift(orch, config, log, options.driftAlarmAfterMs) : null;
  const statusTimer = operator.stderrIsTerminal && !options.json
    ? setInterval(() => operator.status(formatStatus(summarize(orch, config, startedAt, 0, null))), 1000)
    : null;

  await finished;
  unregister();
  durationTimer?.cancel();
  if (crashTimer) clearInterval(crashTimer);
  if (hangTimer) clearTimeout(hangTimer);
  if (statusTimer) clearInterval(statusTimer);
  if (driftWatch !== null) {
    if (driftWatch.retrainer.busy) log('a retrain still running at the session\'s end was abandoned');
    await driftWatch.stop();
  }
  operator.unwatch();
  operator.clearStatus();

  // An abandoned drain that left nothing behind lost nothing: only records left count as 4.
  const exitCode = orch.undrainedRecords() > 0 ? ExitCode.drainAbandoned
    : orch.isHalted ? ExitCode.halted : ExitCode.done;
  const summary: RunSummary = summarize(orch, config, startedAt, exitCode, orch.haltReason);
  operator.out(options.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
  summaryPrinted = true;

  const graceMs = config.metrics.haltGraceMs;
  if (orch.isHalted && metricsUrl !== null && graceMs > 0) {
    log(`/health reports the halt for ${graceMs / 1000}s before exit (metrics.haltGraceMs; SIGINT ends it now)`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      endGrace = () => { clearTimeout(timer); resolve(); };
    });
  }
  await orch.stopMetrics();
  await simExchange?.stop();
  return exitCode;
}

/** The dead session `--resume` names (or the newest under the data directory), its book rebuilt. */
function recoverFromTrail(config: PipelineConfig, resume: string): RecoveredSession {
  if (config.pipeline.dataDir === '' && resume === '') throw new UsageError('--resume: the audit trail is off (pipeline.dataDir ""), so there is no session to resume; name its directory');
  const dir = resume !== '' ? resume : latestSessionDir(config.pipeline.dataDir);
  if (dir === null) throw new UsageError(`--resume: no session under ${path.join(config.pipeline.dataDir, 'audit')} to resume`);
  try {
    return recoverSession(dir, config);
  } catch (err) {
    throw new UsageError(`--resume: ${(err as Error).message}; nothing was started`);
  }
}

/**
 * `<dataDir>/audit/<UTC start time>-<pid>`: one hash chain per session (a restarted L5 continues
 * it), so two sessions sharing a data directory never fork one chain. Refuses (exit 2) when it
 * cannot be made.
 */
function makeSessionAuditDir(dataDir: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const dir = path.join(dataDir, 'audit', `${stamp}-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new UsageError(`pipeline.dataDir (--data-dir): cannot make the audit directory ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return dir;
}
