/**
 * `tradebot run <crypto|stocks>`: one trading session from start to summary.
 *
 * Signals: SIGINT/SIGTERM stop ingest and drain every ring before the summary is printed;
 * SIGHUP re-reads the config file, validates it, and applies the hot-reloadable sections
 * (strategy, risk, execution fees) to the running workers; an invalid file keeps the old values.
 */

import { Orchestrator } from './orchestrator.js';
import { applyOverrides, ConfigError, diffReloadable, loadConfig, type PipelineConfig } from './config.js';
import { PortfolioSnapshot } from '../risk/portfolio.js';
import { Counter, LAYERS, type LayerName } from './telemetry.js';
import { LatencyHistogram } from '../shm/latency-histogram.js';

export interface RunOptions {
  configPath: string;
  symbols?: string[];
  /** Session length; undefined = the config's `pipeline.durationMs` (0 = until signalled). */
  durationMs?: number;
  source?: string;
  topology?: string;
  metricsPort?: number;
  json: boolean;
  /** Test hook: crash each of these layers every `crashAfterMs`, `crashTimes` times (default once). */
  crashLayers?: LayerName[];
  crashAfterMs?: number;
  crashTimes?: number;
  /** Test hook: make each of these layers hang once, `crashAfterMs` after start. */
  hangLayers?: LayerName[];
}

export interface RunSummary {
  ticks: number;
  orders: number;
  fills: number;
  /** Fills in the portfolio's own books (equals `fills` unless something was lost or doubled). */
  portfolio_fills: number;
  var_pct: number;
  drawdown_pct: number;
  rejects: number;
  intents: number;
  pnl_usd: number;
  dropped: number;
  conflated: number;
  restarts: number;
  bad_input: number;
  config_reloads: number;
  config_reload_failures: number;
  halted: boolean;
  /** Records left in the rings when the session ended (0 unless a drain had to be abandoned). */
  undrained: number;
  duration_s: number;
  ticks_per_s: number;
  latency_us: { p50: number; p99: number; p999: number; count: number };
  gc_l1_l4: number;
}

/** True while the one-line TTY status is on screen: log lines must erase it first. */
let statusLineShown = false;

function log(message: string): void {
  const erase = statusLineShown ? '\r\x1b[2K' : '';
  statusLineShown = false;
  process.stderr.write(`${erase}${new Date().toISOString()} ${message}\n`);
}

