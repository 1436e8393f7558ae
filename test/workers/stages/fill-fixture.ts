// A venue fill of `qty` at `price` as the risk stage receives it: order event 1, trade 1, of the
// event L0 numbered `origin`.
import { Header, OrderEvent, OrderEventType, RecordKind, VenueId } from '../../../src/shm/records.js';

export const FILL_TS_US = 1_700_000_000_000_000;

export function fillRecord(qty: number, price: number, origin = 0): Float64Array {
  const f = new Float64Array(OrderEvent.f64);
  f[OrderEvent.kind] = RecordKind.OrderEvent;
  f[OrderEvent.ts] = FILL_TS_US;
  f[Header.origin] = origin;
  f[OrderEvent.seq] = 1;
  f[OrderEvent.event] = OrderEventType.Filled;
  f[OrderEvent.venue] = VenueId.Sim;
  f[OrderEvent.tradeId] = 1;
  f[OrderEvent.side] = 1;
  f[OrderEvent.lastQty] = qty;
  f[OrderEvent.lastPrice] = price;
  f[OrderEvent.cumQty] = qty;
  return f;
}
