/**
 * `tradebot bench execution`: the execution and compliance building blocks, per operation.
 * - pre-trade checks of one order (precision, limits, kill switch, rate bucket), ns, GCs;
 * - an order's life in the order table (open, submitted, accepted, two fills, release), ns, GCs;
 * - the taker walk of a 25-level side for a 5-level order, ns, GCs;
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
import { fmt, printTable, writeResult } from './report.js';

export async function runExecutionBench(opts: { quick?: boolean } = {}) {
  const calls = opts.quick ? 200_000 : 2_000_000;
  const checks = benchChecks(calls);
  const life = benchOrderLife(calls / 2);
  const walk = benchWalk(calls);
  const batched = benchAudit(opts.quick ? 20_000 : 200_000, 256);
  const perRecord = benchAudit(opts.quick ? 500 : 5_000, 1);
  const rows = [
    { what: 'pre-trade checks, one order', value: `${fmt(checks.nsPerCall)} ns`, gcs: String(checks.gcCount) },
    { what: 'order life: open, submit, accept, 2 fills, release', value: `${fmt(life.nsPerCall)} ns`, gcs: String(life.gcCount) },
    { what: 'taker walk, 5 of 25 levels', value: `${fmt(walk.nsPerCall)} ns`, gcs: String(walk.gcCount) },
    { what: 'audit trail, fsync per 256 records', value: `${fmt(batched)} records/s`, gcs: '-' },
    { what: 'audit trail, fsync per record', value: `${fmt(perRecord)} records/s`, gcs: '-' },
  ];
  printTable('execution: per operation (GCs over the timed calls)', rows, ['what', 'value', 'gcs']);
  const result = {
    pre_trade_ns: checks.nsPerCall, order_life_ns: life.nsPerCall, taker_walk_ns: walk.nsPerCall,
    gcs: checks.gcCount + life.gcCount + walk.gcCount,
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
