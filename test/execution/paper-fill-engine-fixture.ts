// Builders for the paper fill engine's tests: intents, market states and a sink that keeps every
// event as a plain object.
import { MARKET_STATE_LEVELS, MarketState, OrderEvent, RecordKind, SizedIntent, SizingReason } from '../../src/shm/records.js';
import type { OrderEventSink } from '../../src/execution/paper-fill-engine.js';

export const T0 = 1.7e15;

export interface IntentSpec {
  id: number; instrument?: number; side: 1 | -1; qty: number; price: number; mid?: number; ts?: number; origin: number;
}

export function intent(spec: IntentSpec): Float64Array {
  const f = new Float64Array(SizedIntent.f64);
  f[SizedIntent.kind] = RecordKind.SizedIntent;
  f[SizedIntent.seq] = spec.id;
  f[SizedIntent.instrument] = spec.instrument ?? 0;
  f[SizedIntent.ts] = spec.ts ?? T0 + spec.origin;
  f[SizedIntent.origin] = spec.origin;
  f[SizedIntent.side] = spec.side;
  f[SizedIntent.quantity] = spec.qty;
  f[SizedIntent.limitPrice] = spec.price;
  f[SizedIntent.arrivalMid] = spec.mid ?? NaN;
  f[SizedIntent.reason] = SizingReason.Open;
  return f;
}

export interface StateSpec {
  origin: number; instrument?: number; ts?: number;
  bids: [number, number][]; asks: [number, number][];
  trade?: { price: number; size: number; side: 1 | -1 };
}

export function marketState(spec: StateSpec): Float64Array {
  const f = new Float64Array(MarketState.f64);
  f[MarketState.kind] = RecordKind.MarketState;
  f[MarketState.instrument] = spec.instrument ?? 0;
  f[MarketState.ts] = spec.ts ?? T0 + spec.origin;
  f[MarketState.origin] = spec.origin;
  for (let i = 0; i < MARKET_STATE_LEVELS; i++) {
    f[MarketState.bidPrice + i] = spec.bids[i]?.[0] ?? NaN;
    f[MarketState.bidQty + i] = spec.bids[i]?.[1] ?? 0;
    f[MarketState.askPrice + i] = spec.asks[i]?.[0] ?? NaN;
    f[MarketState.askQty + i] = spec.asks[i]?.[1] ?? 0;
  }
  f[MarketState.tradePrice] = spec.trade?.price ?? 0;
  f[MarketState.tradeSize] = spec.trade?.size ?? 0;
  f[MarketState.tradeSide] = spec.trade?.side ?? 0;
  return f;
}

export interface SeenEvent {
  seq: number; event: number; clientOrderId: number; tradeId: number; lastQty: number; lastPrice: number;
  cumQty: number; leavesQty: number; feeUsd: number; liquidity: number; reason: number; ts: number; origin: number; limitPrice: number;
}

/** A sink that keeps every event it is given. */
export class CollectingSink implements OrderEventSink {
  readonly f64 = new Float64Array(OrderEvent.f64 * 4);
  readonly events: SeenEvent[] = [];

  claim(): number {
    return 0;
  }

  commit(base: number): void {
    const f = this.f64;
    this.events.push({
      seq: f[base + OrderEvent.seq], event: f[base + OrderEvent.event], clientOrderId: f[base + OrderEvent.clientOrderId],
      tradeId: f[base + OrderEvent.tradeId], lastQty: f[base + OrderEvent.lastQty], lastPrice: f[base + OrderEvent.lastPrice],
      cumQty: f[base + OrderEvent.cumQty], leavesQty: f[base + OrderEvent.leavesQty], feeUsd: f[base + OrderEvent.feeUsd],
      liquidity: f[base + OrderEvent.liquidity], reason: f[base + OrderEvent.reason], ts: f[base + OrderEvent.ts],
      origin: f[base + OrderEvent.origin], limitPrice: f[base + OrderEvent.limitPrice],
    });
  }
}
