/**
 * Which fill records of an audit trail repeat one recorded before.
 *
 * L5 records every event it takes in before its duplicate check (SeenTrades), so a fill a venue
 * delivered twice, or the fills of the batch a restarted L5 took in again, are in the trail twice
 * but were booked once. Whatever books a trail again (the tax lots, a resumed session's
 * portfolio, the TCA report) skips the repeats, so it holds what the portfolio held.
 *
 * A fill is known by its session (a trail's first `file_opened`, the one naming no previous file,
 * starts one: client order ids and trade ids start over with each session), its client order id
 * and its trade id. Trade id 0, or none, is no id: such a fill is never taken for a repeat.
 */
import type { AuditRecord } from './audit-record.js';

export class RepeatedFills {
  private session = 0;
  private readonly seen = new Set<string>();

  /** Call with every record, in trail order; true when `r` is a fill already seen in its session. */
  isRepeat(r: AuditRecord): boolean {
    const p = r.payload as Record<string, unknown> | null;
    if (r.kind === 'file_opened' && (p?.previous === null || p?.previous === undefined)) {
      this.session++;
      this.seen.clear();
      return false;
    }
    if (r.kind !== 'fill' || p === null || typeof p !== 'object') return false;
    const tradeId = Number(p.tradeId);
    if (!Number.isFinite(tradeId) || tradeId === 0) return false;
    const key = `${String(p.clientOrderId)}:${tradeId}`;
    if (this.seen.has(key)) return true;
    this.seen.add(key);
    return false;
  }
}
