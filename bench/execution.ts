/**
 * `tradebot bench execution`: the execution and compliance building blocks, per operation.
 * - pre-trade checks of one order (precision, limits, kill switch, rate bucket), ns, GCs;
 * - an order's life in the order table (open, submitted, accepted, two fills, release), ns, GCs;
 * - the taker walk of a 25-level side for a 5-level order, ns, GCs;
 * - L4's paper path per intent: the pre-trade gate, the fill engine's submission, then the next
 *   market state of the instrument that accepts and fills it over two levels (five events out, each
 *   checked against the order state machine as the execution stage does), ns, GCs;
 * - the routed path per intent (execution.routing: best_price, two venues): a fresh state of
 *   each venue's book, the split by price across both, then each venue's part through the gate
 *   and the fill engine, and the next state of each venue filling its part, ns, GCs;
 * - the audit trail: records/s appended (sealed with SHA-256, msgpack) to a temporary directory,
 *   written in batches of 256 with an fsync per batch, and with an fsync per record (the floor
 *   of a trail that may lose nothing), beside the pipeline's fill rate it must keep up with.
 * Writes bench/results/execution.json.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PRE_TRADE_REQUEST_SLOTS, PreTradeChecks, PreTradeRequest } from '../src/execution/pre-trade-checks.js';
import { TokenBucket } from '../src/execution/token-bucket.js';
import { OrderEventKind, OrderTable } from '../src/execution/order-state-machine.js';
import { TAKER_WALK_SLOTS, walkBook } from '../src/execution/taker-walk.js';
import { AuditTrailWriter } from '../src/compliance/audit-trail-writer.js';
import { countGcs } from '../src/shm/allocation-check.js';
import { PaperFillEngine } from '../src/execution/paper-fill-engine.js';
import { PreTradeGate } from '../src/execution/pre-trade-gate.js';
import { OrderLifecycle } from '../src/execution/order-lifecycle.js';
import { defaultConfigPath, loadConfig } from '../src/pipeline/config.js';
import { Header, MarketState, OrderEvent, RecordKind, SizedIntent } from '../src/shm/records.js';
import { InstrumentRegistry } from '../src/core/instrument-registry.js';
import { RoutingGroups } from '../src/execution/routing/routing-groups.js';
import { RoutedOrders } from '../src/execution/routing/routed-orders.js';
import type { PipelineConfig } from '../src/pipeline/config-schema.js';
import { fmt, printTable, writeResult } from './report.js';

export async function runExecutionBench(opts: { quick?: boolean } = {}) {
  const calls = opts.quick ? 200_000 : 2_000_000;
  const checks = benchChecks(calls);
  const life = benchOrderLife(calls / 2);
  const walk = benchWalk(calls);
  const paper = benchPaperPath(calls / 2);
  const routed = benchRoutedPath(calls / 4);
  const batched = benchAudit(opts.quick ? 20_000 : 200_000, 256);
  const perRecord = benchAudit(opts.quick ? 500 : 5_000, 1);
  const rows = [
    { what: 'pre-trade checks, one order', value: `${fmt(checks.nsPerCall)} ns`, gcs: String(checks.gcCount) },
    { what: 'order life: open, submit, accept, 2 fills, release', value: `${fmt(life.nsPerCall)} ns`, gcs: String(life.gcCount) },
    { what: 'taker walk, 5 of 25 levels', value: `${fmt(walk.nsPerCall)} ns`, gcs: String(walk.gcCount) },
    { what: 'L4 paper path: intent checked, submitted, filled over 2 levels', value: `${fmt(paper.nsPerCall)} ns`, gcs: String(paper.gcCount) },
    { what: `L4 routed path: intent split over 2 venues (${fmt(routed.partsPerIntent)} orders), each checked, submitted, filled`, value: `${fmt(routed.nsPerCall)} ns`, gcs: String(routed.gcCount) },
    { what: 'audit trail, fsync per 256 records', value: `${fmt(batched)} records/s`, gcs: '-' },
    { what: 'audit trail, fsync per record', value: `${fmt(perRecord)} records/s`, gcs: '-' },
  ];
  printTable('execution: per operation (GCs over the timed calls)', rows, ['what', 'value', 'gcs']);
  const result = {
    pre_trade_ns: checks.nsPerCall, order_life_ns: life.nsPerCall, taker_walk_ns: walk.nsPerCall, paper_path_ns: paper.nsPerCall,
    routed_path_ns: routed.nsPerCall, routed_orders_per_intent: routed.partsPerIntent,
    gcs: checks.gcCount + life.gcCount + walk.gcCount + paper.gcCount + routed.gcCount,
    audit_records_per_s_batched: batched, audit_records_per_s_fsync_each: perRecord,
  };
  writeResult('execution', result);
  return result;
}

function benchChecks(calls: number) {
  const c = new PreTradeChecks({
    instruments: [{ tickSize: 0.01, lotSize: 0.00001, minNotionalUsd: 5, assetClass: 'crypto' }],
    buckets: [new TokenBucket(1e12, 1e12)], maxNotionalUsd: 1e9,
  });
  const req = new Float64Array(PRE_TRADE_REQUEST_SLOTS);
  req[PreTradeRequest.side] = 1;
  req[PreTradeRequest.quantity] = 0.123456;
  req[PreTradeRequest.price] = 65_000.004;
  req[PreTradeRequest.equityUsd] = 100_000;
  const order = new Float64Array(2);
  return countGcs((i) => { req[PreTradeRequest.tsUs] = 1.7e15 + i; c.check(req, order); }, calls);
}

function benchOrderLife(calls: number) {
  const t = new OrderTable(1024);
  return countGcs((i) => {
    const slot = t.open(i, 0, 1, 2, 100, i);
    t.apply(slot, OrderEventKind.Submitted, i);
    t.apply(slot, OrderEventKind.Accepted, i);
    t.fill(slot, 1, 100, 1, i);
    t.fill(slot, 1, 100.5, 2, i);
    t.release(slot);
  }, calls);
}

function benchWalk(calls: number) {
  const prices = new Float64Array(25);
  const qty = new Float64Array(25);
  for (let i = 0; i < 25; i++) { prices[i] = 100 + i * 0.01; qty[i] = 1 + (i % 3); }
  const out = new Float64Array(TAKER_WALK_SLOTS);
  return countGcs((i) => walkBook(prices, qty, 25, 1, 9 + (i & 1), NaN, out), calls);
}

/**
 * What the execution stage holds for a path benchmark: the gate, the fill engine, the order state
 * machine every event is checked against, and a 0.03 buy intent at 65,000.5.
 */
