/**
 * `tradebot bench metrics`: autocannon hammers `GET /metrics` while the pipeline runs at 10k
 * ticks/s, and the pipeline's tick-to-order latency is compared with a run of the same length
 * without scraping. Measured twice: with the configured render cache (`metrics.cacheMs`, the
 * default 100 ms) and rendering on every request, so the cost of a render is visible too.
 * Writes bench/results/metrics.json.
 *
 * autocannon runs as a separate process (as a real Prometheus would be): inside this process its
 * client would share the event loop with the server it measures.
 */

import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { benchConfig, runPipelineFor } from './pipeline-session.js';
import { fmt, printTable, watchContention, writeResult } from './report.js';

const run = promisify(execFile);
const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const CONNECTIONS = 10;

interface AutocannonJson {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
  throughput: { average: number };
}

interface ScrapeCase {
  /** autocannon's overall request rate limit (0 = as fast as it can). */
  rate_limit: number;
  /** autocannon ran at nice 19: the scraper's own CPU stops competing, as when it runs elsewhere. */
  scraper_niced: boolean;
  cache_ms: number;
  requests_per_s: number;
  scrape_latency_ms: { p50: number; p99: number };
  pipeline_p50_us: number;
  pipeline_p99_us: number;
  p99_change_pct: number;
}

async function scrapeWhileRunning(cacheMs: number, rateLimit: number, seconds: number, baselineP99: number, niced = false): Promise<ScrapeCase> {
  let load: AutocannonJson | undefined;
  const { summary } = await runPipelineFor(benchConfig(10_000), seconds * 1000 + 1000, async (orchestrator) => {
    const server = await orchestrator.startMetrics('127.0.0.1', 0, cacheMs);
    try {
      await new Promise((resolve) => setTimeout(resolve, 500)); // let the pipeline warm up first
      const limit = rateLimit > 0 ? ['-R', String(rateLimit)] : [];
      const args = [AUTOCANNON, '-j', '-c', String(CONNECTIONS), '-d', String(seconds), ...limit, `http://127.0.0.1:${server.port}/metrics`];
      const { stdout } = niced
        ? await run('nice', ['-n', '19', process.execPath, ...args], { maxBuffer: 16 * 1024 * 1024 })
        : await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
      load = JSON.parse(stdout) as AutocannonJson;
    } finally {
      await orchestrator.stopMetrics();
    }
  });
  if (!load) throw new Error('metrics bench: autocannon produced no result');
  if (load.errors > 0 || load.non2xx > 0) throw new Error(`metrics bench: ${load.errors} errors, ${load.non2xx} non-2xx responses`);
  return {
    rate_limit: rateLimit,
    scraper_niced: niced,
    cache_ms: cacheMs,
    requests_per_s: Math.round(load.requests.average),
    scrape_latency_ms: { p50: load.latency.p50, p99: load.latency.p99 },
    pipeline_p50_us: summary.latency_us.p50,
    pipeline_p99_us: summary.latency_us.p99,
    p99_change_pct: Math.round(((summary.latency_us.p99 - baselineP99) / baselineP99) * 1000) / 10,
  };
}

/**
 * On two cores, autocannon flat out takes a core of its own and the server most of the other, so
 * the unlimited cases measure capacity, and the case limited to the 2,000 req/s target measures
 * what a heavy but realistic scrape load does to the pipeline. Tick-to-order p99 at 10k ticks/s
 * moves by tens of percent between identical runs here, so the no-scraping baseline is measured
 * before and after the scraped runs and both are reported.
 */
export async function runMetricsBench(opts: { quick?: boolean } = {}) {
  const seconds = opts.quick ? 3 : 10;
  const contention = watchContention();
  const config = benchConfig(10_000);
  const cache = config.metrics.cacheMs;
  const before = (await runPipelineFor(config, seconds * 1000)).summary.latency_us;
  const cases: ScrapeCase[] = [];
  const baselineP99 = () => before.p99;
  cases.push(await scrapeWhileRunning(cache, 2000, seconds, baselineP99()));
  cases.push(await scrapeWhileRunning(cache, 2000, seconds, baselineP99(), true));
  cases.push(await scrapeWhileRunning(cache, 0, seconds, baselineP99()));
  cases.push(await scrapeWhileRunning(0, 0, seconds, baselineP99()));
  const after = (await runPipelineFor(config, seconds * 1000)).summary.latency_us;
  const meanP99 = (before.p99 + after.p99) / 2;
  for (const c of cases) c.p99_change_pct = Math.round(((c.pipeline_p99_us - meanP99) / meanP99) * 1000) / 10;

  const label = (c: ScrapeCase) => `${c.rate_limit > 0 ? `${c.rate_limit} req/s offered` : 'flat out'}, ${c.cache_ms > 0 ? `${c.cache_ms} ms cache` : 'render each'}${c.scraper_niced ? ', scraper niced' : ''}`;
  printTable(`metrics: autocannon -c ${CONNECTIONS} -d ${seconds} on /metrics while the pipeline runs at 10k ticks/s`, [
    { case: 'no scraping (before)', p50: fmt(before.p50), p99: fmt(before.p99) },
    ...cases.map((c) => ({
      case: label(c), 'req/s': c.requests_per_s, 'scrape p50/p99 ms': `${c.scrape_latency_ms.p50} / ${c.scrape_latency_ms.p99}`,
      p50: fmt(c.pipeline_p50_us), p99: fmt(c.pipeline_p99_us), change: `${c.p99_change_pct}%`,
    })),
    { case: 'no scraping (after)', p50: fmt(after.p50), p99: fmt(after.p99) },
  ], ['case', 'req/s', 'scrape p50/p99 ms', { key: 'p50', label: 'tick-to-order p50 us' },
    { key: 'p99', label: 'p99 us' }, { key: 'change', label: 'p99 change vs mean baseline' }]);
  const file = writeResult('metrics', {
    seconds, connections: CONNECTIONS, rate: 10_000,
    baseline_pipeline_us: { before: { p50: before.p50, p99: before.p99 }, after: { p50: after.p50, p99: after.p99 } },
    cases,
    targets: { min_requests_per_s: 2000, max_p99_change_pct: 25 },
    contention: contention(),
  });
  process.stdout.write(`wrote ${file}\n`);
  return cases;
}
