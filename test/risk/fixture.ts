// Shared Fill builder for the portfolio tests.
import { Fill } from '../../src/shm/records.js';

let nextFillId = 1;

export function fill(symbol: number, side: number, quantity: number, price: number, feeUsd = 0, fillId = nextFillId++): Float64Array {
  const r = new Float64Array(Fill.f64);
  r[Fill.symbol] = symbol;
  r[Fill.side] = side;
  r[Fill.quantity] = quantity;
  r[Fill.price] = price;
  r[Fill.feeUsd] = feeUsd;
  r[Fill.fillId] = fillId;
  return r;
}
