/**
 * Reports of our orders for a venue whose push channel this build does not read (Coinbase: its
 * `user` websocket channel): every `everyMs` the working orders are looked up over REST
 * (`poll`, the executor's reconcile), which is what the push channel would have told. A fill is
 * then heard at most `everyMs` after it happened instead of at once; the venue's REST weight
 * budget bounds how short that can be (one lookup per working order per poll).
 *
 * It fills the place of an OrderReportStream, so the live venue runs the same way whichever it
 * has: nothing connects (`connects` stays 0) and `reports` counts the polls made.
 */
import type { OrderReportStream } from './order-report-stream.js';

export class OrderReportPolling implements OrderReportStream {
  readonly stats = { connects: 0, reports: 0 };
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(private readonly everyMs: number, private readonly poll: () => Promise<void>) {
    if (!(Number.isInteger(everyMs) && everyMs > 0)) throw new Error(`order report polling: everyMs must be a positive integer, got ${everyMs}`);
  }

  start(): Promise<void> {
    this.timer = setInterval(() => void this.pollOnce(), this.everyMs);
    this.timer.unref();
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    return Promise.resolve();
  }

  /** One round of lookups; a round still running when the next is due is not doubled. */
  private async pollOnce(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      await this.poll();
      this.stats.reports++;
    } finally {
      this.polling = false;
    }
  }
}