function executionRig(config: PipelineConfig) {
  const gate = new PreTradeGate(config, null);
  const engine = new PaperFillEngine({ instruments: config.symbols.length, feeBps: 10 });
  const lifecycle = new OrderLifecycle(config.execution.maxOpenOrders + 1);
  const f64 = new Float64Array(OrderEvent.f64);
  const sink = { f64, claim: () => 0, commit: (base: number) => { lifecycle.onEvent(f64, base); } };
  const intent = new Float64Array(SizedIntent.f64);
  intent[Header.kind] = RecordKind.SizedIntent;
  intent[SizedIntent.side] = 1;
  intent[SizedIntent.quantity] = 0.0300004;
  intent[SizedIntent.limitPrice] = 65_000.5;
  return { config, gate, engine, lifecycle, sink, intent };
}

function benchPaperPath(calls: number) {
  const { config, gate, engine, lifecycle, sink, intent } = executionRig(loadConfig(defaultConfigPath('crypto')));
  const state = new Float64Array(MarketState.f64);
  state[Header.kind] = RecordKind.MarketState;
  for (let i = 0; i < 5; i++) {
    state[MarketState.bidPrice + i] = 65_000 - i;
    state[MarketState.bidQty + i] = 0.02;
    state[MarketState.askPrice + i] = 65_000.5 + i;
    state[MarketState.askQty + i] = 0.02;
  }
  const filled = new Float64Array(config.symbols.length);
  const report = countGcs((i) => {
    intent[SizedIntent.seq] = i + 1;
    intent[Header.origin] = 2 * i + 1;
    intent[Header.ts] = 1.7e15 + 1000 * i;
    if (gate.vet(intent, 0, filled, false) === 0) engine.submit(gate.order, 0, sink);
    state[Header.origin] = 2 * i + 2;
    state[Header.ts] = 1.7e15 + 1000 * i + 1;
    engine.onMarket(state, 0, sink);
  }, calls);
  if (lifecycle.violations.some((n) => n > 0)) throw new Error(`bench execution: the paper path made illegal order events (${lifecycle.violations.join(', ')})`);
  return report;
}

