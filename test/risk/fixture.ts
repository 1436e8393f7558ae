// Shared Fill builder for the portfolio tests.
import { Fill } from '../../src/shm/records.js';
import { record } from '../support/records.js';

let nextFillId = 1;

export function fill(symbol: number, side: number, quantity: number, price: number, feeUsd = 0, fillId = nextFillId++): Float64Array {
  return record(Fill, { symbol, side, quantity, price, feeUsd, fillId });
}
