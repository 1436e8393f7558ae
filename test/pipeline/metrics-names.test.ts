// The exporter's output against Prometheus' own linter (`promtool check metrics`, from the Debian
// package `prometheus`) and against the naming rules promtool does not check: one `tradebot_`
// prefix, no abbreviated or percent/basis-point units, a unit in every HELP text. Rendered in
// process from a Topology with a value in every series, so no family is linted empty.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { Topology } from '../../src/pipeline/topology.js';
import { createMetricsRegistry } from '../../src/pipeline/metrics-exporter.js';
import { defaultConfigPath, loadConfig } from '../../src/pipeline/config.js';
import { Counter, LAYERS, Supervisor, SymbolGauge, symbolGaugeIndex } from '../../src/pipeline/telemetry.js';
import { PortfolioSnapshot } from '../../src/risk/portfolio.js';
import { ConsolidatedBlock } from '../../src/data/book/consolidated-top-block.js';
import { CONSOLIDATED_REJECT_REASONS } from '../../src/data/book/consolidated-top-of-book.js';

const PROMTOOL_DEADLINE_MS = 10_000;

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return null;
}

async function renderFilled(): Promise<string> {
  // A live session on two venues, so the per-venue feed and consolidated families are linted too.
  const base = loadConfig(defaultConfigPath('crypto'));
  const venues = ['binance', 'coinbase'] as const;
  const config = {
    ...base,
    source: { ...base.source, kind: 'live' as const, cryptoVenues: venues, consolidatedSymbols: { 'BTC/USD': { binance: 'BTC/USDT', coinbase: 'ETH/USDT' } } },
  };
  const topo = Topology.create(config);
  topo.venueFeeds.forEach((feed, v) => { feed.set(feed.indexOf('frames'), 100 + v); feed.set(feed.indexOf('bytes'), 5000); });
  topo.consolidatedRejects[CONSOLIDATED_REJECT_REASONS.indexOf('old_quote')] = 1;
  const top = new Float64Array(ConsolidatedBlock.fieldCount(venues.length));
  top[ConsolidatedBlock.bid] = 65_010;
  top[ConsolidatedBlock.bidSize] = 0.5;
  top[ConsolidatedBlock.bidVenue] = 0;
  top[ConsolidatedBlock.ask] = 65_005;
  top[ConsolidatedBlock.askSize] = 1.5;
  top[ConsolidatedBlock.askVenue] = 1;
  top[ConsolidatedBlock.crossed] = 1;
  top[ConsolidatedBlock.crossings] = 3;
  top[ConsolidatedBlock.updates] = 40;
  top[ConsolidatedBlock.bidHeld(0)] = 30;
  top[ConsolidatedBlock.askHeld(1, venues.length)] = 25;
  topo.consolidatedTop[0].write(top);
  const n = config.symbols.length;
  LAYERS.forEach((l, k) => {
    const c = topo.telemetry[l].counters;
    c.inc(Counter.records_in, 1000 + k);
    c.inc(Counter.records_out, 990 + k);
    c.inc(Counter.bad_input, 1);
    c.inc(Counter.gc_count, 3);
    c.inc(Counter.duplicates_skipped, 2);
    c.inc(Counter.seqlock_read_failures, 1);
    c.set(Counter.ring_high_water, 64);
    if (l !== 'L0') {
      topo.telemetry[l].layerLatency.record(4_000);
      topo.telemetry[l].arrival.record(20_000 * k);
    }
  });
  topo.telemetry.L0.counters.inc(Counter.conflated, 7);
  topo.telemetry.L3.counters.inc(Counter.intents, 40);
  topo.telemetry.L4.counters.inc(Counter.orders, 40);
  topo.telemetry.L4.counters.inc(Counter.rejects, 2);
  topo.telemetry.L5.counters.inc(Counter.fills_booked, 40);
  topo.telemetry.L4.sinceT0.record(45_000);
  topo.telemetry.L3.refusals.inc(topo.telemetry.L3.refusals.indexOf('kill_switch'), 4);
  topo.telemetry.L4.refusals.inc(topo.telemetry.L4.refusals.indexOf('halted'), 2);
  topo.modelOpinions.fill(1234);
  topo.supervisor.set(Supervisor.restarts, 1);
  topo.supervisor.set(Supervisor.reloads_ok, 2);
  topo.supervisor.set(Supervisor.reloads_failed, 1);
  for (let i = 0; i < n; i++) {
    topo.symbolGauges[symbolGaugeIndex(SymbolGauge.edgeBlendedBps, i, n)] = 25;
    topo.symbolGauges[symbolGaugeIndex(SymbolGauge.modelConfidence, i, n)] = 0.6;
    topo.symbolGauges[symbolGaugeIndex(SymbolGauge.positionTargetUsd, i, n)] = 1500;
    topo.symbolGauges[symbolGaugeIndex(SymbolGauge.fills, i, n)] = 10 + i;
  }
  const snap = new Float64Array(PortfolioSnapshot.fieldCount(n));
  snap[PortfolioSnapshot.equity] = 100_020;
  snap[PortfolioSnapshot.startingEquity] = 100_000;
  snap[PortfolioSnapshot.peakEquity] = 105_000;
  snap[PortfolioSnapshot.totalPnl] = 20;
  snap[PortfolioSnapshot.realizedPnl] = 12;
  snap[PortfolioSnapshot.unrealizedPnl] = 8;
  snap[PortfolioSnapshot.drawdownPct] = 5;
  snap[PortfolioSnapshot.maxDrawdownPct] = 7.5;
  snap[PortfolioSnapshot.feesUsd] = 12.5;
  snap[PortfolioSnapshot.varPct] = 2.5;
  for (let i = 0; i < n; i++) {
    snap[PortfolioSnapshot.positionUsd + i] = 1000;
    snap[PortfolioSnapshot.positionQtyBase(n) + i] = 0.5;
    snap[PortfolioSnapshot.avgPriceBase(n) + i] = 1990;
    snap[PortfolioSnapshot.markPriceBase(n) + i] = 2000;
  }
  topo.portfolio.write(snap);
  // And a candle replay's skipped rows (a session has one source; the families are linted together).
  topo.telemetry.L0.feed.inc(topo.telemetry.L0.feed.names.indexOf('replay_malformed_row'), 3);
  return createMetricsRegistry(topo, config.symbols, [...venues], undefined, ['BTC/USD'], true).metrics();
}

