// A loopback stand-in for Coinbase Advanced Trade's public websocket: a real `ws` server on
// 127.0.0.1 that records every client frame (parsed) and lets each test script its answers, plus
// the real capture's received frames and helpers to write frames in the venue's shape.
import type { WebSocket } from 'ws';
import { jsonLoopback, type JsonLoopback } from '../../../support/json-ws-loopback.js';
import { advancedFrames, type ReferenceBook } from './coinbase-captures.js';

export interface AdvancedClientMessage {
  type: string;
  product_ids: string[];
  channel: string;
}

export type AdvancedLoopback = JsonLoopback<AdvancedClientMessage>;

/** `answer(ws, message, connectionNumber)` runs for each client frame (connections count from 1). */
export function advancedLoopback(answer: (ws: WebSocket, message: AdvancedClientMessage, connection: number) => void): Promise<AdvancedLoopback> {
  return jsonLoopback<AdvancedClientMessage>(answer);
}

/** The Advanced Trade capture's received frames in order, or null (skip) when absent. */
export function advancedCaptureFrames(): string[] | null {
  const frames = advancedFrames();
  return frames === null ? null : frames.filter((f) => f.direction === 'recv').map((f) => f.text);
}

/** The subscribe frames a session sends, parsed, in order. */
export const SESSION_SUBSCRIBES = ['level2', 'market_trades', 'ticker', 'heartbeats']
  .map((channel) => ({ type: 'subscribe', product_ids: ['BTC-USD', 'ETH-USD'], channel }));

/** `frame` with its sequence_num replaced (frames after an inserted one move up). */
export function withSequence(frame: string, sequence: number): string {
  return frame.replace(/"sequence_num":\d+/, `"sequence_num":${sequence}`);
}

/** The sequence_num of a frame. */
export function sequenceOf(frame: string): number {
  return Number(/"sequence_num":(\d+)/.exec(frame)?.[1] ?? NaN);
}

/** A number as the venue writes decimals: plain digits, never an exponent (0.00000003, not 3e-8). */
function decimalText(x: number): string {
  const text = String(x);
  return text.includes('e') ? x.toFixed(12).replace(/0+$/, '') : text;
}

/** An l2_data snapshot frame holding `book`'s levels, as the venue writes one. */
export function l2SnapshotFrame(productId: string, book: ReferenceBook, sequence: number, time: string): string {
  const level = (side: string) => ([price, qty]: [number, number]) =>
    ({ side, event_time: time, price_level: decimalText(price), new_quantity: decimalText(qty) });
  return JSON.stringify({
    channel: 'l2_data', client_id: '', timestamp: time, sequence_num: sequence,
    events: [{ type: 'snapshot', product_id: productId, updates: [...book.sorted(true).map(level('bid')), ...book.sorted(false).map(level('offer'))] }],
  });
}

/** Apply one capture frame's l2_data events to per-product reference books (a snapshot clears first). */
export function applyToReference(frame: string, books: Record<string, ReferenceBook>): void {
  const msg = JSON.parse(frame) as { channel: string; events: Array<{ type: string; product_id: string; updates: Array<Record<string, string>> }> };
  if (msg.channel !== 'l2_data') return;
  for (const event of msg.events) {
    const book = books[event.product_id];
    if (event.type === 'snapshot') book.clear();
    for (const u of event.updates) book.set(u.side === 'bid', u.price_level, u.new_quantity);
  }
}
