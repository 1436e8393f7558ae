/**
 * Crash recovery: a session that died (kill -9, power loss) is resumed from its audit trail, the
 * book of record. `run --resume [DIR]` continues the dead session's own trail (the writer drops a
 * record a crash cut short and says so in its next file_opened record) and starts from what it
 * holds:
 *
 * - the portfolio: every fill in the trail booked again, in order, onto the configured starting
 *   equity, by the same Portfolio class L5 uses; the result is written into the portfolio block
 *   as a predecessor L5 would have left it, so L5 starts from it;
 * - sizing's ledger and execution's exposure block: the booked positions as what was emitted and
 *   filled, so sizing sizes against the position the account holds, not an empty one;
 * - the client order ids: the newest intent id in the trail, so no id is ever used twice and no
 *   order of the dead session is sent again;
 * - the orders the trail shows still working at the crash: a paper venue died with the process,
 *   so they are ended (OrderExpired, `session_crashed`) in the trail; their unfilled rest is not
 *   part of any position.
 *
 * What the trail does not hold is lost by definition, and that is bounded: the trail is fsynced
 * every 100 ms (order-audit.ts), so at most the fills of the last fraction of a second before the
 * crash, which the portfolio snapshot in shared memory died with too. A trail with an altered,
 * removed or reordered record refuses the resume (recovery must not book a forged fill).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PipelineConfig } from '../pipeline/config.js';
import type { Topology } from '../pipeline/topology.js';
import { Portfolio, PortfolioSnapshot } from '../risk/portfolio.js';
import { ExecutionExposureLayout } from '../execution/execution-exposure.js';
import { OrderEvent } from '../shm/records.js';
import { ROUTED_PART_ID_STRIDE } from '../execution/paper-fill-engine.js';
import { RepeatedFills } from './repeated-fills.js';
import { auditFilesIn, AuditTrailWriter } from './audit-trail-writer.js';
import { readAuditFile } from './audit-file-reader.js';
import type { AuditRecord } from './audit-record.js';
import { verifyAuditTrail } from './audit-verify.js';
import { auditRecordsIn } from './tca-report.js';

export interface OrphanedOrder {
  readonly clientOrderId: number;
  readonly symbol: string;
  readonly side: string;
  readonly leavesQty: number;
  /** The order's quantity, and what the trail shows filled of it (quantity, notional). */
  readonly quantity: number;
  readonly filledQty: number;
  readonly filledNotional: number;
  readonly limitPrice: number;
}

export interface RecoveredSession {
  /** The session directory resumed (its trail continues). */
  readonly dir: string;
  readonly records: number;
  readonly fills: number;
  /** Bytes of a record the crash cut short (dropped; 0 when the trail ended cleanly). */
  readonly truncatedBytes: number;
  /** Signed position per configured symbol, base quantity. */
  readonly positions: Float64Array;
  /** The portfolio snapshot rebuilt from the fills (PortfolioSnapshot layout). */
  readonly snapshot: Float64Array;
  /** The newest intent (client order) id in the trail. */
  readonly lastIntentId: number;
  readonly orphaned: readonly OrphanedOrder[];
  /** Event time of the last record, µs (the orphans are ended at it). */
  readonly lastTsUs: number;
}

/**
 * The newest session directory under `<dataDir>/audit/` (names start with their UTC start time):
 * the last session, even one that died before writing a record (then there is nothing to book).
 */
export function latestSessionDir(dataDir: string): string | null {
  const root = path.join(dataDir, 'audit');
  if (!existsSync(root)) return null;
  const dirs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  return dirs.length === 0 ? null : path.join(root, dirs[dirs.length - 1]);
}

