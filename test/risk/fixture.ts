// Shared fill builder for the portfolio tests: an OrderFilled event for one trade.
import { OrderEvent, OrderEventType, RecordKind } from '../../src/shm/records.js';
import { buildRecord } from '../support/record-builder.js';

let nextSeq = 1;

/** An OrderFilled event: `quantity` at `price`, with event seq and trade id `seq`. */
export function fill(symbol: number, side: number, quantity: number, price: number, feeUsd = 0, seq = nextSeq++): Float64Array {
  return buildRecord(OrderEvent, {
    kind: RecordKind.OrderEvent, seq, instrument: symbol, event: OrderEventType.Filled, side,
    quantity, lastQty: quantity, lastPrice: price, cumQty: quantity, feeUsd, tradeId: seq, clientOrderId: seq,
  });
}