/** BTC/USDT on Binance leading BTC/USD on Coinbase, routed by best price (as in conf/crypto.yml's comments). */
function routedConfig(): PipelineConfig {
  const base = loadConfig(defaultConfigPath('crypto'));
  return {
    ...base, symbols: ['BTC/USDT', 'BTC/USD'],
    source: {
      ...base.source, kind: 'live', startPrices: { 'BTC/USDT': 65_000, 'BTC/USD': 65_000 }, cryptoVenues: ['binance', 'coinbase'],
      consolidatedSymbols: { 'BTC/USD': { binance: 'BTC/USDT', coinbase: 'BTC/USD' } },
    },
    execution: { ...base.execution, routing: 'best_price' },
  };
}

function benchRoutedPath(calls: number) {
  const { config, gate, engine, lifecycle, sink, intent } = executionRig(routedConfig());
  const instruments = InstrumentRegistry.fromConfig(config).instruments;
  const routed = new RoutedOrders(RoutingGroups.fromConfig(config), instruments);
  const part = new Float64Array(SizedIntent.f64);
  // Binance's touch 50 cents better, Coinbase's deeper: a 0.03 buy takes 0.02 there and the rest here.
  const states = [0, 1].map((s) => {
    const state = new Float64Array(MarketState.f64);
    state[Header.kind] = RecordKind.MarketState;
    state[Header.instrument] = s;
    for (let i = 0; i < 5; i++) {
      state[MarketState.bidPrice + i] = 65_000 - s - i;
      state[MarketState.bidQty + i] = 0.02;
      state[MarketState.askPrice + i] = 65_000.5 + s * 0.5 + i;
      state[MarketState.askQty + i] = 0.02 + s * 0.02;
    }
    return state;
  });
  const filled = new Float64Array(2);
  const stale = new Float64Array(2);
  for (const state of states) engine.onMarket(state, 0, sink);
  // Per call: each venue's book as the market left it since the last intent (the parts that filled
  // took from the engine's copies), the split, its parts, and each venue's next state, where they fill.
  const marketAt = (s: number, origin: number, ts: number): void => {
    states[s][Header.origin] = origin;
    states[s][Header.ts] = ts;
    engine.onMarket(states[s], 0, sink);
  };
  const report = countGcs((i) => {
    marketAt(0, 5 * i + 1, 1.7e15 + 1000 * i);
    marketAt(1, 5 * i + 2, 1.7e15 + 1000 * i);
    intent[SizedIntent.seq] = i + 1;
    intent[Header.origin] = 5 * i + 3;
    intent[Header.ts] = 1.7e15 + 1000 * i + 1;
    const count = routed.split(intent, 0, engine, stale, filled, false);
    for (let k = 0; k < count; k++) {
      routed.partIntent(k, intent, 0, part);
      if (gate.vet(part, 0, filled, false) === 0) engine.submit(gate.order, 0, sink, k);
    }
    marketAt(0, 5 * i + 4, 1.7e15 + 1000 * i + 2);
    marketAt(1, 5 * i + 5, 1.7e15 + 1000 * i + 2);
  }, calls);
  if (lifecycle.violations.some((n) => n > 0)) throw new Error(`bench execution: the routed path made illegal order events (${lifecycle.violations.join(', ')})`);
  if (engine.openOrders() !== 0) throw new Error(`bench execution: ${engine.openOrders()} routed parts never filled`);
  // One more split on fresh books says how each intent went.
  for (let s = 0; s < 2; s++) marketAt(s, Number.MAX_SAFE_INTEGER - 2 + s, 1.8e15);
  return { ...report, partsPerIntent: routed.split(intent, 0, engine, stale, filled, false) };
}

function benchAudit(records: number, flushEvery: number): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'tradebot-bench-audit-'));
  try {
    const w = new AuditTrailWriter(dir, { flushEvery, fsync: true });
    const payload = { instrument: 0, event: 'OrderFilled', clientOrderId: 0, qty: 0.01, price: 65_000.5, feeUsd: 0.65, edgeBps: 3.2, bound: 'position_cap' };
    const t0 = performance.now();
    for (let i = 0; i < records; i++) {
      payload.clientOrderId = i;
      w.append('fill', 1.7e15 + i, payload);
    }
    w.close();
    return records / ((performance.now() - t0) / 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
