// A loopback stand-in for Coinbase Exchange's ws-feed: a real `ws` server on 127.0.0.1 that
// records every client frame (parsed) and lets each test script its answers to them. Also the
// real capture's frames for one product, in the order they were received.
import type { WebSocket } from 'ws';
import { jsonLoopback, type JsonLoopback } from '../../../support/json-ws-loopback.js';
import { exchangeFrames } from './coinbase-captures.js';

export interface ClientMessage {
  type: string;
  product_ids: string[];
  channels: string[];
}

export type CoinbaseLoopback = JsonLoopback<ClientMessage>;

/** `answer(ws, message, connectionNumber)` runs for each client frame (connections count from 1). */
export function coinbaseLoopback(answer: (ws: WebSocket, message: ClientMessage, connection: number) => void): Promise<CoinbaseLoopback> {
  return jsonLoopback<ClientMessage>(answer);
}

/** The capture's received frames about `productId` (e.g. `SKL-USD`), or null (skip) when absent. */
export function captureFramesOf(productId: string): string[] | null {
  const frames = exchangeFrames();
  if (frames === null) return null;
  const marker = `"product_id":"${productId}"`;
  return frames.filter((f) => f.direction === 'recv' && f.text.includes(marker)).map((f) => f.text);
}

/** Reconnect quickly in tests. */
export const FAST_BACKOFF = { baseMs: 20, maxMs: 200, stableMs: 60_000 };

/** Venue time `ms` milliseconds into 2024-05-01, as the feed writes it. */
export const venueTime = (ms: number): string => new Date(Date.UTC(2024, 4, 1) + ms).toISOString();

/** A level2 snapshot frame; levels as [price, size] text pairs, best first. */
export function snapshotFrame(productId: string, bids: string[][], asks: string[][], ms: number): string {
  return JSON.stringify({ type: 'snapshot', product_id: productId, bids, asks, time: venueTime(ms) });
}

/** A level2 update frame; changes as [side, price, size]. */
export function updateFrame(productId: string, changes: string[][], ms: number): string {
  return JSON.stringify({ type: 'l2update', product_id: productId, changes, time: venueTime(ms) });
}

/** A match frame: `makerSide` is the resting order's side, as the venue sends it. */
export function matchFrame(productId: string, tradeId: number, makerSide: string, price: string, size: string, ms: number): string {
  return JSON.stringify({
    type: 'match', trade_id: tradeId, maker_order_id: 'm', taker_order_id: 't', side: makerSide, size, price,
    product_id: productId, sequence: 1000 + tradeId, time: venueTime(ms),
  });
}
