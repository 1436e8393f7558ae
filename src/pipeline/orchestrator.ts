/**
 * Spawns the six layer workers on one topology, supervises them and stops them cleanly.
 *
 * - A worker that throws or exits before its input ring is drained is restarted with
 *   exponential backoff and re-attached to the same rings: the ring counters in shared memory say
 *   exactly where it stopped, so nothing published is lost. More than `maxRestarts` restarts in
 *   `restartWindowSeconds` halts the pipeline safely: new orders are refused (haltNewOrders) and
 *   ingest stops, then the rings drain.
 * - A worker that hangs (no exception, no exit) stops bumping its heartbeat; the watchdog
 *   terminates it after `stallSeconds` and it is restarted like one that crashed.
 * - Stop: ingest stops, every layer drains its input and closes its output in turn (L0 -> L5),
 *   so every accepted tick, intent, order and fill is processed before the process exits. A
 *   drain that takes longer than 2 s is abandoned and what it left behind is counted.
 * - Reload: new params are validated by the caller and written to the params seqlock block;
 *   workers pick them up between batches without restarting.
 */

import { EventEmitter } from 'node:events';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { PipelineConfig } from './config.js';
import { runtimeParamsFor, RuntimeParam } from './params.js';
import { ControlWord, Topology } from './topology.js';
import { groupOwner, placementGroups } from './stage-graph.js';
import { SeqlockReader } from '../shm/seqlock-reader.js';
import { LAYERS, Supervisor, type LayerName } from './telemetry.js';
import type { ControlMessage, LayerWorkerData, LayerWorkerMessage } from '../workers/layer-runtime.js';
import type { MetricsWorkerControl, MetricsWorkerData, MetricsWorkerMessage } from '../workers/metrics-worker.js';
import { UsageError } from './exit-codes.js';
import { isRecording } from '../data/record/recording-file.js';
import type { MarketDataEndpoints } from '../data/venues/market-data-endpoints.js';
import type { OrderVenueEndpoints } from '../execution/live/live-order-venue.js';
import { LIVE_SETTLE_MS } from '../execution/live/venue-execution.js';
import type { VenueMarket } from '../data/venues/market-metadata/venue-markets.js';
import type { CandleSeries } from '../data/replay/candle-series.js';

// V8's memory reducer runs full mark-compacts on a timer to shrink an idle heap: in a trading
// process it is most of the GCs a layer worker sees (16 of 18 in a 15 s run at 10k ticks/s), for
// memory nobody needs back. Workers inherit V8 flags set before they start.
// TRADEBOT_MEMORY_REDUCER=1 keeps it.
if (process.env.TRADEBOT_MEMORY_REDUCER !== '1') v8.setFlagsFromString('--no-memory-reducer');

/** The thread of each placement group, by the layer it answers as (see stage-graph.ts). */
function threadsOf(topology: PipelineConfig['pipeline']['topology']): Map<LayerName, readonly LayerName[]> {
  return new Map(placementGroups(topology).map((group) => [groupOwner(group), group]));
}

const BACKOFF_BASE_MS = 50;
/** How long a stop may take to drain every ring before the workers are terminated. */
const DRAIN_TIMEOUT_MS = 2000;
const WATCHDOG_PERIOD_MS = 250;
const BACKOFF_MAX_MS = 2000;
/**
 * A worker that has not beaten once since it was spawned is still starting (a Node worker's
 * bootstrap and its modules, ~0.3 s, several seconds with six of them starting at once on a
 * busy two-core machine): it is given this long, or stallSeconds when that is longer, before the
 * watchdog presumes it hung. A tight stallSeconds is for a layer that stops while running.
 */
const START_STALL_MS = 15_000;

export interface OrchestratorEvents {
  restarted: [layer: LayerName, restarts: number, reason: string];
  halted: [reason: string];
  'drain-abandoned': [undrainedRecords: number, why: string];
  /** A layer's (or the metrics thread's) own log line (venue connects, resyncs, ...). */
  log: [source: LayerName | 'metrics', message: string];
}

interface LayerSlot {
  worker: Worker | null;
  restarts: number;
  restartTimes: number[];
  done: boolean;
  /** Watchdog: the heartbeat last seen, and since when it has not moved (ms). */
  lastBeat: number;
  beatSince: number;
  /** The heartbeat word when the worker was spawned: while it holds this value, the worker is starting. */
  spawnBeat: number;
  /** Test hooks asked for while the layer had no worker (between a failure and its restart). */
  pendingHooks: ControlMessage[];
  /** Why the watchdog terminated the worker, reported as the failure. */
  killedFor: string;
}

