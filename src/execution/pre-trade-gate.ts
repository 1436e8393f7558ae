/**
 * The pre-trade checks (pre-trade-checks.ts) as the execution stage applies them to an intent:
 * built from the session's instruments (tick, lot and minimum notional from the venue's metadata
 * in a live session, the registry's defaults otherwise) and the `execution` config, one order-rate
 * bucket per venue. `vet` answers a Deny reason; when the intent passes, `order` holds it as it
 * will be sent (quantity rounded down to the lot, price to the tick) and `remainder` what the
 * rounding took off, as an intent of its own, so the exposure sizing reads can release it.
 *
 * Allocation-free per intent: the request, the answer and both copies are typed arrays made once.
 */
import type { PipelineConfig } from '../pipeline/config.js';
import { InstrumentRegistry } from '../core/instrument-registry.js';
import type { VenueMarket } from '../data/venues/market-metadata/venue-markets.js';
import { OrderEvent, SizedIntent } from '../shm/records.js';
import { Deny, PreTradeChecks, PreTradeOrder, PreTradeRequest, PRE_TRADE_REQUEST_SLOTS } from './pre-trade-checks.js';
import { TokenBucket } from './token-bucket.js';
import { PatternDayTraderGuard } from './pattern-day-trader-guard.js';
import { easternDay } from '../data/us-equity-session.js';

/** A bucket that never runs dry, for `maxOrdersPerSecond: 0`. */
const UNLIMITED = 1e15;

export class PreTradeGate {
  readonly checks: PreTradeChecks;
  readonly order = new Float64Array(SizedIntent.f64);
  readonly remainder = new Float64Array(SizedIntent.f64);
  private readonly request = new Float64Array(PRE_TRADE_REQUEST_SLOTS);
  private readonly answer = new Float64Array(2);
  /** Stocks in a margin account (`execution.marginAccount`): the pattern-day-trader guard. */
  readonly pdt: PatternDayTraderGuard | undefined;
  /** Per instrument: 1 for stocks (the only ones the PDT rule concerns). */
  private readonly isStock: Uint8Array;
  /** The account's equity as sizing sees it (`risk.equityUsd`), what the PDT threshold is held against. */
  private readonly equityUsd: number;

  constructor(config: PipelineConfig, venueMarkets: Readonly<Record<string, VenueMarket>> | null) {
    const registry = InstrumentRegistry.fromConfig(config, venueMarkets);
    const rate = config.execution.maxOrdersPerSecond;
    const buckets = new Map<string, TokenBucket>();
    const bucketOf = (venue: string): TokenBucket => {
      let bucket = buckets.get(venue);
      if (bucket === undefined) {
        bucket = rate > 0 ? new TokenBucket(rate, Math.max(1, rate)) : new TokenBucket(UNLIMITED, UNLIMITED);
        buckets.set(venue, bucket);
      }
      return bucket;
    };
    const n = registry.instruments.length;
    this.isStock = Uint8Array.from(registry.instruments, (i) => (i.assetClass === 'stocks' ? 1 : 0));
    this.equityUsd = config.risk.equityUsd;
    this.pdt = config.execution.marginAccount && this.isStock.includes(1)
      ? new PatternDayTraderGuard(true, undefined, n) : undefined;
    this.checks = new PreTradeChecks({
      instruments: registry.instruments,
      buckets: registry.instruments.map((i) => bucketOf(i.venue)),
      maxNotionalUsd: config.execution.maxOrderNotionalUsd,
      extendedHours: config.execution.extendedHours,
      pdtGuard: this.pdt,
    });
  }

  /**
   * Vet the intent at `intent[base..]`; `positionQty` is the instrument's filled position
   * (whether the order reduces it). Returns Deny.none when it may be sent.
   */
  vet(intent: Float64Array, base: number, positionQty: Float64Array, stale: boolean): number {
    const s = intent[base + SizedIntent.instrument];
    const req = this.request;
    req[PreTradeRequest.instrument] = s;
    req[PreTradeRequest.side] = intent[base + SizedIntent.side];
    req[PreTradeRequest.quantity] = intent[base + SizedIntent.quantity];
    req[PreTradeRequest.price] = intent[base + SizedIntent.limitPrice];
    req[PreTradeRequest.positionQty] = s >= 0 && s < positionQty.length ? positionQty[s] : 0;
    req[PreTradeRequest.tsUs] = intent[base + SizedIntent.ts];
    req[PreTradeRequest.dayTrade] = 0;
    const pdt = this.pdt;
    if (pdt !== undefined && s >= 0 && s < this.isStock.length && this.isStock[s] === 1
      && req[PreTradeRequest.side] * req[PreTradeRequest.positionQty] < 0) {
      const day = easternDay(req[PreTradeRequest.tsUs]);
      if (pdt.wouldDayTrade(s, day)) {
        req[PreTradeRequest.dayTrade] = 1;
        req[PreTradeRequest.day] = day;
        req[PreTradeRequest.equityUsd] = this.equityUsd;
      }
    }
    if (s >= 0 && s < this.checks.stale.length) this.checks.stale[s] = stale ? 1 : 0;
    const reason = this.checks.check(req, this.answer);
    if (reason !== Deny.none) return reason;
    const order = this.order;
    const remainder = this.remainder;
    for (let k = 0; k < SizedIntent.f64; k++) {
      order[k] = intent[base + k];
      remainder[k] = intent[base + k];
    }
    order[SizedIntent.quantity] = this.answer[PreTradeOrder.quantity];
    order[SizedIntent.limitPrice] = this.answer[PreTradeOrder.price];
    remainder[SizedIntent.quantity] = intent[base + SizedIntent.quantity] - this.answer[PreTradeOrder.quantity];
    return Deny.none;
  }

  /**
   * A fill the execution stage booked (an OrderEvent at `event[base..]`), before it is added to
   * `positionQty`: what the PDT guard needs to know which orders would be day trades.
   */
  onFill(event: Float64Array, base: number, positionQty: Float64Array): void {
    const pdt = this.pdt;
    if (pdt === undefined) return;
    const s = event[base + OrderEvent.instrument];
    if (!(s >= 0 && s < positionQty.length) || this.isStock[s] !== 1) return;
    pdt.onFill(s, positionQty[s], event[base + OrderEvent.side] * event[base + OrderEvent.lastQty],
      event[base + OrderEvent.clientOrderId], event[base + OrderEvent.ts]);
  }
}
