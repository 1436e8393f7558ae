/**
 * Fills for the tax report: from sessions' audit trails (`fillsFromTrail`), or from a JSON Lines
 * file (`readFillsFile`), one fill per line:
 *   {"ts": "2024-03-04T09:00:00Z" | 1709542800000, "symbol": "BTC/USDT", "side": "buy" | "sell",
 *    "qty": 0.5, "price": 65000, "fee": 32.5, "lotId"?: "...", "lotIds"?: ["..."]}
 * A malformed line is an error naming the file, the line and the field; blank lines are skipped.
 */
import { readFileSync } from 'node:fs';
import type { TaxFill } from './tax-lots.js';
import { auditRecordsIn } from './tca-report.js';

/**
 * Every fill in the audit trails under `dir` (a data directory's `audit/`, or one session's
 * directory), in the order they were booked, stamped with their event time. The trail is the
 * book of record: what the portfolio booked is exactly what it holds.
 */
export function fillsFromTrail(dir: string): TaxFill[] {
  const fills: TaxFill[] = [];
  for (const r of auditRecordsIn(dir)) {
    if (r.kind !== 'fill') continue;
    const p = r.payload as Record<string, unknown>;
    const qty = Number(p.lastQty);
    const price = Number(p.lastPrice);
    const fee = Number(p.feeUsd ?? 0);
    if (!(qty > 0 && price > 0 && fee >= 0) || typeof p.symbol !== 'string') {
      throw new Error(`${dir}: audit record ${r.seq} is a fill without a positive quantity and price (run tradebot audit verify)`);
    }
    fills.push({ tsMs: r.tsUs / 1000, symbol: p.symbol, side: p.side === 'sell' ? 'sell' : 'buy', qty, price, fee });
  }
  return fills;
}

export function readFillsFile(file: string): TaxFill[] {
  const fills: TaxFill[] = [];
  readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
    if (text.trim() === '') return;
    const where = `${file}:${i + 1}`;
    let v: Record<string, unknown>;
    try {
      v = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw new Error(`${where}: not JSON (${(e as Error).message})`);
    }
    const tsMs = typeof v.ts === 'number' ? v.ts : typeof v.ts === 'string' && /[zZ]|[+-]\d\d:?\d\d$/.test(v.ts) ? Date.parse(v.ts) : NaN;
    if (!Number.isFinite(tsMs)) throw new Error(`${where}: "ts" must be epoch milliseconds or an ISO 8601 time with a zone, got ${JSON.stringify(v.ts)}`);
    if (typeof v.symbol !== 'string' || v.symbol === '') throw new Error(`${where}: "symbol" must be a non-empty string`);
    if (v.side !== 'buy' && v.side !== 'sell') throw new Error(`${where}: "side" must be "buy" or "sell", got ${JSON.stringify(v.side)}`);
    for (const k of ['qty', 'price'] as const) {
      if (typeof v[k] !== 'number' || !((v[k] as number) > 0) || !Number.isFinite(v[k])) throw new Error(`${where}: "${k}" must be a positive number, got ${JSON.stringify(v[k])}`);
    }
    const fee = v.fee ?? 0;
    if (typeof fee !== 'number' || !(fee >= 0) || !Number.isFinite(fee)) throw new Error(`${where}: "fee" must be a number >= 0, got ${JSON.stringify(v.fee)}`);
    if (v.lotIds !== undefined && !(Array.isArray(v.lotIds) && v.lotIds.every((x) => typeof x === 'string'))) throw new Error(`${where}: "lotIds" must be a list of lot ids`);
    if (v.lotId !== undefined && typeof v.lotId !== 'string') throw new Error(`${where}: "lotId" must be a string`);
    fills.push({
      tsMs, symbol: v.symbol, side: v.side, qty: v.qty as number, price: v.price as number, fee,
      ...(v.lotIds !== undefined ? { lotIds: v.lotIds as string[] } : {}), ...(v.lotId !== undefined ? { lotId: v.lotId as string } : {}),
    });
  });
  return fills;
}
