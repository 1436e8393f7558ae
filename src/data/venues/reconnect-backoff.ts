/**
 * When to try again after a market-data connection drops: exponential backoff with jitter, reset
 * only once a connection has proved itself.
 *
 * Why each part:
 * - Exponential: a venue that is down or rate-limiting us must not be hammered.
 * - Jitter, uniform in [ceiling/2, ceiling): after a venue-wide disconnect, clients that retried
 *   on the same schedule would arrive in lock-step waves. Half the ceiling is kept as a floor so
 *   that, once the ceiling is high, no unlucky draw retries almost at once.
 * - Reset only after `stableMs` of healthy connection: a link that connects and then dies at
 *   once (a bad subscription, an auth failure, a flapping proxy) would otherwise reset the
 *   backoff at every connect and retry several times a second for days, the reconnect storm
 *   users of other engines report.
 */

export interface BackoffOptions {
  /** First ceiling, ms (default 250). */
  baseMs?: number;
  /** Largest ceiling, ms (default 30 s). */
  maxMs?: number;
  /** A connection must stay up this long before the backoff resets, ms (default 10 s). */
  stableMs?: number;
  /** Uniform random in [0, 1); injectable for tests. */
  random?: () => number;
}

export class ReconnectBackoff {
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly stableMs: number;
  private readonly random: () => number;
  private attempt = 0;
  private connectedAt = -1;

  constructor(options: BackoffOptions = {}) {
    this.baseMs = options.baseMs ?? 250;
    this.maxMs = options.maxMs ?? 30_000;
    this.stableMs = options.stableMs ?? 10_000;
    this.random = options.random ?? Math.random;
    if (!(this.baseMs > 0 && this.maxMs >= this.baseMs && this.stableMs >= 0)) {
      throw new Error(`ReconnectBackoff: need 0 < baseMs <= maxMs and stableMs >= 0, got ${this.baseMs}, ${this.maxMs}, ${this.stableMs}`);
    }
  }

  /** The connection is up (at `nowMs`). */
  connected(nowMs: number): void {
    this.connectedAt = nowMs;
  }

  /** The connection is gone (at `nowMs`): the delay before the next attempt, ms. */
  nextDelay(nowMs: number): number {
    if (this.connectedAt >= 0 && nowMs - this.connectedAt >= this.stableMs) this.attempt = 0;
    this.connectedAt = -1;
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.floor(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  /** Failed attempts since the last stable connection. */
  get failures(): number {
    return this.attempt;
  }
}
