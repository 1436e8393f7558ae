/**
 * Fills for the tax report: from sessions' audit trails (`fillsFromTrail`), or from a JSON Lines
 * file (`readFillsFile`), one fill per line:
 *   {"ts": "2024-03-04T09:00:00Z" | 1709542800000, "symbol": "BTC/USDT", "side": "buy" | "sell",
 *    "qty": 0.5, "price": 65000, "fee": 32.5, "lotId"?: "...", "lotIds"?: ["..."]}
 * A malformed line is an error naming the file, the line and the field; blank lines are skipped.
 */
import { readFileSync } from 'node:fs';
import type { TaxFill } from './tax-lots.js';
import { RepeatedFills } from './repeated-fills.js';
import { auditRecordsIn } from './tca-report.js';

/** How a session traded, as its trail's first record says ('unknown': a trail from before it was recorded). */
export type TrailExecution = 'paper' | 'live' | 'unknown';
export const TRAIL_EXECUTIONS: readonly TrailExecution[] = ['paper', 'live', 'unknown'];

export interface TrailFills {
  readonly fills: TaxFill[];
  /** Sessions read, by how they traded (only those `execution` keeps hold fills in `fills`). */
  readonly sessions: Readonly<Record<TrailExecution, number>>;
}

/**
 * Every fill in the audit trails under `dir` (a data directory's `audit/`, or one session's
 * directory), in the order they were booked, stamped with their event time. The trail is the
 * book of record: what the portfolio booked is exactly what it holds. `execution`: only the
 * sessions that traded so (a paper session's fills are no disposals of anything).
 */
export function fillsFromTrail(dir: string, execution?: TrailExecution): TrailFills {
  const fills: TaxFill[] = [];
  const sessions: Record<TrailExecution, number> = { paper: 0, live: 0, unknown: 0 };
  let keep = true;
  const repeats = new RepeatedFills();
  for (const r of auditRecordsIn(dir)) {
    const p0 = r.payload as Record<string, unknown> | null;
    // A session's trail starts with the file_opened record that names no previous file.
    if (r.kind === 'file_opened' && (p0?.previous === null || p0?.previous === undefined)) {
      const how = executionOf(p0?.session);
      sessions[how]++;
      keep = execution === undefined || execution === how;
    }
    // A fill recorded twice was booked once: it is disposed of once (repeated-fills.ts).
    if (repeats.isRepeat(r) || r.kind !== 'fill' || !keep) continue;
    const p = r.payload as Record<string, unknown>;
    const qty = Number(p.lastQty);
    const price = Number(p.lastPrice);
    const fee = Number(p.feeUsd ?? 0);
    if (!(qty > 0 && price > 0 && fee >= 0) || typeof p.symbol !== 'string') {
      throw new Error(`${dir}: audit record ${r.seq} is a fill without a positive quantity and price (run tradebot audit verify)`);
    }
    fills.push({ tsMs: r.tsUs / 1000, symbol: p.symbol, side: p.side === 'sell' ? 'sell' : 'buy', qty, price, fee });
  }
  return { fills, sessions };
}

function executionOf(session: unknown): TrailExecution {
  const mode = typeof session === 'object' && session !== null ? (session as Record<string, unknown>).execution : undefined;
  return mode === 'paper' || mode === 'live' ? mode : 'unknown';
}

export function readFillsFile(file: string): TaxFill[] {
  const fills: TaxFill[] = [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    // Node's message for a directory (EISDIR) does not name the path.
    throw new Error(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  text.split('\n').forEach((text, i) => {
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
