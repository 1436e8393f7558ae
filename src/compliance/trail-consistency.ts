/**
 * What a session's audit trail says about its orders, for checking a run against its own book of
 * record: no client order id submitted twice, no trade id booked twice for one symbol, every
 * submitted order ended (filled in full,
 * cancelled, expired, rejected), and the position the fills add up to per symbol.
 *
 * Crash recovery is judged by it (`tradebot soak`, the crash-recovery test): after any number of
 * kill -9 restarts, the trail must still show each order once and each one accounted for, and
 * the portfolio must hold exactly the fills the trail holds.
 */
import type { AuditRecord } from './audit-record.js';

export interface TrailConsistency {
  readonly records: number;
  readonly fills: number;
  readonly ordersSubmitted: number;
  /** Client order ids submitted more than once. */
  readonly duplicateOrderIds: number[];
  /** `symbol:tradeId` of fills whose trade id another fill of that symbol already has. */
  readonly duplicateTradeIds: string[];
  /** Submitted orders with no end in the trail (neither filled in full nor cancelled, expired, rejected). */
  readonly untrackedOrderIds: number[];
  /** Orders a resume found working at a crash and ended (OrderExpired, session_crashed). */
  readonly crashEndedOrders: number;
  /** session_resumed records: how many times the session was resumed. */
  readonly resumes: number;
  /** The signed sum of the fills per symbol, base quantity. */
  readonly positions: Record<string, number>;
}

const ENDS = new Set(['OrderExpired', 'OrderCancelled', 'OrderRejected', 'OrderDenied']);

export function checkTrailConsistency(records: readonly AuditRecord[]): TrailConsistency {
  const submitted = new Map<number, number>();
  const ended = new Set<number>();
  const positions: Record<string, number> = {};
  let fills = 0;
  let crashEnded = 0;
  let resumes = 0;
  const tradeIds = new Set<string>();
  const duplicateTradeIds: string[] = [];
  for (const r of records) {
    if (r.kind === 'session_resumed') resumes++;
    if (r.kind !== 'fill' && r.kind !== 'order_event') continue;
    const p = r.payload as Record<string, unknown>;
    const id = Number(p.clientOrderId);
    if (r.kind === 'fill') {
      fills++;
      const symbol = String(p.symbol);
      positions[symbol] = (positions[symbol] ?? 0) + (p.side === 'sell' ? -1 : 1) * Number(p.lastQty);
      const trade = `${symbol}:${String(p.tradeId)}`;
      if (p.tradeId !== undefined && tradeIds.has(trade)) duplicateTradeIds.push(trade);
      tradeIds.add(trade);
      if (Number(p.leavesQty) === 0) ended.add(id);
    } else if (p.event === 'OrderSubmitted') {
      submitted.set(id, (submitted.get(id) ?? 0) + 1);
    } else if (ENDS.has(String(p.event))) {
      ended.add(id);
      if (p.reason === 'session_crashed') crashEnded++;
    }
  }
  return {
    records: records.length,
    fills,
    ordersSubmitted: submitted.size,
    duplicateOrderIds: [...submitted].filter(([, n]) => n > 1).map(([id]) => id),
    duplicateTradeIds,
    untrackedOrderIds: [...submitted.keys()].filter((id) => !ended.has(id)),
    crashEndedOrders: crashEnded,
    resumes,
    positions,
  };
}