export class Orchestrator extends EventEmitter<OrchestratorEvents> {
  readonly topology: Topology;
  /**
   * This thread's copy of L5's portfolio snapshot, for the status line and the summary: the last
   * consistent version read, kept if the block becomes unreadable (L5 terminated mid-write).
   */
  readonly portfolioView: SeqlockReader;
  private config: PipelineConfig;
  private readonly slots = new Map<LayerName, LayerSlot>();
  /** Thread owner -> the layers that thread runs, for this session's placement. */
  private readonly threads: Map<LayerName, readonly LayerName[]>;
  private stopping = false;
  private halted = false;
  private haltReasonText: string | null = null;
  private finished!: Promise<void>;
  private resolveFinished!: () => void;

  /** Where L0 connects for market data (venue sources only), one per venue it reads. */
  private readonly endpoints: readonly MarketDataEndpoints[];

  /** A live session's venue metadata per symbol, given to every worker (see InstrumentRegistry.fromConfig). */
  private readonly venueMarkets: Readonly<Record<string, VenueMarket>> | null;
  /** The venue metadata the session's instruments were built from (null: built-in values). */
  get venueMarketsOfSession(): Readonly<Record<string, VenueMarket>> | null { return this.venueMarkets; }
  private readonly auditDir: string | null;
  private readonly orderVenue: OrderVenueEndpoints | null;
  private readonly replaySeries: readonly CandleSeries[] | null;

  constructor(config: PipelineConfig, options: {
    endpoints?: MarketDataEndpoints | readonly MarketDataEndpoints[] | null; venueMarkets?: Readonly<Record<string, VenueMarket>> | null;
    auditDir?: string | null; orderVenue?: OrderVenueEndpoints | null;
    /** A candle replay's bars, already read (see LayerWorkerData.replaySeries); null = L0 reads the files. */
    replaySeries?: readonly CandleSeries[] | null;
  } = {}) {
    super();
    this.config = config;
    this.threads = threadsOf(config.pipeline.topology);
    const endpoints = options.endpoints ?? [];
    this.endpoints = Array.isArray(endpoints) ? endpoints : [endpoints as MarketDataEndpoints];
    this.venueMarkets = options.venueMarkets ?? null;
    this.auditDir = options.auditDir ?? null;
    this.orderVenue = options.orderVenue ?? null;
    this.replaySeries = options.replaySeries ?? null;
    this.topology = Topology.create(config);
    // The orchestrator is the params block's one writer for the whole session.
    this.topology.params.claimWriter();
    this.topology.params.write(runtimeParamsFor(config));
    this.portfolioView = new SeqlockReader(this.topology.portfolio);
  }

  get isHalted(): boolean {
    return this.halted;
  }

  /** Why the pipeline halted, or null. */
  get haltReason(): string | null {
    return this.haltReasonText;
  }

  /** True once a stop has begun (signal, duration, halt, hangup). */
  get isStopping(): boolean {
    return this.stopping;
  }

  totalRestarts(): number {
    return this.topology.supervisor.get(Supervisor.restarts);
  }

  get reloadsOk(): number {
    return this.topology.supervisor.get(Supervisor.reloads_ok);
  }

  get reloadsFailed(): number {
    return this.topology.supervisor.get(Supervisor.reloads_failed);
  }

  /** Count a config reload (the caller validated and applied it, or rejected it). */
  noteReload(ok: boolean): void {
    this.topology.supervisor.inc(ok ? Supervisor.reloads_ok : Supervisor.reloads_failed);
  }

  /** Start every layer, consumers before producers so no ring fills while its reader boots. */
  start(): Promise<void> {
    this.finished = new Promise((resolve) => { this.resolveFinished = resolve; });
    for (const layer of [...this.threads.keys()].reverse()) {
      this.slots.set(layer, {
        worker: null, restarts: 0, restartTimes: [], done: false, lastBeat: -1, beatSince: 0, spawnBeat: 0, pendingHooks: [], killedFor: '',
      });
      this.spawn(layer);
    }
    this.watchdog = setInterval(() => this.checkHeartbeats(), WATCHDOG_PERIOD_MS);
    this.watchdog.unref();
    return this.finished;
  }

