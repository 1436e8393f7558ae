/**
 * A venue's push channel for our orders (Binance's user-data stream, Alpaca's trade updates):
 * what L4 hears between its own requests. Each report is a snapshot of one of our orders; the
 * executor books only what a snapshot adds (venue-execution.ts), so a report the stream repeats,
 * or one that crosses with a REST answer, is harmless.
 */
import type { ReconnectBackoff } from '../../data/venues/reconnect-backoff.js';
import type { VenueOrderSnapshot } from './venue-order-events.js';

export interface OrderReportStreamOptions {
  /** Our client order ids start with this (live-order.ts); other clients' orders are skipped. */
  clientOrderIdPrefix: string;
  onReport: (clientOrderId: number, snapshot: VenueOrderSnapshot) => void;
  /** Connected again after an interruption: reports may have been missed (look the orders up). */
  onReconnected: () => void;
  log: (message: string) => void;
  backoff?: ReconnectBackoff;
}

export interface OrderReportStream {
  readonly stats: { readonly connects: number; readonly reports: number };
  /** Resolves once the first connection listens; rejects when it cannot. */
  start(): Promise<void>;
  close(): Promise<void>;
}