interface Family {
  type: string;
  help: string;
  samples: string[];
}

function familiesOf(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string) => {
    let f = families.get(name);
    if (!f) families.set(name, f = { type: '', help: '', samples: [] });
    return f;
  };
  for (const line of text.split('\n')) {
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'HELP') family(meta[2]).help = meta[3];
      else family(meta[2]).type = meta[3];
    } else if (line.trim() !== '') {
      const sample = /^[^\s{]+/.exec(line)![0];
      const owner = [sample, sample.replace(/_(bucket|sum|count)$/, '')].find((n) => families.has(n));
      assert.ok(owner, `sample line before its family's TYPE: ${line}`);
      families.get(owner!)!.samples.push(line);
    }
  }
  return families;
}

function runPromtool(promtool: string, input: string): Promise<{ code: number | null | 'timeout'; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(promtool, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    let timedOut = false;
    const deadline = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, PROMTOOL_DEADLINE_MS);
    child.on('error', (err) => { clearTimeout(deadline); reject(err); });
    child.on('close', (code) => { clearTimeout(deadline); resolve({ code: timedOut ? 'timeout' : code, output }); });
    // promtool may exit before reading everything; the exit code says why, not this EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

const promtool = onPath('promtool');
const requireTools = process.env.REQUIRE_TOOLS === '1';
if (!promtool && !requireTools) {
  console.warn('metrics-names: SKIPPING the promtool lint: promtool is not on PATH (Debian package "prometheus"); '
    + 'set REQUIRE_TOOLS=1 to make this a failure.');
}

(promtool || requireTools ? test : test.skip)('promtool check metrics: the exporter output lints clean', async () => {
  if (!promtool) assert.unreachable('REQUIRE_TOOLS=1 but promtool is not on PATH: install the Debian package "prometheus"');
  const text = await renderFilled();
  const { code, output } = await runPromtool(promtool!, text);
  assert.is(code, 0, `promtool check metrics exited ${code}:\n${output}`);
  assert.is(output.trim(), '', `promtool check metrics printed problems:\n${output}`);
});

test('every family: one tradebot_ prefix, a sample, no abbreviated units, HELP names the unit', async () => {
  const families = familiesOf(await renderFilled());
  assert.ok(families.size >= 30, `expected the full set of families, got ${families.size}`);
  const problems: string[] = [];
  for (const [name, f] of families) {
    if (!name.startsWith('tradebot_') || name.split('tradebot_').length !== 2) problems.push(`${name}: needs exactly one tradebot_ prefix`);
    if (f.samples.length === 0) problems.push(`${name}: no samples`);
    // promtool's own list of discouraged abbreviations misses these.
    const bad = name.split('_').filter((w) => ['pct', 'percent', 'bps', 'bp', 'ms', 'us', 'ns', 'sec', 'secs', 'millis'].includes(w));
    if (bad.length > 0) problems.push(`${name}: unit ${bad.join(', ')}; use a base unit (seconds, ratio)`);
    const unit = /\(([^)]+)\)$/.exec(f.help)?.[1];
    if (!unit) problems.push(`${name}: HELP should end with its unit in parentheses, got "${f.help}"`);
    const want = name.endsWith('_seconds') ? 'seconds' : /_usd(_total)?$/.test(name) ? 'USD' : name.endsWith('_ratio') ? 'ratio' : null;
    if (unit && want && !unit.includes(want)) problems.push(`${name}: HELP unit "${unit}" should say ${want}`);
    if ((f.type === 'counter') !== name.endsWith('_total')) problems.push(`${name}: a ${f.type} ${f.type === 'counter' ? 'needs' : 'must not have'} _total`);
  }
  assert.equal(problems, [], problems.join('\n'));
});