  private spawn(layer: LayerName): void {
    const slot = this.slots.get(layer)!;
    const group = this.threads.get(layer)!;
    const data: LayerWorkerData = {
      layer, config: this.config, wiring: this.topology.wiring, restarts: slot.restarts,
      endpoints: layer === 'L0' ? this.endpoints : null, group, venueMarkets: this.venueMarkets, auditDir: this.auditDir,
      orderVenue: group.includes('L4') ? this.orderVenue : null,
      replaySeries: layer === 'L0' ? this.replaySeries : null,
    };
    // A source has its own host (it reads a venue or files, not a ring); every other group runs
    // in the one generic stage host.
    const file = group.includes('L0') ? 'l0-ingest.js' : 'stage-host.js';
    const worker = new Worker(new URL(`../workers/${file}`, import.meta.url), {
      workerData: data, name: `tradebot-${layer}`,
    });
    slot.worker = worker;
    slot.beatSince = Date.now();
    slot.spawnBeat = Atomics.load(this.topology.control, ControlWord.heartbeat + LAYERS.indexOf(layer));
    slot.killedFor = '';
    for (const hook of slot.pendingHooks.splice(0)) worker.postMessage(hook);
    let failure = '';
    worker.on('error', (err) => { failure = err instanceof Error ? err.message : String(err); });
    worker.on('message', (msg: LayerWorkerMessage) => { if (msg?.type === 'log') this.emit('log', layer, String(msg.message)); });
    worker.on('exit', (code) => {
      slot.worker = null;
      if ((code === 0 && failure === '') || this.drainAbandoned) {
        slot.done = true;
        this.checkFinished();
        return;
      }
      this.onWorkerFailed(layer, slot.killedFor || failure || `exited with code ${code}`);
    });
  }

  /**
   * A layer stuck in a loop throws nothing and never exits; only its heartbeat (bumped whenever it
   * comes up for air, at least every 50 ms) stops. Such a worker is terminated and then restarted
   * like one that crashed.
   */
  private checkHeartbeats(): void {
    const now = Date.now();
    const stallMs = this.config.pipeline.stallSeconds * 1000;
    for (const [layer, slot] of this.slots) {
      if (!slot.worker || slot.done) continue;
      const beat = Atomics.load(this.topology.control, ControlWord.heartbeat + LAYERS.indexOf(layer));
      if (beat !== slot.lastBeat) {
        slot.lastBeat = beat;
        slot.beatSince = now;
      } else if (now - slot.beatSince >= (beat === slot.spawnBeat ? Math.max(stallMs, START_STALL_MS) : stallMs) && !slot.killedFor) {
        slot.killedFor = `stalled: no heartbeat for ${this.config.pipeline.stallSeconds}s`;
        void slot.worker.terminate();
      }
    }
  }

  private watchdog: NodeJS.Timeout | null = null;