/** The pid a session directory is named after (`<stamp>-<pid>`), or null. */
function pidOf(dir: string): number | null {
  const m = /-(\d+)$/.exec(path.basename(dir));
  return m ? Number(m[1]) : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Every record of one session's trail, the chain checked; a cut-short last record is dropped. */
function readTrail(dir: string): { records: AuditRecord[]; truncatedBytes: number } {
  // No files: the session died before its first record (during start-up); there is nothing to book.
  const files = auditFilesIn(dir).map((f) => path.join(dir, f));
  const verdict = verifyAuditTrail(files, { fromStart: true });
  if (!verdict.ok && !verdict.cutShortAtEnd) {
    throw new Error(`${dir}: ${verdict.problem!.file}: ${verdict.problem!.message}; refusing to rebuild a book from it (tradebot audit verify ${dir})`);
  }
  const last = files.at(-1);
  const truncatedBytes = verdict.cutShortAtEnd && last !== undefined ? statSync(last).size - readAuditFile(last).validBytes : 0;
  return { records: auditRecordsIn(dir), truncatedBytes };
}

/**
 * Rebuild a dead session's book from its trail in `dir`, for a session run with `config` (the same
 * symbols; its risk.equityUsd is the starting equity). Throws, naming what and where, when the
 * directory is not a dead session's trail or the trail is damaged.
 */
export function recoverSession(dir: string, config: PipelineConfig): RecoveredSession {
  if (!existsSync(dir)) throw new Error(`no session directory at ${dir}`);
  const pid = pidOf(dir);
  if (pid !== null && pid !== process.pid && alive(pid)) {
    throw new Error(`${dir} belongs to process ${pid}, which is still running: stop it before resuming its session`);
  }
  const { records, truncatedBytes } = readTrail(dir);
  const symbols = config.symbols;
  const n = symbols.length;
  const portfolio = new Portfolio(n, config.risk.equityUsd);
  const event = new Float64Array(OrderEvent.f64);
  const open = new Map<number, OrphanedOrder>();
  let fills = 0;
  let lastIntentId = 0;
  let lastTradeId = 0;
  const repeats = new RepeatedFills();
  for (const r of records) {
    // A fill recorded twice was booked once (repeated-fills.ts): it is booked again once.
    if (repeats.isRepeat(r)) continue;
    if (r.kind !== 'fill' && r.kind !== 'order_event') continue;
    const p = r.payload as Record<string, unknown>;
    const id = Number(p.clientOrderId);
    if (Number.isFinite(Number(p.intentId))) lastIntentId = Math.max(lastIntentId, Number(p.intentId));
    // A routed intent's further parts carry their part number in the id (paper-fill-engine.ts).
    if (Number.isFinite(id)) lastIntentId = Math.max(lastIntentId, id % ROUTED_PART_ID_STRIDE);
    const s = symbols.indexOf(String(p.symbol));
    if (s < 0) throw new Error(`${dir}: audit record seq ${r.seq} is for ${String(p.symbol)}, which this session does not trade (symbols: ${symbols.join(', ')})`);
    const side = p.side === 'sell' ? -1 : 1;
    if (r.kind === 'fill') {
      const tradeId = Number(p.tradeId);
      if (Number.isSafeInteger(tradeId) && tradeId > lastTradeId) lastTradeId = tradeId;
      event.fill(0);
      event[OrderEvent.seq] = ++fills;
      event[OrderEvent.instrument] = s;
      event[OrderEvent.side] = side;
      event[OrderEvent.lastQty] = Number(p.lastQty);
      event[OrderEvent.lastPrice] = Number(p.lastPrice);
      event[OrderEvent.feeUsd] = Number(p.feeUsd ?? 0);
      if (!portfolio.onFill(event, 0)) throw new Error(`${dir}: audit record seq ${r.seq} is a fill the portfolio cannot book (quantity, price or fee not valid)`);
      const leaves = Number(p.leavesQty);
      const before = open.get(id);
      if (leaves > 0) {
        open.set(id, {
          clientOrderId: id, symbol: String(p.symbol), side: String(p.side), leavesQty: leaves,
          quantity: Number(p.quantity ?? before?.quantity), limitPrice: Number(p.limitPrice ?? before?.limitPrice),
          filledQty: (before?.filledQty ?? 0) + Number(p.lastQty), filledNotional: (before?.filledNotional ?? 0) + Number(p.lastQty) * Number(p.lastPrice),
        });
      } else {
        open.delete(id);
      }
    } else if (p.event === 'OrderSubmitted') {
      open.set(id, {
        clientOrderId: id, symbol: String(p.symbol), side: String(p.side), leavesQty: Number(p.quantity),
        quantity: Number(p.quantity), limitPrice: Number(p.limitPrice), filledQty: 0, filledNotional: 0,
      });
    } else if (p.event === 'OrderAccepted') {
      // Already known from its OrderSubmitted (a trail always has it first); nothing changes.
      if (!open.has(id)) {
        open.set(id, {
          clientOrderId: id, symbol: String(p.symbol), side: String(p.side), leavesQty: Number(p.quantity),
          quantity: Number(p.quantity), limitPrice: Number(p.limitPrice), filledQty: 0, filledNotional: 0,
        });
      }
    } else if (p.event === 'OrderReplaced') {
      // Re-priced in place: still working, at its new price.
      const working = open.get(id);
      if (working !== undefined) open.set(id, { ...working, limitPrice: Number(p.limitPrice) });
    } else {
      open.delete(id); // cancelled, expired, rejected, denied: over
    }
  }
  const snapshot = new Float64Array(PortfolioSnapshot.fieldCount(n));
  portfolio.writeSnapshot(snapshot);
  // The resumed session numbers its order events after the newest trade id of the trail (a paper
  // fill's trade id is its event number), so no trade id repeats in the trail; L5 then counts
  // every event it sends as new.
  snapshot[PortfolioSnapshot.lastEventSeq] = lastTradeId;
  const positions = snapshot.slice(PortfolioSnapshot.positionQtyBase(n), PortfolioSnapshot.positionQtyBase(n) + n);
  return {
    dir, records: records.length, fills, truncatedBytes, positions, snapshot, lastIntentId,
    orphaned: [...open.values()], lastTsUs: records.at(-1)?.tsUs ?? 0,
  };
}

/**
 * Put the recovered book where the layers read it at start, as predecessors would have left it:
 * the portfolio block (L5), execution's exposure block (L4) and sizing's ledger (L3). `leadOf`:
 * a routed session's routing groups (routing-groups.ts), whose leads' ledgers hold their groups.
 */
export function seedTopology(topology: Topology, recovered: RecoveredSession, leadOf?: Int32Array): void {
  const n = recovered.positions.length;
  topology.portfolio.write(recovered.snapshot);
  const exposure = new Float64Array(ExecutionExposureLayout.fieldCount(n));
  // released 0, filled = the positions, open 0 (the orphans are over), the newest intent id.
  exposure.set(recovered.positions, n);
  exposure[3 * n] = recovered.lastIntentId;
  topology.exposure.write(exposure);
  const ledger = new Float64Array(topology.wiring.sizingLedger);
  ledger.fill(0, 0, n);
  // Routed: sizing sizes a unified symbol on its lead, so the lead's ledger holds every venue's part.
  for (let s = 0; s < n; s++) ledger[leadOf?.[s] ?? s] += recovered.positions[s];
  ledger[n] = recovered.lastIntentId;
}

/**
 * Write the recovery into the trail it continues: the orphans ended, then one session_resumed
 * record with what the book was rebuilt to. Closes its writer: L5's own continues the chain.
 */
export function recordRecovery(recovered: RecoveredSession, symbols: readonly string[]): void {
  const writer = new AuditTrailWriter(recovered.dir, { fsync: true });
  for (const o of recovered.orphaned) {
    writer.append('order_event', recovered.lastTsUs, {
      event: 'OrderExpired', symbol: o.symbol, clientOrderId: o.clientOrderId, intentId: o.clientOrderId % ROUTED_PART_ID_STRIDE, side: o.side,
      leavesQty: o.leavesQty, reason: 'session_crashed',
    });
  }
  const s = recovered.snapshot;
  writer.append('session_resumed', recovered.lastTsUs, {
    pid: process.pid, fills: recovered.fills, lastIntentId: recovered.lastIntentId, truncatedBytes: recovered.truncatedBytes,
    orphanedOrders: recovered.orphaned.length,
    positions: Object.fromEntries(symbols.map((sym, k) => [sym, recovered.positions[k]])),
    cashUsd: s[PortfolioSnapshot.cashUsd], feesUsd: s[PortfolioSnapshot.feesUsd], equityUsd: s[PortfolioSnapshot.equity],
  });
  writer.close();
}

/** One line for the session log. */
export function describeRecovery(r: RecoveredSession, symbols: readonly string[]): string {
  const held = symbols.map((sym, k) => (r.positions[k] !== 0 ? `${sym} ${r.positions[k]}` : null)).filter((x) => x !== null);
  return `resumed ${r.dir}: ${r.fills} fills booked again from ${r.records} audit records`
    + `${r.truncatedBytes > 0 ? ` (a record the crash cut short, ${r.truncatedBytes} bytes, dropped)` : ''}; `
    + `positions ${held.length > 0 ? held.join(', ') : 'flat'}; equity ${r.snapshot[PortfolioSnapshot.equity].toFixed(2)}; `
    + `${r.orphaned.length} orders working at the crash ended; order ids continue after ${r.lastIntentId}`;
}
