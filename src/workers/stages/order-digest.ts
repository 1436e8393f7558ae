/**
 * A running FNV-1a digest of every order event L4 writes (time, event type, order and intent ids,
 * instrument, side, quantity, limit price, and each fill's quantity and price and what it left,
 * bit for bit), kept in L4's shared counter `order_digest`. Two sessions that sent the same orders
 * and got the same fills in the same order have the same digest, which is how a test shows that
 * two replays of the same files decide and fill exactly the same things. Allocation-free: the
 * doubles are reinterpreted through a typed-array view, and the state lives in shared memory so a
 * restarted L4 continues it.
 */
import { OrderEvent } from '../../shm/records.js';
import { Counter } from '../../pipeline/telemetry.js';
import type { SharedCounters } from '../../shm/shared-counters.js';

const FIELDS = [
  OrderEvent.ts, OrderEvent.event, OrderEvent.clientOrderId, OrderEvent.intentId, OrderEvent.instrument, OrderEvent.side,
  OrderEvent.quantity, OrderEvent.limitPrice, OrderEvent.lastQty, OrderEvent.lastPrice, OrderEvent.leavesQty,
];
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export class OrderDigest {
  private readonly value = new Float64Array(1);
  private readonly words = new Uint32Array(this.value.buffer);
  private readonly fields = new Int32Array(FIELDS);
  private readonly hash = new Uint32Array(1);

  constructor(private readonly counters: SharedCounters) {
    const saved = counters.get(Counter.order_digest);
    this.hash[0] = saved > 0 ? saved : FNV_OFFSET;
  }

  /** Fold the order event at `f64[base..]` into the digest. */
  add(f64: Float64Array, base: number): void {
    let h = this.hash[0];
    for (let i = 0; i < this.fields.length; i++) {
      this.value[0] = f64[base + this.fields[i]];
      for (let w = 0; w < 2; w++) {
        let word = this.words[w];
        for (let b = 0; b < 4; b++) {
          h = Math.imul(h ^ (word & 0xff), FNV_PRIME) >>> 0;
          word >>>= 8;
        }
      }
    }
    this.hash[0] = h;
    this.counters.set(Counter.order_digest, h);
  }
}