  private onWorkerFailed(layer: LayerName, reason: string): void {
    const slot = this.slots.get(layer)!;
    const now = Date.now();
    const windowMs = this.config.pipeline.restartWindowSeconds * 1000;
    slot.restartTimes = slot.restartTimes.filter((t) => now - t < windowMs);
    slot.restartTimes.push(now);
    slot.restarts++;
    this.topology.supervisor.inc(Supervisor.restarts);
    if (slot.restartTimes.length > this.config.pipeline.maxRestarts) {
      this.halt(`${layer} failed ${slot.restartTimes.length} times in ${this.config.pipeline.restartWindowSeconds}s (last: ${reason})`);
    }
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (slot.restartTimes.length - 1));
    this.emit('restarted', layer, slot.restarts, reason);
    setTimeout(() => { if (!this.drainAbandoned) this.spawn(layer); }, delay);
  }

  /** Stop sending orders for good and drain: the safe state after repeated failures. */
  halt(reason: string): void {
    if (this.halted) return;
    this.halted = true;
    this.haltReasonText = reason;
    this.metricsWorker?.postMessage({ type: 'halted', reason } satisfies MetricsWorkerControl);
    this.topology.supervisor.set(Supervisor.halted, 1);
    this.topology.params.writeField(RuntimeParam.haltNewOrders, 1);
    this.emit('halted', reason);
    this.stop();
  }

  /**
   * Stop ingest; the rings drain layer by layer and `start()`'s promise resolves when all exit.
   * A live session's drain also waits for L4 to cancel its working orders at the venue
   * (LIVE_SETTLE_MS more). A drain that has not finished after `drainTimeoutMs` (a wedged worker) is abandoned: the
   * workers are terminated where they are, and `undrainedRecords()` says what was left behind.
   */
  stop(drainTimeoutMs = DRAIN_TIMEOUT_MS + (this.orderVenue !== null ? LIVE_SETTLE_MS : 0)): void {
    if (this.stopping) return;
    this.stopping = true;
    this.topology.supervisor.set(Supervisor.stopping, 1);
    Atomics.store(this.topology.control, ControlWord.stopIngest, 1);
    this.send('L0', { type: 'stop-ingest' });
    this.drainTimer = setTimeout(() => this.abandonDrain(), drainTimeoutMs);
  }

  /**
   * Give up on a drain in progress (a second SIGINT/SIGTERM, or the drain timeout): terminate the
   * workers where they are. `undrainedRecords()` then says what was left behind. No-op unless a
   * stop is draining.
   */
  abandonDrain(why = 'did not finish in time'): void {
    if (!this.stopping || this.drainAbandoned || this.allDone()) return;
    this.drainAbandoned = true;
    this.emit('drain-abandoned', this.undrainedRecords(), why);
    for (const slot of this.slots.values()) {
      if (slot.worker) void slot.worker.terminate();
      else slot.done = true;
    }
    this.checkFinished();
  }

  /** Records still waiting in the rings (0 after a complete drain). */
  undrainedRecords(): number {
    let n = 0;
    for (const ring of Object.values(this.topology.rings)) n += ring.size();
    return n;
  }

  get drainWasAbandoned(): boolean {
    return this.drainAbandoned;
  }

  private drainTimer: NodeJS.Timeout | null = null;
  private drainAbandoned = false;

  /** Apply already-validated config: hot-reloadable params go to the params block. */
  applyConfig(next: PipelineConfig): void {
    this.config = next;
    this.topology.params.write(runtimeParamsFor(next, this.halted));
  }

  /** Test hook: make a layer throw after publishing its next batch, before releasing its input. */
  crashLayer(layer: LayerName, how: 'crash' | 'hang' = 'crash'): void {
    const owner = [...this.threads].find(([, group]) => group.includes(layer))![0];
    const hook: ControlMessage = { type: how === 'crash' ? 'crash-after-publish' : 'hang-after-publish' };
    // A layer between a failure and its restart has no worker to tell: its next one is told.
    const slot = this.slots.get(owner);
    if (slot !== undefined && slot.worker === null && !slot.done) slot.pendingHooks.push(hook);
    else this.send(owner, hook);
  }

  /**
   * Serve /metrics and /health from a low-priority worker thread; resolves with the bound port.
   * It only reads shared memory, so it needs no supervision: if it dies, metrics stop, trading
   * does not.
   */
  async startMetrics(host: string, port: number, cacheMs: number): Promise<{ port: number; niceness: number | null }> {
    const data: MetricsWorkerData = {
      wiring: this.topology.wiring, symbols: this.config.symbols, host, port, cacheMs, feedVenues: this.endpoints.map((e) => e.protocol),
      consolidatedSymbols: this.endpoints.length > 1 ? Object.keys(this.config.source.consolidatedSymbols) : [],
      candleReplay: this.config.source.kind === 'replay' && !isRecording(this.config.source.replayFiles[0]),
    };
    const worker = new Worker(new URL('../workers/metrics-worker.js', import.meta.url), { workerData: data, name: 'tradebot-metrics' });
    const msg = await new Promise<Exclude<MetricsWorkerMessage, { type: 'log' }>>((resolve, reject) => {
      worker.on('message', (m: MetricsWorkerMessage) => {
        if (m?.type === 'log') this.emit('log', 'metrics', String(m.message));
        else resolve(m);
      });
      worker.once('error', reject);
    });
    if (msg.type === 'failed') {
      await worker.terminate();
      const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
      if (msg.code === 'EADDRINUSE') {
        throw new UsageError(`metrics port ${where} is already in use (another session?): pick another with --metrics-port N, or turn metrics off with --metrics-port 0`);
      }
      if (msg.code === 'EACCES') throw new UsageError(`metrics port ${where}: permission denied (ports below 1024 need privileges): pick another with --metrics-port N`);
      if (msg.code === 'EADDRNOTAVAIL') throw new UsageError(`metrics host ${host} is not an address of this machine: fix metrics.host in the config`);
      throw new UsageError(`metrics endpoint on ${where}: ${msg.message}`);
    }
    this.metricsWorker = worker;
    if (this.halted) worker.postMessage({ type: 'halted', reason: this.haltReasonText ?? 'halted' } satisfies MetricsWorkerControl);
    return { port: msg.port, niceness: msg.niceness };
  }

  /** Close the metrics endpoint; resolves once its thread is gone (at most ~0.5 s), leaving no timer behind. */
  async stopMetrics(): Promise<void> {
    const worker = this.metricsWorker;
    if (!worker) return;
    this.metricsWorker = null;
    let timer: NodeJS.Timeout | undefined;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage({ type: 'close' } satisfies MetricsWorkerControl);
    await Promise.race([exited, new Promise((resolve) => { timer = setTimeout(resolve, 500); })]);
    clearTimeout(timer);
    await worker.terminate();
  }

  private metricsWorker: Worker | null = null;

  private send(layer: LayerName, msg: ControlMessage): void {
    this.slots.get(layer)?.worker?.postMessage(msg);
  }

  private allDone(): boolean {
    for (const slot of this.slots.values()) if (!slot.done) return false;
    return true;
  }

  private checkFinished(): void {
    if (!this.allDone()) return;
    if (this.watchdog) clearInterval(this.watchdog);
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.resolveFinished();
  }
}
