/**
 * Fills for the tax report from a JSON Lines file, one fill per line:
 *   {"ts": "2024-03-04T09:00:00Z" | 1709542800000, "symbol": "BTC/USDT", "side": "buy" | "sell",
 *    "qty": 0.5, "price": 65000, "fee": 32.5, "lotId"?: "...", "lotIds"?: ["..."]}
 * A malformed line is an error naming the file, the line and the field; blank lines are skipped.
 */
import { readFileSync } from 'node:fs';
import type { TaxFill } from './tax-lots.js';

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
