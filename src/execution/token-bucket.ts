/**
 * Token bucket on event time: `ratePerSecond` tokens drip in, at most `burst` are kept, and each
 * order takes one. Venues publish their order-rate limits this way (Binance: orders per 10 s and
 * per day; Alpaca: requests per minute); a bucket per venue set a little under the venue's limit
 * keeps the venue from ever refusing for rate, which some treat as grounds for a ban.
 * Event time (µs), not the wall clock, so a replay refuses the same orders.
 */
export class TokenBucket {
  // Initialised here, as numbers: a field declared without a value starts as `undefined` and V8
  // then keeps it tagged, boxing every double stored into it (an allocation per order).
  private tokens = 0;
  private lastUs = Number.NaN;

  constructor(readonly ratePerSecond: number, readonly burst: number) {
    if (!(ratePerSecond > 0 && ratePerSecond < Infinity)) throw new Error(`token bucket: ratePerSecond must be > 0, got ${ratePerSecond}`);
    if (!(burst >= 1 && burst < Infinity)) throw new Error(`token bucket: burst must be >= 1, got ${burst}`);
    this.tokens = burst;
  }

  /**
   * Take one token at event time `ts[index]` (µs); false (nothing taken) when the bucket is empty.
   * The time is read from the caller's array, not passed: a double argument to a call the
   * compiler does not inline is boxed (an allocation per order).
   */
  take(ts: Float64Array, index: number): boolean {
    const nowUs = ts[index];
    if (this.lastUs === this.lastUs && nowUs > this.lastUs) {
      this.tokens = Math.min(this.burst, this.tokens + ((nowUs - this.lastUs) / 1e6) * this.ratePerSecond);
    }
    if (!(nowUs <= this.lastUs)) this.lastUs = nowUs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
