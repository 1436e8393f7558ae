/**
 * `tradebot bench metrics`: autocannon hammers `GET /metrics` while the pipeline runs at 10k
 * ticks/s, and the pipeline's tick-to-order latency is compared with a run of the same length
 * without scraping. Writes bench/results/metrics.json.
 *
 * autocannon runs as a separate process (as a real Prometheus would be): inside this process its
 * client would share the event loop with the server it measures.
 */

import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { benchConfig, runPipelineFor } from './pipeline-session.js';
import { fmt, printTable, watchContention, writeResult } from './report.js';
import { createMetricsRegistry } from '../src/pipeline/metrics-exporter.js';
import { startMetricsServer } from '../src/pipeline/metrics-server.js';

const run = promisify(execFile);
const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

interface AutocannonJson {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  non2xx: number;
  throughput: { average: number };
}

export async function runMetricsBench(opts: { quick?: boolean } = {}) {
  const seconds = opts.quick ? 3 : 10;
  const connections = 10;
  const contention = watchContention();
  const config = benchConfig(10_000);

  const baseline = await runPipelineFor(config, seconds * 1000);

  let load: AutocannonJson | undefined;
  const scraped = await runPipelineFor(config, seconds * 1000 + 1000, async (orchestrator) => {
    const registry = createMetricsRegistry(orchestrator);
    const server = await startMetricsServer(registry, '127.0.0.1', 0, () => ({ status: 'ok' }));
    try {
      await new Promise((resolve) => setTimeout(resolve, 500)); // let the pipeline warm up first
      const { stdout } = await run(process.execPath, [AUTOCANNON, '-j', '-c', String(connections), '-d', String(seconds),
        `http://127.0.0.1:${server.port}/metrics`], { maxBuffer: 16 * 1024 * 1024 });
      load = JSON.parse(stdout) as AutocannonJson;
    } finally {
      await server.close();
    }
  });
  if (!load) throw new Error('metrics bench: autocannon produced no result');
  if (load.errors > 0 || load.non2xx > 0) throw new Error(`metrics bench: ${load.errors} errors, ${load.non2xx} non-2xx responses`);

  const p99Base = baseline.summary.latency_us.p99;
  const p99Scraped = scraped.summary.latency_us.p99;
  const result = {
    seconds, connections, rate: 10_000,
    requests_per_s: Math.round(load.requests.average),
    scrape_latency_ms: { p50: load.latency.p50, p99: load.latency.p99 },
    bytes_per_s: Math.round(load.throughput.average),
    pipeline_p99_us: { without_scraping: p99Base, with_scraping: p99Scraped },
    pipeline_p50_us: { without_scraping: baseline.summary.latency_us.p50, with_scraping: scraped.summary.latency_us.p50 },
    p99_change_pct: Math.round(((p99Scraped - p99Base) / p99Base) * 1000) / 10,
    targets: { min_requests_per_s: 2000, max_p99_change_pct: 25 },
  };
  printTable(`metrics: autocannon -c ${connections} -d ${seconds} on /metrics while the pipeline runs at 10k ticks/s`, [
    { what: '/metrics req/s', value: result.requests_per_s },
    { what: 'scrape latency p50 / p99 ms', value: `${load.latency.p50} / ${load.latency.p99}` },
    { what: 'tick-to-order p50 us, no scraping / scraping', value: `${fmt(result.pipeline_p50_us.without_scraping)} / ${fmt(result.pipeline_p50_us.with_scraping)}` },
    { what: 'tick-to-order p99 us, no scraping / scraping', value: `${fmt(p99Base)} / ${fmt(p99Scraped)}` },
    { what: 'p99 change', value: `${result.p99_change_pct}%` },
  ], ['what', 'value']);
  const file = writeResult('metrics', { ...result, contention: contention() });
  process.stdout.write(`wrote ${file}\n`);
  return result;
}
