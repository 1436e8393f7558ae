/**
 * Runs the real pipeline (orchestrator + six workers, or the fused topology) in-process for a
 * fixed time and collects what the pipeline and metrics benchmarks report. Shared by both so they
 * measure the same thing the same way.
 */

import { Orchestrator } from '../src/pipeline/orchestrator.js';
import { summarize, type RunSummary } from '../src/pipeline/session-report.js';
import { loadConfig, defaultConfigPath, applyOverrides, type PipelineConfig } from '../src/pipeline/config.js';
import { Counter, LAYERS, type LayerName } from '../src/pipeline/telemetry.js';

/** The run summary with latency quantiles as numbers (NaN when no order was sent). */
export type BenchSummary = Omit<RunSummary, 'latency_us'> & { latency_us: { p50: number; p99: number; p999: number; count: number } };

export interface SessionResult {
  summary: BenchSummary;
  /** GCs in the L1-L4 workers after the first second (start-up compiles and loads modules). */
  gcL1L4AfterWarmup: number;
  /** Ticks ingested after the first second. */
  ticksAfterWarmup: number;
  /** Per-layer latency (ring-in to ring-out, per record), microseconds. */
  layers: Partial<Record<LayerName, { p50_us: number; p99_us: number; arrival_p50_us: number; arrival_p99_us: number }>>;
}

/** The crypto config with benchmark settings: fixed rate (0 = as fast as possible), no metrics port. */
export function benchConfig(rate: number, overrides: Partial<PipelineConfig['pipeline']> = {}): PipelineConfig {
  // The in-process source: the pipeline benchmarks measure the layers, not sockets.
  const base = applyOverrides(loadConfig(defaultConfigPath('crypto')), { sourceKind: 'synthetic', ratePerSecond: rate, metricsPort: 0 });
  // Orders on every signal (fixed_fraction: the default kelly sizer rightly trades nothing on a
  // random walk, and tick-to-order latency needs orders), and the kill switch off: that strategy
  // loses money, and a tripped switch would stop the very orders whose latency is measured.
  const risk = { ...base.risk, sizer: 'fixed_fraction', maxDailyLossPct: 0, maxDrawdownPct: 0, maxVarPct: 0 };
  // No audit trail: the benchmark measures the layers, not the disk.
  return { ...base, risk, pipeline: { ...base.pipeline, dataDir: '', ...overrides } };
}

/**
 * Start the pipeline, let it run for `durationMs` (calling `during` once it is up, if given), stop
 * it, wait for the drain, and summarise.
 */
export async function runPipelineFor(
  config: PipelineConfig, durationMs: number, during?: (orchestrator: Orchestrator) => Promise<void>,
): Promise<SessionResult> {
  const orchestrator = new Orchestrator(config);
  const startedAt = performance.now();
  const finished = orchestrator.start();
  const work = during ? during(orchestrator) : Promise.resolve();
  const warmupMs = Math.min(1000, durationMs / 2);
  await new Promise((resolve) => setTimeout(resolve, warmupMs));
  const gcAtWarmup = gcL1L4(orchestrator);
  const ticksAtWarmup = orchestrator.topology.telemetry.L0.counters.get(Counter.records_in);
  await new Promise((resolve) => setTimeout(resolve, durationMs - warmupMs));
  orchestrator.stop();
  await Promise.all([finished, work]);
  const full = summarize(orchestrator, config, startedAt, 0, null);
  const q = (v: number | null): number => v ?? NaN;
  const summary: BenchSummary = {
    ...full, latency_us: { p50: q(full.latency_us.p50), p99: q(full.latency_us.p99), p999: q(full.latency_us.p999), count: full.latency_us.count },
  };
  const layers: SessionResult['layers'] = {};
  for (const l of LAYERS) {
    const h = orchestrator.topology.telemetry[l].layerLatency;
    const a = orchestrator.topology.telemetry[l].arrival;
    if (h.count() === 0) continue;
    layers[l] = {
      p50_us: round(h.valueAtQuantile(0.5) / 1e3), p99_us: round(h.valueAtQuantile(0.99) / 1e3),
      arrival_p50_us: round(a.valueAtQuantile(0.5) / 1e3), arrival_p99_us: round(a.valueAtQuantile(0.99) / 1e3),
    };
  }
  return {
    summary, layers,
    gcL1L4AfterWarmup: gcL1L4(orchestrator) - gcAtWarmup,
    ticksAfterWarmup: summary.ticks - ticksAtWarmup,
  };
}

function gcL1L4(orchestrator: Orchestrator): number {
  let n = 0;
  for (const l of ['L1', 'L2', 'L3', 'L4'] as const) n += orchestrator.topology.telemetry[l].counters.get(Counter.gc_count);
  return n;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
