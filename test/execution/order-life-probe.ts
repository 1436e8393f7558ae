// The order life the allocation test measures, as a factory a fresh isolate can import.
import { OrderEventKind as E, OrderTable } from '../../src/execution/order-state-machine.js';

export function orderLife(): (i: number) => void {
  const t = new OrderTable(256);
  return (i) => {
    const slot = t.open(i, 0, 1, 2, 100, i);
    t.apply(slot, E.Submitted, i);
    t.fill(slot, 1, 100, 1, i);
    t.fill(slot, 1, 100.5, 2, i);
    t.release(slot);
  };
}
