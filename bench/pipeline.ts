/**
 * `tradebot bench pipeline`: the whole pipeline, six worker threads on this machine, fed by the
 * synthetic source at 1k, 10k and 100k ticks/s and as fast as it will go. Reports tick-to-order
 * latency (market event entering L0 to order sent by L4), per-layer latency, conflation, and GCs
 * in L1-L4; writes bench/results/pipeline.json.
 *
 * "Max sustained ticks/s" is measured with `tickPolicy: block`, where L0 waits for ring space
 * instead of conflating: everything generated is processed, so the rate is one the pipeline
 * sustains without dropping anything.
 */

import { benchConfig, runPipelineFor, type SessionResult } from './pipeline-session.js';
import { fmt, printTable, watchContention, writeResult } from './report.js';
import type { TopologyKind } from '../src/pipeline/config.js';

export interface PipelineRateResult {
  rate: number | 'max';
  p50_us: number;
  p99_us: number;
  p999_us: number;
  ticks_per_s: number;
  orders: number;
  conflated: number;
  gc_l1_l4: number;
  /** GCs in L1-L4 per million ticks, counted after a one-second warm-up. */
  gc_l1_l4_per_million_ticks: number;
  layers: SessionResult['layers'];
}

export async function runPipelineBench(opts: { quick?: boolean; topology?: TopologyKind } = {}) {
  const seconds = opts.quick ? 3 : 10;
  const topology = opts.topology ?? 'layered';
  const contention = watchContention();
  const results: PipelineRateResult[] = [];
  for (const rate of [1_000, 10_000, 100_000, 0]) {
    const config = benchConfig(rate, rate === 0 ? { tickPolicy: 'block', topology } : { topology });
    const { summary, layers, gcL1L4AfterWarmup, ticksAfterWarmup } = await runPipelineFor(config, seconds * 1000);
    results.push({
      rate: rate === 0 ? 'max' : rate,
      p50_us: summary.latency_us.p50,
      p99_us: summary.latency_us.p99,
      p999_us: summary.latency_us.p999,
      ticks_per_s: summary.ticks_per_s,
      orders: summary.orders,
      conflated: summary.conflated,
      gc_l1_l4: summary.gc_l1_l4,
      gc_l1_l4_per_million_ticks: Math.round((gcL1L4AfterWarmup / Math.max(1, ticksAfterWarmup)) * 1e6 * 100) / 100,
      layers,
    });
  }
  const max = results.find((r) => r.rate === 'max')!;
  const name = topology === 'fused' ? 'pipeline-fused' : 'pipeline';
  printTable(`${name}: tick-to-order latency through the ${topology} topology (${seconds} s per rate)`, results.map((r) => ({
    rate: r.rate === 'max' ? 'max (block)' : `${r.rate}/s`,
    achieved: `${fmt(r.ticks_per_s / 1000)}k/s`,
    p50: fmt(r.p50_us), p99: fmt(r.p99_us), 'p99.9': fmt(r.p999_us),
    orders: r.orders, conflated: r.conflated, 'GC L1-L4': r.gc_l1_l4, 'GC/1M ticks': r.gc_l1_l4_per_million_ticks,
  })), ['rate', 'achieved', { key: 'p50', label: 'p50 us' }, { key: 'p99', label: 'p99 us' },
    { key: 'p99.9', label: 'p99.9 us' }, 'orders', 'conflated', { key: 'GC L1-L4', label: 'GC L1-L4 (all)' },
    { key: 'GC/1M ticks', label: 'GC/1M ticks after warm-up' }]);
  const file = writeResult(name, {
    topology,
    seconds_per_rate: seconds,
    rates: results,
    max_ticks_per_s: max.ticks_per_s,
    contention: contention(),
  });
  process.stdout.write(`wrote ${file}\n`);
  return results;
}