export async function runSession(options: RunOptions): Promise<RunSummary> {
  let config: PipelineConfig = applyOverrides(loadConfig(options.configPath), {
    symbols: options.symbols, sourceKind: options.source, topology: options.topology, metricsPort: options.metricsPort,
  });
  if (config.source.kind !== 'synthetic') {
    throw new ConfigError(`source "${config.source.kind}" is not available yet in this build; use --source synthetic`);
  }
  const orchestrator = new Orchestrator(config);
  orchestrator.on('restarted', (layer, n, reason) => log(`${layer} restarted (restart #${n}): ${reason}`));
  orchestrator.on('halted', (reason) => log(`HALTED: ${reason}`));

  let stopping = false;
  if (config.metrics.port !== 0) {
    const { port, niceness } = await orchestrator.startMetrics(config.metrics.host, config.metrics.port, config.metrics.cacheMs);
    log(`metrics on http://${config.metrics.host}:${port}/metrics${niceness === null ? ' (normal priority: renice not permitted)' : ''}`);
  }

  const startedAt = performance.now();
  const finished = orchestrator.start();

  const reload = () => {
    try {
      const next = applyOverrides(loadConfig(options.configPath), {
        symbols: options.symbols, sourceKind: options.source, topology: options.topology, metricsPort: options.metricsPort,
      });
      const changed = diffReloadable(config, next);
      orchestrator.applyConfig(next);
      config = next;
      orchestrator.noteReload(true);
      log(`config reloaded from ${options.configPath}: ${changed.length ? changed.join(', ') : 'no changes'}`);
    } catch (err) {
      orchestrator.noteReload(false);
      log(`config reload rejected, keeping the running values: ${(err as Error).message}`);
    }
  };
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${why}): draining rings`);
    orchestrator.stop();
  };
  const onSigint = () => stop('SIGINT');
  const onSigterm = () => stop('SIGTERM');
  process.on('SIGHUP', reload);
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  const durationMs = options.durationMs ?? config.pipeline.durationMs;
  const durationTimer = durationMs > 0 ? setTimeout(() => stop('duration reached'), durationMs) : null;
  const hangTimer = options.hangLayers?.length
    ? setTimeout(() => { for (const l of options.hangLayers!) orchestrator.crashLayer(l, 'hang'); }, options.crashAfterMs ?? 500)
    : null;
  let crashesLeft = options.crashLayers?.length ? options.crashTimes ?? 1 : 0;
  const crashTimer = crashesLeft > 0
    ? setInterval(() => {
      for (const l of options.crashLayers!) orchestrator.crashLayer(l);
      if (--crashesLeft === 0) clearInterval(crashTimer!);
    }, options.crashAfterMs ?? 500)
    : null;
  const statusTimer = process.stderr.isTTY && !options.json
    ? setInterval(() => {
      process.stderr.write(`\r\x1b[2K${statusLine(orchestrator, startedAt)}`);
      statusLineShown = true;
    }, 1000)
    : null;

  orchestrator.on('drain-abandoned', (left) => log(`drain did not finish in time: ${left} records left in the rings, workers terminated`));
  await finished;
  if (durationTimer) clearTimeout(durationTimer);
  if (crashTimer) clearInterval(crashTimer);
  if (hangTimer) clearTimeout(hangTimer);
  if (statusTimer) {
    clearInterval(statusTimer);
    if (statusLineShown) process.stderr.write('\n');
    statusLineShown = false;
  }
  process.off('SIGHUP', reload);
  process.off('SIGINT', onSigint);
  process.off('SIGTERM', onSigterm);
  const summary = summarize(orchestrator, startedAt);
  await orchestrator.stopMetrics();
  return summary;
}

function latencyOf(orchestrator: Orchestrator): LatencyHistogram {
  const copy = new LatencyHistogram();
  copy.copyFrom(orchestrator.topology.telemetry.L4.sinceT0);
  return copy;
}

export function summarize(orchestrator: Orchestrator, startedAt: number): RunSummary {
  const t = orchestrator.topology.telemetry;
  const c = (l: LayerName, k: number) => t[l].counters.get(k);
  const snapshot = new Float64Array(orchestrator.topology.portfolio.fieldCount);
  orchestrator.topology.portfolio.read(snapshot);
  const h = latencyOf(orchestrator);
  const us = (q: number) => Math.round(h.valueAtQuantile(q) / 10) / 100;
  const durationS = (performance.now() - startedAt) / 1000;
  let dropped = 0;
  let badInput = 0;
  for (const l of LAYERS) { dropped += c(l, Counter.dropped); badInput += c(l, Counter.bad_input); }
  return {
    ticks: c('L0', Counter.records_in),
    intents: c('L3', Counter.intents),
    orders: c('L4', Counter.orders),
    fills: c('L5', Counter.fills),
    portfolio_fills: snapshot[PortfolioSnapshot.fills],
    var_pct: Math.round(snapshot[PortfolioSnapshot.varPct] * 1000) / 1000,
    drawdown_pct: Math.round(snapshot[PortfolioSnapshot.drawdownPct] * 1000) / 1000,
    rejects: c('L4', Counter.rejects),
    pnl_usd: Math.round(snapshot[PortfolioSnapshot.totalPnl] * 100) / 100,
    dropped,
    conflated: c('L0', Counter.conflated),
    restarts: orchestrator.totalRestarts(),
    bad_input: badInput,
    config_reloads: orchestrator.reloadsOk,
    config_reload_failures: orchestrator.reloadsFailed,
    halted: orchestrator.isHalted,
    undrained: orchestrator.undrainedRecords(),
    duration_s: Math.round(durationS * 1000) / 1000,
    ticks_per_s: Math.round(c('L0', Counter.records_in) / durationS),
    latency_us: { p50: us(0.5), p99: us(0.99), p999: us(0.999), count: h.count() },
    gc_l1_l4: c('L1', Counter.gc_count) + c('L2', Counter.gc_count) + c('L3', Counter.gc_count) + c('L4', Counter.gc_count),
  };
}

function statusLine(orchestrator: Orchestrator, startedAt: number): string {
  const s = summarize(orchestrator, startedAt);
  return `ticks ${s.ticks} (${s.ticks_per_s}/s)  orders ${s.orders}  fills ${s.fills}  pnl $${s.pnl_usd.toFixed(2)}  tick-to-order p99 ${s.latency_us.p99} us`;
}

export function formatSummary(s: RunSummary): string {
  return [
    `session: ${s.duration_s}s, ${s.ticks} ticks (${s.ticks_per_s}/s), ${s.conflated} conflated, ${s.dropped} dropped, ${s.bad_input} bad`,
    `trading: ${s.intents} intents, ${s.orders} orders, ${s.fills} fills, ${s.rejects} rejects, PnL $${s.pnl_usd.toFixed(2)}`,
    `latency: tick-to-order p50 ${s.latency_us.p50} us, p99 ${s.latency_us.p99} us, p99.9 ${s.latency_us.p999} us (${s.latency_us.count} orders)`,
    `runtime: ${s.restarts} restarts, ${s.config_reloads} reloads ok, ${s.config_reload_failures} failed, ${s.gc_l1_l4} GCs in L1-L4${s.halted ? ', HALTED' : ''}`,
  ].join('\n');
}
