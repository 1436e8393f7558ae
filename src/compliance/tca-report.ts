/**
 * Transaction-cost analysis from the audit trail: every fill against the mid when its order's
 * intent was sized (the arrival price, carried on the order event).
 *
 * Per fill, with s = +1 for a buy and -1 for a sell:
 *   slippage (bps)                = s (fill price - arrival mid) / arrival mid x 1e4
 *   fee (bps)                     = fee / (quantity x fill price) x 1e4
 *   implementation shortfall (bps) = slippage + fee, and in USD s (fill - mid) quantity + fee
 * and per order the fill rate = quantity filled / quantity ordered. Aggregates weight fills by
 * notional. Paper fills at the touch pay half the spread: that is what the slippage shows.
 */
import path from 'node:path';
import { readAuditFile } from './audit-file-reader.js';
import { verifyAuditTrail } from './audit-verify.js';
import { auditTrailsIn } from './audit-trail-writer.js';
import type { AuditRecord } from './audit-record.js';
import { RepeatedFills } from './repeated-fills.js';

export interface TcaRow {
  symbol: string;
  fills: number;
  orders: number;
  notionalUsd: number;
  slippageBps: number;
  feeBps: number;
  shortfallBps: number;
  shortfallUsd: number;
  fillRate: number;
}

interface OrderInfo { symbol: string; side: number; quantity: number; arrivalMid: number; filled: number }

/**
 * The audit records under `dir`: its own audit files, or each session directory's, in order.
 * Each session's trail is verified first, from seq 1 (audit-verify.ts): a report built on an
 * altered, reordered or cut trail would present forged numbers as the books', so it throws naming
 * the first bad record instead. A last record a crash cut short is dropped, as recovery does.
 */
export function auditRecordsIn(dir: string): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (const files of auditTrailsIn(dir)) {
    const verdict = verifyAuditTrail(files, { fromStart: true });
    if (!verdict.ok && !verdict.cutShortAtEnd) {
      throw new Error(`${path.join(path.dirname(files[0]), verdict.problem!.file)}: ${verdict.problem!.message}; the trail is not what the session wrote (tradebot audit verify ${path.dirname(files[0])})`);
    }
    for (const file of files) records.push(...readAuditFile(file).records);
  }
  return records;
}

export function transactionCosts(records: readonly AuditRecord[]): { rows: TcaRow[]; total: TcaRow } {
  const orders = new Map<string, OrderInfo>();
  const acc = new Map<string, { fills: number; notional: number; slip: number; fee: number; shortfallUsd: number }>();
  let session = 0;
  const repeats = new RepeatedFills();
  for (const r of records) {
    // A fill recorded twice was booked once (repeated-fills.ts): it counts once.
    if (repeats.isRepeat(r)) continue;
    const p = r.payload as Record<string, unknown>;
    // Client order ids restart with every session: a session's first record starts a new scope.
    if (r.kind === 'file_opened' && (p.previous === null || p.previous === undefined)) session++;
    const key = `${session}:${String(p.clientOrderId)}`;
    if (p.event === 'OrderSubmitted') {
      orders.set(key, { symbol: String(p.symbol), side: p.side === 'buy' ? 1 : -1, quantity: Number(p.quantity), arrivalMid: Number(p.arrivalMid), filled: 0 });
      continue;
    }
    if (r.kind !== 'fill') continue;
    const order = orders.get(key);
    const qty = Number(p.lastQty);
    const price = Number(p.lastPrice);
    if (!order || !(order.arrivalMid > 0) || !(qty > 0) || !(price > 0)) continue;
    order.filled += qty;
    const notional = qty * price;
    const fee = Number(p.feeUsd) || 0;
    const slipUsd = order.side * (price - order.arrivalMid) * qty;
    const a = acc.get(order.symbol) ?? { fills: 0, notional: 0, slip: 0, fee: 0, shortfallUsd: 0 };
    a.fills++;
    a.notional += notional;
    a.slip += (order.side * (price - order.arrivalMid) / order.arrivalMid) * 1e4 * notional;
    a.fee += fee;
    a.shortfallUsd += slipUsd + fee;
    acc.set(order.symbol, a);
  }
  const row = (symbol: string, a: { fills: number; notional: number; slip: number; fee: number; shortfallUsd: number }, mine: OrderInfo[]): TcaRow => {
    // Weighted by notional at the arrival mid: quantities of different symbols do not add up.
    const worth = (o: OrderInfo) => (o.arrivalMid > 0 ? o.arrivalMid : 0);
    const ordered = mine.reduce((s, o) => s + o.quantity * worth(o), 0);
    const filled = mine.reduce((s, o) => s + Math.min(o.filled, o.quantity) * worth(o), 0);
    const slippageBps = a.notional > 0 ? a.slip / a.notional : 0;
    const feeBps = a.notional > 0 ? (a.fee / a.notional) * 1e4 : 0;
    return {
      symbol, fills: a.fills, orders: mine.length, notionalUsd: a.notional, slippageBps, feeBps,
      shortfallBps: slippageBps + feeBps, shortfallUsd: a.shortfallUsd, fillRate: ordered > 0 ? filled / ordered : 0,
    };
  };
  const all = [...orders.values()];
  const rows = [...acc.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([symbol, a]) => row(symbol, a, all.filter((o) => o.symbol === symbol)));
  const sum = { fills: 0, notional: 0, slip: 0, fee: 0, shortfallUsd: 0 };
  for (const a of acc.values()) { sum.fills += a.fills; sum.notional += a.notional; sum.slip += a.slip; sum.fee += a.fee; sum.shortfallUsd += a.shortfallUsd; }
  return { rows, total: row('all', sum, all) };
}