test('values are exported in base units: bps and percent become ratios', async () => {
  const text = await renderFilled();
  const value = (series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `) || l.startsWith(`${series}{`));
    assert.ok(line, `no ${series} in the output`);
    return Number(line!.split(' ').pop());
  };
  assert.is(value('tradebot_blended_edge_ratio'), 0.0025);
  assert.is(value('tradebot_model_confidence_ratio'), 0.6);
  assert.is(value('tradebot_drawdown_ratio'), 0.05);
  assert.is(value('tradebot_max_drawdown_ratio'), 0.075);
  assert.is(value('tradebot_var_ratio'), 0.025);
  assert.is(value('tradebot_fees_usd_total'), 12.5);
  assert.is(value('tradebot_pnl_usd'), 20);
  assert.is(value('tradebot_unrealized_pnl_usd'), 5);
  assert.is(value('tradebot_config_reloads_total'), 2);
  assert.is(value('tradebot_model_opinions_total{model="news_sentiment"}'), 1234);
  assert.is(value('tradebot_tick_to_order_seconds_count'), 1);
  assert.is(value('tradebot_refusals_total{layer="L3",role="sizing",reason="kill_switch"}'), 4);
  assert.is(value('tradebot_refusals_total{layer="L4",role="execution",reason="halted"}'), 2);
});

test('each venue feed under its own label; the consolidated top with the venue of each side', async () => {
  const text = await renderFilled();
  const value = (series: string) => Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.split(' ').pop());
  assert.is(value('tradebot_feed_events_total{venue="binance",event="frames"}'), 100);
  assert.is(value('tradebot_feed_events_total{venue="coinbase",event="frames"}'), 101);
  assert.is(value('tradebot_consolidated_best_price{symbol="BTC/USD",side="bid",venue="binance"}'), 65_010);
  assert.is(value('tradebot_consolidated_best_price{symbol="BTC/USD",side="ask",venue="coinbase"}'), 65_005);
  assert.is(value('tradebot_consolidated_best_size{symbol="BTC/USD",side="ask",venue="coinbase"}'), 1.5);
  assert.is(value('tradebot_consolidated_crossed{symbol="BTC/USD"}'), 1);
  assert.is(value('tradebot_consolidated_crossings_total{symbol="BTC/USD"}'), 3);
  assert.is(value('tradebot_consolidated_best_held_total{symbol="BTC/USD",side="bid",venue="binance"}'), 30);
  assert.is(value('tradebot_consolidated_best_held_total{symbol="BTC/USD",side="ask",venue="coinbase"}'), 25);
  assert.is(value('tradebot_consolidated_rejects_total{venue="binance",reason="old_quote"}'), 1);
});

test.run();
